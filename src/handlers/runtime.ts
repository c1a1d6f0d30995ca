import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { packagedCatalog } from '../alarms/index.js';
import { endpointPolicy } from '../config/endpoints.js';
import { envSecrets, firstOf, ssmParameterName, ssmSecrets } from '../config/secrets.js';
import { stageConfig } from '../config/stages/index.js';
import type { AnyDestination } from '../destinations/index.js';
import type { NotifierContext, RequestContext } from '../destinations/types.js';
import { lazyCloudWatchReader, type CloudWatchReader } from '../enrich/cloudwatch.js';
import { containerQuota, quotaLimitedReader } from '../enrich/quota.js';
import type { Log } from '../model/log.js';
import { sqsDeadLetterQueue, type DeadLetterQueue } from '../notify/dead-letter.js';
import { dryRunNotifier } from '../notify/dry-run.js';
import { deliver, type DeliverDeps, type DeliveryReport } from '../notify/index.js';
import { dynamoAlarmStates, memoryAlarmStates } from '../notify/alarm-state.js';
import { traceHeartbeats } from '../notify/heartbeat-trace.js';
import { dynamoLedger, memoryLedger } from '../notify/ledger.js';
import { RETRY_WINDOW_MS, settle, sqsRetryQueues, type RetryQueues, type SettleDeps } from '../notify/redelivery.js';
import { DEFAULT_RETRY } from '../notify/retry.js';
import type { Notifier } from '../notify/types.js';
import { formatGroup } from '../pipeline/format.js';
import { prepare, type PrepareContext } from '../pipeline/prepare.js';
import { ssmSilences } from '../route/silence.js';

/** Everything a notifier function needs, built once per container. Tests build their own. */
export interface Wiring {
  prepare: PrepareContext;
  deliver: DeliverDeps;
  /** Where what is not done yet goes for later. */
  settle: SettleDeps;
}

/** A local run (`sls invoke local`, a laptop) never needs AWS: secrets come only from the environment. */
const isDeployed = (env: NodeJS.ProcessEnv) => Boolean(env.SSM_PREFIX) && env.IS_LOCAL !== 'true';

/** Locally, a route without configuration prints what it would send instead of sending it. */
function dryRunUnlessConfigured(destination: AnyDestination, real: Notifier, context: NotifierContext, request?: RequestContext): Notifier {
  const { redact, request: requestOf } = destination;
  const dry = dryRunNotifier(context.log, requestOf && request ? (payload) => requestOf(redact ? redact(payload) : payload, request) : undefined);
  return { send: async (n, signal) => ((await destination.isConfigured(n.route, context)) ? real.send(n, signal) : dry.send(n, signal)) };
}

function logDeadLetters(log: Log): DeadLetterQueue {
  return { send: async (letter) => log.error('DRY RUN: would dead-letter', { dryRun: true, deadLetter: letter }) };
}

/** Locally there is no queue to come back through: a failure is printed as the dead letter it would become. */
const noRetryQueues: RetryQueues = {
  hide: () => Promise.reject(new Error('no queue locally')),
  enqueue: () => Promise.reject(new Error('no queue locally')),
};

/** This container's CloudWatch reads, within its share of the account's quotas (src/enrich/quota.ts). */
export const withinQuota = (destination: Pick<AnyDestination, 'queued'>, reader: CloudWatchReader, now?: () => number): CloudWatchReader =>
  quotaLimitedReader(reader, containerQuota(destination, now));

export function wiringFromEnv(destination: AnyDestination, env: NodeJS.ProcessEnv = process.env, log: Log = new Logger({ persistentKeys: { function: destination.name } })): Wiring {
  const config = stageConfig(env.STAGE ?? 'staging');
  const deployed = isDeployed(env);
  const secrets = deployed ? firstOf(envSecrets(env), ssmSecrets(env.SSM_PREFIX!)) : envSecrets(env);
  // Locally, CloudWatch is read only when asked for: a laptop usually has no credentials for the stage.
  const readsCloudWatch = deployed || env.ALERTING_CLOUDWATCH === 'live';
  const context: NotifierContext = { secrets, env, policy: endpointPolicy(env), log, liveCloudWatch: readsCloudWatch };
  // Refuse at start, with a clear message, configuration that can never work (a webhook that is not Slack's).
  destination.checkEnvironment?.(context);
  const real = destination.notifier(context);
  const notifier = deployed ? real : dryRunUnlessConfigured(destination, real, context, { stage: config.stage, region: config.region, env });
  const destinations = [destination];
  return {
    prepare: {
      config,
      catalog: packagedCatalog(config),
      destinations,
      log,
      // One attempt: a throttled read is not retried (it would only add to a storm's load), and enrichment is optional.
      cloudwatch: readsCloudWatch ? withinQuota(destination, lazyCloudWatchReader({ maxAttempts: 1 })) : undefined,
      // Maintenance windows opened without a deploy; locally only the configured ones apply.
      silences: deployed ? ssmSilences({ config, log, parameterName: ssmParameterName(env.SSM_PREFIX!, 'silences') }) : undefined,
    },
    deliver: {
      stage: config.stage,
      notifiers: { [destination.name]: notifier },
      reformat: (group) => formatGroup(group, { stage: config.stage, destinations }),
      ledger: env.LEDGER_TABLE ? dynamoLedger(env.LEDGER_TABLE, log) : memoryLedger(),
      states: env.LEDGER_TABLE ? dynamoAlarmStates(env.LEDGER_TABLE, log) : memoryAlarmStates(),
      deadLetters: env.DLQ_URL ? sqsDeadLetterQueue(env.DLQ_URL) : logDeadLetters(log),
      retry: DEFAULT_RETRY,
      // Deployed, a transient failure comes back through SQS until the window ends; locally it is a letter at once.
      ...(deployed ? { retryLater: { windowMs: RETRY_WINDOW_MS } } : {}),
      log,
    },
    settle: { queues: deployed ? sqsRetryQueues(env.RETRY_QUEUE_URL) : noRetryQueues, log },
  };
}

/**
 * One Lambda per destination, so a destination that is down or slow never holds back another. What could not
 * be delivered yet is put back for later (src/notify/redelivery.ts); SQS-triggered invocations report the
 * records that are not done, SNS-triggered ones fail when a record is safe nowhere, so Lambda retries them.
 */
export function notifierHandler(destination: AnyDestination, wiring?: Wiring) {
  let wired = wiring;
  return async (event: unknown, context?: Context): Promise<SQSBatchResponse | { delivered: DeliveryReport[] }> => {
    wired ??= wiringFromEnv(destination);
    const { log } = wired.deliver;
    if (context && 'addContext' in log) (log as Logger).addContext(context);
    const { records, notifications } = await prepare(event, wired.prepare);
    const reports = await deliver(notifications, wired.deliver);
    traceHeartbeats(wired.deliver.stage, destination.name, records, reports);
    return (await settle(records, reports, wired.settle)) ?? { delivered: reports };
  };
}
