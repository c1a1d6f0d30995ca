import type { AlarmDefinition } from '../../src/alarms/types.js';
import type { StageConfig } from '../../src/config/stage.js';
import { production } from '../../src/config/stages/production.js';
import type { Alert } from '../../src/model/alert.js';

/**
 * Alerts as parse produces them and catalog definitions shaped like the real catalog's, written here so
 * these tests do not move when the catalog's content does. Alert values follow test/events/*.json and
 * the CloudWatch documentation's example events.
 */

export const ACCOUNT = '123456789012';
export const config: StageConfig = production;

const GIB = 1024 ** 3;

export const ecsCpuHigh: AlarmDefinition = {
  id: 'ecs-cpu-high',
  title: 'Backend CPU high',
  severity: 'critical',
  service: 'ecs',
  metric: {
    type: 'metric',
    namespace: 'AWS/ECS',
    name: 'CPUUtilization',
    dimensions: { ClusterName: 'ohmycoins-production', ServiceName: 'ohmycoins-production-backend' },
    statistic: 'Average',
  },
  comparison: 'GreaterThanThreshold',
  threshold: 80,
  displayUnit: '%',
  periodSeconds: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  treatMissingData: 'missing',
  meaning: 'API requests slow down and tasks may be replaced.',
  runbook: 'docs/runbooks/ecs-cpu-high.md',
  owner: 'platform',
  enabled: true,
};

export const alb5xx: AlarmDefinition = {
  id: 'alb-5xx',
  title: 'API returns 5xx',
  severity: 'critical',
  service: 'alb',
  metric: {
    type: 'math',
    expression: 'elb + target',
    label: '5xx responses (ELB + targets, sum)',
    metrics: [
      { id: 'elb', namespace: 'AWS/ApplicationELB', name: 'HTTPCode_ELB_5XX_Count', dimensions: { LoadBalancer: 'app/ohmycoins-production-alb/9a7b3c1d5e2f4a68' }, statistic: 'Sum' },
      {
        id: 'target',
        namespace: 'AWS/ApplicationELB',
        name: 'HTTPCode_Target_5XX_Count',
        dimensions: { LoadBalancer: 'app/ohmycoins-production-alb/9a7b3c1d5e2f4a68', TargetGroup: 'targetgroup/ohmycoins-production-api/3f6e9d2c8b1a7e54' },
        statistic: 'Sum',
      },
    ],
  },
  comparison: 'GreaterThanThreshold',
  threshold: 10,
  displayUnit: '',
  periodSeconds: 300,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  treatMissingData: 'notBreaching',
  meaning: 'Users see errors.',
  runbook: 'docs/runbooks/alb-5xx.md',
  owner: 'backend',
  enabled: true,
};

export const albLatency: AlarmDefinition = {
  ...ecsCpuHigh,
  id: 'alb-latency-p99',
  title: 'API slow (p99)',
  service: 'alb',
  metric: {
    type: 'metric',
    namespace: 'AWS/ApplicationELB',
    name: 'TargetResponseTime',
    dimensions: { LoadBalancer: 'app/ohmycoins-production-alb/9a7b3c1d5e2f4a68', TargetGroup: 'targetgroup/ohmycoins-production-api/3f6e9d2c8b1a7e54' },
    statistic: 'p99',
  },
  comparison: 'GreaterThanOrEqualToThreshold',
  threshold: 2,
  displayUnit: 's',
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  runbook: 'docs/runbooks/alb-latency-p99.md',
};

export const rdsStorageLow: AlarmDefinition = {
  ...ecsCpuHigh,
  id: 'rds-storage-low',
  title: 'Database disk almost full',
  service: 'rds',
  metric: { type: 'metric', namespace: 'AWS/RDS', name: 'FreeStorageSpace', dimensions: { DBInstanceIdentifier: 'ohmycoins-production-db' }, statistic: 'Minimum' },
  comparison: 'LessThanThreshold',
  threshold: 10 * GIB,
  displayUnit: 'GB',
  toDisplay: (bytes) => bytes / GIB,
  periodSeconds: 300,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  runbook: 'docs/runbooks/rds-storage-low.md',
  owner: 'data',
};

/** test/events/ecs-cpu-alarm.json as parse reads it. */
export function ecsCpuAlarm(overrides: Partial<Alert> = {}): Alert {
  return {
    kind: 'metric',
    alarmName: 'ohmycoins-production-ecs-cpu-high',
    alarmArn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:ohmycoins-production-ecs-cpu-high`,
    description: 'Backend CPU above 80 % for 3 minutes: API requests slow down and tasks may be replaced. [alarm-id:ecs-cpu-high]',
    state: 'ALARM',
    previousState: 'OK',
    reason:
      'Threshold Crossed: 3 out of the last 3 datapoints [93.4 (14/05/24 09:41:00), 88.1 (14/05/24 09:40:00), 85.2 (14/05/24 09:39:00)] ' +
      'were greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).',
    reasonData: {
      version: '1.0',
      queryDate: '2024-05-14T09:42:27.391+0000',
      startDate: '2024-05-14T09:39:00.000+0000',
      statistic: 'Average',
      period: 60,
      recentDatapoints: [85.2, 88.1, 93.4],
      threshold: 80,
    },
    stateChangeTime: '2024-05-14T09:42:27.394+0000',
    region: 'eu-west-1',
    partition: 'aws',
    account: ACCOUNT,
    trigger: {
      metric: { namespace: 'AWS/ECS', name: 'CPUUtilization', dimensions: { ServiceName: 'ohmycoins-production-backend', ClusterName: 'ohmycoins-production' } },
      statistic: 'Average',
      period: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparison: 'GreaterThanThreshold',
      threshold: 80,
      treatMissingData: 'missing',
    },
    source: { format: 'sns-alarm', topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:ohmycoins-production-alerts-critical` },
    ...overrides,
  };
}

