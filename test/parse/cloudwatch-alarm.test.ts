import { describe, expect, it } from 'vitest';
import { loadCorpusEvent, snsEvent } from '../support/corpus.js';
import { alertOf, unrecognisedOf } from './notices.js';

/** A CloudWatch SNS alarm message as sent today (with AlarmArn), for the synthetic cases to vary. */
const alarmMessage = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  AlarmName: 'ohmycoins-production-ecs-cpu-high',
  AlarmDescription: 'Backend CPU above 80 %. [alarm-id:ecs-cpu-high]',
  AWSAccountId: '123456789012',
  NewStateValue: 'ALARM',
  NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [93.4 (14/05/24 09:41:00)] was greater than the threshold (80.0).',
  StateChangeTime: '2024-05-14T09:42:27.394+0000',
  Region: 'EU (Ireland)',
  AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-ecs-cpu-high',
  OldStateValue: 'OK',
  Trigger: {
    MetricName: 'CPUUtilization',
    Namespace: 'AWS/ECS',
    StatisticType: 'Statistic',
    Statistic: 'AVERAGE',
    Unit: null,
    Dimensions: [{ value: 'ohmycoins-production', name: 'ClusterName' }],
    Period: 60,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 80.0,
    TreatMissingData: 'missing',
    EvaluateLowSampleCountPercentile: '',
  },
  ...overrides,
});

const alertFrom = (message: Record<string, unknown>) => alertOf(snsEvent(JSON.stringify(message)));

describe('CloudWatch SNS alarm: metric alarms from the corpus', () => {
  it('reads an alarm without AlarmArn from AWSAccountId and the Region display name', () => {
    const alert = alertOf(loadCorpusEvent('PRX-Infrastructure__test_event.json'));
    expect(alert).toMatchObject({
      kind: 'metric',
      alarmName: 'awsrds-app-High-DB-Connections',
      state: 'ALARM',
      previousState: 'OK',
      region: 'us-west-2',
      partition: 'aws',
      account: '123456789123',
      stateChangeTime: '2016-07-24T22:05:19.737Z',
    });
    expect(alert.alarmArn).toBeUndefined();
    expect(alert.description).toBeUndefined();
    expect(alert.notes).toBeUndefined();
  });

  it('normalises the trigger: statistic spelling, dimensions map, null unit', () => {
    const { trigger } = alertOf(loadCorpusEvent('PRX-Infrastructure__test_event.json'));
    expect(trigger).toMatchObject({
      metric: { namespace: 'AWS/RDS', name: 'DatabaseConnections', dimensions: { DBInstanceIdentifier: 'app' } },
      statistic: 'Average',
      period: 300,
      evaluationPeriods: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 10,
    });
    expect(trigger?.unit).toBeUndefined();
    expect(trigger?.queries).toBeUndefined();
  });

  it('takes region and account from AlarmArn', () => {
    const alert = alertOf(loadCorpusEvent('alarm-context-tool__DynamoDB.json'));
    expect(alert).toMatchObject({
      alarmName: 'ApplicationInsights/films-prod_resource_group/AWS/DynamoDB/ConsumedReadCapacityUnits/Movies/',
      alarmArn:
        'arn:aws:cloudwatch:us-east-1:180304385487:alarm:ApplicationInsights/films-prod_resource_group/AWS/DynamoDB/ConsumedReadCapacityUnits/Movies/',
      region: 'us-east-1',
      account: '180304385487',
      trigger: { datapointsToAlarm: 2, evaluationPeriods: 2, metric: { dimensions: { TableName: 'Movies' } } },
    });
    expect(alert.trigger?.treatMissingData).toBeUndefined();
  });

  it('cleans the legacy TreatMissingData string', () => {
    const alert = alertOf(loadCorpusEvent('aws-lambda-go__cloudwatch-alarm-sns-payload-single-metric.sns-lambda-event.json'));
    expect(alert.trigger).toMatchObject({ treatMissingData: 'missing', unit: 'Bytes', statistic: 'Average' });
  });

  it('reads an OK notification with the legacy NonBreaching spelling', () => {
    const alert = alertOf(loadCorpusEvent('terraform-aws-notify-slack__messages__cloudwatch_alarm.json'));
    expect(alert).toMatchObject({
      alarmName: 'DBMigrationRequired',
      description: 'App is reporting "A JPA error occurred(Unable to build EntityManagerFactory)"',
      state: 'OK',
      previousState: 'ALARM',
      account: '735598076380',
      trigger: { statistic: 'Sum', treatMissingData: 'notBreaching', comparison: 'LessThanThreshold', metric: { dimensions: {} } },
    });
  });

  it('keeps the SNS delivery in source', () => {
    expect(alertOf(loadCorpusEvent('lambda-cloudwatch-slack__sns-event.json')).source).toEqual({
      format: 'sns-alarm',
      messageId: '0d7a65e4-435e-5ff1-8e80-37e6fba3ef4f',
      topicArn: 'arn:aws:sns:eu-west-1:111111111111111:Sample-alert',
      receivedAt: '2017-08-07T18:51:41.652Z',
    });
  });
});

