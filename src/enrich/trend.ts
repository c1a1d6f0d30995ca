import type { GetMetricDataCommandInput, GetMetricDataCommandOutput, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ComparisonOperator } from '../model/alert.js';
import { COMPARISONS } from '../model/comparison.js';
import type { Trend } from '../model/enriched.js';
import type { AlarmedMetric } from './alarmed-metric.js';
import { formatNumber, withUnit } from './format.js';

const BARS = '▁▂▃▄▅▆▇█';
/** A period without a datapoint: visible, unlike a space, which chat clients trim. */
const GAP = '·';
// The bars as UTF-16 units: a sparkline is written from its units in one go, rather than concatenating one
// freshly allocated block character per value (V8 keeps ready-made one-character strings only below U+0100).
const BAR_CODES: readonly number[] = Array.from(BARS, (bar) => bar.charCodeAt(0));
const GAP_CODE = GAP.charCodeAt(0);
const MINUTE = 60_000;
/** Cells of the phone-sized trend: 24 monospace cells and a short label fit one line 360 px wide. */
export const TREND_CELLS = 24;

export interface TrendWindow {
  start: Date;
  end: Date;
  /** Seconds per bar. */
  period: number;
}

/**
 * The last 60 minutes, one bar per minute. Sums and counts (and math, which may add them up) keep the
 * alarm's own period instead: a one-minute sum cannot be compared with a five-minute threshold.
 * Periods over 5 minutes widen the window to 12 bars. Aligned to whole periods, as GetMetricData prefers.
 */
export function trendWindow(metric: AlarmedMetric, now: Date): TrendWindow {
  const period = metric.additive ? Math.max(60, metric.period) : 60;
  const endMs = Math.floor(now.getTime() / (period * 1000)) * period * 1000;
  const span = Math.max(60 * MINUTE, 12 * period * 1000);
  return { start: new Date(endMs - span), end: new Date(endMs), period };
}

/** The alarm's own queries (single metric, or the expression with its inputs), re-periodised for the trend. */
export function trendQuery(metric: AlarmedMetric, window: TrendWindow): GetMetricDataCommandInput {
  const queries: MetricDataQuery[] = metric.queries.map((q) => {
    const ReturnData = q.id === metric.alarmedId;
    if (!q.metric) return { Id: q.id, Expression: q.expression, Label: q.label, ReturnData };
    const Dimensions = Object.entries(q.metric.dimensions).map(([Name, Value]) => ({ Name, Value }));
    return {
      Id: q.id,
      MetricStat: { Metric: { Namespace: q.metric.namespace, MetricName: q.metric.name, Dimensions }, Period: window.period, Stat: q.stat ?? 'Average' },
      ReturnData,
    };
  });
  return { MetricDataQueries: queries, StartTime: window.start, EndTime: window.end, ScanBy: 'TimestampAscending', MaxDatapoints: 1000 };
}

/** The series as one value (or gap) per bar; undefined when CloudWatch returned nothing for the alarmed query. */
export function seriesOf(output: GetMetricDataCommandOutput, metric: AlarmedMetric, window: TrendWindow): Array<number | undefined> | undefined {
  const result = output.MetricDataResults?.find((r) => r.Id === metric.alarmedId);
  const times = result?.Timestamps ?? [];
  const values = result?.Values ?? [];
  if (values.length === 0) return undefined;
  const step = window.period * 1000;
  const bars = Math.round((window.end.getTime() - window.start.getTime()) / step);
  const place = (start: number) => {
    const slots: Array<number | undefined> = new Array<number | undefined>(bars).fill(undefined);
    for (let i = 0; i < times.length; i++) {
      const slot = Math.floor((times[i]!.getTime() - start) / step);
      if (slot >= 0 && slot < bars) slots[slot] = values[i];
    }
    return slots;
  };
  const slots = place(window.start.getTime());
  if (slots.some((v) => v !== undefined)) return slots;
  // Saved data (offline render) from another hour: show its own last hour rather than nothing.
  let latest = -Infinity;
  for (const t of times) latest = Math.max(latest, t.getTime());
  return place(latest + step - bars * step);
}

