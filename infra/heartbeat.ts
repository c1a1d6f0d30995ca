/**
 * The heartbeat: an EventBridge Scheduler schedule invokes a small function that sets the stage's canary
 * alarm to ALARM and back to OK, so a labelled test notification takes the whole paging path; each destination
 * function then writes a `HeartbeatDelivered` metric, and one alarm per destination says when none arrived.
 * See docs/runbooks/alerting-pipeline.md, "Heartbeat".
 */
import { notifierFunctionName } from '../src/alarms/naming.js';
import { HEARTBEAT_LABEL, HEARTBEAT_METRIC, HEARTBEAT_TAG, heartbeatAlarmName } from '../src/alarms/heartbeat.js';
import type { HeartbeatConfig, StageConfig } from '../src/config/stage.js';
import { DESTINATIONS, type AnyDestination } from '../src/destinations/index.js';
import type { Stage } from '../src/model/alert.js';
import { route } from '../src/route/index.js';
import { getAtt, ref, sub, type CfnResource, type Fragment } from './cfn.js';
import { LOGICAL_IDS, logicalIdPart, severityTopicLogicalId } from './names.js';

export const HEARTBEAT_IDS = {
  canary: 'HeartbeatCanaryAlarm',
  schedule: 'HeartbeatSchedule',
  scheduleGroup: 'HeartbeatScheduleGroup',
  dropped: 'HeartbeatScheduleDropped',
  schedulerRole: 'HeartbeatSchedulerRole',
  role: 'HeartbeatRole',
  /** Serverless names the function's resources after it (`heartbeat`). */
  function: 'HeartbeatLambdaFunction',
  errors: 'HeartbeatFunctionErrors',
  missing: (destination: string) => `HeartbeatMissing${logicalIdPart(destination)}`,
};

/**
 * The schedule's own group: Scheduler's metrics have the group as their only dimension, so a group of its own
 * lets an alarm watch this schedule and no other of the account's.
 */
export const heartbeatScheduleGroupName = (stage: Stage): string => `ohmycoins-${stage}-alerting`;

/** The function's name, as Serverless builds it (`<service>-<stage>-<function>`), like the notifiers'. */
export const heartbeatFunctionName = (stage: Stage): string => notifierFunctionName(stage, 'heartbeat');

/** What the canary's notifications travel on: the paging path (production: PagerDuty, #alerts-critical, email). */
export const CANARY_SEVERITY = 'critical';

/** EventBridge Scheduler's cron: every day, or every Monday, on the hour. */
export function heartbeatCron(h: HeartbeatConfig): string {
  if (!Number.isInteger(h.hour) || h.hour < 0 || h.hour > 23) throw new Error(`heartbeat hour must be 0–23, got ${h.hour}`);
  return h.cadence === 'daily' ? `cron(0 ${h.hour} * * ? *)` : `cron(0 ${h.hour} ? * MON *)`;
}

/**
 * How long without a delivered heartbeat before its alarm fires. CloudWatch evaluates at most seven days
 * (Period × EvaluationPeriods ≤ 604,800 s; ≤ 86,400 s below an hour's period).
 * Daily: 27 hourly periods, the day plus an hour of clock change plus two of slack.
 * Weekly: the whole seven days in daily periods, all of them empty: the most CloudWatch allows. A week and
 * slack do not fit, so the daily periods are the slack: the Monday fire lands inside a day that every window
 * of seven days holds (docs/runbooks/alerting-pipeline.md says what to watch on the first weeks).
 */
export const MISSING_WINDOW: Record<HeartbeatConfig['cadence'], { period: number; periods: number }> = {
  daily: { period: 3600, periods: 27 },
  weekly: { period: 86_400, periods: 7 },
};

/** The destinations the canary's ALARM reaches in this stage (staging has no PagerDuty). */
export const heartbeatDestinations = (stage: Stage, destinations: readonly AnyDestination[] = DESTINATIONS): AnyDestination[] =>
  destinations.filter((d) => route([d], stage, CANARY_SEVERITY, 'ALARM').length > 0);

const alarmArn = (stage: Stage) => sub(`arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${heartbeatAlarmName(stage)}`);

function canary(stage: Stage): CfnResource {
  const topic = ref(severityTopicLogicalId(CANARY_SEVERITY));
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: heartbeatAlarmName(stage),
      AlarmDescription:
        `${HEARTBEAT_LABEL}. The heartbeat's canary: only the scheduled heartbeat sets its state (ALARM, then OK), ` +
        `so a test notification takes the paging path. See docs/runbooks/alerting-pipeline.md. ${HEARTBEAT_TAG}`,
      ActionsEnabled: true,
      AlarmActions: [topic],
      OKActions: [topic],
      // A metric nothing publishes, with missing data ignored: CloudWatch never changes the state by itself.
      Namespace: HEARTBEAT_METRIC.namespace,
      MetricName: 'HeartbeatCanary',
      Dimensions: [{ Name: 'Stage', Value: stage }],
      Statistic: 'Maximum',
      Period: 3600,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'ignore',
    },
  };
}

