import { afterEach, beforeEach } from 'vitest';
/**
 * What the delivery tests share: the real notifier handlers wired the way `wiringFromEnv` wires them, but
 * pointed at Slack and PagerDuty stand-ins on 127.0.0.1, a mocked SNS client, an in-memory dead-letter queue,
 * a fast retry policy and captured log output.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { DeadLetter, DeadLetterQueue } from '../../src/notify/dead-letter.js';
import type { DeliveryLedger } from '../../src/notify/ledger.js';
import type { Log } from '../../src/model/log.js';
import type { AlarmStateStore } from '../../src/notify/alarm-state.js';
import { RETRY_WINDOW_MS, type RetryQueues } from '../../src/notify/redelivery.js';
import type { RetryDeps, RetryPolicy } from '../../src/notify/retry.js';
import { endpointPolicy } from '../../src/config/endpoints.js';
import { envSecretKey, envSecrets, firstOf, ssmSecrets, type SecretSource } from '../../src/config/secrets.js';
import { destinationNamed, type AnyDestination } from '../../src/destinations/index.js';
import { notifierHandler, wiringFromEnv, type Wiring } from '../../src/handlers/runtime.js';
import { slackNotifier, webhookSecret } from '../../src/destinations/slack/notifier.js';
import { SLACK_CHANNELS, type SlackChannel } from '../../src/destinations/slack/routes.js';
import { startPagerDutyStandIn, startSlackStandIn, type PagerDutyStandIn, type SlackStandIn } from '../support/stand-ins.js';

export const EVENTS_DIR = new URL('../events/', import.meta.url);

/** The three destinations of the platform, by the name their function has. */
export type DestinationType = 'slack' | 'pagerduty' | 'email';

/** The registered destination of that name. */
export function destination(type: DestinationType): AnyDestination {
  const d = destinationNamed(type);
  if (!d) throw new Error(`no destination ${type}`);
  return d;
}

/** A Lambda event from test/events/. */
export function testEvent(file: string): { Records: Array<{ Sns: Record<string, unknown> }> } {
  return JSON.parse(readFileSync(new URL(file, EVENTS_DIR), 'utf8'));
}

/** The SNS notification of an SNS-to-Lambda record, as an SNS → SQS subscription (raw delivery off) writes it. */
export function sqsBodyOf(sns: Record<string, unknown>): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: sns.MessageId,
    TopicArn: sns.TopicArn,
    Subject: sns.Subject,
    Message: sns.Message,
    Timestamp: sns.Timestamp,
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem',
    UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
  });
}

/** The same SNS records as the queue-fed functions (Slack, email) receive them: one SQS record per SNS message. */
export function viaSqs(event: { Records: Array<{ Sns: Record<string, unknown> }> }, queue: string): { Records: unknown[] } {
  return {
    Records: event.Records.map((r, i) => ({
      messageId: `sqs-${i}-${String(r.Sns.MessageId)}`,
      receiptHandle: `receipt-${i}`,
      body: sqsBodyOf(r.Sns),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1715679747512', SenderId: 'AIDAIT2UOQQY3AUEKVGXU', ApproximateFirstReceiveTimestamp: '1715679747520' },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queue}`,
      awsRegion: 'eu-west-1',
    })),
  };
}

/** The event each notifier function receives in a deployed stage: PagerDuty straight from SNS, the others through their queue. */
export function asDelivered(type: DestinationType, event: ReturnType<typeof testEvent>, stage = 'production'): unknown {
  return type === 'pagerduty' ? event : viaSqs(event, `ohmycoins-${stage}-alerts-${type}`);
}

/** Retries without waiting: the waits are recorded instead. `attemptTimeoutMs` is real time (an abandoned request is). */
export const FAST_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, attemptTimeoutMs: 5_000, deadlineMs: 120_000 };
/** For faults that hang: each attempt is abandoned after this long. */
export const HANG_RETRY: RetryPolicy = { ...FAST_RETRY, attemptTimeoutMs: 1_000 };

/** Dead letters kept in memory, in the shape the SQS dead-letter queue receives them. */
export function memoryDeadLetters(): DeadLetterQueue & { letters: DeadLetter[] } {
  const letters: DeadLetter[] = [];
  return { letters, send: async (letter) => void letters.push(structuredClone(letter)) };
}

export interface CapturedOutput {
  /** Everything written, in order. */
  text(): string;
  /** The lines that are JSON objects (Powertools Logger output). */
  entries(): Array<Record<string, unknown>>;
  restore(): void;
}

