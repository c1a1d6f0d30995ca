import type { Alert, AlarmState, Severity, Unrecognised } from '../../src/model/alert.js';
import type { DeepLinks, EnrichedAlert } from '../../src/model/enriched.js';

/**
 * Realistic alerts as the pipeline sees them after parse and enrich, for tests of every step.
 * The base case is a production, critical ECS CPU alarm with everything enriched; the variants
 * cover OK, metric math, anomaly detection, composite, a hand-made alarm outside the catalog,
 * staging, INSUFFICIENT_DATA, and an alert enrichment could do nothing for.
 *
 * Every builder takes overrides; `alert` overrides are merged into the alert, the rest replace.
 */

export type EnrichedOverrides = Partial<Omit<EnrichedAlert, 'alert'>> & { alert?: Partial<Alert> };

export const ACCOUNT = '412345678901';
export const REGION = 'eu-west-1';
const CONSOLE = `https://${REGION}.console.aws.amazon.com`;
const RUNBOOKS = 'https://github.com/ohmycoins/ohmycoins-alerting/blob/main/docs/runbooks';

export const alarmArn = (name: string, region = REGION): string => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;
export const topicArn = (stage: string, severity: string): string =>
  `arn:aws:sns:${REGION}:${ACCOUNT}:ohmycoins-${stage}-alerts-${severity}`;

/** CloudWatch console deep links the way enrichment builds them (alarm name URI-encoded once). */
export const consoleLinks = {
  alarm: (name: string): string => `${CONSOLE}/cloudwatch/home?region=${REGION}#alarmsV2:alarm/${encodeURIComponent(name)}`,
  dashboard: (stage: string): string => `${CONSOLE}/cloudwatch/home?region=${REGION}#dashboards/dashboard/ohmycoins-${stage}`,
  ecsService: (stage: string): string =>
    `${CONSOLE}/ecs/v2/clusters/ohmycoins-${stage}/services/ohmycoins-${stage}-backend/health?region=${REGION}`,
  ecsLogs: (stage: string): string =>
    `${CONSOLE}/cloudwatch/home?region=${REGION}#logsV2:log-groups/log-group/$252Fecs$252Fohmycoins-${stage}-backend`,
  rds: (id: string): string => `${CONSOLE}/rds/home?region=${REGION}#database:id=${id};is-cluster=false`,
  targetGroup: (stage: string): string =>
    `${CONSOLE}/ec2/home?region=${REGION}#TargetGroups:search=ohmycoins-${stage}-api`,
};

function metricGraph(namespace: string, metric: string, dims: Record<string, string>, stat: string): string {
  const d = Object.entries(dims).map(([k, v]) => `~'${k}~'${v}`).join('');
  return (
    `${CONSOLE}/cloudwatch/home?region=${REGION}#metricsV2?graph=~(metrics~(~(~'${namespace.replace('/', '*2f')}~'${metric}${d}))` +
    `~period~60~stat~'${stat}~start~'2025-05-14T08*3a21*3a00Z~end~'2025-05-14T09*3a36*3a00Z~region~'${REGION})`
  );
}

function merge(base: EnrichedAlert, o: EnrichedOverrides = {}): EnrichedAlert {
  const { alert, ...rest } = o;
  return { ...base, ...rest, alert: { ...base.alert, ...alert } };
}

const ECS_DIMS = { ClusterName: 'ohmycoins-production', ServiceName: 'ohmycoins-production-backend' };

