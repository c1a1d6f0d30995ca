import type { KnownBlock, MrkdwnElement } from '@slack/types';
import type { Stage, Unrecognised } from '../../model/alert.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { TREND_CELLS } from '../../enrich/trend.js';
import { contextOf, detailOf, headlineOf, historyLineOf, impactOf, linksOf, statusSentence, trendLineOf, type DetailLine } from '../../formatters/message.js';
import {
  COLOUR,
  SLACK_LIMITS,
  colourOf,
  context,
  field,
  fieldMd,
  header,
  md,
  mdLink,
  plain,
  plainSection,
  section,
  slackDate,
  userPlain,
} from './blocks.js';
import {
  codeSafe,
  codeSpanSafe,
  escapeSlack,
  fit,
  fitPrefix,
  formatNumber,
  neutraliseMrkdwn,
  oneLine,
  shortStatus,
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
 * One alert as a Slack message, short enough for one phone screen: headline; what is wrong and how bad, and the
 * impact (top-level blocks, so they stay visible when Slack collapses the attachment); then behind the colour
 * bar the trend on one line, the history, one line of links (runbook first) and a context line. The detail
 * (CloudWatch's reason, metric and dimensions, the rest) comes last in small print, cut to what the message's
 * budget leaves. Links are mrkdwn links, not buttons: a URL button on an incoming webhook (no interactivity
 * endpoint) shows a warning icon after every click.
 */
export function formatSlack(e: EnrichedAlert): SlackMessage {
  return build(e, true);
}

/**
 * App mode's parent message: the webhook message's top part (headline, what is wrong, impact, trend, history,
 * links, context) without the detail, which goes into the thread (`formatSlackDetail`).
 */
export function formatSlackParent(e: EnrichedAlert): SlackMessage {
  return build(e, false);
}

const everyLine = (): boolean => true;

/**
 * App mode's detail, as mrkdwn for a thread reply (CloudWatch's reason, metric and dimensions, the rest): not held
 * to the phone-screen budget, which is the parent's; each line keeps its own cap.
 */
export function formatSlackDetail(e: EnrichedAlert, keep: (line: DetailLine) => boolean = everyLine): string | undefined {
  return detailText(e, new Budget(Number.MAX_SAFE_INTEGER), keep);
}

function build(e: EnrichedAlert, withDetail: boolean): SlackMessage {
  const a = e.alert;
  const h = headlineOf(e);
  const title = fit(h.title, 150);
  const text = `${h.emoji} ${h.state} [${h.severity}] ${title} — ${h.stage}: ${fit(oneLine(shortStatus(e)), 400)}`;

  const budget = new Budget(SLACK_VISIBLE_BUDGET);
  const headline = budget.take(fit(`${h.emoji} ${h.state} · ${h.severity} · ${title} · ${h.stage}`, SLACK_LIMITS.headerText));
  const impact = impactOf(e);
  const summary = budget.take(fit(statusSentence(e), 400)) + (impact ? `\n${budget.take(`Impact: ${fit(impact, 300)}`)}` : '');
  const blocks: KnownBlock[] = [header(headline), plainSection(summary)];

  const details: KnownBlock[] = [];
  const lines: string[] = [];
  const trend = trendLineOf(e);
  if (trend) {
    const cells = fit(trend.cells, TREND_CELLS + 1, codeSpanSafe);
    const label = fit(trend.label, 20, neutraliseMrkdwn);
    budget.take(`${label} ${cells}`);
    lines.push(`*${label}* \`${cells}\``);
  }
  const history = historyLineOf(e);
  if (history) {
    const summaryText = fit(history.summary, 120, neutraliseMrkdwn) + (history.flapping ? ' · ⚠️ flapping' : '');
    budget.take(`History: ${summaryText}`);
    lines.push(`*History:* ${summaryText}`);
  }
  const links = linkLine(e, budget);
  if (links) lines.push(links);
  if (lines.length) details.push(section(lines.join('\n')));
  details.push(context([userPlain(budget.take(contextOf(e).join(' · ')), 300)]));
  if (e.notes.length) details.push(notesContext(e.notes, budget));
  const detail = withDetail ? detailText(e, budget) : undefined;
  if (detail) details.push(context([md(detail)]));

  return {
    text: fit(text, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks,
    attachments: [{ color: colourOf(a.state, e.severity), blocks: details, fallback: fit(text, 300, neutraliseMrkdwn) }],
  };
}

/**
 * Visible characters (what Slack shows: no markup, link labels not URLs) a message aims to stay within: about 600,
 * one phone screen. The main part is short by construction; the detail gets what is left.
 */
export const SLACK_VISIBLE_BUDGET = 600;

const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** What `[...s].length` counts, without building the array: UTF-16 units less the second half of each pair. */
function codePoints(s: string): number {
  // Most texts have no pair at all: a native scan settles them without walking every unit here.
  if (!HIGH_SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Counts the visible characters handed out; `left` is what the detail may still use. */
class Budget {
  private used = 0;
  constructor(private readonly total: number) {}
  take(text: string): string {
    this.used += codePoints(text);
    return text;
  }
  get left(): number {
    return Math.max(0, this.total - this.used);
  }
}

const MAX_LINKS = 7;
const LINK_LINE_MAX = 2400;

/** `Runbook · Alarm · Graph · Dashboard · ECS service · Logs`: short labels, the names are said elsewhere. */
function linkLine(e: EnrichedAlert, budget: Budget): string | undefined {
  const parts: string[] = [];
  let length = 0;
  for (const l of linksOf(e).slice(0, MAX_LINKS)) {
    const label = fit(l.short, 40);
    const link = mdLink(l.url, label);
    // The trend and history share the section: the links keep well inside its 3,000 characters.
    if (!link || length + link.length + 3 > LINK_LINE_MAX) continue;
    length += link.length + 3;
    budget.take(`${parts.length ? ' · ' : ''}${label}`);
    parts.push(link);
  }
  return parts.length ? parts.join(' · ') : undefined;
}

const MAX_DETAIL_LINE = 200;

/** The detail in small print, each line `Label: text`, cut to the budget left (a line with under 30 left is dropped). */
function detailText(e: EnrichedAlert, budget: Budget, keep: (line: DetailLine) => boolean = everyLine): string | undefined {
  const out: string[] = [];
  for (const line of detailOf(e)) {
    if (!keep(line)) continue;
    const { label, text } = line;
    const room = Math.min(MAX_DETAIL_LINE, budget.left - label.length - 2);
    if (room < 30) break;
    const shown = fit(text, room);
    budget.take(`${label}: ${shown}`);
    out.push(`*${neutraliseMrkdwn(label)}:* ${neutraliseMrkdwn(shown)}`);
  }
  return out.length ? out.join('\n') : undefined;
}

function notesContext(notes: readonly string[], budget: Budget) {
  const shown = notes.slice(0, 3).map((n) => fit(oneLine(n), 120));
  const more = notes.length > shown.length ? ` …and ${formatNumber(notes.length - shown.length)} more` : '';
  // The count is kept whole however much of the notes is cut.
  return context([plain(fit(budget.take(`⚠️ Not available: ${shown.join('; ')}`), 480, escapeSlack) + more)]);
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