/** Captures stdout, stderr and the console (Powertools Logger writes to stdout; some libraries use console.warn). */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const record = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = record as typeof process.stdout.write;
  process.stderr.write = record as typeof process.stderr.write;
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void record(`${args.map(String).join(' ')}\n`);
  return {
    text: () => chunks.join(''),
    entries: () =>
      chunks
        .join('')
        .split('\n')
        .flatMap((line) => {
          try {
            const parsed: unknown = JSON.parse(line);
            return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
          } catch {
            return [];
          }
        }),
    restore: () => {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      methods.forEach((m, i) => (console[m] = originals[i]!));
    },
  };
}

export const EMAIL_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-email';
export const ROUTING_KEY = 'R0UT1NGKEYFORTESTS000000000000AB';

/** The environment a stage's functions would see, with the secrets and endpoints of the stand-ins. */
export function standInEnv(slack: SlackStandIn, pagerduty: PagerDutyStandIn, stage = 'production'): NodeJS.ProcessEnv {
  const webhooks = Object.fromEntries(SLACK_CHANNELS.map((c: SlackChannel) => [envSecretKey(webhookSecret(c)), slack.webhookUrl(c)]));
  return {
    STAGE: stage,
    ...webhooks,
    PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
    PAGERDUTY_EVENTS_URL: pagerduty.eventsUrl,
    EMAIL_TOPIC_ARN: stage === 'production' ? EMAIL_TOPIC_ARN : EMAIL_TOPIC_ARN.replace('production', stage),
    ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true',
  };
}

export interface WiringOptions {
  env: NodeJS.ProcessEnv;
  deadLetters: DeadLetterQueue;
  retry?: RetryPolicy;
  retryDeps?: RetryDeps;
  ledger?: DeliveryLedger;
  /** The alarm-state store the functions share (the ledger table when deployed). */
  states?: AlarmStateStore;
  /**
   * As deployed: transient failures within the retry window go back through SQS (recorded here) instead of the
   * dead-letter queue. `now` is the wall clock the window is measured with.
   */
  redelivery?: { queues: RecordingRetryQueues; now: () => number };
}

/** The SQS calls re-delivery makes, recorded; `down` makes each of them fail. */
export interface RecordingRetryQueues extends RetryQueues {
  hidden: Array<{ queueArn: string; receiptHandle: string; seconds: number }>;
  enqueued: Array<{ body: string; seconds: number }>;
  down: boolean;
}

export function recordingRetryQueues(): RecordingRetryQueues {
  const q: RecordingRetryQueues = {
    hidden: [],
    enqueued: [],
    down: false,
    async hide(queueArn, receiptHandle, seconds) {
      if (q.down) throw new Error('SQS unavailable');
      q.hidden.push({ queueArn, receiptHandle, seconds });
    },
    async enqueue(body, seconds) {
      if (q.down) throw new Error('SQS unavailable');
      q.enqueued.push({ body, seconds });
    },
  };
  return q;
}

/** The secrets `wiringFromEnv` reads: the environment, then SSM when the stage is deployed. */
function secretsOf(env: NodeJS.ProcessEnv): SecretSource {
  return env.SSM_PREFIX && env.IS_LOCAL !== 'true' ? firstOf(envSecrets(env), ssmSecrets(env.SSM_PREFIX)) : envSecrets(env);
}

/**
 * `wiringFromEnv` as the function would build it, with the test's dead-letter queue, retry policy and ledger.
 * Slack's pacing (one post per second per channel) keeps its order but does not wait: retries to one channel
 * would otherwise spend real seconds, and time is what these tests must not depend on.
 */
export function testWiring(type: DestinationType, o: WiringOptions): Wiring {
  const log = new Logger({ serviceName: 'ohmycoins-alerting', persistentKeys: { function: type } });
  const wiring = wiringFromEnv(destination(type), o.env, log);
  const notifiers =
    type === 'slack'
      ? { slack: slackNotifier(secretsOf(o.env), endpointPolicy(o.env), { minIntervalMs: 1_000, sleep: async () => {} }) }
      : wiring.deliver.notifiers;
  return {
    ...wiring,
    prepare: { ...wiring.prepare, cloudwatch: undefined },
    deliver: {
      ...wiring.deliver,
      notifiers,
      deadLetters: o.deadLetters,
      retry: o.retry ?? FAST_RETRY,
      retryDeps: o.retryDeps ?? instantRetry().deps,
      ...(o.ledger ? { ledger: o.ledger } : {}),
      ...(o.states ? { states: o.states } : {}),
      ...(o.redelivery ? { retryLater: { windowMs: RETRY_WINDOW_MS, now: o.redelivery.now } } : {}),
    },
    settle: o.redelivery ? { queues: o.redelivery.queues, log, random: () => 0.5 } : wiring.settle,
  };
}

