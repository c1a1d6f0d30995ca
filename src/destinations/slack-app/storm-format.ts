import type { AlarmState, Severity, Stage } from '../../model/alert.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { countsOf, FLAP_MIN_CHANGES, SEVERITY_RANK, summarise } from '../../formatters/digest.js';
import { alarmKeyOf, epochMs, titleOf, utcText } from '../../formatters/facts.js';
import { fit, formatNumber, neutraliseMrkdwn, oneLine, stateEmoji, stateWord } from '../../formatters/text.js';
import { COLOUR, header, packLines, section, slackDate, SLACK_LIMITS } from '../slack/blocks.js';
import type { SlackMessage } from '../slack/format.js';

/**
 * A storm in app mode is one message per channel: its digests reply in its thread, and the message itself is
 * rewritten to the running totals of all of them. These are the totals, kept with the storm's reference.
 */

/** One alarm of the storm, as its latest digest left it. */
export interface StormAlarm {
  title: string;
  severity: Severity;
  state: AlarmState;
  /** When it last changed state (epoch ms), to tell which digest saw it last. */
  atMs: number;
  changes: number;
  notifications: number;
}

export interface StormTotals {
  stage: Stage;
  /** The span of the storm, as the digests' windows say. */
  from: string;
  to: string;
  notifications: number;
  unreadable: number;
  digests: number;
  /** By alarm key; at most `STORM_ALARMS_KEPT` (the rest still count as notifications). */
  alarms: Record<string, StormAlarm>;
}

/** An item of the ledger table holds at most 400 KB: far more alarms than the catalog has, a bound all the same. */
export const STORM_ALARMS_KEPT = 500;

const TITLE_KEPT = 100;
const FIRING_SHOWN = 10;

/** What one digest adds to its storm. */
export function stormContribution(
  alerts: readonly EnrichedAlert[],
  unreadable: number,
  stage: Stage,
  window: { from: string; to: string },
): StormTotals {
  const alarms: Record<string, StormAlarm> = {};
  for (const x of summarise(alerts).alarms.slice(0, STORM_ALARMS_KEPT)) {
    alarms[alarmKeyOf(x.latest.alert)] = {
      title: fit(oneLine(titleOf(x.latest)), TITLE_KEPT),
      severity: x.latest.severity,
      state: x.latest.alert.state,
      atMs: x.latestMs,
      changes: x.changes,
      notifications: x.notifications,
    };
  }
  return { stage, from: window.from, to: window.to, notifications: alerts.length + unreadable, unreadable, digests: 1, alarms };
}

// A time that cannot be read ("unknown") gives way to one that can.
const earlier = (a: string, b: string) => ((epochMs(b) ?? Infinity) < (epochMs(a) ?? Infinity) ? b : a);
const later = (a: string, b: string) => ((epochMs(b) ?? -Infinity) > (epochMs(a) ?? -Infinity) ? b : a);

/** The storm so far and one more digest: each alarm's latest state, its changes and notifications added up. */
export function mergeTotals(before: StormTotals, next: StormTotals): StormTotals {
  const alarms: Record<string, StormAlarm> = { ...before.alarms };
  for (const [key, x] of Object.entries(next.alarms)) {
    const old = alarms[key];
    if (!old && Object.keys(alarms).length >= STORM_ALARMS_KEPT) continue;
    // A digest's count of changes includes the change from the state the one before it left.
    alarms[key] = old
      ? { ...(x.atMs >= old.atMs ? x : old), changes: old.changes + x.changes, notifications: old.notifications + x.notifications }
      : x;
  }
  return {
    stage: next.stage,
    from: earlier(before.from, next.from),
    to: later(before.to, next.to),
    notifications: before.notifications + next.notifications,
    unreadable: before.unreadable + next.unreadable,
    digests: before.digests + next.digests,
    alarms,
  };
}

/** The storm's message in the channel: what fired, recovered and flaps over the whole storm; each digest is in its thread. */
export function formatStormParent(t: StormTotals): SlackMessage {
  const all = Object.values(t.alarms);
  const flapping = all.filter((x) => x.changes >= FLAP_MIN_CHANGES);
  const steady = all.filter((x) => x.changes < FLAP_MIN_CHANGES);
  const firing = steady.filter((x) => x.state === 'ALARM');
  firing.sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] || y.atMs - x.atMs);
  const counts = countsOf({
    firing: firing.map((x) => x.severity),
    recovered: steady.filter((x) => x.state === 'OK').length,
    flapping: flapping.length,
    noData: steady.filter((x) => x.state === 'INSUFFICIENT_DATA').length,
  });
  const about = `${formatNumber(t.notifications)} notifications about ${formatNumber(all.length)} alarms`;
  const span = t.unreadable ? `${about} and ${formatNumber(t.unreadable)} unreadable` : about;
  const digests = `${formatNumber(t.digests)} ${t.digests === 1 ? 'digest' : 'digests'} in the thread`;
  const text = `🚨 Alert storm — ${t.stage}: ${counts}; ${span} between ${utcText(t.from)} and ${utcText(t.to)}; ${digests}`;
  const lines = firing
    .slice(0, FIRING_SHOWN)
    .map((x) => `${stateEmoji(x.state, x.severity)} ${fit(x.title, TITLE_KEPT, neutraliseMrkdwn)} · ${x.severity} · ${stateWord(x.state)} ${slackDate(new Date(x.atMs).toISOString())}`);
  const worst = [...firing, ...flapping].reduce<Severity | undefined>((w, x) => (w === undefined || SEVERITY_RANK[x.severity] < SEVERITY_RANK[w] ? x.severity : w), undefined);
  return {
    text: fit(text, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks: [
      header(`🚨 Alert storm · ${t.stage} · ${formatNumber(t.notifications)} notifications`),
      section(`${fit(counts, 1000, neutraliseMrkdwn)}\n${span} between ${slackDate(t.from)} and ${slackDate(t.to)}; ${digests}.`),
    ],
    attachments: [
      {
        color: worst ? COLOUR[worst] : steady.some((x) => x.state === 'OK') ? COLOUR.ok : COLOUR.grey,
        blocks: firing.length ? packLines(`*🔥 Firing now* (${formatNumber(firing.length)})`, lines, 2, firing.length) : [section('Nothing is firing now.')],
        fallback: fit(text, 300, neutraliseMrkdwn),
      },
    ],
  };
}
