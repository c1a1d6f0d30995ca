import type { Alert } from '../model/alert.js';
import type { CurrentValue } from '../model/enriched.js';
import type { AlarmedMetric } from './alarmed-metric.js';
import { formatNumber, withUnit } from './format.js';

/**
 * The latest value CloudWatch evaluated, from the state-change reason: `reasonData.recentDatapoints`
 * (oldest first), else `evaluatedDatapoints` (newest first), else the numbers in the reason text
 * ("[93.4 (02/10/19 17:20:00), ...]" lists the newest first; "most recent datapoints: [38.9, 40.2]" the oldest).
 */
export function latestReasonValue(alert: Alert): number | undefined {
  const data = alert.reasonData;
  const recent = numbers(data?.['recentDatapoints']);
  if (recent.length) return recent[recent.length - 1];
  const evaluated = data?.['evaluatedDatapoints'];
  if (Array.isArray(evaluated)) {
    const value = evaluated.map((d: unknown) => (isRecord(d) ? d['value'] : undefined)).find(isNumber);
    if (value !== undefined) return value;
  }
  return fromReasonText(alert.reason);
}

const NEWEST_FIRST = /\[\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*\(/;
const OLDEST_FIRST = /most recent datapoints?:\s*\[([^\]]*)\]/i;

function fromReasonText(reason: string): number | undefined {
  const newest = NEWEST_FIRST.exec(reason)?.[1];
  if (newest !== undefined) return Number(newest);
  const list = OLDEST_FIRST.exec(reason)?.[1];
  const values = list?.split(',').map((s) => Number(s.trim())).filter(Number.isFinite) ?? [];
  return values[values.length - 1];
}

/** The value with its unit and how far it is from the threshold (or the anomaly band). */
export function currentValue(alert: Alert, metric: AlarmedMetric, raw: number): CurrentValue {
  const value = metric.toDisplay(raw);
  return { value, text: withUnit(value, metric.unit), distance: distanceText(alert, metric, raw) };
}

function distanceText(alert: Alert, m: AlarmedMetric, raw: number): string | undefined {
  if (m.kind === 'anomaly') return bandDistance(alert, m, raw);
  if (m.threshold === undefined) return undefined;
  const value = m.toDisplay(raw);
  const threshold = m.toDisplay(m.threshold);
  const diff = value - threshold;
  if (diff === 0) return 'at the threshold';
  const side = diff > 0 ? 'above' : 'below';
  const amount = m.unit === '%' ? `${formatNumber(Math.abs(diff))} points` : withUnit(Math.abs(diff), m.unit);
  const ratio = diff > 0 && threshold > 0 && value / threshold >= 2 ? `, ${formatNumber(value / threshold)}× the threshold` : '';
  return `${amount} ${side} the threshold${ratio}`;
}

/** Anomaly alarms carry the band edges CloudWatch compared against in the reason data. */
function bandDistance(alert: Alert, m: AlarmedMetric, raw: number): string | undefined {
  const upper = last(numbers(alert.reasonData?.['recentUpperThresholds']));
  const lower = last(numbers(alert.reasonData?.['recentLowerThresholds']));
  const show = (n: number) => withUnit(m.toDisplay(n), m.unit);
  const gap = (a: number, b: number) => withUnit(Math.abs(m.toDisplay(a) - m.toDisplay(b)), m.unit);
  if (upper !== undefined && raw > upper) return `${gap(raw, upper)} above the band (upper edge ${show(upper)})`;
  if (lower !== undefined && raw < lower) return `${gap(raw, lower)} below the band (lower edge ${show(lower)})`;
  if (upper !== undefined && lower !== undefined) return `inside the band (${show(lower)} to ${show(upper)})`;
  return undefined;
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter(isNumber) : [];
}

const last = (values: number[]): number | undefined => values[values.length - 1];
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
