import type { KnownBlock, SectionBlock } from '@slack/types';
import type { AlarmState, Severity, Stage } from '../model/alert.js';
import { SEVERITIES } from '../model/alert.js';
import type { EnrichedAlert } from '../model/enriched.js';
import { alarmKeyOf, epochMs, titleOf, utcText } from './facts.js';
import { COLOUR, SLACK_LIMITS, header, mdLink, packLines, section, slackDate } from './slack-blocks.js';
import type { SlackMessage } from './slack.js';
import { fit, formatNumber, neutraliseMrkdwn, oneLine, stateEmoji, stateWord } from './text.js';

/**
 * One message for an alert storm: incoming webhooks take about one message per second, so the
 * storm path summarises instead of posting hundreds. Each alarm appears once, with its latest
 * state, how many notifications it sent and a link; the most severe come first.
 */

/** An alarm that changed state this many times in the window is flapping, whatever its last state. */
export const FLAP_MIN_CHANGES = 3;

/** Lines shown per group; the rest are counted ("…and N more"). */
const SHOWN = { firing: 20, flapping: 10, recovered: 10, noData: 8 } as const;
const LINE_LINK_MAX = 600;

interface AlarmInWindow {
  latest: EnrichedAlert;
  latestMs: number;
  notifications: number;
  changes: number;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function formatSlackDigest(
  alerts: readonly EnrichedAlert[],
  stage: Stage,
  window: { from: string; to: string },
): SlackMessage {
  const alarms = summarise(alerts);
  const flapping = alarms.filter((x) => x.changes >= FLAP_MIN_CHANGES);
  const steady = alarms.filter((x) => x.changes < FLAP_MIN_CHANGES);
  const inState = (s: AlarmState) => steady.filter((x) => x.latest.alert.state === s);
  const firing = inState('ALARM');
  const recovered = inState('OK');
  const noData = inState('INSUFFICIENT_DATA');

  const bySeverity = SEVERITIES.map((s) => `${formatNumber(firing.filter((x) => x.latest.severity === s).length)} ${s}`);
  const counts = [
    `${formatNumber(firing.length)} firing (${bySeverity.join(', ')})`,
    `${formatNumber(recovered.length)} recovered`,
    `${formatNumber(flapping.length)} flapping`,
    ...(noData.length ? [`${formatNumber(noData.length)} without data`] : []),
  ].join(', ');
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

/** Groups notifications by alarm; counts state changes in time order. */
function summarise(alerts: readonly EnrichedAlert[]): AlarmInWindow[] {
  const byAlarm = new Map<string, Array<{ e: EnrichedAlert; ms: number; i: number }>>();
  alerts.forEach((e, i) => {
    const key = alarmKeyOf(e.alert);
    const entry = { e, ms: epochMs(e.alert.stateChangeTime) ?? 0, i };
    const list = byAlarm.get(key);
    if (list) list.push(entry);
    else byAlarm.set(key, [entry]);
  });
  const out: AlarmInWindow[] = [];
  for (const list of byAlarm.values()) {
    list.sort((x, y) => x.ms - y.ms || x.i - y.i);
    let changes = 0;
    let before: string | undefined = list[0]?.e.alert.previousState;
    for (const { e } of list) {
      if (before !== undefined && e.alert.state !== before) changes++;
      before = e.alert.state;
    }
    const last = list[list.length - 1]!;
    out.push({ latest: last.e, latestMs: last.ms, notifications: list.length, changes });
  }
  return out.sort(
    (x, y) => SEVERITY_RANK[x.latest.severity] - SEVERITY_RANK[y.latest.severity] || y.latestMs - x.latestMs,
  );
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
