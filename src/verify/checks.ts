import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { catalogFor } from '../alarms/index.js';
import { metricKey, readsOf, type MetricRead } from '../alarms/metric.js';
import { alarmName, severityTopicName } from '../alarms/naming.js';
import type { AlarmDefinition } from '../alarms/types.js';
import type { StageConfig } from '../config/stage.js';
import { isSparse, livenessMetric } from '../identifiers/liveness.js';
import type { VerifyAws } from './aws.js';

export type Result = 'ok' | 'fail' | 'note';

/** One line of the report. `fail` is a problem (exit 1); `note` is worth reading but not wrong. */
export interface Row {
  alarm: string;
  check: string;
  result: Result;
  detail: string;
}

type Finding = Omit<Row, 'alarm'>;

const DAY_MS = 86_400_000;
const show = (d: Record<string, string>) => Object.entries(d).map(([k, v]) => `${k}=${v}`).join(',');
const describe = (m: MetricRead) => `${m.namespace} ${m.name} ${show(m.dimensions)}`;
const awsError = (check: string, error: unknown): Finding => ({
  check,
  result: 'fail',
  detail: `AWS error ${(error as Error).name}: ${(error as Error).message}`,
});

/** Each call is made once per run, whichever alarms need its answer. */
function memo<T>(): (key: string, make: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key, make) => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key)!;
  };
}

type Settled<T> = { value: T } | { error: unknown };

/** Started early and awaited late: settled at once, so a failure is reported in its rows, never unhandled. */
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ value }), (error: unknown) => ({ error }));

async function valueOf<T>(p: Promise<Settled<T>>): Promise<T> {
  const s = await p;
  if ('error' in s) throw s.error;
  return s.value;
}

async function guarded(check: string, run: () => Promise<Finding>): Promise<Finding> {
  try {
    return await run();
  } catch (error) {
    return awsError(check, error);
  }
}

function resourceChecks(config: StageConfig, aws: VerifyAws, once: ReturnType<typeof memo<Finding>>) {
  const r = config.resources;
  const lbSuffix = (full: string) => `:loadbalancer/${full}`;
  const nameOf = (full: string) => full.split('/')[1] ?? full;
  const recreated = (what: string, found: string[]) =>
    `a ${what} of that name exists as ${found.map((a) => a.slice(a.indexOf('/') + 1)).join(', ')}: it was recreated; run npm run stage:import`;

  const ecs = (cluster: string, service: string) =>
    once(`ecs:${cluster}/${service}`, () =>
      guarded('ecs service', async () => {
        const status = await aws.ecsServiceStatus(cluster, service);
        if (status === 'ACTIVE') return { check: 'ecs service', result: 'ok', detail: `${cluster}/${service} ACTIVE` };
        return { check: 'ecs service', result: 'fail', detail: status ? `${cluster}/${service} is ${status}` : `no service ${service} in cluster ${cluster}` };
      }),
    );
  const loadBalancer = (full: string) =>
    once(`lb:${full}`, () =>
      guarded('load balancer', async () => {
        const arns = await aws.loadBalancerArns(nameOf(full));
        if (arns.some((a) => a.endsWith(lbSuffix(full)))) return { check: 'load balancer', result: 'ok', detail: full };
        const detail = arns.length ? `${full}: ${recreated('load balancer', arns)}` : `no load balancer named ${nameOf(full)} (${full})`;
        return { check: 'load balancer', result: 'fail', detail };
      }),
    );
  const targetGroup = (full: string) =>
    once(`tg:${full}`, () =>
      guarded('target group', async () => {
        const groups = await aws.targetGroups(nameOf(full));
        const group = groups.find((g) => g.arn.endsWith(`:${full}`));
        if (!group) {
          const arns = groups.map((g) => g.arn);
          const detail = arns.length ? `${full}: ${recreated('target group', arns)}` : `no target group named ${nameOf(full)} (${full})`;
          return { check: 'target group', result: 'fail', detail };
        }
        if (!group.loadBalancerArns.some((a) => a.endsWith(lbSuffix(r.loadBalancerFullName)))) {
          return { check: 'target group', result: 'fail', detail: `${full} is not attached to ${r.loadBalancerFullName}` };
        }
        return { check: 'target group', result: 'ok', detail: `${full} on ${r.loadBalancerFullName}` };
      }),
    );
  const status = (check: string, what: string, id: string, read: (id: string) => Promise<string | undefined>) =>
    once(`${check}:${id}`, () =>
      guarded(check, async () => {
        const s = await read(id);
        return s ? { check, result: 'ok', detail: `${id} ${s}` } : { check, result: 'fail', detail: `no ${what} ${id}` };
      }),
    );
  const logGroup = (name: string) =>
    once(`logs:${name}`, () =>
      guarded('log group', async () =>
        (await aws.logGroupExists(name))
          ? { check: 'log group', result: 'ok', detail: name }
          : { check: 'log group', result: 'fail', detail: `no log group ${name} (the alerts' logs link)` },
      ),
    );

  /** The resources an alarm's metric names, from its dimensions; the ECS alarms also link the log group. */
  return (def: AlarmDefinition): Array<Promise<Finding>> => {
    const checks: Array<Promise<Finding>> = [];
    const seen = new Set<string>();
    const add = (key: string, make: () => Promise<Finding>) => {
      if (!seen.has(key)) checks.push(make());
      seen.add(key);
    };
    for (const { dimensions: d } of readsOf(def.metric)) {
      for (const name of Object.keys(d)) {
        const v = d[name]!;
        if (name === 'ClusterName' || name === 'ServiceName') add(`ecs:${d.ClusterName}/${d.ServiceName}`, () => ecs(d.ClusterName ?? '', d.ServiceName ?? ''));
        else if (name === 'LoadBalancer') add(`lb:${v}`, () => loadBalancer(v));
        else if (name === 'TargetGroup') add(`tg:${v}`, () => targetGroup(v));
        else if (name === 'DBInstanceIdentifier') add(`db:${v}`, () => status('db instance', 'DB instance', v, (id) => aws.dbInstanceStatus(id)));
        else if (name === 'CacheClusterId') add(`cache:${v}`, () => status('cache cluster', 'cache cluster', v, (id) => aws.cacheClusterStatus(id)));
        else add(`?:${name}`, async () => ({ check: 'resource', result: 'fail', detail: `verify has no lookup for dimension ${name}` }));
      }
    }
    if (def.service === 'ecs') add('logs', () => logGroup(r.ecsLogGroup));
    return checks;
  };
}