/** Production, critical: the backend's CPU crossed 80 % for 3 minutes. Everything enriched. */
export function enrichedAlert(o?: EnrichedOverrides): EnrichedAlert {
  const name = 'ohmycoins-production-ecs-cpu-high';
  return merge(
    {
      alert: {
        kind: 'metric',
        alarmName: name,
        alarmArn: alarmArn(name),
        description:
          'Backend tasks above 80 % CPU for 3 minutes: requests queue and latency rises. [alarm-id:ecs-cpu-high]',
        state: 'ALARM',
        previousState: 'OK',
        reason:
          'Threshold Crossed: 3 out of the last 3 datapoints [93.4 (14/05/25 09:20:00), 91.2 (14/05/25 09:19:00), ' +
          '88.7 (14/05/25 09:18:00)] were greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).',
        reasonData: {
          version: '1.0',
          queryDate: '2025-05-14T09:21:37.405+0000',
          startDate: '2025-05-14T09:18:00.000+0000',
          statistic: 'Average',
          period: 60,
          recentDatapoints: [88.7, 91.2, 93.4],
          threshold: 80.0,
          evaluatedDatapoints: [
            { timestamp: '2025-05-14T09:20:00.000+0000', sampleCount: 2.0, value: 93.4 },
            { timestamp: '2025-05-14T09:19:00.000+0000', sampleCount: 2.0, value: 91.2 },
            { timestamp: '2025-05-14T09:18:00.000+0000', sampleCount: 2.0, value: 88.7 },
          ],
        },
        stateChangeTime: '2025-05-14T09:21:37.412+0000',
        region: REGION,
        partition: 'aws',
        account: ACCOUNT,
        trigger: {
          metric: { namespace: 'AWS/ECS', name: 'CPUUtilization', dimensions: { ...ECS_DIMS } },
          statistic: 'Average',
          period: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          comparison: 'GreaterThanThreshold',
          threshold: 80,
          treatMissingData: 'missing',
        },
        source: {
          format: 'sns-alarm',
          messageId: '5c3a1f0e-8d7b-5e42-9a61-2f0c4b7d9e13',
          topicArn: topicArn('production', 'critical'),
          receivedAt: '2025-05-14T09:21:38.105Z',
        },
      },
      stage: 'production',
      severity: 'critical',
      severitySource: 'topic',
      catalog: {
        id: 'ecs-cpu-high',
        title: 'ECS CPU high',
        meaning: 'The backend is CPU-bound: API requests queue and traders see slow or failed orders.',
        owner: 'platform team (@platform-oncall)',
        runbookUrl: `${RUNBOOKS}/ecs-cpu-high.md`,
      },
      thresholdText: 'Average CPU of the backend service above 80 % for 3 of 3 minutes',
      current: { value: 93.4, text: '93.4 %', distance: '13.4 points above the threshold' },
      trend: {
        sparkline: '▁▁▂▂▂▃▃▄▅▆▇█ 93.4 (threshold 80 ┄)',
        cells: '▁▁▂▂▂▃▃▄▅▆▇█',
        span: '60 min',
        from: '2025-05-14T08:21:00.000Z',
        to: '2025-05-14T09:21:00.000Z',
        min: 41.2,
        max: 93.4,
        points: 3,
      },
      history: { summary: 'fired 2 times in the last 24 h', firedLast24h: 2, flapping: false },
      links: {
        alarm: consoleLinks.alarm(name),
        metrics: metricGraph('AWS/ECS', 'CPUUtilization', ECS_DIMS, 'Average'),
        dashboard: consoleLinks.dashboard('production'),
        runbook: `${RUNBOOKS}/ecs-cpu-high.md`,
        resources: [
          { label: 'ECS service ohmycoins-production-backend', url: consoleLinks.ecsService('production') },
          { label: 'Backend logs', url: consoleLinks.ecsLogs('production') },
        ],
        children: [],
      },
      notes: [],
    },
    o,
  );
}

/** The same alarm 17 minutes later, back to OK. */
export function resolvedAlert(o?: EnrichedOverrides): EnrichedAlert {
  const base = enrichedAlert();
  return merge(
    {
      ...base,
      alert: {
        ...base.alert,
        state: 'OK',
        previousState: 'ALARM',
        reason:
          'Threshold Crossed: 3 out of the last 3 datapoints [52.1 (14/05/25 09:37:00), 55.8 (14/05/25 09:36:00), ' +
          '61.0 (14/05/25 09:35:00)] were not greater than the threshold (80.0) (minimum 3 datapoints for ALARM -> OK transition).',
        stateChangeTime: '2025-05-14T09:38:41.027+0000',
        source: { ...base.alert.source, messageId: '0b9d6e2f-4c1a-5f38-b7e0-91d3a5c8f246', receivedAt: '2025-05-14T09:38:41.633Z' },
      },
      current: { value: 52.1, text: '52.1 %', distance: '27.9 points below the threshold' },
      history: { summary: 'fired 3 times in the last 24 h', firedLast24h: 3, flapping: false, alarmDuration: '17 min' },
    },
    o,
  );
}

