/**
 * The alert storm, simulated end to end: the real notifier handlers (`notifierHandler` with the wiring
 * `wiringFromEnv` builds, so prepare, digest planning, the ledger, retries and pacing are the production code)
 * in the deployed topology, against stand-ins that answer the way Slack, PagerDuty and SNS do, on a simulated
 * clock. `npm run bench` reports its numbers; test/storm asserts them.
 *
 * What is simulated, and therefore not measured here: time (network round trips, cold starts and SNS/SQS hops
 * take the fixed simulated durations in `latency`; CPU time takes none), AWS's own services (SNS fan-out, SQS
 * batching, Lambda containers and retries: see topology.ts) and the shared DynamoDB ledger (one in-memory ledger
 * for every container, as every container shares the one table).
 */
import { topicsFor } from '../../infra/pipeline.js';
import { endpointPolicy } from '../../src/config/endpoints.js';
import { envSecrets } from '../../src/config/secrets.js';
import { email } from '../../src/destinations/email/index.js';
import { emailNotifier } from '../../src/destinations/email/notifier.js';
import { pagerduty } from '../../src/destinations/pagerduty/index.js';
import { slack } from '../../src/destinations/slack/index.js';
import { SLACK_PACING, slackNotifier } from '../../src/destinations/slack/notifier.js';
import { SLACK_CHANNELS } from '../../src/destinations/slack/routes.js';
import { notifierHandler, wiringFromEnv, withinQuota, type Wiring } from '../../src/handlers/runtime.js';
import type { Log, LogFields } from '../../src/model/log.js';
import type { DeadLetter } from '../../src/notify/dead-letter.js';
import { memoryAlarmStates } from '../../src/notify/alarm-state.js';
import { memoryLedger, type DeliveryLedger } from '../../src/notify/ledger.js';
import { RETRY_WINDOW_MS, type RetryQueues } from '../../src/notify/redelivery.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../src/notify/retry.js';
import type { Notifier } from '../../src/notify/types.js';
import { account, type AccountInput, type StormAccount } from './accounting.js';
import { VirtualClock } from './clock.js';
import { simulatedCloudWatch, type CloudWatchCount } from './cloudwatch.js';
import { prng, STORM, STORM_EPOCH_MS, stormMessages, type StormMessage, type StormShape } from './scenario.js';
import { startStandIns, type Latency, type Outage, type StandIns } from './stand-ins.js';
import { asyncInvoker, concurrencyLimit, functionPool, queue, queueSettings, type Invocation, type NotifierName, type SnsDelivery } from './topology.js';

/** The production functions the storm runs: one per destination. */
const FUNCTIONS = { slack, pagerduty, email } as const;
const NOTIFIERS = Object.keys(FUNCTIONS) as NotifierName[];

export interface StormLatency extends Latency {
  /** SNS to a subscribed Lambda function, and to a subscribed queue. */
  snsToLambdaMs: number;
  snsToQueueMs: number;
  /** A new container's init plus the first invocation's set-up, on a 128 MB function. */
  coldStartMs: number;
  /** One CloudWatch read during enrichment (GetMetricData, DescribeAlarmHistory); they run in parallel. */
  cloudWatchMs: number;
}

/**
 * Assumed, not measured: round trips from eu-west-1 to Slack and PagerDuty, SNS publish inside the region,
 * SNS fan-out, and a pessimistic cold start for a 128 MB function (a fraction of a vCPU).
 */
export const STORM_LATENCY: StormLatency = {
  snsToLambdaMs: 100,
  snsToQueueMs: 100,
  coldStartMs: 1_000,
  cloudWatchMs: 250,
  slackMs: 200,
  pagerDutyMs: 300,
  snsPublishMs: 50,
};

export interface StormOptions {
  shape?: StormShape;
  latency?: Partial<StormLatency>;
  retry?: RetryPolicy;
  /** The delivery ledger every container shares (DynamoDB in a stage); by default one that works. */
  ledger?: DeliveryLedger;
  /** Where each message must go, for the count of routed, lost and unexpected deliveries; by default the route table. */
  destinationsOf?: AccountInput['destinationsOf'];
  /** The notifications to publish instead of the storm's own. */
  messages?: StormMessage[];
  /** A destination that answers 500 for a while. */
  outage?: Outage;
}