const sameDimensions = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

function metricCheck(aws: VerifyAws, once: ReturnType<typeof memo<Finding>>, m: MetricRead): Promise<Finding> {
  return once(`metric:${metricKey(m)}`, () =>
    guarded('metric listed', async () => {
      const listed = await aws.listedDimensions(m);
      if (listed.some((d) => sameDimensions(d, m.dimensions))) return { check: 'metric listed', result: 'ok', detail: describe(m) };
      if (isSparse(m)) {
        return { check: 'metric listed', result: 'note', detail: `${describe(m)} not listed: published only when non-zero (datapoints checks its resources)` };
      }
      return { check: 'metric listed', result: 'fail', detail: `CloudWatch lists no ${describe(m)} (ListMetrics covers two weeks)` };
    }),
  );
}

const topicArn = (config: StageConfig, severity: string) =>
  new RegExp(`^arn:aws[a-z-]*:sns:${config.region}:\\d{12}:${severityTopicName(config.stage, severity)}$`);

/** Deployed dimensions per metric: the single metric's, or each metric-math input's by id. */
function deployedDimensions(a: MetricAlarm): Record<string, Record<string, string>> {
  const toRecord = (ds: Array<{ Name?: string; Value?: string }> | undefined) => Object.fromEntries((ds ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
  if (!a.Metrics?.length) return { metric: toRecord(a.Dimensions) };
  return Object.fromEntries(a.Metrics.filter((q) => q.MetricStat).map((q) => [q.Id ?? '', toRecord(q.MetricStat?.Metric?.Dimensions)]));
}

/** Each setting where the deployed alarm differs from the catalog, as a named failure. */
function alarmFindings(config: StageConfig, def: AlarmDefinition, a: MetricAlarm): Finding[] {
  const periods = a.Metrics?.length ? [...new Set(a.Metrics.flatMap((q) => (q.MetricStat ? [q.MetricStat.Period] : [])))] : [a.Period];
  const expectedDims =
    def.metric.type === 'metric' ? { metric: def.metric.dimensions } : Object.fromEntries(def.metric.metrics.map((i) => [i.id, i.dimensions]));
  const topic = topicArn(config, def.severity);
  const actions = (arns: string[] | undefined) => arns?.length === 1 && topic.test(arns[0]!);
  const expectTopic = `the ${severityTopicName(config.stage, def.severity)} topic`;
  const differences: Array<[string, boolean, unknown, unknown]> = [
    ['threshold', a.Threshold === def.threshold, a.Threshold, def.threshold],
    ['comparison', a.ComparisonOperator === def.comparison, a.ComparisonOperator, def.comparison],
    ['period', periods.length === 1 && periods[0] === def.periodSeconds, periods.join('/'), def.periodSeconds],
    ['evaluation periods', a.EvaluationPeriods === def.evaluationPeriods, a.EvaluationPeriods, def.evaluationPeriods],
    ['datapoints to alarm', (a.DatapointsToAlarm ?? a.EvaluationPeriods) === def.datapointsToAlarm, a.DatapointsToAlarm, def.datapointsToAlarm],
    ['missing data', (a.TreatMissingData ?? 'missing') === def.treatMissingData, a.TreatMissingData, def.treatMissingData],
    ['dimensions', JSON.stringify(sortDeep(deployedDimensions(a))) === JSON.stringify(sortDeep(expectedDims)), deployedDimensions(a), expectedDims],
    ['actions', actions(a.AlarmActions), a.AlarmActions, expectTopic],
    ['ok actions', actions(a.OKActions), a.OKActions, expectTopic],
  ];
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v ?? null));
  const failed = differences.filter(([, same]) => !same);
  if (failed.length === 0) return [{ check: 'alarm', result: 'ok', detail: 'threshold, period, evaluation, dimensions and actions match the catalog' }];
  return failed.map(([field, , deployed, expected]) => ({
    check: `alarm ${field}`,
    result: 'fail',
    detail: `deployed ${text(deployed)}, catalog ${text(expected)}`,
  }));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortDeep(x)]));
}