/** Metric math: the share of 5xx responses of all API requests. */
export function metricMathAlert(o?: EnrichedOverrides): EnrichedAlert {
  const name = 'ohmycoins-production-alb-5xx-rate';
  const lb = { LoadBalancer: 'app/ohmycoins-production-alb/9a7b3c1d5e2f4a68' };
  const base = enrichedAlert();
  return merge(
    {
      ...base,
      alert: {
        ...base.alert,
        kind: 'metric-math',
        alarmName: name,
        alarmArn: alarmArn(name),
        description: '5xx responses above 5 % of requests. [alarm-id:alb-5xx-rate]',
        reason:
          'Threshold Crossed: 1 out of the last 1 datapoints [7.8 (14/05/25 09:15:00)] was greater than the threshold (5.0) ' +
          '(minimum 1 datapoint for OK -> ALARM transition).',
        reasonData: undefined,
        trigger: {
          period: 300,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparison: 'GreaterThanThreshold',
          threshold: 5,
          treatMissingData: 'notBreaching',
          queries: [
            { id: 'e1', label: '5xx rate', returnData: true, expression: '100 * (m1 + m2) / m3' },
            { id: 'm1', returnData: false, stat: 'Sum', period: 300, metric: { namespace: 'AWS/ApplicationELB', name: 'HTTPCode_ELB_5XX_Count', dimensions: lb } },
            { id: 'm2', returnData: false, stat: 'Sum', period: 300, metric: { namespace: 'AWS/ApplicationELB', name: 'HTTPCode_Target_5XX_Count', dimensions: lb } },
            { id: 'm3', returnData: false, stat: 'Sum', period: 300, metric: { namespace: 'AWS/ApplicationELB', name: 'RequestCount', dimensions: lb } },
          ],
        },
      },
      catalog: {
        id: 'alb-5xx-rate',
        title: 'API 5xx rate high',
        meaning: 'Requests to the API are failing: traders get errors placing and cancelling orders.',
        owner: 'platform team (@platform-oncall)',
        runbookUrl: `${RUNBOOKS}/alb-5xx-rate.md`,
      },
      thresholdText: '5xx responses (ELB + targets) above 5 % of requests in 5 minutes, 1 of 1 datapoints',
      current: { value: 7.8, text: '7.8 %', distance: '2.8 points above the threshold' },
      trend: { ...base.trend!, sparkline: '▁▁▁▁▁▁▁▁▂▃▆█ 7.8 (threshold 5 ┄)', min: 0.1, max: 7.8, points: 2 },
      links: {
        ...base.links,
        alarm: consoleLinks.alarm(name),
        metrics: metricGraph('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', lb, 'Sum'),
        runbook: `${RUNBOOKS}/alb-5xx-rate.md`,
        resources: [{ label: 'Target group ohmycoins-production-api', url: consoleLinks.targetGroup('production') }],
      },
    },
    o,
  );
}

