import type { AlarmHistoryItem, DescribeAlarmHistoryCommandInput, DescribeAlarmHistoryCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { Alert } from '../model/alert.js';
import type { History } from '../model/enriched.js';
import { formatDuration, toEpochMs } from './format.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Flapping: at least 3 transitions into ALARM within the last hour, or at least 6 within 24 hours.
 * Three in an hour is an alarm that cannot settle; six a day is one on-call learns to ignore.
 * Both count the alert being delivered.
 */
export const FLAPPING_LAST_HOUR = 3;
export const FLAPPING_LAST_DAY = 6;

/** A history item for the alert being delivered may not be written yet; one this close counts as the same transition. */
const SAME_TRANSITION_MS = 2 * 60_000;

/** State changes of this alarm (metric or composite) over the last 24 hours, newest first. */
export function historyQuery(alarmName: string, now: Date): DescribeAlarmHistoryCommandInput {
  return {
    AlarmName: alarmName,
    AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    HistoryItemType: 'StateUpdate',
    StartDate: new Date(now.getTime() - DAY),
    EndDate: now,
    ScanBy: 'TimestampDescending',
    MaxRecords: 100,
  };
}

interface Transition {
  at: number;
  to?: string;
}

/** Reads the new state from `HistoryData` (a JSON document), else from the summary ("Alarm updated from OK to ALARM"). */
export function transitionOf(item: AlarmHistoryItem): Transition | undefined {
  const at = toEpochMs(item.Timestamp);
  if (at === undefined) return undefined;
  let to: string | undefined;
  try {
    const data: unknown = item.HistoryData ? JSON.parse(item.HistoryData) : undefined;
    const state = (data as { newState?: { stateValue?: unknown } } | undefined)?.newState?.stateValue;
    if (typeof state === 'string') to = state;
  } catch {
    // A history document that is not JSON still has its summary.
  }
  to ??= /\bto (ALARM|OK|INSUFFICIENT_DATA)\b/.exec(item.HistorySummary ?? '')?.[1];
  return { at, to };
}

/** "fired 4 times in the last 24 h, 3 of them in the last hour"; on OK also how long the ALARM lasted. */
export function summariseHistory(output: DescribeAlarmHistoryCommandOutput, alert: Alert, now: Date): History {
  const nowMs = now.getTime();
  const changedAt = toEpochMs(alert.stateChangeTime);
  const transitions = recentTransitions(output.AlarmHistoryItems ?? [], nowMs);

  const intoAlarm: number[] = [];
  for (const t of transitions) if (t.to === 'ALARM') intoAlarm.push(t.at);
  if (alert.state === 'ALARM' && changedAt !== undefined && changedAt > nowMs - DAY) {
    if (!intoAlarm.some((at) => Math.abs(at - changedAt) <= SAME_TRANSITION_MS)) intoAlarm.push(changedAt);
  }
  const firedLast24h = intoAlarm.length;
  let lastHour = 0;
  for (const at of intoAlarm) if (at > nowMs - HOUR) lastHour++;
  const flapping = lastHour >= FLAPPING_LAST_HOUR || firedLast24h >= FLAPPING_LAST_DAY;
  const truncated = Boolean(output.NextToken);

  const count = firedLast24h === 0 ? 'not fired' : firedLast24h === 1 ? 'fired once' : `fired ${truncated ? 'at least ' : ''}${firedLast24h} times`;
  const recent = lastHour >= 2 ? `, ${lastHour} of them in the last hour` : '';
  // Formatters add their own "flapping" mark from `flapping`; the summary stays a plain count.
  const history: History = { summary: `${count} in the last 24 h${recent}`, firedLast24h, flapping };

  const duration = alert.state === 'OK' || alert.state === 'INSUFFICIENT_DATA' ? alarmDuration(alert, transitions, changedAt, truncated) : undefined;
  if (duration) history.alarmDuration = duration;
  return history;
}

/** The state updates of the last 24 hours (and the minutes a late item may be ahead), newest first. */
function recentTransitions(items: readonly AlarmHistoryItem[], nowMs: number): Transition[] {
  const transitions: Transition[] = [];
  for (const item of items) {
    if (item.HistoryItemType && item.HistoryItemType !== 'StateUpdate') continue;
    const t = transitionOf(item);
    if (t && t.at > nowMs - DAY && t.at <= nowMs + SAME_TRANSITION_MS) transitions.push(t);
  }
  return transitions.sort((a, b) => b.at - a.at);
}

/**
 * From the last transition into ALARM before this change; else from the alert's own previous-state time;
 * else, when the history is complete and shows no ALARM at all, the ALARM began before the window.
 */
function alarmDuration(alert: Alert, newestFirst: Transition[], changedAt: number | undefined, truncated: boolean): string | undefined {
  if (alert.previousState !== 'ALARM' || changedAt === undefined) return undefined;
  const began = newestFirst.find((t) => t.to === 'ALARM' && t.at < changedAt)?.at ?? toEpochMs(alert.previousStateChangeTime);
  if (began !== undefined && began <= changedAt) return formatDuration(changedAt - began);
  return truncated ? undefined : 'more than 24 h';
}