/**
 * Every check for every enabled alarm of the stage: its resources exist, its metrics exist with these
 * dimensions, its liveness metric had samples in the last 24 h, and the deployed alarm matches the catalog.
 */
export async function verifyStage(config: StageConfig, aws: VerifyAws, now: Date): Promise<Row[]> {
  const catalog = catalogFor(config).filter((d) => d.enabled);
  const once = memo<Finding>();
  const resources = resourceChecks(config, aws, once);
  const liveness = catalog.map((d) => livenessMetric(config.resources, d));
  const samples = settle(aws.periodsWithSamples(liveness, new Date(now.getTime() - DAY_MS), now));
  const deployed = settle(aws.alarms(catalog.map((d) => alarmName(config.stage, d.id))));
  const rows: Row[] = [];
  for (const [i, def] of catalog.entries()) {
    const findings: Finding[] = await Promise.all([
      ...resources(def),
      ...[...new Map(readsOf(def.metric).map((m) => [metricKey(m), m])).values()].map((m) => metricCheck(aws, once, m)),
    ]);
    findings.push(
      await guarded('datapoints 24 h', async () => {
        const n = (await valueOf(samples))[i] ?? 0;
        const m = liveness[i]!;
        return n > 0
          ? { check: 'datapoints 24 h', result: 'ok', detail: `${n} of 24 hours have samples of ${m.namespace} ${m.name}` }
          : { check: 'datapoints 24 h', result: 'fail', detail: `no datapoints in the last 24 h for ${describe(m)}` };
      }),
    );
    const name = alarmName(config.stage, def.id);
    try {
      const alarm = (await valueOf(deployed)).find((a) => a.AlarmName === name);
      findings.push(...(alarm ? alarmFindings(config, def, alarm) : [{ check: 'alarm deployed', result: 'fail' as const, detail: `no alarm ${name}: deploy the stage` }]));
    } catch (error) {
      findings.push(awsError('alarm deployed', error));
    }
    rows.push(...findings.map((f) => ({ alarm: def.id, ...f })));
  }
  return rows;
}

export const problems = (rows: readonly Row[]): Row[] => rows.filter((r) => r.result === 'fail');