/** Anomaly detection: request count outside its expected band (no fixed threshold). */
export function anomalyAlert(o?: EnrichedOverrides): EnrichedAlert {
  const name = 'ohmycoins-production-alb-requests-anomaly';
  const lb = { LoadBalancer: 'app/ohmycoins-production-alb/9a7b3c1d5e2f4a68' };
  const base = enrichedAlert();
  return merge(
    {
      ...base,
      alert: {
        ...base.alert,
        kind: 'anomaly',
        alarmName: name,
        alarmArn: alarmArn(name),
        description: 'API traffic outside its usual band. [alarm-id:alb-requests-anomaly]',
        reason:
          'Thresholds Crossed: 3 out of the last 3 datapoints [18342.0 (14/05/25 09:15:00), 17120.0 (14/05/25 09:10:00), ' +
          '16011.0 (14/05/25 09:05:00)] were greater than the upper thresholds [9876.5, 9790.2, 9702.8] ' +
          '(minimum 3 datapoints for OK -> ALARM transition).',
        reasonData: undefined,
        trigger: {
          period: 300,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          comparison: 'LessThanLowerOrGreaterThanUpperThreshold',
          thresholdMetricId: 'ad1',
          treatMissingData: 'missing',
          queries: [
            { id: 'm1', returnData: true, stat: 'Sum', period: 300, metric: { namespace: 'AWS/ApplicationELB', name: 'RequestCount', dimensions: lb } },
            { id: 'ad1', label: 'RequestCount (expected)', returnData: true, expression: 'ANOMALY_DETECTION_BAND(m1, 2)' },
          ],
        },
      },
      severity: 'warning',
      severitySource: 'topic',
      catalog: {
        id: 'alb-requests-anomaly',
        title: 'Unusual API traffic',
        meaning: 'Traffic is far from its usual pattern: a bot, an outage upstream, or a marketing spike.',
        owner: 'platform team (@platform-oncall)',
        runbookUrl: `${RUNBOOKS}/alb-requests-anomaly.md`,
      },
      thresholdText: 'request count outside the expected band (2 standard deviations) for 3 of 3 periods of 5 minutes',
      current: { value: 18342, text: '18,342 requests' },
      trend: { ...base.trend!, sparkline: '▂▂▃▂▂▃▃▂▃▅▇█ 18,342 (band 8,900–9,877)', min: 8120, max: 18342, points: 3 },
      links: {
        ...base.links,
        alarm: consoleLinks.alarm(name),
        metrics: metricGraph('AWS/ApplicationELB', 'RequestCount', lb, 'Sum'),
        runbook: `${RUNBOOKS}/alb-requests-anomaly.md`,
        resources: [{ label: 'Target group ohmycoins-production-api', url: consoleLinks.targetGroup('production') }],
      },
    },
    o,
  );
}

/** Composite: backend degraded because two of its children are in ALARM. */
export function compositeAlert(o?: EnrichedOverrides): EnrichedAlert {
  const name = 'ohmycoins-production-backend-degraded';
  const cpu = 'ohmycoins-production-ecs-cpu-high';
  const latency = 'ohmycoins-production-alb-target-latency-high';
  const errors = 'ohmycoins-production-alb-5xx-rate';
  const base = enrichedAlert();
  return merge(
    {
      alert: {
        kind: 'composite',
        alarmName: name,
        alarmArn: alarmArn(name),
        description: 'CPU and latency high together: the backend is saturated. [alarm-id:backend-degraded]',
        state: 'ALARM',
        previousState: 'OK',
        reason: `${alarmArn(latency)} transitioned to ALARM at Wednesday 14 May, 2025 09:21:37 UTC`,
        stateChangeTime: '2025-05-14T09:21:37.874+0000',
        region: REGION,
        partition: 'aws',
        account: ACCOUNT,
        composite: {
          rule: `ALARM("${cpu}") AND (ALARM("${latency}") OR ALARM("${errors}"))`,
          triggeringChildren: [
            { arn: alarmArn(cpu), name: cpu, state: 'ALARM', timestamp: '2025-05-14T09:21:37.412+0000' },
            { arn: alarmArn(latency), name: latency, state: 'ALARM', timestamp: '2025-05-14T09:21:30.118+0000' },
          ],
        },
        source: { ...base.alert.source, messageId: '8e21c4b7-3f6d-5a09-b2c8-6d4e1f7a3b90' },
      },
      stage: 'production',
      severity: 'critical',
      severitySource: 'topic',
      catalog: {
        id: 'backend-degraded',
        title: 'Backend degraded',
        meaning: 'The backend is saturated: orders are slow and some fail.',
        owner: 'platform team (@platform-oncall)',
        runbookUrl: `${RUNBOOKS}/backend-degraded.md`,
      },
      links: {
        alarm: consoleLinks.alarm(name),
        dashboard: consoleLinks.dashboard('production'),
        runbook: `${RUNBOOKS}/backend-degraded.md`,
        resources: [],
        children: [
          { label: cpu, url: consoleLinks.alarm(cpu) },
          { label: latency, url: consoleLinks.alarm(latency) },
        ],
      },
      history: { summary: 'first time in the last 24 h', firedLast24h: 1, flapping: false },
      notes: [],
    },
    o,
  );
}

