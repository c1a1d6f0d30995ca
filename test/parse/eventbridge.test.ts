import { describe, expect, it } from 'vitest';
import { CORPUS_TOPIC_ARN, loadCorpusEvent, readCorpusFile, snsEvent } from '../support/corpus.js';
import { alertOf, unrecognisedOf } from './notices.js';

const DOCS = 'awsdocs-cloudwatch-user-guide__eventbridge__';

describe('EventBridge "CloudWatch Alarm State Change" wrapped in SNS', () => {
  it('reads a single-metric alarm', () => {
    const alert = alertOf(loadCorpusEvent(`${DOCS}state-change-for-a-single-metric-alarm.json`));
    expect(alert).toMatchObject({
      kind: 'metric',
      alarmName: 'ServerCpuTooHigh',
      alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
      description: 'Goes into alarm when server CPU utilization is too high!',
      state: 'ALARM',
      previousState: 'OK',
      stateChangeTime: '2019-10-02T17:04:40.989Z',
      region: 'us-east-1',
      partition: 'aws',
      account: '123456789012',
      source: { format: 'eventbridge', topicArn: CORPUS_TOPIC_ARN },
    });
    expect(alert.reason).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[99.50160229693434/);
    expect(alert.trigger).toMatchObject({
      metric: { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: 'i-12345678901234567' } },
      statistic: 'Average',
      period: 300,
    });
    expect(alert.reasonData).toMatchObject({ recentDatapoints: [99.50160229693434], threshold: 50 });
  });

  it('reads a metric-math alarm', () => {
    const alert = alertOf(loadCorpusEvent(`${DOCS}state-change-for-a-metric-math-alarm.json`));
    expect(alert).toMatchObject({ kind: 'metric-math', alarmName: 'TotalNetworkTrafficTooHigh', previousState: 'INSUFFICIENT_DATA' });
    expect(alert.trigger?.period).toBe(300);
    expect(alert.trigger?.queries?.map((q) => [q.id, q.expression ?? q.metric?.name, q.returnData])).toEqual([
      ['e1', 'SUM(METRICS())', true],
      ['m1', 'NetworkIn', false],
      ['m2', 'NetworkOut', false],
    ]);
  });

  it('reads an anomaly-detection alarm and names the band as the threshold series', () => {
    const alert = alertOf(loadCorpusEvent(`${DOCS}state-change-for-an-anomaly-detection-alarm.json`));
    expect(alert).toMatchObject({ kind: 'anomaly', alarmName: 'EC2 CPU Utilization Anomaly', state: 'ALARM', previousState: 'OK' });
    expect(alert.trigger).toMatchObject({ thresholdMetricId: 'ad1', metric: { name: 'CPUUtilization' }, statistic: 'Average', period: 60 });
    expect(alert.reasonData).toMatchObject({ recentUpperThresholds: [0.3006915352732461] });
  });

  it('reads a composite alarm: rule from configuration, children from state.reasonData', () => {
    const alert = alertOf(loadCorpusEvent(`${DOCS}state-change-for-a-composite-alarm-with-a-suppressor-alarm.json`));
    expect(alert).toMatchObject({ kind: 'composite', alarmName: 'ServiceAggregatedAlarm', state: 'ALARM', previousState: 'OK' });
    expect(alert.composite).toEqual({
      rule: 'ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)',
      triggeringChildren: [
        {
          arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
          name: 'ServerCpuTooHigh',
          state: 'ALARM',
          timestamp: '2022-07-22T15:57:45.394Z',
        },
      ],
    });
    expect(alert.trigger).toBeUndefined();
  });

  it('reads a GovCloud event', () => {
    const event = JSON.parse(readCorpusFile(`${DOCS}state-change-for-a-single-metric-alarm.json`)) as Record<string, unknown>;
    event.region = 'us-gov-east-1';
    event.resources = ['arn:aws-us-gov:cloudwatch:us-gov-east-1:123456789012:alarm:ServerCpuTooHigh'];
    expect(alertOf(snsEvent(JSON.stringify(event)))).toMatchObject({ partition: 'aws-us-gov', region: 'us-gov-east-1' });
  });

  it('takes region and account from the event when resources name no alarm', () => {
    const event = JSON.parse(readCorpusFile(`${DOCS}state-change-for-a-single-metric-alarm.json`)) as Record<string, unknown>;
    event.resources = [];
    event.region = 'cn-north-1';
    expect(alertOf(snsEvent(JSON.stringify(event)))).toMatchObject({ partition: 'aws-cn', region: 'cn-north-1', account: '123456789012' });
  });

  it('is Unrecognised for configuration changes, which are not state changes', () => {
    const notice = unrecognisedOf(loadCorpusEvent(`${DOCS}update-of-a-metric-alarm.json`));
    expect(notice.problem).toBe('CloudWatch Alarm Configuration Change event from aws.cloudwatch, not an alarm state change');
  });

  it('is Unrecognised for a state change without detail', () => {
    const message = JSON.stringify({ source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change' });
    expect(unrecognisedOf(snsEvent(message)).problem).toBe('CloudWatch Alarm State Change event without detail');
  });

  it('is Unrecognised for a state value CloudWatch does not have', () => {
    const event = JSON.parse(readCorpusFile(`${DOCS}state-change-for-a-single-metric-alarm.json`)) as { detail: { state: { value: string } } };
    event.detail.state.value = 'BROKEN';
    expect(unrecognisedOf(snsEvent(JSON.stringify(event))).problem).toBe('alarm state "BROKEN" is not ALARM, OK or INSUFFICIENT_DATA');
  });

  it('is not recognised from another source with the same detail-type', () => {
    const event = JSON.parse(readCorpusFile(`${DOCS}state-change-for-a-single-metric-alarm.json`)) as Record<string, unknown>;
    event.source = 'custom.app';
    expect(unrecognisedOf(snsEvent(JSON.stringify(event))).problem).toBe(
      'JSON from custom.app, not a CloudWatch alarm (CloudWatch Alarm State Change)',
    );
  });
});

describe('EventBridge alarm state change delivered directly (no SNS)', () => {
  it('is read as the same alert', () => {
    const event: unknown = JSON.parse(readCorpusFile(`${DOCS}state-change-for-a-single-metric-alarm.json`));
    expect(alertOf(event)).toMatchObject({ kind: 'metric', alarmName: 'ServerCpuTooHigh', source: { format: 'eventbridge' } });
  });
});

describe('Lambda alarm action (CloudWatch invokes the Lambda directly)', () => {
  const action = {
    source: 'aws.cloudwatch',
    alarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-ecs-cpu-high',
    accountId: '123456789012',
    time: '2024-05-14T09:42:27.394+0000',
    region: 'eu-west-1',
    alarmData: {
      alarmName: 'ohmycoins-production-ecs-cpu-high',
      state: {
        value: 'ALARM',
        reason: 'Threshold Crossed: 1 out of the last 1 datapoints [93.4 (14/05/24 09:41:00)] was greater than the threshold (80.0).',
        reasonData: '{"version":"1.0","recentDatapoints":[93.4],"threshold":80.0}',
        timestamp: '2024-05-14T09:42:27.394+0000',
      },
      previousState: { value: 'OK', reason: 'Threshold Crossed', timestamp: '2024-05-14T08:00:00.000+0000' },
      configuration: {
        description: 'Backend CPU above 80 %. [alarm-id:ecs-cpu-high]',
        metrics: [
          {
            id: 'a8c1e0b2-4f3d-4c5e-9a7b-1d2e3f4a5b6c',
            metricStat: {
              metric: { namespace: 'AWS/ECS', name: 'CPUUtilization', dimensions: { ClusterName: 'ohmycoins-production' } },
              period: 60,
              stat: 'Average',
            },
            returnData: true,
          },
        ],
      },
    },
  };

  it('is read as an alert from the event itself', () => {
    expect(alertOf(action)).toMatchObject({
      kind: 'metric',
      alarmName: 'ohmycoins-production-ecs-cpu-high',
      state: 'ALARM',
      previousState: 'OK',
      region: 'eu-west-1',
      account: '123456789012',
      stateChangeTime: '2024-05-14T09:42:27.394Z',
      description: 'Backend CPU above 80 %. [alarm-id:ecs-cpu-high]',
      reasonData: { recentDatapoints: [93.4], threshold: 80 },
      trigger: { metric: { namespace: 'AWS/ECS', name: 'CPUUtilization' }, statistic: 'Average', period: 60 },
      source: { format: 'lambda-alarm-action' },
    });
  });

  it('reads the corpus capture, whose placeholders leave region and time to fallbacks', () => {
    const alert = alertOf(loadCorpusEvent('localstack__test_alarm_lambda_target__lambda-alarm-invocations.lambda-alarm-action-event.json'));
    expect(alert).toMatchObject({ alarmName: '<alarm-name:1>', state: 'ALARM', previousState: 'INSUFFICIENT_DATA', account: '111111111111', region: '' });
    expect(Number.isNaN(Date.parse(alert.stateChangeTime))).toBe(false);
    expect(alert.notes).toEqual([
      'region unknown: no readable AlarmArn and region "<region>" is not one we know',
      'state change time "date" unreadable: using the time the alert was parsed',
    ]);
  });

  it('is Unrecognised without alarmData content', () => {
    expect(unrecognisedOf({ source: 'aws.cloudwatch', alarmData: null }).problem).toBe('CloudWatch alarm action event without alarmData');
  });
});
