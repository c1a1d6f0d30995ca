import { ALARM_STATES, type AlarmState, type ComparisonOperator, type CompositeChild } from '../model/alert.js';
import { isComparison } from '../model/comparison.js';
import { alarmNameFromArn } from './arn.js';
import { exceedsJsonDepth, firstNonSpace } from './limits.js';
import { isObject, list, obj, str, text, type JsonObject } from './read.js';

const STATES: ReadonlySet<string> = new Set(ALARM_STATES);
export const isAlarmState = (value: unknown): value is AlarmState => typeof value === 'string' && STATES.has(value);

export const comparison = (value: unknown): ComparisonOperator | undefined => (isComparison(value) ? value : undefined);

// SNS payloads spell statistics in upper snake case; the API, EventBridge and metric queries in CloudWatch's own.
const STATISTICS: ReadonlyMap<string, string> = new Map([
  ['AVERAGE', 'Average'],
  ['SUM', 'Sum'],
  ['SAMPLE_COUNT', 'SampleCount'],
  ['SAMPLECOUNT', 'SampleCount'],
  ['MINIMUM', 'Minimum'],
  ['MAXIMUM', 'Maximum'],
]);

/** `AVERAGE` → `Average`, `SAMPLE_COUNT` → `SampleCount`; percentiles and other extended statistics (`p90`) as sent. */
export function statistic(value: unknown): string | undefined {
  const s = text(value);
  return s === undefined ? undefined : (STATISTICS.get(s.toUpperCase()) ?? s);
}

const TREAT_MISSING: ReadonlyMap<string, string> = new Map([
  ['missing', 'missing'],
  ['breaching', 'breaching'],
  ['notbreaching', 'notBreaching'],
  // The legacy string says "NonBreaching" for what the API calls notBreaching.
  ['nonbreaching', 'notBreaching'],
  ['ignore', 'ignore'],
]);

/** `missing` from both `"missing"` and the legacy `"- TreatMissingData:                    missing"`. */
export function treatMissingData(value: unknown): string | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  const cleaned = s.slice(s.lastIndexOf(':') + 1).trim();
  return cleaned === '' ? undefined : (TREAT_MISSING.get(cleaned.toLowerCase()) ?? cleaned);
}

const CLOUDWATCH_UTC = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}(?:\+0000|Z)$/;
const ISO_LIKE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;
// Epoch milliseconds between 2001 and 2286: some producers send StateChangeTime as a number.
const MIN_EPOCH_MS = 1e12;
const MAX_EPOCH_MS = 1e13;

/**
 * ISO-8601 in UTC (`2019-10-02T17:20:48.551Z`) from CloudWatch's `2019-10-02T17:20:48.551+0000`, any other ISO
 * offset, or epoch milliseconds; `undefined` for anything else, so a placeholder like `"date"` is never passed on.
 */
export function timestamp(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return value >= MIN_EPOCH_MS && value < MAX_EPOCH_MS ? new Date(value).toISOString() : undefined;
  }
  if (typeof value !== 'string') return undefined;
  // Hot path: CloudWatch's own spelling is already UTC with milliseconds; only the zone needs rewriting.
  if (CLOUDWATCH_UTC.test(value)) return `${value.slice(0, 23)}Z`;
  const match = ISO_LIKE.exec(value);
  if (!match) return undefined;
  let zone = match[2] ?? 'Z';
  if (zone.length === 5) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${match[1]}${zone}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * `NewStateReasonData` / `state.reasonData`: a JSON object sent as a string (sometimes already an object).
 * Unreadable data is ignored: the reason text says the same in words.
 */
export function reasonData(value: unknown): JsonObject | undefined {
  if (isObject(value)) return value;
  if (typeof value !== 'string') return undefined;
  const start = firstNonSpace(value);
  if (start < 0 || value.charCodeAt(start) !== 0x7b /* { */ || exceedsJsonDepth(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A map from `[{name,value}]` (SNS), `[{Name,Value}]` (API) or a map (EventBridge). */
export function dimensions(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (!isObject(entry)) continue;
      const name = entry.name ?? entry.Name;
      const dimValue = scalar(entry.value ?? entry.Value);
      if (typeof name === 'string' && name !== '' && name !== '__proto__' && dimValue !== undefined) out[name] = dimValue;
    }
  } else if (isObject(value)) {
    for (const name of Object.keys(value)) {
      const dimValue = scalar(value[name]);
      if (name !== '__proto__' && dimValue !== undefined) out[name] = dimValue;
    }
  }
  return out;
}

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/** Children from `TriggeringChildren` (SNS: `{Arn, State{Value, Timestamp}}`) or `triggeringAlarms` (`{arn, state{value, timestamp}}`). */
export function compositeChildren(value: unknown): CompositeChild[] {
  const children: CompositeChild[] = [];
  for (const entry of list(value)) {
    if (!isObject(entry)) continue;
    const arn = text(entry.Arn ?? entry.arn);
    if (arn === undefined) continue;
    const state = obj(entry.State ?? entry.state);
    children.push({
      arn,
      name: alarmNameFromArn(arn) ?? arn,
      // A child without a readable state is still worth listing; say so rather than invent one.
      state: text(state?.Value ?? state?.value) ?? 'UNKNOWN',
      timestamp: timestamp(state?.Timestamp ?? state?.timestamp),
    });
  }
  return children;
}
