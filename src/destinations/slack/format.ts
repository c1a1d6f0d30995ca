import type { KnownBlock, MrkdwnElement, PlainTextElement, SectionBlock } from '@slack/types';
import type { Stage, Unrecognised } from '../../model/alert.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { affectedResource, descriptionOf, dimensionsText, metricText, titleOf } from '../../formatters/facts.js';
import {
  COLOUR,
  SLACK_LIMITS,
  colourOf,
  context,
  field,
  fieldMd,
  header,
  mdLink,
  packLines,
  plain,
  plainSection,
  section,
  slackDate,
  userPlain,
} from './blocks.js';
import {
  codeSafe,
  codeSpanSafe,
  currentWords,
  fit,
  fitPrefix,
  formatNumber,
  neutraliseMrkdwn,
  oneLine,
  severitySourceWords,
  shortStatus,
  stateEmoji,
  stateLabel,
  stateWord,
  thresholdWords,
  whatIsWrong,
} from '../../formatters/text.js';

export { formatSlackDigest } from './digest.js';
export { SLACK_LIMITS } from './blocks.js';

export interface SlackAttachment {
  color: string;
  blocks: KnownBlock[];
  fallback?: string;
}

/** The body of an incoming-webhook POST. */
export interface SlackMessage {
  /** Always set: phone notifications and old clients show only this. */
  text: string;
  blocks?: KnownBlock[];
  attachments?: SlackAttachment[];
}

/**
 * One alert as a Slack message. The header and the one-sentence summary sit in top-level blocks
 * so they stay visible when Slack collapses a long attachment; the details carry the colour bar.
 * Links are mrkdwn links, not buttons: a URL button on an incoming webhook (no interactivity
 * endpoint) shows a warning icon after every click.
 */
