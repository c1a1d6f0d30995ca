/**
 * The notification pipeline's own resources: the queues that buffer Slack and email (they batch, so an alert
 * storm becomes a digest), the dead-letter queue, the delivery ledger, one least-privilege role per notifier
 * function, and the alarms that watch the watcher. See docs/architecture.md for why it is shaped like this.
 */
import {
  alarmName,
  deadLetterQueueName,
  destinationQueueName,
  ledgerTableName,
  notifierFunctionName,
  retryQueueName,
  setupProblemMetricName,
  notifierRoleName,
  severityTopicName,
  ssmPrefix,
  WATCHDOG,
  watchedInSlack,
} from '../src/alarms/naming.js';
import { QUEUE_MAX_CONCURRENCY } from '../src/config/concurrency.js';
import { ssmParameterName } from '../src/config/secrets.js';
import { MAX_RECEIVES } from '../src/notify/redelivery.js';
import { DESTINATIONS, redrivenThroughQueue, type AnyDestination } from '../src/destinations/index.js';
import { slackForPipelineAlarms } from '../src/destinations/slack/watchdog.js';
import type { Capability, SetupProblems } from '../src/destinations/types.js';
import { HEARTBEAT_METRIC } from '../src/alarms/heartbeat.js';
import { ALARM_STATES, SEVERITIES, type Severity, type Stage } from '../src/model/alert.js';
import { ledgerKeyPrefix } from '../src/notify/ledger.js';
import { ACCOUNT_ROOT, getAtt, ref, sub, type CfnResource, type Fragment } from './cfn.js';
import { LOGICAL_IDS, logicalIdPart, severityTopicLogicalId } from './names.js';

export const PIPELINE_IDS = {
  deadLetterQueue: 'DeliveryDeadLetterQueue',
  ledgerTable: 'DeliveryLedgerTable',
  queue: (n: string) => `${cap(n)}Queue`,
  retryQueue: (n: string) => `${cap(n)}RetryQueue`,
  queuePolicy: (n: string) => `${cap(n)}QueuePolicy`,
  subscription: (n: string, s: Severity) => `${cap(n)}QueueSubscription${cap(s)}`,
  role: (n: string) => `${cap(n)}NotifierRole`,
  /** Serverless names a function's resources after it. */
  function: (n: string) => `${serverlessName(n)}LambdaFunction`,
  logGroup: (n: string) => `${serverlessName(n)}LogGroup`,
  setupFilter: (n: string) => `${cap(n)}SetupProblemsFilter`,
};

const cap = logicalIdPart;

/** Serverless's own logical-ID form of a function name: `slack-app` → `SlackDashapp`. */
const serverlessName = (n: string): string => {
  const dashed = n.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return dashed.charAt(0).toUpperCase() + dashed.slice(1);
};

/** A Lambda function's timeout; queues hide a message for six times as long while it is being handled (AWS's advice). */
export const FUNCTION_TIMEOUT_SECONDS = 30;

/** The severity topics whose routes reach this destination in this stage: staging's PagerDuty listens to none. */
export function topicsFor(stage: Stage, d: AnyDestination): Severity[] {
  const routed = (severity: Severity) => d.routes.unrecognised[stage][severity].length > 0;
  return SEVERITIES.filter((s) => routed(s) || ALARM_STATES.some((state) => d.routes.alarms[stage][s][state].length > 0));
}

/** The destinations that have a function in this stage: an opt-in one only where its routes reach it. */
export const deployedIn = (stage: Stage, destinations: readonly AnyDestination[]): AnyDestination[] =>
  destinations.filter((d) => !d.onlyWhereRouted || topicsFor(stage, d).length > 0);

/** Whether this destination's function reads a queue in this stage (queued, and some topic reaches it). */
const hasQueue = (stage: Stage, d: AnyDestination): boolean => d.queued && topicsFor(stage, d).length > 0;

