import type { AlarmTrigger, AlertKind, MetricQuery, MetricRef } from '../model/alert.js';
import { dimensions, statistic } from './normalise.js';
import { bool, isObject, list, num, obj, text } from './read.js';

/**
 * Metric references and metric queries. SNS payloads spell them `MetricStat.Metric.MetricName` with `{name,value}`
 * dimensions, EventBridge and Lambda alarm-action events `metricStat.metric.name` with a dimension map: one reader
 * takes both.
 */

export function metricRef(namespace: unknown, name: unknown, dims: unknown): MetricRef | undefined {
  const ns = text(namespace);
  const metricName = text(name);
  return ns === undefined || metricName === undefined ? undefined : { namespace: ns, name: metricName, dimensions: dimensions(dims) };
}

export function metricQueries(value: unknown): MetricQuery[] {
  const queries: MetricQuery[] = [];
  for (const entry of list(value)) {
    if (!isObject(entry)) continue;
    const id = text(entry.Id ?? entry.id);
    if (id === undefined) continue;
    const stat = obj(entry.MetricStat ?? entry.metricStat);
    const metric = obj(stat?.Metric ?? stat?.metric);
    queries.push({
      id,
      label: text(entry.Label ?? entry.label),
      // PutMetricAlarm's default: a query without ReturnData is returned.
      returnData: bool(entry.ReturnData ?? entry.returnData) ?? true,
      expression: text(entry.Expression ?? entry.expression),
      metric: metric && metricRef(metric.Namespace ?? metric.namespace, metric.MetricName ?? metric.name, metric.Dimensions ?? metric.dimensions),
      stat: statistic(stat?.Stat ?? stat?.stat),
      period: num(stat?.Period ?? stat?.period ?? entry.Period ?? entry.period),
      unit: text(stat?.Unit ?? stat?.unit),
    });
  }
  return queries;
}

const ANOMALY_BAND = 'ANOMALY_DETECTION_BAND';

const isBand = (q: MetricQuery): boolean => q.expression !== undefined && q.expression.toUpperCase().includes(ANOMALY_BAND);

/**
 * Fills `trigger` from an alarm's metric queries and says what kind of alarm they make: a band expression (or a
 * `ThresholdMetricId`) is anomaly detection, any other expression metric math, a lone metric a plain metric alarm.
 */
export function applyQueries(trigger: AlarmTrigger, queries: MetricQuery[]): AlertKind {
  const band = queries.find(isBand);
  const kind: AlertKind =
    band !== undefined || trigger.thresholdMetricId !== undefined
      ? 'anomaly'
      : queries.some((q) => q.expression !== undefined)
        ? 'metric-math'
        : 'metric';
  if (kind === 'anomaly' && trigger.thresholdMetricId === undefined && band !== undefined) {
    // EventBridge events do not name the threshold series; the band is what the alarm compares against.
    trigger.thresholdMetricId = band.id;
  }
  // Metric and anomaly alarms watch one metric: name it so enrichment can fetch it without reading queries.
  const watched = kind === 'metric-math' ? undefined : singleMetric(queries);
  if (watched !== undefined) {
    trigger.metric ??= watched.metric;
    trigger.statistic ??= watched.stat;
    trigger.period ??= watched.period;
    trigger.unit ??= watched.unit;
  }
  if (kind !== 'metric') {
    trigger.queries = queries;
    trigger.period ??= (queries.find((q) => q.returnData && q.period !== undefined) ?? queries.find((q) => q.period !== undefined))?.period;
  }
  return kind;
}

function singleMetric(queries: MetricQuery[]): MetricQuery | undefined {
  let found: MetricQuery | undefined;
  for (const q of queries) {
    if (q.metric === undefined) continue;
    if (found !== undefined) return undefined;
    found = q;
  }
  return found;
}