/** test/events/ecs-cpu-ok.json as parse reads it: 17 minutes after the ALARM. */
export function ecsCpuOk(overrides: Partial<Alert> = {}): Alert {
  return ecsCpuAlarm({
    state: 'OK',
    previousState: 'ALARM',
    reason:
      'Threshold Crossed: 1 out of the last 3 datapoints [61.2 (14/05/24 09:58:00)] was not greater than the threshold (80.0) ' +
      '(minimum 1 datapoint for ALARM -> OK transition).',
    reasonData: { version: '1.0', statistic: 'Average', period: 60, recentDatapoints: [84.9, 82.3, 61.2], threshold: 80 },
    stateChangeTime: '2024-05-14T09:59:27.405+0000',
    ...overrides,
  });
}

/** The CloudWatch user guide's "state change for a metric math alarm" event (region us-east-1). */
export function mathAlarm(overrides: Partial<Alert> = {}): Alert {
  const metric = (name: string) => ({ namespace: 'AWS/EC2', name, dimensions: { InstanceId: 'i-12345678901234567' } });
  return {
    kind: 'metric-math',
    alarmName: 'TotalNetworkTrafficTooHigh',
    alarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:TotalNetworkTrafficTooHigh`,
    description: 'Goes into alarm if total network traffic exceeds 10Kb',
    state: 'ALARM',
    previousState: 'INSUFFICIENT_DATA',
    reason:
      'Threshold Crossed: 1 out of the last 1 datapoints [45628.0 (02/10/19 17:10:00)] was greater than the threshold (10000.0) ' +
      '(minimum 1 datapoint for OK -> ALARM transition).',
    reasonData: { version: '1.0', period: 300, recentDatapoints: [45628.0], threshold: 10000.0 },
    stateChangeTime: '2019-10-02T17:20:48.554+0000',
    region: 'us-east-1',
    partition: 'aws',
    account: ACCOUNT,
    trigger: {
      comparison: 'GreaterThanThreshold',
      threshold: 10000,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      queries: [
        { id: 'e1', expression: 'SUM(METRICS())', label: 'Total Network Traffic', returnData: true },
        { id: 'm1', metric: metric('NetworkIn'), stat: 'Maximum', period: 300, returnData: false },
        { id: 'm2', metric: metric('NetworkOut'), stat: 'Maximum', period: 300, returnData: false },
      ],
    },
    source: { format: 'eventbridge' },
    ...overrides,
  };
}

/** Based on the CloudWatch user guide's "state change for an anomaly detection alarm" event, with 3 of 3 five-minute periods. */
export function anomalyAlarm(overrides: Partial<Alert> = {}): Alert {
  return {
    kind: 'anomaly',
    alarmName: 'EC2 CPU Utilization Anomaly',
    alarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:EC2 CPU Utilization Anomaly`,
    state: 'ALARM',
    previousState: 'OK',
    reason:
      'Thresholds Crossed: 1 out of the last 1 datapoints [0.0 (03/10/19 15:58:00)] was less than the lower thresholds ' +
      '[0.020599444741798756] or greater than the upper thresholds [0.3006915352732461] (minimum 1 datapoint for OK -> ALARM transition).',
    reasonData: {
      version: '1.0',
      period: 60,
      recentDatapoints: [0.0],
      recentLowerThresholds: [0.020599444741798756],
      recentUpperThresholds: [0.3006915352732461],
    },
    stateChangeTime: '2019-10-03T16:00:04.653+0000',
    region: 'us-east-1',
    partition: 'aws',
    account: ACCOUNT,
    trigger: {
      comparison: 'LessThanLowerOrGreaterThanUpperThreshold',
      thresholdMetricId: 'ad1',
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      queries: [
        { id: 'm1', metric: { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: 'i-12345678901234567' } }, stat: 'Average', period: 300, returnData: true },
        { id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 0.8)', label: 'CPUUtilization (expected)', returnData: true },
      ],
    },
    source: { format: 'eventbridge' },
    ...overrides,
  };
}

/** lambda-cloudwatch-slack's composite event: both children in ALARM. */
export function compositeAlarm(overrides: Partial<Alert> = {}): Alert {
  const child = (name: string, timestamp: string) => ({
    arn: `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:${name}`,
    name,
    state: 'ALARM',
    timestamp,
  });
  return {
    kind: 'composite',
    alarmName: 'composite-alarm',
    alarmArn: `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:composite-alarm`,
    description: 'A composite alarm.',
    state: 'ALARM',
    previousState: 'OK',
    reason: `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:Alarm1 transitioned to ALARM at Thursday 17 March, 2022 09:21:51 UTC`,
    stateChangeTime: '2022-03-17T09:21:51.792+0000',
    region: 'us-west-2',
    partition: 'aws',
    account: ACCOUNT,
    composite: {
      rule: 'ALARM("Alarm1") AND ALARM("Alarm2")',
      triggeringChildren: [child('Alarm1', '2022-03-17T09:21:51.792+0000'), child('Alarm2', '2022-03-17T09:21:37.874+0000')],
    },
    source: { format: 'sns-alarm' },
    ...overrides,
  };
}
