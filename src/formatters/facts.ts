import { HEARTBEAT_LABEL, isHeartbeat } from '../alarms/heartbeat.js';
import { queryMetrics, type Alert, type MetricQuery, type MetricRef } from '../model/alert.js';
import { cloudWatchHome } from '../model/aws.js';
import type { EnrichedAlert } from '../model/enriched.js';

/**
 * Facts every destination states the same way, derived from the alert alone (no I/O, no clock).
 * They return raw text: each formatter escapes it for its own medium.
 */

/** The heartbeat's canary is titled as the test it is, wherever it lands. */
export const titleOf = (e: EnrichedAlert): string =>
  isHeartbeat(e.alert) ? HEARTBEAT_LABEL : e.catalog?.title || e.alert.alarmName || 'Unnamed alarm';

/**
 * The alarm's identity across states: its ARN, or the ARN it would have. Building the same string
 * when the ARN is missing keeps ALARM (new payload) and OK (old payload without ARN) on one incident.
 */
export function alarmKeyOf(alert: Alert): string {
  const arn = alert.alarmArn?.trim();
  if (arn) return arn;
  return `arn:${alert.partition}:cloudwatch:${alert.region}:${alert.account}:alarm:${alert.alarmName}`;
}

// One alert's times are read by every formatter, and CloudWatch's `+0000` form takes V8's slow
// legacy parser: the last few results are remembered (same input, same output: still pure).
const parsed = new Map<string, string | null>();

/** RFC 3339 in UTC (`2024-05-14T09:21:51.792Z`); CloudWatch sends `+0000`, which strict validators reject. */
export function isoTime(time: string | undefined): string | undefined {
  if (!time) return undefined;
  let iso = parsed.get(time);
  if (iso === undefined) {
    const ms = Date.parse(time);
    iso = Number.isNaN(ms) ? null : new Date(ms).toISOString();
    if (parsed.size >= 64) parsed.clear();
    parsed.set(time, iso);
  }
  return iso ?? undefined;
}

/** Milliseconds since the epoch, or undefined for a time CloudWatch did not send in a readable form. */
export function epochMs(time: string | undefined): number | undefined {
  const iso = isoTime(time);
  return iso === undefined ? undefined : Date.parse(iso);
}

/** `2024-05-14 09:21 UTC`, or the text as sent when it is not a time. */
export function utcText(time: string): string {
  const iso = isoTime(time);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : time;
}

export { comparisonSymbol } from '../model/comparison.js';

/** The series the alarm evaluates: the single metric, or the query that returns data (not the anomaly band). */
function alarmedQuery(alert: Alert): MetricQuery | undefined {
  const t = alert.trigger;
  if (!t?.queries?.length) return undefined;
  return (
    t.queries.find((q) => q.returnData && q.id !== t.thresholdMetricId) ?? t.queries.find((q) => q.id !== t.thresholdMetricId)
  );
}

/** Short name of what is measured: `CPUUtilization`, a math label, or the expression. */
export function metricNoun(alert: Alert): string {
  if (alert.trigger?.metric) return alert.trigger.metric.name;
  const q = alarmedQuery(alert);
  if (q) return q.label || q.metric?.name || (q.expression ? `expression ${q.expression}` : q.id);
  return alert.kind === 'composite' ? 'composite alarm' : 'metric';
}

/** `AWS/ECS CPUUtilization (Average, 60 s)`, `expression m1/m2*100 "5xx rate"`, or the composite rule. */
export function metricText(alert: Alert): string {
  const t = alert.trigger;
  if (alert.composite) return `rule ${alert.composite.rule}`;
  if (t?.metric) return describeMetric(t.metric, t.statistic, t.period);
  const q = alarmedQuery(alert);
  if (!q) return 'unknown metric';
  if (q.metric) return describeMetric(q.metric, q.stat, q.period);
  const label = q.label ? ` "${q.label}"` : '';
  return `expression ${q.expression ?? q.id}${label}`;
}

function describeMetric(m: MetricRef, stat?: string, period?: number): string {
  const how = [stat, period ? `${period} s` : undefined].filter(Boolean).join(', ');
  return `${m.namespace} ${m.name}${how ? ` (${how})` : ''}`;
}

/** Every metric the alert's payload names, for dimensions and resources (math inputs included). */
export function metricsOf(alert: Alert): MetricRef[] {
  const t = alert.trigger;
  if (!t) return [];
  return t.metric ? [t.metric] : queryMetrics(t.queries ?? []);
}

/** `ClusterName=ohmycoins-production, ServiceName=ohmycoins-production-backend`. */
export function dimensionsText(alert: Alert): string {
  const single = alert.trigger?.metric;
  if (single) return Object.entries(single.dimensions).map(([k, v]) => `${k}=${v}`).join(', ');
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of metricsOf(alert)) {
    for (const [k, v] of Object.entries(m.dimensions)) {
      const pair = `${k}=${v}`;
      if (!seen.has(pair)) {
        seen.add(pair);
        parts.push(pair);
      }
    }
  }
  return parts.join(', ');
}

/** Dimensions naming the thing that hurts, most specific first (ECS service before its cluster). */
const RESOURCE_DIMENSIONS = [
  'ServiceName',
  'DBInstanceIdentifier',
  'DBClusterIdentifier',
  'CacheClusterId',
  'ReplicationGroupId',
  'TargetGroup',
  'LoadBalancer',
  'FunctionName',
  'QueueName',
  'TableName',
  'InstanceId',
  'AutoScalingGroupName',
  'ClusterName',
];

/** The affected resource as its dimension value (`ohmycoins-production-backend`), when the alarm names one. */
export function affectedResource(alert: Alert): string | undefined {
  const metrics = metricsOf(alert);
  for (const name of RESOURCE_DIMENSIONS) {
    for (const m of metrics) {
      const v = m.dimensions[name];
      if (v) return v;
    }
  }
  for (const m of metrics) {
    const first = Object.values(m.dimensions)[0];
    if (first) return first;
  }
  return undefined;
}

/** The catalog's service words for AWS namespaces (see `AwsService`); others keep their namespace. */
const NAMESPACE_SERVICE: Record<string, string> = {
  'AWS/ECS': 'ecs',
  'ECS/ContainerInsights': 'ecs',
  'AWS/ApplicationELB': 'alb',
  'AWS/RDS': 'rds',
  'AWS/ElastiCache': 'elasticache',
};

export function serviceOf(alert: Alert): string {
  if (alert.kind === 'composite') return 'composite';
  const ns = metricsOf(alert)[0]?.namespace;
  return ns ? (NAMESPACE_SERVICE[ns] ?? ns) : 'cloudwatch';
}

const CATALOG_TAG = /\s*\[alarm-id:[a-z0-9-]+\]\s*/g;

/** The alarm description without the catalog's machine tag, which means nothing to a person. */
export const descriptionOf = (alert: Alert): string => (alert.description ?? '').replace(CATALOG_TAG, ' ').trim();

/** The CloudWatch console of the alarm's region; undefined when the region is not a code. */
export const cloudWatchConsoleUrl = (alert: Alert): string | undefined => cloudWatchHome(alert.partition, alert.region);