export interface LogEntry {
  at: number;
  fn: NotifierName;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

export interface StormRun {
  account: StormAccount;
  /** Every invocation of every function, in order, with its event (the bench replays them against the bundles). */
  invocations: Invocation[];
  containers: Record<NotifierName, number>;
  /** What the functions logged (info and above), stamped with simulated time. */
  logs: LogEntry[];
  /** What the stand-ins received. */
  received: Pick<StandIns, 'slack' | 'pagerDuty' | 'email'>;
  /** Simulated ms from the first publication until the last delivery settled. */
  simulatedMs: number;
  /** Timers left when the run ended (0 unless something waits forever). */
  stuckTimers: number;
  /** What enrichment asked of CloudWatch, and what the account's quotas throttled. */
  cloudwatch: CloudWatchCount;
  /** Invocations Lambda refused at a function's concurrency limit (then retried), by function. */
  throttledInvocations: Record<NotifierName, number>;
}

const WEBHOOK_ORIGIN_PATH = (origin: string, channel: string) =>
  `${origin}/services/T0OHMYCOINS/B${channel.replace(/[^a-zA-Z0-9]/g, '').toUpperCase()}/XXXXXXXXXXXXXXXXXXXXXXXX`;

export const STORM_ROUTING_KEY = 'R0UT1NGKEYFORSTORM00000000000000';
export const STORM_EMAIL_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-email';

function recordingLog(fn: NotifierName, clock: VirtualClock, entries: LogEntry[]): Log {
  const at = (level: LogEntry['level']) => (message: string, ...fields: LogFields[]) =>
    void entries.push({ at: clock.now(), fn, level, message, fields: Object.assign({}, ...fields) });
  return { debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
}

export async function runStorm(options: StormOptions = {}): Promise<StormRun> {
  const shape = options.shape ?? STORM;
  const latency = { ...STORM_LATENCY, ...options.latency };
  const retry = options.retry ?? DEFAULT_RETRY;
  const clock = new VirtualClock();
  const standIns = startStandIns(clock, latency, SLACK_PACING.minIntervalMs, options.outage);
  const messages = options.messages ?? stormMessages(shape);
  const byId = new Map(messages.map((m) => [m.messageId, m]));
  const random = prng(shape.seed ^ 0x5eed);
  const cloudwatch = simulatedCloudWatch(clock, latency.cloudWatchMs);

  const env: NodeJS.ProcessEnv = {
    STAGE: 'production',
    ...Object.fromEntries(SLACK_CHANNELS.map((c) => [`SLACK_WEBHOOK_${c.replace(/-/g, '_').toUpperCase()}`, WEBHOOK_ORIGIN_PATH(standIns.origin, c)])),
    PAGERDUTY_ROUTING_KEY: STORM_ROUTING_KEY,
    PAGERDUTY_EVENTS_URL: `${standIns.origin}/v2/enqueue`,
    EMAIL_TOPIC_ARN: STORM_EMAIL_TOPIC_ARN,
    ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true',
  };
  const ledger = options.ledger ?? memoryLedger();
  // Every container shares the one table, for the alarm states as for the ledger.
  const states = memoryAlarmStates();
  const deadLetters: DeadLetter[] = [];
  const platformDeadLetters: Array<{ fn: NotifierName; messageId: string; why: string }> = [];
  const logs: LogEntry[] = [];
  const invocations: Invocation[] = [];

  /** One container's handler: the production wiring, with the simulated clock in every seam that takes time. */
  const container = (fn: NotifierName) => () => {
    const log = recordingLog(fn, clock, logs);
    const base = wiringFromEnv(FUNCTIONS[fn], env, log);
    const context = { secrets: envSecrets(env), env, policy: endpointPolicy(env), log, http: standIns.send };
    const notifiers: Record<NotifierName, () => Notifier> = {
      slack: () => slackNotifier(context.secrets, context.policy, { ...SLACK_PACING, now: clock.now, sleep: clock.sleep }, standIns.send),
      pagerduty: () => pagerduty.notifier(context),
      email: () => emailNotifier(async () => standIns.publisher, env.EMAIL_TOPIC_ARN),
    };
    const wiring: Wiring = {
      ...base,
      // Deployed functions enrich from CloudWatch (except Slack digests, which the handler keeps from it).
      // Each container reads through its own quota limiter, as deployed, into the account's one CloudWatch.
      prepare: { ...base.prepare, cloudwatch: withinQuota(FUNCTIONS[fn], cloudwatch.reader, clock.now), now: () => new Date(STORM_EPOCH_MS + clock.now()) },
      deliver: {
        ...base.deliver,
        notifiers: { [fn]: notifiers[fn]() },
        ledger,
        states,
        deadLetters: { send: async (letter) => void deadLetters.push(letter) },
        retry,
        retryDeps: { sleep: clock.sleep, now: clock.now, random },
        retryLater: { windowMs: RETRY_WINDOW_MS, now: () => STORM_EPOCH_MS + clock.now() },
      },
      settle: { queues: retryQueues, log, random },
    };
    return notifierHandler(FUNCTIONS[fn], wiring) as (event: unknown) => Promise<unknown>;
  };

  const platformDeadLetter = (fn: NotifierName, sns: { messageId: string }, why: string) =>
    void platformDeadLetters.push({ fn, messageId: sns.messageId, why });
  const pools = Object.fromEntries(
    NOTIFIERS.map((fn) => [fn, functionPool(fn, clock, latency.coldStartMs, container(fn), invocations, concurrencyLimit(fn))]),
  ) as Record<NotifierName, ReturnType<typeof functionPool>>;
  const subscribers = {
    pagerduty: asyncInvoker('pagerduty', clock, pools.pagerduty, platformDeadLetter),
    slack: queue('slack', queueSettings('slack'), clock, pools.slack, platformDeadLetter),
    email: queue('email', queueSettings('email'), clock, pools.email, platformDeadLetter),
  } satisfies Record<NotifierName, { send(d: SnsDelivery): void }>;
  // PagerDuty's retry queue, which its function also reads; the queued functions retry through their own queue.
  const pagerDutyRetries = queue('pagerduty', queueSettings('pagerduty'), clock, pools.pagerduty, platformDeadLetter, true);
  const sqsQueues = [subscribers.slack, subscribers.email, pagerDutyRetries];
  let retried = 0;
  const retryQueues: RetryQueues = {
    hide: async (queueArn, receiptHandle, seconds) => {
      const q = sqsQueues.find((x) => queueArn.endsWith(`:${x.name}`));
      if (!q) throw new Error(`storm simulation: no queue ${queueArn}`);
      q.hide(receiptHandle, seconds * 1000);
    },
    enqueue: async (body, seconds) => {
      const sns = byId.get(String((JSON.parse(body) as { MessageId?: unknown }).MessageId));
      if (!sns) throw new Error('storm simulation: a retry of a message nobody published');
      pagerDutyRetries.sendLater({ sns, deliveryId: `pagerduty-retry-${++retried}-${sns.messageId}` }, seconds * 1000);
    },
  };

  // SNS: each message to every function subscribed to its severity topic; a few deliveries arrive twice.
  let snsDuplicates = 0;
  let deliveries = 0;
  for (const sns of messages) {
    for (const fn of NOTIFIERS.filter((fn) => topicsFor('production', FUNCTIONS[fn]).includes(sns.alarm.severity))) {
      const hop = fn === 'pagerduty' ? latency.snsToLambdaMs : latency.snsToQueueMs;
      const copies = random() < shape.duplicateRate ? 2 : 1;
      snsDuplicates += copies - 1;
      for (let c = 0; c < copies; c++) {
        const delay = c === 0 ? 0 : Math.floor(random() * shape.duplicateDelayMaxMs);
        const delivery: SnsDelivery = { sns, deliveryId: `${fn}-${++deliveries}-${sns.messageId}` };
        clock.at(sns.publishedAt + hop + delay, () => subscribers[fn].send(delivery));
      }
    }
  }

  const end = await clock.run();

  return {
    account: account({ messages, standIns, logs, deadLetters, platformDeadLetters, snsDuplicates, latency, destinationsOf: options.destinationsOf }),
    invocations,
    logs,
    received: { slack: standIns.slack, pagerDuty: standIns.pagerDuty, email: standIns.email },
    containers: Object.fromEntries(NOTIFIERS.map((fn) => [fn, pools[fn].containers])) as Record<NotifierName, number>,
    simulatedMs: end,
    stuckTimers: clock.pending,
    cloudwatch: cloudwatch.count(),
    throttledInvocations: Object.fromEntries(NOTIFIERS.map((fn) => [fn, pools[fn].throttled])) as Record<NotifierName, number>,
  };
}
