import type { AlarmMetric, MathMetric, SingleMetric } from './types.js';

/** One CloudWatch metric read with a statistic: a single-metric alarm's metric or a metric-math input. */
export interface MetricRead {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  statistic: string;
}

export type MathInput = MathMetric['metrics'][number];

export const metric = (
  namespace: string,
  name: string,
  dimensions: Record<string, string>,
  statistic: string,
): SingleMetric => ({ type: 'metric', namespace, name, dimensions, statistic });

/** A metric-math input; `id` is what the expression calls it and must be unique across the catalog's expressions. */
export const input = (id: string, m: SingleMetric): MathInput => ({
  id,
  namespace: m.namespace,
  name: m.name,
  dimensions: m.dimensions,
  statistic: m.statistic,
});

export const math = (expression: string, label: string, metrics: MathInput[]): MathMetric => ({
  type: 'math',
  expression,
  label,
  metrics,
});

/** The same metric read with another statistic (the dashboard draws p95 and average beside the alarmed p99). */
export const withStatistic = (m: SingleMetric, statistic: string): SingleMetric => ({ ...m, statistic });

/** Every CloudWatch metric an alarm metric reads. */
export function readsOf(m: AlarmMetric): MetricRead[] {
  if (m.type === 'metric') return [{ namespace: m.namespace, name: m.name, dimensions: m.dimensions, statistic: m.statistic }];
  return m.metrics.map(({ namespace, name, dimensions, statistic }) => ({ namespace, name, dimensions, statistic }));
}

/** Percentiles go to an alarm's `ExtendedStatistic`, everything else to `Statistic`. */
export const isPercentile = (statistic: string): boolean => /^p\d{1,2}(\.\d+)?$|^p100$/.test(statistic);

export const STATISTICS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;

/** Identity of a metric regardless of statistic: namespace, name and dimensions (in any order). */
export function metricKey(m: { namespace: string; name: string; dimensions: Record<string, string> }): string {
  const dims = Object.entries(m.dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${m.namespace}|${m.name}|${dims}`;
}