describe('CloudWatch SNS alarm: metric math, anomaly detection and composite', () => {
  it('reads a metric-math alarm and its queries', () => {
    const alert = alertOf(loadCorpusEvent('lambda-cloudwatch-slack__sns-cloudwatch-event-metricmath.json'));
    expect(alert).toMatchObject({ kind: 'metric-math', alarmName: 'Sample Metric Math Alert', region: 'us-east-1', account: '946184294613' });
    expect(alert.trigger).toMatchObject({ period: 60, threshold: 1000, comparison: 'GreaterThanThreshold', treatMissingData: 'missing' });
    expect(alert.trigger?.metric).toBeUndefined();
    expect(alert.trigger?.queries).toEqual([
      { id: 'e2', label: 'Expression2', returnData: true, expression: 'm1*100*m2 - MIN(m1)' },
      {
        id: 'm1',
        returnData: false,
        metric: { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: 'i-0a5c8ea70646e7b05' } },
        stat: 'Average',
        period: 60,
      },
      {
        id: 'm2',
        returnData: false,
        metric: { namespace: 'AWS/EC2', name: 'NetworkOut', dimensions: { InstanceId: 'i-0a5c8ea70646e7b05' } },
        stat: 'Average',
        period: 60,
      },
    ]);
  });

  it('reads an anomaly-detection alarm: band, threshold series, no threshold', () => {
    // Shape of a real notification (RDS CPU against an anomaly band), trimmed.
    const alert = alertFrom(
      alarmMessage({
        AlarmName: 'RDS Prod - CPU Util',
        AlarmArn: 'arn:aws:cloudwatch:us-west-1:123412341234:alarm:RDS Prod - CPU Util',
        Region: 'US West (N. California)',
        Trigger: {
          Period: 300,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 3,
          ComparisonOperator: 'GreaterThanUpperThreshold',
          ThresholdMetricId: 'ad1',
          TreatMissingData: 'missing',
          EvaluateLowSampleCountPercentile: '',
          Metrics: [
            {
              Id: 'm1',
              MetricStat: {
                Metric: {
                  Dimensions: [{ value: 'trailsoffroad-prod-v3', name: 'DBInstanceIdentifier' }],
                  MetricName: 'CPUUtilization',
                  Namespace: 'AWS/RDS',
                },
                Period: 300,
                Stat: 'Average',
              },
              ReturnData: true,
            },
            { Expression: 'ANOMALY_DETECTION_BAND(m1, 12)', Id: 'ad1', Label: 'CPUUtilization (expected)', ReturnData: true },
          ],
        },
      }),
    );
    expect(alert).toMatchObject({ kind: 'anomaly', region: 'us-west-1', account: '123412341234' });
    expect(alert.trigger).toMatchObject({
      thresholdMetricId: 'ad1',
      comparison: 'GreaterThanUpperThreshold',
      metric: { namespace: 'AWS/RDS', name: 'CPUUtilization', dimensions: { DBInstanceIdentifier: 'trailsoffroad-prod-v3' } },
      statistic: 'Average',
      period: 300,
    });
    expect(alert.trigger?.threshold).toBeUndefined();
    expect(alert.trigger?.queries).toHaveLength(2);
  });

  it('reads a composite alarm with its rule and triggering children', () => {
    const alert = alertOf(loadCorpusEvent('lambda-cloudwatch-slack__sns-cloudwatch-composite-event.json'));
    expect(alert).toMatchObject({ kind: 'composite', alarmName: 'composite-alarm', state: 'ALARM', region: 'us-west-2', account: '123456789123' });
    expect(alert.trigger).toBeUndefined();
    expect(alert.composite).toEqual({
      rule: 'ALARM("Alarm1") AND ALARM("Alarm2")',
      triggeringChildren: [
        { arn: 'arn:aws:cloudwatch:us-west-2:123456789123:alarm:Alarm1', name: 'Alarm1', state: 'ALARM', timestamp: '2022-03-17T09:21:51.792Z' },
        { arn: 'arn:aws:cloudwatch:us-west-2:123456789123:alarm:Alarm2', name: 'Alarm2', state: 'ALARM', timestamp: '2022-03-17T09:21:37.874Z' },
      ],
    });
  });
});

