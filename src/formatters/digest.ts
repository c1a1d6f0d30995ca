import { SEVERITIES, type Severity, type Unrecognised } from '../model/alert.js';
import type { EnrichedAlert } from '../model/enriched.js';
import { alarmKeyOf, epochMs } from './facts.js';
import { formatNumber } from './text.js';

/**
 * What an alert storm amounts to, for the Slack and email digests: each alarm once, with its latest state, how
 * many notifications it sent and how often it changed state; the most severe and most recent first.
 */

/** An alarm that changed state this many times in the window is flapping, whatever its last state. */
export const FLAP_MIN_CHANGES = 3;

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export interface AlarmInWindow {
  latest: EnrichedAlert;
  latestMs: number;
  notifications: number;
  changes: number;
}

export interface StormSummary {
  alarms: AlarmInWindow[];
  firing: AlarmInWindow[];
  flapping: AlarmInWindow[];
  recovered: AlarmInWindow[];
  noData: AlarmInWindow[];
}

/** Groups notifications by alarm and counts state changes in time order. */
export function summarise(alerts: readonly EnrichedAlert[]): StormSummary {
  const byAlarm = new Map<string, Array<{ e: EnrichedAlert; ms: number; i: number }>>();
  alerts.forEach((e, i) => {
    const key = alarmKeyOf(e.alert);
    const entry = { e, ms: epochMs(e.alert.stateChangeTime) ?? 0, i };
    const list = byAlarm.get(key);
    if (list) list.push(entry);
    else byAlarm.set(key, [entry]);
  });
  const alarms: AlarmInWindow[] = [];
  for (const list of byAlarm.values()) {
    list.sort((x, y) => x.ms - y.ms || x.i - y.i);
    let changes = 0;
    let before: string | undefined = list[0]?.e.alert.previousState;
    for (const { e } of list) {
      if (before !== undefined && e.alert.state !== before) changes++;
      before = e.alert.state;
    }
    const last = list[list.length - 1]!;
    alarms.push({ latest: last.e, latestMs: last.ms, notifications: list.length, changes });
  }
  alarms.sort((x, y) => SEVERITY_RANK[x.latest.severity] - SEVERITY_RANK[y.latest.severity] || y.latestMs - x.latestMs);
  const steady = alarms.filter((x) => x.changes < FLAP_MIN_CHANGES);
  return {
    alarms,
    flapping: alarms.filter((x) => x.changes >= FLAP_MIN_CHANGES),
    firing: steady.filter((x) => x.latest.alert.state === 'ALARM'),
    recovered: steady.filter((x) => x.latest.alert.state === 'OK'),
    noData: steady.filter((x) => x.latest.alert.state === 'INSUFFICIENT_DATA'),
  };
}

/** A storm's alarms by their latest state, however they are kept: the severity of each firing one, how many of the rest. */
export interface StormCounts {
  firing: readonly Severity[];
  recovered: number;
  flapping: number;
  noData: number;
}

/** "12 firing (3 critical, 9 warning, 0 info), 10 recovered, 5 flapping". */
export function countsOf({ firing, recovered, flapping, noData }: StormCounts): string {
  const bySeverity = SEVERITIES.map((s) => `${formatNumber(firing.filter((x) => x === s).length)} ${s}`);
  return [
    `${formatNumber(firing.length)} firing (${bySeverity.join(', ')})`,
    `${formatNumber(recovered)} recovered`,
    `${formatNumber(flapping)} flapping`,
    ...(noData ? [`${formatNumber(noData)} without data`] : []),
  ].join(', ');
}

export function countsText({ firing, recovered, flapping, noData }: StormSummary): string {
  return countsOf({ firing: firing.map((x) => x.latest.severity), recovered: recovered.length, flapping: flapping.length, noData: noData.length });
}

/**
 * The span a digest covers: the alarms' state-change times, and when the unreadable notifications were
 * received, as sent. `unknown` when nothing in it carries a time.
 */
export function windowOf(alerts: readonly EnrichedAlert[], unreadable: readonly Unrecognised[] = []): { from: string; to: string } {
  const sent = [...alerts.map((a) => a.alert.stateChangeTime), ...unreadable.flatMap((u) => (u.source.receivedAt ? [u.source.receivedAt] : []))];
  const times = sent.map((time) => ({ time, ms: epochMs(time) ?? Number.NaN })).filter((t) => !Number.isNaN(t.ms));
  times.sort((x, y) => x.ms - y.ms);
  if (!times.length) return { from: sent[0] ?? 'unknown', to: sent[sent.length - 1] ?? 'unknown' };
  return { from: times[0]!.time, to: times[times.length - 1]!.time };
}

/** The notifications of a storm we could not read: how many, and each problem once with how often it came. */
export interface UnreadableSummary {
  count: number;
  /** Most frequent first; ties in the order they arrived. Problems as parse wrote them (not yet escaped). */
  problems: Array<{ problem: string; count: number }>;
}

export function summariseUnreadable(notices: readonly Unrecognised[]): UnreadableSummary {
  const counts = new Map<string, number>();
  for (const n of notices) counts.set(n.problem, (counts.get(n.problem) ?? 0) + 1);
  const problems = [...counts].map(([problem, count]) => ({ problem, count }));
  problems.sort((x, y) => y.count - x.count);
  return { count: notices.length, problems };
}