function schedule(config: StageConfig): Record<string, CfnResource> {
  const { stage } = config;
  return {
    [HEARTBEAT_IDS.schedulerRole]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Action: 'sts:AssumeRole',
              // Only schedules of this account may use the role (the confused-deputy guard AWS documents).
              Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'invoke-heartbeat',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Sid: 'InvokeHeartbeat', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: getAtt(HEARTBEAT_IDS.function, 'Arn') }],
            },
          },
        ],
      },
    },
    [HEARTBEAT_IDS.scheduleGroup]: {
      Type: 'AWS::Scheduler::ScheduleGroup',
      Properties: { Name: heartbeatScheduleGroupName(stage) },
    },
    [HEARTBEAT_IDS.schedule]: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Name: `ohmycoins-${stage}-heartbeat`,
        GroupName: ref(HEARTBEAT_IDS.scheduleGroup),
        Description: `Test-fires ${heartbeatAlarmName(stage)} (${config.heartbeat.cadence}): ALARM then OK through every destination.`,
        ScheduleExpression: heartbeatCron(config.heartbeat),
        ScheduleExpressionTimezone: config.heartbeat.timezone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: getAtt(HEARTBEAT_IDS.function, 'Arn'),
          RoleArn: getAtt(HEARTBEAT_IDS.schedulerRole, 'Arn'),
          // A heartbeat that failed is not tried again later: the not-invoked and missing-heartbeat alarms tell.
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 3600 },
        },
      },
    },
  };
}

function role(stage: Stage): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: [
        {
          PolicyName: 'heartbeat',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'WriteOwnLogs',
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                Resource: sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${heartbeatFunctionName(stage)}:log-stream:*`),
              },
              { Sid: 'SetCanaryState', Effect: 'Allow', Action: ['cloudwatch:SetAlarmState'], Resource: alarmArn(stage) },
            ],
          },
        },
      ],
    },
  };
}

/** One per destination the canary reaches; they mail the email topic directly, like the pipeline's other alarms. */
function missing(config: StageConfig, destinations: readonly AnyDestination[]): Record<string, CfnResource> {
  const { stage } = config;
  const w = MISSING_WINDOW[config.heartbeat.cadence];
  const email = ref(LOGICAL_IDS.emailTopic);
  const hours = (w.period * w.periods) / 3600;
  return Object.fromEntries(
    heartbeatDestinations(stage, destinations).map((d) => [
      HEARTBEAT_IDS.missing(d.name),
      {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: `ohmycoins-${stage}-alerting-heartbeat-missing-${d.name}`,
          AlarmDescription:
            `No heartbeat reached ${d.label} in ${hours} hours: the path to it may be broken (the ${config.heartbeat.cadence} test fire of ` +
            `${heartbeatAlarmName(stage)}). Runbook: docs/runbooks/alerting-pipeline.md`,
          ActionsEnabled: true,
          AlarmActions: [email],
          OKActions: [email],
          Namespace: HEARTBEAT_METRIC.namespace,
          MetricName: HEARTBEAT_METRIC.name,
          Dimensions: [
            { Name: 'Stage', Value: stage },
            { Name: 'Destination', Value: d.name },
          ],
          Statistic: 'Sum',
          Period: w.period,
          EvaluationPeriods: w.periods,
          DatapointsToAlarm: w.periods,
          ComparisonOperator: 'LessThanThreshold',
          Threshold: 1,
          TreatMissingData: 'breaching',
        },
      },
    ]),
  );
}

/** Any count in a period mails the email topic directly, like the pipeline's other alarms. */
function mailOnAny(name: string, description: string, metric: { Namespace: string; MetricName: string; Dimensions: unknown[]; Period: number }): CfnResource {
  const email = ref(LOGICAL_IDS.emailTopic);
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: name,
      AlarmDescription: `${description} Runbook: docs/runbooks/alerting-pipeline.md`,
      ActionsEnabled: true,
      AlarmActions: [email],
      OKActions: [email],
      ...metric,
      Statistic: 'Sum',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    },
  };
}

/** A heartbeat that failed says so at once; the missing-heartbeat alarms would take up to a week in production. */
const errors = (stage: Stage): CfnResource =>
  mailOnAny(`ohmycoins-${stage}-alerting-heartbeat-errors`, 'The heartbeat function failed: the canary may not have fired, or may still be in ALARM.', {
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: heartbeatFunctionName(stage) }],
    Period: 300,
  });

/**
 * The schedule could not invoke the function at all (its role, a deleted function, Lambda refusing): the function's
 * own Errors alarm cannot see that, and the missing-heartbeat alarms would take up to a week in production.
 */
const dropped = (stage: Stage): CfnResource =>
  mailOnAny(
    `ohmycoins-${stage}-alerting-heartbeat-not-invoked`,
    `EventBridge Scheduler dropped the heartbeat: it could not invoke ${heartbeatFunctionName(stage)}, so no test ` +
      `notification was sent. Check the schedule's role and the function.`,
    {
      Namespace: 'AWS/Scheduler',
      MetricName: 'InvocationDroppedCount',
      Dimensions: [{ Name: 'ScheduleGroup', Value: heartbeatScheduleGroupName(stage) }],
      Period: 3600,
    },
  );

export function heartbeatResources(config: StageConfig, destinations: readonly AnyDestination[] = DESTINATIONS): Fragment {
  return {
    Resources: {
      [HEARTBEAT_IDS.canary]: canary(config.stage),
      ...schedule(config),
      [HEARTBEAT_IDS.role]: role(config.stage),
      ...missing(config, destinations),
      [HEARTBEAT_IDS.errors]: errors(config.stage),
      [HEARTBEAT_IDS.dropped]: dropped(config.stage),
    },
    Outputs: {},
  };
}

/** The heartbeat function, for serverless.yml's `functions`: no events (the schedule above invokes it). */
export const heartbeatFunction = (stage: Stage) => ({
  handler: 'src/handlers/heartbeat.handler',
  description: `Test-fires ${heartbeatAlarmName(stage)}: ALARM, then OK`,
  role: HEARTBEAT_IDS.role,
  // The pause between ALARM and OK (src/handlers/heartbeat.ts) and the two calls around it.
  timeout: 120,
});