/** A function SNS invokes directly keeps what it will try again in a retry queue of its own. */
export const hasRetryQueue = (stage: Stage, d: AnyDestination): boolean => !d.queued && topicsFor(stage, d).length > 0;

/** What a queue needs: SQS's own dead-letter hand-over is the backstop, our retry window ends retries first. */
const queueProperties = (name: string) => ({
  QueueName: name,
  VisibilityTimeout: 6 * FUNCTION_TIMEOUT_SECONDS,
  // Longer than the retry window: a message is never dropped by its queue while it is still being retried.
  MessageRetentionPeriod: 4 * 24 * 3600,
  SqsManagedSseEnabled: true,
  RedrivePolicy: { deadLetterTargetArn: getAtt(PIPELINE_IDS.deadLetterQueue, 'Arn'), maxReceiveCount: MAX_RECEIVES },
});

/**
 * The account's principals whose own IAM policy allows it may send to the queue: the redrive, with an
 * operator's credentials. Within one account an IAM allow is enough by itself, so this grants nothing new; it
 * states the way in where the queue's readers look. A condition would narrow nothing: IAM decides who may send.
 */
const accountRedrives = (queueArn: unknown) => ({
  Sid: 'AccountPrincipalsRedrive',
  Effect: 'Allow',
  Principal: { AWS: ACCOUNT_ROOT },
  Action: 'sqs:SendMessage',
  Resource: queueArn,
});

const tlsOnly = (resource: unknown, action: string) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: action,
  Resource: resource,
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

function queues(stage: Stage, destinations: readonly AnyDestination[]): Record<string, CfnResource> {
  const out: Record<string, CfnResource> = {
    [PIPELINE_IDS.deadLetterQueue]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: deadLetterQueueName(stage),
        MessageRetentionPeriod: 14 * 24 * 3600,
        // A letter wraps an SNS message of up to 256 KB with its reason: more than SQS's 256 KiB default.
        MaximumMessageSize: 1_048_576,
        SqsManagedSseEnabled: true,
      },
    },
  };
  for (const d of destinations.filter((d) => hasQueue(stage, d))) {
    const n = d.name;
    const topics = topicsFor(stage, d);
    out[PIPELINE_IDS.queue(n)] = { Type: 'AWS::SQS::Queue', Properties: queueProperties(destinationQueueName(stage, n)) };
    out[PIPELINE_IDS.queuePolicy(n)] = {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [ref(PIPELINE_IDS.queue(n))],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AlertTopicsDeliver',
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: getAtt(PIPELINE_IDS.queue(n), 'Arn'),
              Condition: { ArnEquals: { 'aws:SourceArn': topics.map((s) => ref(severityTopicLogicalId(s))) } },
            },
            ...(redrivenThroughQueue(d) ? [accountRedrives(getAtt(PIPELINE_IDS.queue(n), 'Arn'))] : []),
            tlsOnly(getAtt(PIPELINE_IDS.queue(n), 'Arn'), 'sqs:SendMessage'),
          ],
        },
      },
    };
    for (const severity of topics) {
      out[PIPELINE_IDS.subscription(n, severity)] = {
        Type: 'AWS::SNS::Subscription',
        Properties: {
          TopicArn: ref(severityTopicLogicalId(severity)),
          Protocol: 'sqs',
          Endpoint: getAtt(PIPELINE_IDS.queue(n), 'Arn'),
          // The envelope keeps MessageId (idempotency) and TopicArn (severity).
          RawMessageDelivery: false,
        },
      };
    }
  }
  for (const d of destinations.filter((d) => hasRetryQueue(stage, d))) {
    out[PIPELINE_IDS.retryQueue(d.name)] = { Type: 'AWS::SQS::Queue', Properties: queueProperties(retryQueueName(stage, d.name)) };
  }
  return out;
}

function ledger(stage: Stage): Record<string, CfnResource> {
  return {
    [PIPELINE_IDS.ledgerTable]: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: ledgerTableName(stage),
        BillingMode: 'PAY_PER_REQUEST',
        // Powertools Idempotency's default attribute names.
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    },
  };
}