export function formatSlack(e: EnrichedAlert): SlackMessage {
  const a = e.alert;
  const emoji = stateEmoji(a.state, e.severity);
  const label = stateLabel(a);
  const title = fit(oneLine(titleOf(e)), 150);
  const text = `${emoji} ${label} [${e.severity}] ${title} — ${e.stage}: ${fit(oneLine(shortStatus(e)), 400)}`;

  const impact = a.state === 'ALARM' && e.catalog?.meaning ? `\nImpact: ${e.catalog.meaning}` : '';
  const blocks: KnownBlock[] = [
    header(`${emoji} ${label} · ${e.severity} · ${title}`),
    plainSection(whatIsWrong(e) + impact),
  ];

  const details: KnownBlock[] = [factsSection(e)];
  const trend = trendSection(e);
  if (trend) details.push(trend);
  if (a.composite) details.push(...childrenSections(e));
  if (a.reason) details.push(plainSection(`Reason: ${a.reason}`, 1500));
  const description = descriptionOf(a);
  if (description && description !== e.catalog?.meaning) details.push(plainSection(`Description: ${description}`, 1000));
  details.push(...linkSections(e));
  if (e.notes.length) details.push(notesContext(e.notes));
  details.push(context([userPlain(footer(e), SLACK_LIMITS.contextText)]));

  return {
    text: fit(text, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks,
    attachments: [{ color: colourOf(a.state, e.severity), blocks: details, fallback: fit(text, 300, neutraliseMrkdwn) }],
  };
}

function factsSection(e: EnrichedAlert): SectionBlock {
  const a = e.alert;
  const fields: MrkdwnElement[] = [];
  if (a.composite) {
    fields.push(field('Rule', a.composite.rule));
  } else {
    const dims = dimensionsText(a);
    fields.push(field('Metric', dims ? `${metricText(a)}\n${dims}` : metricText(a)));
    fields.push(field('Threshold', thresholdWords(e) ?? 'not stated'));
    fields.push(field('Current value', currentWords(e) ?? 'unknown'));
  }
  fields.push(field('Stage', e.stage), field('Region', a.region || 'unknown'), field('Account', a.account || 'unknown'));
  const change = a.previousState ? `${stateWord(a.previousState)} → ${stateWord(a.state)}` : stateWord(a.state);
  fields.push(fieldMd('State change', `${change}\n${slackDate(a.stateChangeTime)}`));
  if (e.catalog?.owner) fields.push(field('Owner', e.catalog.owner));
  return { type: 'section', fields: fields.slice(0, SLACK_LIMITS.fields) };
}

function trendSection(e: EnrichedAlert): SectionBlock | undefined {
  const lines: string[] = [];
  if (e.trend) lines.push(`*Trend, last 60 min*\n\`${fit(e.trend.sparkline, 500, codeSpanSafe)}\``);
  if (e.history) {
    const flapping = e.history.flapping ? ' · ⚠️ flapping' : '';
    lines.push(`*History:* ${fit(e.history.summary, 500, neutraliseMrkdwn)}${flapping}`);
  }
  return lines.length ? section(lines.join('\n')) : undefined;
}

const MAX_CHILD_LINES = 100;

function childrenSections(e: EnrichedAlert): SectionBlock[] {
  const children = e.alert.composite?.triggeringChildren ?? [];
  const byName = new Map(e.links.children.map((l) => [l.label, l.url]));
  // Children in ALARM first: they are why the composite fired.
  const ordered = children
    .map((c, i) => ({ c, url: byName.get(c.name) ?? e.links.children[i]?.url }))
    .sort((x, y) => Number(y.c.state === 'ALARM') - Number(x.c.state === 'ALARM'));
  const lines = ordered.slice(0, MAX_CHILD_LINES).map(({ c, url }) => {
    const name = mdLink(url, c.name, 1000) ?? fit(c.name, 200, neutraliseMrkdwn);
    const since = c.timestamp ? ` since ${slackDate(c.timestamp)}` : '';
    return `• ${stateEmoji(c.state, e.severity)} ${fit(stateWord(c.state), 40, neutraliseMrkdwn)} ${name}${since}`;
  });
  return packLines(`*Triggering alarms* (${formatNumber(children.length)})`, lines, 2, children.length);
}

/** Only `e.links` become live links: one source of URLs, all built by enrichment from our own config. */
function linkSections(e: EnrichedAlert): SectionBlock[] {
  const l = e.links;
  const main = [
    mdLink(l.alarm, 'CloudWatch alarm'),
    mdLink(l.metrics, 'Metric graph'),
    mdLink(l.dashboard, 'Dashboard'),
    mdLink(l.runbook, 'Runbook'),
  ].filter((x): x is string => x !== undefined);
  const resources = l.resources.map((r) => mdLink(r.url, r.label)).filter((x): x is string => x !== undefined);
  return [
    ...(main.length ? packLines('*Open*', main, 1, main.length, ' · ') : []),
    ...(resources.length ? packLines('*Resources*', resources, 2, resources.length, ' · ') : []),
  ];
}

function notesContext(notes: readonly string[]) {
  const max = SLACK_LIMITS.contextElements - 2;
  const elements: PlainTextElement[] = [plain('⚠️ Not available:')];
  for (const n of notes.slice(0, max)) elements.push(userPlain(n, 300));
  if (notes.length > max) elements.push(plain(`…and ${formatNumber(notes.length - max)} more`));
  return context(elements);
}

function footer(e: EnrichedAlert): string {
  const a = e.alert;
  const where = affectedResource(a);
  return [
    `Alarm ${a.alarmName}`,
    e.catalog ? `catalog ${e.catalog.id}` : 'not in the alarm catalog',
    severitySourceWords(e.severitySource),
    ...(where ? [`resource ${where}`] : []),
  ].join(' · ');
}

// -----------------------------------------------------------------------------------------------

const RAW_CODE_BLOCK = SLACK_LIMITS.sectionText - 8;

/** A notification we could not read, shown whole enough to act on and labelled as such. */
export function formatSlackUnrecognised(u: Unrecognised, stage: Stage): SlackMessage {
  const problem = oneLine(u.problem) || 'not a CloudWatch alarm notification';
  const text = `❔ Unrecognised notification — ${stage}: ${problem}`;

  const fields: MrkdwnElement[] = [field('Stage', stage)];
  if (u.subject) fields.push(field('Subject', oneLine(u.subject)));
  if (u.source.topicArn) fields.push(field('Topic', u.source.topicArn));
  if (u.source.messageId) fields.push(field('Message id', u.source.messageId));
  if (u.source.eventSource) fields.push(field('Source', u.source.eventSource));
  if (u.source.receivedAt) fields.push(fieldMd('Received', slackDate(u.source.receivedAt)));

  // Escaped before the code block is closed; backticks cannot end it early.
  const raw = fitPrefix(u.raw, RAW_CODE_BLOCK, codeSafe);
  const cut = u.raw.length - raw.shown;
  const sizeNote =
    cut > 0
      ? `Raw message: ${formatNumber(u.raw.length)} characters, the first ${formatNumber(raw.shown)} shown, ${formatNumber(cut)} cut.`
      : `Raw message: ${formatNumber(u.raw.length)} characters.`;

  return {
    text: fit(text, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks: [header('❔ Unrecognised notification'), plainSection(`Problem: ${problem}`, 1000)],
    attachments: [
      {
        color: COLOUR.grey,
        blocks: [
          { type: 'section', fields: fields.slice(0, SLACK_LIMITS.fields) },
          section(u.raw ? `\`\`\`${raw.text}\`\`\`` : '_The message was empty._'),
          context([plain(sizeNote), plain('Delivered as a fallback so nothing is lost: the pipeline did not recognise it.')]),
        ],
        fallback: fit(text, 300, neutraliseMrkdwn),
      },
    ],
  };
}