/** `▂▂▃▅▇██▇  last 93.4 % · max 97.1 % · threshold 80 % (▆) · 6 of 60 min above` and its numbers. */
export function trendOf(series: Array<number | undefined>, metric: AlarmedMetric, window: TrendWindow): Trend | undefined {
  const shown = series.map((v) => (v === undefined ? undefined : metric.toDisplay(v)));
  const present = presentOf(shown);
  const latest = present[present.length - 1];
  if (latest === undefined) return undefined;
  const threshold = metric.threshold === undefined ? undefined : metric.toDisplay(metric.threshold);
  const { bars, thresholdBar } = sparkline(shown, threshold);
  const min = minOf(present);
  const max = maxOf(present);
  const { comparison } = metric;
  const low = comparison?.startsWith('LessThan') ?? false;
  const breaching = threshold === undefined || !comparison ? 0 : countBreaching(present, threshold, comparison);
  const minutesPerBar = window.period / 60;

  const legend = [`last ${withUnit(latest, metric.unit)}`, low ? `min ${withUnit(min, metric.unit)}` : `max ${withUnit(max, metric.unit)}`];
  if (threshold !== undefined) {
    const where = thresholdBar ?? (threshold > max ? 'off the chart, above' : 'off the chart, below');
    legend.push(`threshold ${withUnit(threshold, metric.unit)} (${where})`);
    legend.push(`${formatNumber(breaching * minutesPerBar)} of ${formatNumber(series.length * minutesPerBar)} min ${low ? 'below' : 'above'}`);
  } else if (metric.kind === 'anomaly') {
    legend.push('anomaly band not drawn');
  }
  const worst = low ? minOf : maxOf;
  return {
    sparkline: `${bars}  ${legend.join(' · ')}`,
    cells: sparkline(cellsOf(shown, worst), threshold).bars,
    span: `${formatNumber(series.length * minutesPerBar)} min`,
    from: window.start.toISOString(),
    to: window.end.toISOString(),
    min,
    max,
    points: breaching,
  };
}

/**
 * At most `TREND_CELLS` values: runs of ⌈n / 24⌉ consecutive values (60 one-minute bars become 20 cells of 3
 * minutes), each run shown as its `worst` value, a gap when the whole run has no data.
 */
export function cellsOf(values: ReadonlyArray<number | undefined>, worst: (values: number[]) => number): Array<number | undefined> {
  const size = Math.max(1, Math.ceil(values.length / TREND_CELLS));
  const cells: Array<number | undefined> = [];
  for (let i = 0; i < values.length; i += size) {
    const run = presentOf(values, i, Math.min(values.length, i + size));
    cells.push(run.length ? worst(run) : undefined);
  }
  return cells;
}

/**
 * One block per value, scaled over the data and the threshold, so a bar taller than the threshold's block
 * is over the threshold. A threshold far outside the data (more than the data's own range away) is left
 * off the scale, which would otherwise flatten the curve.
 */
export function sparkline(values: Array<number | undefined>, threshold?: number): { bars: string; thresholdBar?: string } {
  const present = presentOf(values);
  if (present.length === 0) return { bars: GAP.repeat(values.length) };
  let lo = minOf(present);
  let hi = maxOf(present);
  const span = hi - lo || Math.abs(hi) || 1;
  const onScale = threshold !== undefined && threshold >= lo - span && threshold <= hi + span;
  if (onScale) {
    lo = Math.min(lo, threshold);
    hi = Math.max(hi, threshold);
  }
  const level = (v: number) => (hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1)));
  const codes = values.map((v) => (v === undefined ? GAP_CODE : (BAR_CODES[level(v)] ?? BAR_CODES[0]!)));
  return { bars: fromCodes(codes), thresholdBar: onScale ? (BARS[level(threshold)] ?? BARS[0]) : undefined };
}

/** The string of these UTF-16 units, a few thousand at a time (a call takes only so many arguments). */
function fromCodes(codes: readonly number[]): string {
  let text = '';
  for (let i = 0; i < codes.length; i += 4096) text += String.fromCharCode(...codes.slice(i, i + 4096));
  return text;
}

// Loops rather than filter/spread: the trend is drawn for every alert, from 60 values or more.

/** The values with data, from `start` up to `end`. */
function presentOf(values: ReadonlyArray<number | undefined>, start = 0, end = values.length): number[] {
  const present: number[] = [];
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v !== undefined) present.push(v);
  }
  return present;
}

/** `Math.min(...values)`, without spreading them into arguments. */
function minOf(values: readonly number[]): number {
  let min = Infinity;
  for (const v of values) min = Math.min(min, v);
  return min;
}

/** `Math.max(...values)`, without spreading them into arguments. */
function maxOf(values: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  return max;
}

function countBreaching(values: readonly number[], threshold: number, comparison: ComparisonOperator): number {
  const c = COMPARISONS[comparison];
  if (c?.kind !== 'threshold') return 0;
  let n = 0;
  for (const v of values) if (c.breaches(v, threshold)) n++;
  return n;
}