describe('CloudWatch SNS alarm: synthetic variations', () => {
  it('reads a GovCloud alarm ARN', () => {
    const alert = alertFrom(
      alarmMessage({ AlarmArn: 'arn:aws-us-gov:cloudwatch:us-gov-west-1:210987654321:alarm:gov-cpu', Region: 'AWS GovCloud (US-West)' }),
    );
    expect(alert).toMatchObject({ partition: 'aws-us-gov', region: 'us-gov-west-1', account: '210987654321' });
  });

  it('reads a China alarm ARN', () => {
    const alert = alertFrom(alarmMessage({ AlarmArn: 'arn:aws-cn:cloudwatch:cn-north-1:111122223333:alarm:cn-cpu', Region: 'China (Beijing)' }));
    expect(alert).toMatchObject({ partition: 'aws-cn', region: 'cn-north-1', account: '111122223333' });
  });

  it('uses the display-name table when AlarmArn is missing, China included', () => {
    const alert = alertFrom(alarmMessage({ AlarmArn: undefined, Region: 'China (Ningxia)', AWSAccountId: '111122223333' }));
    expect(alert).toMatchObject({ partition: 'aws-cn', region: 'cn-northwest-1', account: '111122223333' });
    expect(alert.notes).toBeUndefined();
  });

  it('reads a percentile from ExtendedStatistic', () => {
    const alert = alertFrom(
      alarmMessage({
        Trigger: { ...(alarmMessage().Trigger as object), StatisticType: 'ExtendedStatistic', Statistic: undefined, ExtendedStatistic: 'p90' },
      }),
    );
    expect(alert.trigger?.statistic).toBe('p90');
  });

  it('parses NewStateReasonData into reasonData', () => {
    const alert = alertFrom(
      alarmMessage({ NewStateReasonData: '{"version":"1.0","statistic":"Average","period":60,"recentDatapoints":[93.4],"threshold":80.0}' }),
    );
    expect(alert.reasonData).toEqual({ version: '1.0', statistic: 'Average', period: 60, recentDatapoints: [93.4], threshold: 80 });
  });

  it('ignores NewStateReasonData that is not JSON', () => {
    expect(alertFrom(alarmMessage({ NewStateReasonData: '{truncated' })).reasonData).toBeUndefined();
  });

  it('reads a null or empty description as none', () => {
    expect(alertFrom(alarmMessage({ AlarmDescription: null })).description).toBeUndefined();
    expect(alertFrom(alarmMessage({ AlarmDescription: '' })).description).toBeUndefined();
  });

  it('drops a previous state it does not know', () => {
    expect(alertFrom(alarmMessage({ OldStateValue: 'PENDING' })).previousState).toBeUndefined();
  });

  it('is still an alert without Trigger, of kind metric', () => {
    const alert = alertOf(loadCorpusEvent('terraform-aws-notify-slack__events__cloudwatch_alarm.json'));
    expect(alert).toMatchObject({ kind: 'metric', alarmName: 'Example', region: 'eu-west-1', account: '000000000000' });
    expect(alert.trigger).toBeUndefined();
  });

  it('uses the SNS delivery time when StateChangeTime is unreadable, and says so', () => {
    const alert = alertOf(snsEvent(JSON.stringify(alarmMessage({ StateChangeTime: 'date' })), { Timestamp: '2024-05-14T09:42:28.000Z' }));
    expect(alert.stateChangeTime).toBe('2024-05-14T09:42:28.000Z');
    expect(alert.notes).toEqual(['state change time "date" unreadable: using the SNS delivery time']);
  });
});

describe('CloudWatch SNS alarm: what is not an alert', () => {
  it('rejects a state outside ALARM, OK and INSUFFICIENT_DATA', () => {
    const notice = unrecognisedOf(snsEvent(JSON.stringify(alarmMessage({ NewStateValue: 'PENDING' }))));
    expect(notice.problem).toBe('alarm state "PENDING" is not ALARM, OK or INSUFFICIENT_DATA');
  });

  it('rejects alarm-like JSON without AlarmName', () => {
    expect(unrecognisedOf(snsEvent(JSON.stringify(alarmMessage({ AlarmName: undefined })))).problem).toBe(
      'CloudWatch alarm JSON without AlarmName',
    );
  });

  it('rejects alarm-like JSON without NewStateValue', () => {
    expect(unrecognisedOf(snsEvent(JSON.stringify(alarmMessage({ NewStateValue: undefined })))).problem).toBe(
      'CloudWatch alarm JSON without NewStateValue',
    );
  });

  it('keeps the raw message of a rejected alarm as it was sent', () => {
    const message = JSON.stringify(alarmMessage({ NewStateValue: 'alarm' }));
    expect(unrecognisedOf(snsEvent(message)).raw).toBe(message);
  });
});