/** An alarm someone made by hand in the console: not in the catalog, no runbook, no owner. */
export function nonCatalogAlert(o?: EnrichedOverrides): EnrichedAlert {
  const name = 'RDS free storage < 10GB (manual, incident 2025-04-02)';
  const dims = { DBInstanceIdentifier: 'ohmycoins-production-db' };
  return merge(
    {
      alert: {
        kind: 'metric',
        alarmName: name,
        alarmArn: alarmArn(name),
        description: 'created by hand during the disk incident, remove once the catalog alarm lands',
        state: 'ALARM',
        previousState: 'OK',
        reason:
          'Threshold Crossed: 1 datapoint [8.80469248E9 (14/05/25 08:55:00)] was less than the threshold (1.073741824E10).',
        stateChangeTime: '2025-05-14T08:56:12.530+0000',
        region: REGION,
        partition: 'aws',
        account: ACCOUNT,
        trigger: {
          metric: { namespace: 'AWS/RDS', name: 'FreeStorageSpace', dimensions: dims },
          statistic: 'Minimum',
          period: 300,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparison: 'LessThanThreshold',
          threshold: 10737418240,
          treatMissingData: 'missing',
          unit: 'Bytes',
        },
        source: {
          format: 'sns-alarm',
          messageId: 'd4f7a2c9-1e6b-5c30-8f4d-7a2b9e0c5d61',
          topicArn: topicArn('production', 'warning'),
          receivedAt: '2025-05-14T08:56:13.002Z',
        },
      },
      stage: 'production',
      severity: 'warning',
      severitySource: 'topic',
      current: { value: 8.2, text: '8.2 GB', distance: '1.8 GB below the threshold' },
      history: { summary: 'first time in the last 24 h', firedLast24h: 1, flapping: false },
      links: {
        alarm: consoleLinks.alarm(name),
        metrics: metricGraph('AWS/RDS', 'FreeStorageSpace', dims, 'Minimum'),
        dashboard: consoleLinks.dashboard('production'),
        resources: [{ label: 'RDS instance ohmycoins-production-db', url: consoleLinks.rds('ohmycoins-production-db') }],
        children: [],
      },
      notes: ['not in the alarm catalog: no runbook, owner or impact known'],
    },
    o,
  );
}

/** The ECS CPU alarm in staging (staging never pages). */
export function stagingAlert(o?: EnrichedOverrides): EnrichedAlert {
  const name = 'ohmycoins-staging-ecs-cpu-high';
  const dims = { ClusterName: 'ohmycoins-staging', ServiceName: 'ohmycoins-staging-backend' };
  const base = enrichedAlert();
  const links: DeepLinks = {
    alarm: consoleLinks.alarm(name),
    metrics: metricGraph('AWS/ECS', 'CPUUtilization', dims, 'Average'),
    dashboard: consoleLinks.dashboard('staging'),
    runbook: `${RUNBOOKS}/ecs-cpu-high.md`,
    resources: [
      { label: 'ECS service ohmycoins-staging-backend', url: consoleLinks.ecsService('staging') },
      { label: 'Backend logs', url: consoleLinks.ecsLogs('staging') },
    ],
    children: [],
  };
  return merge(
    {
      ...base,
      alert: {
        ...base.alert,
        alarmName: name,
        alarmArn: alarmArn(name),
        trigger: { ...base.alert.trigger, metric: { namespace: 'AWS/ECS', name: 'CPUUtilization', dimensions: dims } },
        source: { ...base.alert.source, topicArn: topicArn('staging', 'critical') },
      },
      stage: 'staging',
      links,
    },
    o,
  );
}

/** CloudWatch lost the metric (tasks stopped reporting). */
export function noDataAlert(o?: EnrichedOverrides): EnrichedAlert {
  return enrichedAlert({
    current: undefined,
    trend: undefined,
    ...o,
    alert: {
      state: 'INSUFFICIENT_DATA',
      previousState: 'OK',
      reason:
        'Insufficient Data: 3 datapoints were unknown. (minimum 3 datapoints for OK -> INSUFFICIENT_DATA transition).',
      stateChangeTime: '2025-05-14T10:02:11.908+0000',
      ...o?.alert,
    },
  });
}

