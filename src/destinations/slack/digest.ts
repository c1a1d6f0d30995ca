import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Severity, Stage } from '../../model/alert.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { countsText, SEVERITY_RANK, summarise, type AlarmInWindow } from '../../formatters/digest.js';
import { titleOf, utcText } from '../../formatters/facts.js';
import { COLOUR, SLACK_LIMITS, header, mdLink, packLines, section, slackDate } from './blocks.js';
import type { SlackMessage } from './format.js';
import { fit, formatNumber, neutraliseMrkdwn, oneLine, stateEmoji, stateWord } from '../../formatters/text.js';

/**
 * One message for an alert storm: incoming webhooks take about one message per second, so the
 * storm path summarises instead of posting hundreds. Each alarm appears once, with its latest
 * state, how many notifications it sent and a link; the most severe come first.
 */

/** Lines shown per group; the rest are counted ("…and N more"). */
const SHOWN = { firing: 20, flapping: 10, recovered: 10, noData: 8 } as const;
const LINE_LINK_MAX = 600;

export function formatSlackDigest(
  alerts: readonly EnrichedAlert[],
  stage: Stage,
  window: { from: string; to: string },
): SlackMessage {
  const { alarms, firing, flapping, recovered, noData } = summarise(alerts);
  const counts = countsText({ alarms, firing, flapping, recovered, noData });
  const span = `${formatNumber(alerts.length)} notifications about ${formatNumber(alarms.length)} alarms`;
  const text = `🚨 Alert storm — ${stage}: ${counts}; ${span} between ${utcText(window.from)} and ${utcText(window.to)}`;

  const details: KnownBlock[] = [
    ...group('🔥 Firing', firing, SHOWN.firing, (x) => line(x)),
    ...group('🔁 Flapping', flapping, SHOWN.flapping, (x) => line(x, `${formatNumber(x.changes)} changes, now`)),
    ...group('✅ Recovered', recovered, SHOWN.recovered, (x) => line(x)),
    ...group('⚪ Without data', noData, SHOWN.noData, (x) => line(x)),
  ];
  if (!details.length) details.push(section('No alerts in this window.'));

  return {
    text: fit(text, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks: [
      header(`🚨 Alert storm · ${stage} · ${formatNumber(alerts.length)} notifications`),
      section(
        `${fit(counts, 1000, neutraliseMrkdwn)}\n${span} between ${slackDate(window.from)} and ${slackDate(window.to)}.`,
      ),
    ],
    attachments: [{ color: digestColour(firing, flapping, recovered), blocks: details, fallback: fit(text, 300, neutraliseMrkdwn) }],
  };
}

function group(
  heading: string,
  items: readonly AlarmInWindow[],
  shown: number,
  render: (x: AlarmInWindow) => string,
): SectionBlock[] {
  if (!items.length) return [];
  const lines = items.slice(0, shown).map(render);
  return packLines(`*${heading}* (${formatNumber(items.length)})`, lines, 3, items.length);
}

function line(x: AlarmInWindow, prefix?: string): string {
  const e = x.latest;
  const a = e.alert;
  const title = oneLine(titleOf(e));
  const name = mdLink(e.links.alarm, fit(title, 100), LINE_LINK_MAX) ?? fit(title, 100, neutraliseMrkdwn);
  const state = `${prefix ? `${prefix} ` : ''}${stateWord(a.state)}`;
  const times = x.notifications > 1 ? ` · ${formatNumber(x.notifications)} notifications` : '';
  return `${stateEmoji(a.state, e.severity)} ${name} · ${e.severity} · ${state} ${slackDate(a.stateChangeTime)}${times}`;
}

function digestColour(firing: AlarmInWindow[], flapping: AlarmInWindow[], recovered: AlarmInWindow[]): string {
  const worst = [...firing, ...flapping].reduce<Severity | undefined>(
    (w, x) => (w === undefined || SEVERITY_RANK[x.latest.severity] < SEVERITY_RANK[w] ? x.latest.severity : w),
    undefined,
  );
  if (worst) return COLOUR[worst];
  return recovered.length ? COLOUR.ok : COLOUR.grey;
}
