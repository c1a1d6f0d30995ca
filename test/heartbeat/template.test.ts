/**
 * Issue 14, item 4's acceptance: the heartbeat is in the packaged template (real `sls package`, offline) with
 * least-privilege IAM: the schedule may only invoke the heartbeat function, the function may only set the
 * canary's state and write its logs; and one missing-heartbeat alarm per destination the canary reaches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepositoryCopy, type Template } from '../identifiers/packaged.js';

const copy = new RepositoryCopy();
const templates: Record<string, Template> = {};

beforeAll(async () => {
  templates.production = await copy.package('production');
  templates.staging = await copy.package('staging');
}, 300_000);
afterAll(() => copy.remove());

const resource = (stage: string, id: string) => {
  const r = templates[stage]!.Resources[id];
  if (!r) throw new Error(`${stage}: no resource ${id}`);
  return r;
};
const policyStatements = (stage: string, id: string) =>
  (resource(stage, id).Properties.Policies as Array<{ PolicyDocument: { Statement: unknown[] } }>).flatMap((p) => p.PolicyDocument.Statement);

const sub = (s: string) => ({ 'Fn::Sub': s });

describe.each([
  ['staging', 'cron(0 9 * * ? *)'],
  ['production', 'cron(0 9 ? * MON *)'],
])('the packaged %s template', (stage, cron) => {
  it(`schedules the heartbeat with EventBridge Scheduler at 09:00 London time (${cron})`, () => {
    expect(resource(stage, 'HeartbeatSchedule')).toEqual({
      Type: 'AWS::Scheduler::Schedule',
      Properties: expect.objectContaining({
        Name: `ohmycoins-${stage}-heartbeat`,
        ScheduleExpression: cron,
        ScheduleExpressionTimezone: 'Europe/London',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: expect.objectContaining({
          Arn: { 'Fn::GetAtt': ['HeartbeatLambdaFunction', 'Arn'] },
          RoleArn: { 'Fn::GetAtt': ['HeartbeatSchedulerRole', 'Arn'] },
        }),
      }),
    });
  });

  it('lets the schedule do one thing: invoke the heartbeat function', () => {
    const role = resource(stage, 'HeartbeatSchedulerRole').Properties;
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    expect(policyStatements(stage, 'HeartbeatSchedulerRole')).toEqual([
      { Sid: 'InvokeHeartbeat', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: { 'Fn::GetAtt': ['HeartbeatLambdaFunction', 'Arn'] } },
    ]);
  });

  it('lets the heartbeat function set the canary state and write its own logs, nothing else', () => {
    const fn = resource(stage, 'HeartbeatLambdaFunction').Properties;
    expect(fn.Role).toEqual({ 'Fn::GetAtt': ['HeartbeatRole', 'Arn'] });
    expect(fn.Handler).toBe('src/handlers/heartbeat.handler');
    expect(fn.Timeout).toBe(120);
    expect(policyStatements(stage, 'HeartbeatRole')).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/ohmycoins-alerting-${stage}-heartbeat:log-stream:*`),
      },
      {
        Sid: 'SetCanaryState',
        Effect: 'Allow',
        Action: ['cloudwatch:SetAlarmState'],
        Resource: sub(`arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:ohmycoins-${stage}-heartbeat`),
      },
    ]);
    expect(resource(stage, 'HeartbeatRole').Properties.AssumeRolePolicyDocument).toMatchObject({
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('has a canary alarm on the critical topic, tagged as the heartbeat, that CloudWatch never changes by itself', () => {
    expect(resource(stage, 'HeartbeatCanaryAlarm').Properties).toMatchObject({
      AlarmName: `ohmycoins-${stage}-heartbeat`,
      AlarmDescription: expect.stringMatching(/^TEST — heartbeat, nobody needs to act\..*\[heartbeat\]$/),
      AlarmActions: [{ Ref: 'AlertsTopicCritical' }],
      OKActions: [{ Ref: 'AlertsTopicCritical' }],
      Namespace: 'ohmycoins/alerting',
      MetricName: 'HeartbeatCanary',
      TreatMissingData: 'ignore',
    });
    expect(String(resource(stage, 'HeartbeatCanaryAlarm').Properties.AlarmDescription)).not.toContain('[alarm-id:');
  });
});

describe('the heartbeat function’s own alarm', () => {
  it.each(['production', 'staging'])('mails the %s email topic when the function fails', (stage) => {
    expect(resource(stage, 'HeartbeatFunctionErrors').Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: `ohmycoins-alerting-${stage}-heartbeat` }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: 'EmailTopic' }],
    });
  });
});

describe('a heartbeat the schedule could not invoke', () => {
  it.each(['production', 'staging'])('is watched in %s by an alarm on the schedule\'s own group, mailing the email topic', (stage) => {
    const group = `ohmycoins-${stage}-alerting`;
    expect(resource(stage, 'HeartbeatScheduleGroup').Properties).toEqual({ Name: group });
    expect(resource(stage, 'HeartbeatSchedule').Properties.GroupName).toEqual({ Ref: 'HeartbeatScheduleGroup' });
    expect(resource(stage, 'HeartbeatScheduleDropped').Properties).toMatchObject({
      Namespace: 'AWS/Scheduler',
      MetricName: 'InvocationDroppedCount',
      Dimensions: [{ Name: 'ScheduleGroup', Value: group }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'EmailTopic' }],
    });
  });
});

describe('the missing-heartbeat alarms', () => {
  const missing = (stage: string) =>
    Object.entries(templates[stage]!.Resources)
      .filter(([id]) => id.startsWith('HeartbeatMissing'))
      .map(([, r]) => r.Properties);

  it('watch each destination the canary reaches: production PagerDuty, Slack and email; staging Slack', () => {
    expect(missing('production').map((p) => p.AlarmName).sort()).toEqual([
      'ohmycoins-production-alerting-heartbeat-missing-email',
      'ohmycoins-production-alerting-heartbeat-missing-pagerduty',
      'ohmycoins-production-alerting-heartbeat-missing-slack',
    ]);
    expect(missing('staging').map((p) => p.AlarmName)).toEqual(['ohmycoins-staging-alerting-heartbeat-missing-slack']);
  });

  it('fire on the missing HeartbeatDelivered metric and mail the email topic directly', () => {
    for (const stage of ['production', 'staging']) {
      for (const p of missing(stage)) {
        const destination = String(p.AlarmName).split('-').pop();
        expect(p).toMatchObject({
          Namespace: 'ohmycoins/alerting',
          MetricName: 'HeartbeatDelivered',
          Dimensions: [
            { Name: 'Stage', Value: stage },
            { Name: 'Destination', Value: destination },
          ],
          Statistic: 'Sum',
          ComparisonOperator: 'LessThanThreshold',
          Threshold: 1,
          TreatMissingData: 'breaching',
          AlarmActions: [{ Ref: 'EmailTopic' }],
          OKActions: [{ Ref: 'EmailTopic' }],
        });
      }
    }
  });

  it('wait a day and three hours in staging (daily), the seven days CloudWatch allows at most in production (weekly)', () => {
    // Staging: 24 h between heartbeats, 1 h of clock change, 2 h of slack, in hourly periods.
    for (const p of missing('staging')) expect(p).toMatchObject({ Period: 3600, EvaluationPeriods: 27, DatapointsToAlarm: 27 });
    // Production: 7 × 86,400 s = 604,800 s, CloudWatch's maximum for Period × EvaluationPeriods.
    for (const p of missing('production')) expect(p).toMatchObject({ Period: 86_400, EvaluationPeriods: 7, DatapointsToAlarm: 7 });
  });
});
