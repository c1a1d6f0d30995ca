import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { catalogFor } from '../alarms/index.js';
import { checkSlackWebhookUrl, endpointPolicy, PAGERDUTY_EVENTS_URL } from '../config/endpoints.js';
import { envSecretKey, envSecrets, firstOf, secretNames, ssmParameterName, ssmSecrets, type SecretSource } from '../config/secrets.js';
import { stageConfig } from '../config/stages/index.js';
import { lazyCloudWatchReader } from '../enrich/cloudwatch.js';
import { dryRunNotifier } from '../notify/dry-run.js';
import { emailNotifier, sdkSnsPublisher } from '../notify/email.js';
import { DIGEST_MIN_ALERTS, hasDigest, planDeliveries } from '../notify/digest.js';
import { deliver, type DeliverDeps, type DeliveryReport } from '../notify/index.js';
import { dynamoLedger, memoryLedger } from '../notify/ledger.js';
import { pagerDutyNotifier } from '../notify/pagerduty.js';
import { DEFAULT_RETRY } from '../notify/retry.js';
import { slackNotifier } from '../notify/slack.js';
import { sqsDeadLetterQueue, type DeadLetterQueue } from '../notify/dead-letter.js';
import type { Notifier } from '../notify/types.js';
import { unwrap } from '../pipeline/envelope.js';
import { prepare, type PrepareContext } from '../pipeline/prepare.js';
import type { Log, Notification } from '../pipeline/types.js';
import type { DestinationType } from '../route/index.js';
import { ssmSilences } from '../route/silence.js';
import { SLACK_CHANNELS } from '../route/routes.js';

/** Everything a notifier function needs, built once per container. Tests build their own. */
export interface Wiring {
  prepare: Omit<PrepareContext, 'handles'>;
  deliver: DeliverDeps;
}

/** A local run (`sls invoke local`, a laptop) never needs AWS: secrets come only from the environment. */
const isDeployed = (env: NodeJS.ProcessEnv) => Boolean(env.SSM_PREFIX) && env.IS_LOCAL !== 'true';

/** Locally, a destination without configuration prints what it would send instead of sending it. */
function dryRunUnlessConfigured(real: Notifier, configured: (n: Notification) => Promise<boolean>, log: Log): Notifier {
  const dry = dryRunNotifier(real.type, log);
  return { type: real.type, send: async (n, signal) => ((await configured(n)) ? real.send(n, signal) : dry.send(n, signal)) };
}

function notifierFor(type: DestinationType, secrets: SecretSource, env: NodeJS.ProcessEnv): Notifier {
  const policy = endpointPolicy(env);
  switch (type) {
    case 'slack':
      return slackNotifier(secrets, policy);
    case 'pagerduty':
      return pagerDutyNotifier(secrets, env.PAGERDUTY_EVENTS_URL || PAGERDUTY_EVENTS_URL, policy);
    case 'email': {
      // One SNS client per container, not per mail: a batch of alerts reuses its connection.
      let publisher: ReturnType<typeof sdkSnsPublisher> | undefined;
      return emailNotifier(() => (publisher ??= sdkSnsPublisher()), env.EMAIL_TOPIC_ARN);
    }
  }
}

function isConfigured(secrets: SecretSource, env: NodeJS.ProcessEnv) {
  return async ({ destination: d }: Notification) => {
    if (d.type === 'slack') return (await secrets.get(secretNames.slackWebhook(d.channel))) !== undefined;
    if (d.type === 'pagerduty') return (await secrets.get(secretNames.pagerDutyRoutingKey)) !== undefined;
    return Boolean(env.EMAIL_TOPIC_ARN);
  };
}

/** Refuse at start, with a clear message, a Slack URL from the environment that points anywhere but Slack. */
function checkEnvWebhooks(env: NodeJS.ProcessEnv): void {
  for (const channel of SLACK_CHANNELS) {
    const url = env[envSecretKey(secretNames.slackWebhook(channel))];
    if (url) checkSlackWebhookUrl(url, endpointPolicy(env));
  }
}

function logDeadLetters(log: Log): DeadLetterQueue {
  return { send: async (letter) => log.error('DRY RUN: would dead-letter', { dryRun: true, deadLetter: letter }) };
}

export function wiringFromEnv(type: DestinationType, env: NodeJS.ProcessEnv = process.env, log: Log = new Logger({ persistentKeys: { function: type } })): Wiring {
  const config = stageConfig(env.STAGE ?? 'staging');
  checkEnvWebhooks(env);
  const deployed = isDeployed(env);
  const secrets = deployed ? firstOf(envSecrets(env), ssmSecrets(env.SSM_PREFIX!)) : envSecrets(env);
  const real = notifierFor(type, secrets, env);
  const notifier = deployed ? real : dryRunUnlessConfigured(real, isConfigured(secrets, env), log);
  return {
    prepare: {
      config,
      catalog: catalogFor(config),
      log,
      // Locally, CloudWatch is read only when asked for: a laptop usually has no credentials for the stage.
      cloudwatch: deployed || env.ALERTING_CLOUDWATCH === 'live' ? lazyCloudWatchReader({ maxAttempts: 2 }) : undefined,
      // Maintenance windows opened without a deploy; locally only the configured ones apply.
      silences: deployed ? ssmSilences({ config, log, parameterName: ssmParameterName(env.SSM_PREFIX!, 'silences') }) : undefined,
    },
    deliver: {
      stage: config.stage,
      notifiers: { [type]: notifier },
      ledger: env.LEDGER_TABLE ? dynamoLedger(env.LEDGER_TABLE, log) : memoryLedger(),
      deadLetters: env.DLQ_URL ? sqsDeadLetterQueue(env.DLQ_URL) : logDeadLetters(log),
      retry: DEFAULT_RETRY,
      log,
    },
  };
}

/**
 * One Lambda per destination type, so a destination that is down or slow never holds back another.
 * SQS-triggered invocations report the records that are not yet safe; SNS-triggered ones fail so Lambda
 * retries them (the ledger keeps destinations that already succeeded from receiving them twice).
 */
export function notifierHandler(type: DestinationType, wiring?: Wiring) {
  let wired = wiring;
  return async (event: unknown, context?: Context): Promise<SQSBatchResponse | { delivered: DeliveryReport[] }> => {
    wired ??= wiringFromEnv(type);
    const { log } = wired.deliver;
    if (context && 'addContext' in log) (log as Logger).addContext(context);
    // A batch big enough to become a digest shows no trend or history, and a hundred parallel CloudWatch
    // reads would only be throttled: skip them.
    const digest = hasDigest(type) && (unwrap(event)?.length ?? 0) >= DIGEST_MIN_ALERTS;
    const records = await prepare(event, { ...wired.prepare, handles: [type], ...(digest ? { cloudwatch: undefined } : {}) });
    // Slack and email batches that carry many alerts become one digest per channel (see notify/digest.ts).
    const reports = await deliver(records, wired.deliver, planDeliveries(records, wired.prepare.config.stage));
    const failed = new Set(reports.filter((r) => r.outcome === 'failed').map((r) => r.record));
    if (records.some((r) => r.sqs)) {
      return { batchItemFailures: records.filter((r) => failed.has(r.record) && r.sqs).map((r) => ({ itemIdentifier: r.sqs!.messageId })) };
    }
    if (failed.size > 0) throw new Error(`${failed.size} record(s) could not be delivered nor dead-lettered; failing so Lambda retries`);
    return { delivered: reports };
  };
}