/** An old-style payload (no ARN) that enrichment could do nothing for: every fetch failed. */
export function minimalAlert(o?: EnrichedOverrides): EnrichedAlert {
  return merge(
    {
      alert: {
        kind: 'metric',
        alarmName: 'awsrds-ohmycoins-production-db-High-CPU-Utilization',
        state: 'ALARM',
        reason:
          'Threshold Crossed: 1 datapoint [97.5 (14/05/25 09:40:00)] was greater than or equal to the threshold (90.0).',
        stateChangeTime: '2025-05-14T09:41:02.118+0000',
        region: REGION,
        partition: 'aws',
        account: ACCOUNT,
        trigger: {
          metric: { namespace: 'AWS/RDS', name: 'CPUUtilization', dimensions: { DBInstanceIdentifier: 'ohmycoins-production-db' } },
          statistic: 'Average',
          period: 300,
          evaluationPeriods: 1,
          comparison: 'GreaterThanOrEqualToThreshold',
          threshold: 90,
        },
        source: { format: 'sns-alarm', messageId: 'a1c9e7f3-5b2d-5e84-9c06-3f8b1d4a7e25', topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:ohmycoins-production-alarms` },
      },
      stage: 'production',
      severity: 'warning',
      severitySource: 'default',
      links: { resources: [], children: [] },
      notes: [
        'catalog: no definition for this alarm',
        'trend unavailable: CloudWatch GetMetricData timed out after 1500 ms',
        'history unavailable: DescribeAlarmHistory was throttled',
      ],
    },
    o,
  );
}

/** A CodePipeline notification that landed on an alarm topic. */
export function unrecognised(o: Partial<Unrecognised> = {}): Unrecognised {
  return {
    kind: 'unrecognised',
    problem: 'not a CloudWatch alarm: JSON message without AlarmName (CodePipeline Pipeline Execution State Change?)',
    subject: 'AWS Notification Message',
    raw: JSON.stringify({
      account: ACCOUNT,
      detailType: 'CodePipeline Pipeline Execution State Change',
      region: REGION,
      source: 'aws.codepipeline',
      time: '2025-05-14T09:12:44Z',
      detail: { pipeline: 'ohmycoins-backend', 'execution-id': '1f0e9a7c-2b4d-4c8e-a6f1-0d3b5e7c9a21', state: 'FAILED' },
    }),
    source: {
      messageId: '3e7b0d1a-9c4f-5b62-8a1e-5f2c7d9b0e48',
      topicArn: topicArn('production', 'critical'),
      receivedAt: '2025-05-14T09:12:45.331Z',
      eventSource: 'aws:sns',
    },
    ...o,
  };
}

/** The storm window the digest tests use: 2025-05-14 09:20 to 09:25 UTC. */
export const STORM_WINDOW = { from: '2025-05-14T09:20:00Z', to: '2025-05-14T09:25:00Z' };

/** One notification of alarm `id` during that window, at 09:2`minute` (its catalog title is `Title <id>`). */
export function stormNotification(id: string, severity: Severity, state: AlarmState, minute: number, previousState?: AlarmState): EnrichedAlert {
  const name = `ohmycoins-production-${id}`;
  return enrichedAlert({
    severity,
    alert: { alarmName: name, alarmArn: alarmArn(name), state, previousState, stateChangeTime: `2025-05-14T09:2${minute}:00.000+0000` },
    catalog: { ...enrichedAlert().catalog!, id, title: `Title ${id}` },
    links: { ...enrichedAlert().links, alarm: consoleLinks.alarm(name) },
  });
}

/** Every alert shape above, named, for the limits and schema checks each formatter runs over all of them. */
export const ALERT_VARIANTS: Array<[string, () => EnrichedAlert]> = [
  ['critical ECS CPU ALARM', enrichedAlert],
  ['OK after 17 min', resolvedAlert],
  ['metric math', metricMathAlert],
  ['anomaly detection', anomalyAlert],
  ['composite', compositeAlert],
  ['alarm outside the catalog', nonCatalogAlert],
  ['staging', stagingAlert],
  ['INSUFFICIENT_DATA', noDataAlert],
  ['no enrichment', minimalAlert],
];