const parameterArn = (stage: Stage, name: string) =>
  sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${ssmParameterName(ssmPrefix(stage), name)}`);

/** The SSM parameters a notifier reads: exactly those its routes in this stage need, named one by one. */
function secretsOf(stage: Stage, d: AnyDestination): string[] {
  const routes = [...SEVERITIES.flatMap((s) => ALARM_STATES.flatMap((state) => d.routes.alarms[stage][s][state])), ...Object.values(d.routes.unrecognised[stage]).flat()];
  return [...new Set(routes.flatMap((r) => d.secretsOf(r)))].sort();
}

/** What each capability a destination declares needs in IAM. */
const CAPABILITY_STATEMENTS: Record<Capability, () => unknown[]> = {
  'publish-email-topic': () => [
    { Sid: 'PublishMail', Effect: 'Allow', Action: ['sns:Publish'], Resource: ref(LOGICAL_IDS.emailTopic) },
    {
      // What SNS asks KMS for when this role publishes to the encrypted topic, and nothing else: the same key
      // encrypts the Slack webhooks and the routing key, which this role must not be able to decrypt.
      Sid: 'EncryptForEncryptedTopic',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: getAtt(LOGICAL_IDS.alertsKey, 'Arn'),
      Condition: {
        StringEquals: {
          'kms:ViaService': sub('sns.${AWS::Region}.amazonaws.com'),
          'kms:EncryptionContext:aws:sns:topicArn': ref(LOGICAL_IDS.emailTopic),
        },
      },
    },
  ],
  // The alarm's graph, for the one function that uploads it (Slack app mode); no other role gets it. The action
  // has no resource-level permissions (Service Authorization Reference): `*` is the only form. It reads metrics
  // only, as GetMetricData does.
  'draw-graph': () => [{ Sid: 'DrawAlarmGraph', Effect: 'Allow', Action: ['cloudwatch:GetMetricWidgetImage'], Resource: '*' }],
};

function role(stage: Stage, d: AnyDestination, retries = hasRetryQueue(stage, d)): CfnResource {
  const n = d.name;
  const statements: unknown[] = [
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${notifierFunctionName(stage, n)}:log-stream:*`),
    },
    { Sid: 'DeadLetter', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: getAtt(PIPELINE_IDS.deadLetterQueue, 'Arn') },
    {
      Sid: 'DeliveryLedger',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      Resource: getAtt(PIPELINE_IDS.ledgerTable, 'Arn'),
      // Only this destination's own records: a compromised function cannot forge or erase another's deliveries.
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ledgerKeyPrefix(n)}#*`] } },
    },
    {
      // GetMetricData has no resource-level permissions: "*" is the narrowest IAM allows.
      Sid: 'EnrichReadMetrics',
      Effect: 'Allow',
      Action: ['cloudwatch:GetMetricData'],
      Resource: '*',
    },
    {
      Sid: 'EnrichReadAlarmHistory',
      Effect: 'Allow',
      Action: ['cloudwatch:DescribeAlarmHistory'],
      // The stage's own alarms (catalog and self-monitoring alike are named `ohmycoins-<stage>-…`).
      Resource: sub(`arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${alarmName(stage, '*')}`),
    },
  ];
  // Maintenance windows opened without a deploy (a String parameter: no key needed).
  statements.push({ Sid: 'ReadSilences', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: parameterArn(stage, 'silences') });
  const secrets = secretsOf(stage, d);
  if (secrets.length > 0) {
    statements.push(
      { Sid: 'ReadOwnSecrets', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: secrets.map((s) => parameterArn(stage, s)) },
      {
        // The SecureStrings are encrypted with the stage's alerts key (see README, "Deploying a stage").
        Sid: 'DecryptOwnSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: getAtt(LOGICAL_IDS.alertsKey, 'Arn'),
        Condition: { StringEquals: { 'kms:ViaService': sub('ssm.${AWS::Region}.amazonaws.com') } },
      },
    );
  }
  if (hasQueue(stage, d)) {
    statements.push({
      Sid: 'ConsumeOwnQueue',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
      Resource: getAtt(PIPELINE_IDS.queue(n), 'Arn'),
    });
  }
  if (retries) {
    statements.push({
      Sid: 'RetryLaterThroughOwnQueue',
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
      Resource: getAtt(PIPELINE_IDS.retryQueue(n), 'Arn'),
    });
  }
  for (const capability of d.capabilities ?? []) statements.push(...CAPABILITY_STATEMENTS[capability]());
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: notifierRoleName(stage, n),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: [{ PolicyName: 'notifier', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
}

/**
 * A CloudWatch Logs filter pattern matching the JSON lines (Powertools Logger) a notifier writes for a set-up
 * problem: level ERROR and every one of the destination's fields.
 */
export function setupProblemPattern(problems: SetupProblems): string {
  const fields: Array<[string, string]> = [['level', 'ERROR'], ...Object.entries(problems.logFields)];
  const terms = fields.map(([field, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field) || /["\\*]/.test(value)) throw new Error(`cannot match log field ${field}=${value} in a filter pattern`);
    return `($.${field} = "${value}")`;
  });
  return `{ ${terms.join(' && ')} }`;
}

/** The metric filter counting a destination's set-up problems in its function's log group (created by Serverless). */
function setupProblemFilter(stage: Stage, n: string, problems: SetupProblems): CfnResource {
  return {
    Type: 'AWS::Logs::MetricFilter',
    Properties: {
      LogGroupName: ref(PIPELINE_IDS.logGroup(n)),
      FilterPattern: setupProblemPattern(problems),
      MetricTransformations: [{ MetricNamespace: HEARTBEAT_METRIC.namespace, MetricName: setupProblemMetricName(stage, n), MetricValue: '1', Unit: 'Count' }],
    },
  };
}

/** Alarms on the pipeline itself. They mail the email topic directly, so they do not depend on the path that failed. */
function selfMonitoring(stage: Stage, destinations: readonly AnyDestination[]): Record<string, CfnResource> {
  // Email always (SNS's own subscriptions: nothing of ours in the path); in production Slack too, by the watchdog.
  const topics = [ref(LOGICAL_IDS.emailTopic), ...(watchedInSlack(stage) ? [ref(LOGICAL_IDS.pipelineTopic)] : [])];
  const actions = { AlarmActions: topics, OKActions: topics };
  const alarm = (name: string, description: string, metric: Record<string, unknown>, threshold = 0): CfnResource => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `ohmycoins-${stage}-alerting-${name}`,
      AlarmDescription: `${description} Runbook: docs/runbooks/alerting-pipeline.md`,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: threshold,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Period: 60,
      TreatMissingData: 'notBreaching',
      ...metric,
      ...actions,
    },
  });
  const out: Record<string, CfnResource> = {
    PipelineAlarmDeadLetters: alarm('dead-letters', 'Alerts could not be delivered and wait in the dead-letter queue: run npm run redrive.', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(PIPELINE_IDS.deadLetterQueue, 'QueueName') }],
      Statistic: 'Maximum',
    }),
  };
  // The watchdog is watched too: its own failures still reach the email topic.
  const watched = [...destinations, ...(watchedInSlack(stage) ? [{ ...slackForPipelineAlarms, name: WATCHDOG, queued: false, label: 'watchdog' }] : [])];
  for (const d of watched) {
    const n = d.name;
    const dims = [{ Name: 'FunctionName', Value: notifierFunctionName(stage, n) }];
    out[`PipelineAlarm${cap(n)}Errors`] = alarm(`${n}-errors`, `The ${n} notifier failed: alerts may be late or retried.`, {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: dims,
      Statistic: 'Sum',
    });
    out[`PipelineAlarm${cap(n)}Throttles`] = alarm(`${n}-throttles`, `The ${n} notifier is throttled: alerts are delayed.`, {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: dims,
      Statistic: 'Sum',
    });
    if (destinations.includes(d) && d.setupProblems) {
      // Only where the destination is deployed: its log group exists there, and nowhere else can it log one.
      out[PIPELINE_IDS.setupFilter(n)] = setupProblemFilter(stage, n, d.setupProblems);
      out[`PipelineAlarm${cap(n)}Setup`] = alarm(`${n}-setup`, d.setupProblems.description, {
        Namespace: HEARTBEAT_METRIC.namespace,
        MetricName: setupProblemMetricName(stage, n),
        Statistic: 'Sum',
      });
    }
    if (destinations.includes(d) && hasQueue(stage, d)) {
      out[`PipelineAlarm${cap(n)}QueueAge`] = alarm(
        `${n}-queue-age`,
        `Alerts wait more than 5 minutes for the ${n} notifier.`,
        {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [{ Name: 'QueueName', Value: getAtt(PIPELINE_IDS.queue(n), 'QueueName') }],
          Statistic: 'Maximum',
        },
        300,
      );
    }
    if (destinations.includes(d) && hasRetryQueue(stage, d)) {
      out[`PipelineAlarm${cap(n)}RetryAge`] = alarm(
        `${n}-retry-age`,
        `Alerts for ${d.label} have been retried for more than 5 minutes: it is failing; they go out by themselves once it answers.`,
        {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [{ Name: 'QueueName', Value: getAtt(PIPELINE_IDS.retryQueue(n), 'QueueName') }],
          Statistic: 'Maximum',
        },
        300,
      );
    }
  }
  return out;
}

