import { albMetrics } from '../alarms/alb.js';
import { ecsMetrics } from '../alarms/ecs.js';
import { redisMetrics } from '../alarms/elasticache.js';
import { readsOf, type MetricRead } from '../alarms/metric.js';
import { rdsMetrics } from '../alarms/rds.js';
import type { AlarmDefinition, AwsService } from '../alarms/types.js';
import type { StageResources } from '../config/stage.js';

/**
 * Metrics CloudWatch publishes only when something happened (an error, a request): a quiet day leaves no
 * datapoint, so their silence says nothing about whether the identifiers are right.
 */
const SPARSE = new Set([
  'AWS/ApplicationELB|HTTPCode_ELB_5XX_Count',
  'AWS/ApplicationELB|HTTPCode_ELB_4XX_Count',
  'AWS/ApplicationELB|HTTPCode_Target_5XX_Count',
  'AWS/ApplicationELB|HTTPCode_Target_4XX_Count',
  'AWS/ApplicationELB|HTTPCode_Target_2XX_Count',
  'AWS/ApplicationELB|TargetResponseTime',
]);

export const isSparse = (m: { namespace: string; name: string }): boolean => SPARSE.has(`${m.namespace}|${m.name}`);

/**
 * Per service, a metric published every minute while the resource exists, naming every identifier the
 * service's alarms use. The target group's HealthyHostCount carries both the target group and the load
 * balancer, so it goes silent when either is recreated or mistyped.
 */
const STEADY: Record<AwsService, (r: StageResources) => MetricRead> = {
  ecs: (r) => ecsMetrics(r).cpu,
  alb: (r) => albMetrics(r).healthyTargets,
  rds: (r) => rdsMetrics(r).cpu,
  elasticache: (r) => redisMetrics(r).engineCpu,
};

const dimensionValues = (reads: readonly MetricRead[]): Set<string> => new Set(reads.flatMap((r) => Object.values(r.dimensions)));

/**
 * The one metric whose datapoints prove an alarm watches something that exists: its own metric (the input
 * naming the most identifiers, for metric math) unless that is sparse or leaves an identifier out, else the
 * service's steady metric. Statistic SampleCount: how many samples, whatever their values.
 */
export function livenessMetric(r: StageResources, def: AlarmDefinition): MetricRead {
  const reads = readsOf(def.metric);
  const wanted = dimensionValues(reads);
  const covers = (m: MetricRead) => [...wanted].every((v) => Object.values(m.dimensions).includes(v));
  const own = reads.filter((m) => !isSparse(m) && covers(m)).sort((a, b) => Object.keys(b.dimensions).length - Object.keys(a.dimensions).length)[0];
  const chosen = own ?? STEADY[def.service](r);
  return { namespace: chosen.namespace, name: chosen.name, dimensions: chosen.dimensions, statistic: 'SampleCount' };
}

/** Alarms that stay OK when their metric is missing: the ones that would say nothing while watching nothing. */
export const silentWhenMissing = (def: AlarmDefinition): boolean => def.treatMissingData === 'notBreaching' || def.treatMissingData === 'ignore';