/** Retry waits that return at once; the waits asked for are kept. Jitter is fixed at half the backoff. */
export function instantRetry(): { deps: RetryDeps; waits: number[] } {
  const waits: number[] = [];
  return { waits, deps: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 } };
}

export interface Run {
  slack: SlackStandIn;
  pagerduty: PagerDutyStandIn;
  sns: AwsClientStub<SNSClient>;
  deadLetters: ReturnType<typeof memoryDeadLetters>;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Fresh stand-ins, SNS mock (every Publish succeeds unless a test says otherwise) and dead-letter queue. */
export async function startRun(stage = 'production'): Promise<Run> {
  const [slack, pagerduty] = await Promise.all([startSlackStandIn(), startPagerDutyStandIn()]);
  const sns = mockClient(SNSClient);
  sns.on(PublishCommand).resolves({ MessageId: 'email-message-id' });
  return {
    slack,
    pagerduty,
    sns,
    deadLetters: memoryDeadLetters(),
    env: standInEnv(slack, pagerduty, stage),
    close: async () => {
      sns.restore();
      await Promise.all([slack.close(), pagerduty.close()]);
    },
  };
}

export const NOTIFIER_TYPES: readonly DestinationType[] = ['pagerduty', 'slack', 'email'];

export type HandlerOptions = Partial<Omit<WiringOptions, 'env'>> & {
  stage?: string;
  /** A policy for some functions only (a short attempt timeout for the one whose destination hangs). */
  retryFor?: Partial<Record<DestinationType, RetryPolicy>>;
};

export interface DeployedFunctions {
  /** Invokes the three functions at once on `event`, each fed as in a deployed stage. */
  (event: ReturnType<typeof testEvent>): Promise<Record<DestinationType, unknown>>;
  /** The retry waits each function asked for (they return at once). */
  waits: Record<DestinationType, number[]>;
}

/** The three notifier functions of a stage, each wired once (its ledger lives across invocations, as in a warm container). */
export function deployedFunctions(run: Run, o: HandlerOptions = {}): DeployedFunctions {
  const retries = NOTIFIER_TYPES.map(() => instantRetry());
  const handlers = NOTIFIER_TYPES.map((type, i) =>
    notifierHandler(destination(type), testWiring(type, { env: run.env, deadLetters: run.deadLetters, retryDeps: retries[i]!.deps, ...o, retry: o.retryFor?.[type] ?? o.retry })),
  );
  const invoke = async (event: ReturnType<typeof testEvent>) => {
    const results = await Promise.allSettled(handlers.map((handler, i) => handler(asDelivered(NOTIFIER_TYPES[i]!, event, o.stage))));
    return Object.fromEntries(NOTIFIER_TYPES.map((t, i) => [t, settled(results[i]!)])) as Record<DestinationType, unknown>;
  };
  return Object.assign(invoke, { waits: Object.fromEntries(NOTIFIER_TYPES.map((t, i) => [t, retries[i]!.waits])) as Record<DestinationType, number[]> });
}

/** A function that threw (asking Lambda to retry it) is reported as `{ threw: message }`. */
const settled = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? r.value : { threw: (r.reason as Error).message });

/** Runs the three notifier functions on `event` at once, each as it is triggered in a deployed stage. */
export async function runAllHandlers(run: Run, event: ReturnType<typeof testEvent>, o: HandlerOptions = {}) {
  return deployedFunctions(run, o)(event);
}

export const publishCalls = (run: Run) => run.sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A `Log` that keeps what it is told, for tests that look at one component's logging. */
export function recordingLog(): Log & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (message: string, ...fields: Array<Record<string, unknown>>) =>
    void entries.push({ level, message, fields: Object.assign({}, ...fields) });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Around each test of the calling file: a fresh run (stand-ins, SNS mock) and captured output, handed to `use`,
 * then restored and closed.
 */
export function runPerTest(use: (run: Run, output: CapturedOutput) => void): void {
  let current: { run: Run; output: CapturedOutput } | undefined;
  beforeEach(async () => {
    current = { run: await startRun(), output: captureOutput() };
    use(current.run, current.output);
  });
  afterEach(async () => {
    current?.output.restore();
    await current?.run.close();
  });
}