/** CloudFormation resources of the notification pipeline itself. */
export function pipelineResources(stage: Stage, registry: readonly AnyDestination[] = DESTINATIONS): Fragment {
  const destinations = deployedIn(stage, registry);
  const roles = Object.fromEntries(destinations.map((d) => [PIPELINE_IDS.role(d.name), role(stage, d)]));
  // The watchdog reads the one webhook it posts to; it has no queue and no retry queue (email is the other path).
  if (watchedInSlack(stage)) roles[PIPELINE_IDS.role(WATCHDOG)] = role(stage, { ...slackForPipelineAlarms, name: WATCHDOG, queued: false }, false);
  return {
    Resources: { ...queues(stage, destinations), ...ledger(stage), ...roles, ...selfMonitoring(stage, destinations) },
    Outputs: {
      DeadLetterQueueUrl: { Description: 'Undeliverable alerts, for npm run redrive', Value: ref(PIPELINE_IDS.deadLetterQueue) },
    },
  };
}

/**
 * Each notifier function's triggers, derived from its routes. Queued destinations take batches from their queue
 * (up to 5 s of alerts at once, so a storm becomes a digest); the others are invoked per SNS message.
 */
export function functionEvents(stage: Stage, destinations: readonly AnyDestination[] = DESTINATIONS): Record<string, unknown[]> {
  const events = (d: AnyDestination): unknown[] => {
    const topics = topicsFor(stage, d);
    if (topics.length === 0) return [];
    if (!d.queued) {
      return [
        ...topics.map((s) => ({ sns: { arn: ref(severityTopicLogicalId(s)), topicName: severityTopicName(stage, s) } })),
        // Its retries: no batching window, so a try that is due runs at once.
        { sqs: { arn: getAtt(PIPELINE_IDS.retryQueue(d.name), 'Arn'), batchSize: 10, functionResponseType: 'ReportBatchItemFailures' } },
      ];
    }
    return [
      {
        sqs: {
          arn: getAtt(PIPELINE_IDS.queue(d.name), 'Arn'),
          batchSize: 100,
          maximumBatchingWindow: 5,
          functionResponseType: 'ReportBatchItemFailures',
          // Slack allows about one message per second per webhook: few pollers, and the notifier paces itself.
          maximumConcurrency: QUEUE_MAX_CONCURRENCY,
        },
      },
    ];
  };
  return Object.fromEntries(destinations.map((d) => [d.name, events(d)]));
}
