/**
 * The deployed topology, on the simulated clock: SNS fans each message out to the PagerDuty function (invoked
 * per message, retried twice by Lambda, then dead-lettered) and to the Slack and email queues, which Lambda
 * polls in batches (window, batch size and concurrency read from infra/pipeline.ts). Each function runs in
 * containers that are reused while warm and cost a cold start when new.
 */
import type { SQSBatchResponse } from 'aws-lambda';
import { functionEvents, FUNCTION_TIMEOUT_SECONDS } from '../../infra/pipeline.js';
import { notifierFunctions } from '../../infra/serverless.js';
import { retryQueueName, destinationQueueName } from '../../src/alarms/naming.js';
import { MAX_RECEIVES, snsNotification } from '../../src/notify/redelivery.js';
import type { VirtualClock } from './clock.js';
import type { StormMessage } from './scenario.js';

/** The storm runs the production functions, one per destination. */
export type NotifierName = 'slack' | 'pagerduty' | 'email';

/** What SNS hands a subscriber: the message and this delivery's own identity (a duplicate keeps the MessageId). */
export interface SnsDelivery {
  sns: StormMessage;
  /** Unique per delivery: the SQS message id, or the Lambda request of an SNS invocation. */
  deliveryId: string;
}

export type Handler = (event: unknown) => Promise<unknown>;

export interface Invocation {
  fn: NotifierName;
  at: number;
  cold: boolean;
  event: unknown;
}

/** Where a message ends when the platform itself gives up on it (SQS redrive, Lambda's on-failure destination). */
export type PlatformDeadLetter = (fn: NotifierName, sns: StormMessage, why: string) => void;

export interface FunctionPool {
  invoke(event: unknown): Promise<unknown>;
  readonly containers: number;
  /** Invocations refused because every container allowed was busy. */
  readonly throttled: number;
}

/** Lambda's answer at a function's concurrency limit (429 TooManyRequestsException, "Rate Exceeded."). */
export class ConcurrencyThrottle extends Error {
  override readonly name = 'TooManyRequestsException';
}

/** The function's reserved concurrency as infra/serverless.ts deploys it; queued functions are bounded by their pollers. */
export function concurrencyLimit(fn: NotifierName): number | undefined {
  const deployed = notifierFunctions('production')[fn] as { reservedConcurrency?: number } | undefined;
  return deployed?.reservedConcurrency;
}

/** A Lambda function: a warm container is reused, a new one pays the cold start; none beyond `limit` at once. */
export function functionPool(fn: NotifierName, clock: VirtualClock, coldStartMs: number, create: () => Handler, invocations: Invocation[], limit = Number.POSITIVE_INFINITY): FunctionPool {
  const idle: Handler[] = [];
  let containers = 0;
  let throttled = 0;
  return {
    get containers() {
      return containers;
    },
    get throttled() {
      return throttled;
    },
    async invoke(event) {
      let handler = idle.pop();
      const cold = handler === undefined;
      if (!handler && containers >= limit) {
        throttled++;
        throw new ConcurrencyThrottle('Rate Exceeded.');
      }
      invocations.push({ fn, at: clock.now(), cold, event });
      if (!handler) {
        containers++;
        handler = create();
        await clock.sleep(coldStartMs);
      }
      try {
        return await handler(event);
      } finally {
        idle.push(handler);
        clock.touch();
      }
    },
  };
}

/** The fields SNS puts in every notification; Lambda's event and the SQS body spell the URL keys differently. */
function notification(sns: SnsDelivery['sns']) {
  return { ...snsNotification(sns), SignatureVersion: '1', Signature: 'EXAMPLE' };
}

/** The SNS-to-Lambda event of one delivery. */
export function snsEvent({ sns }: SnsDelivery): { Records: unknown[] } {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${sns.topicArn}:0b7c2d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d`,
        Sns: {
          ...notification(sns),
          SigningCertUrl: 'EXAMPLE',
          UnsubscribeUrl: 'EXAMPLE',
          MessageAttributes: {},
        },
      },
    ],
  };
}

interface Queued extends SnsDelivery {
  receiveCount: number;
}

const receiptOf = (q: Queued) => `receipt-${q.deliveryId}-${q.receiveCount}`;

/** One SQS record as Lambda delivers it: the body is the SNS envelope (raw delivery off). */
function sqsRecord(q: Queued, queueName: string): unknown {
  const { sns } = q;
  return {
    messageId: q.deliveryId,
    receiptHandle: receiptOf(q),
    body: JSON.stringify({
      ...notification(sns),
      SigningCertURL: 'EXAMPLE',
      UnsubscribeURL: 'EXAMPLE',
    }),
    attributes: { ApproximateReceiveCount: String(q.receiveCount), SentTimestamp: String(Date.parse(sns.timestamp)) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queueName}`,
    awsRegion: 'eu-west-1',
  };
}

export interface QueueSettings {
  batchSize: number;
  windowMs: number;
  concurrency: number;
  visibilityTimeoutMs: number;
  maxReceives: number;
}

/** The event source mapping of a queued function, as infra/pipeline.ts declares it. */
export function queueSettings(fn: NotifierName): QueueSettings {
  const events = functionEvents('production')[fn] as Array<{ sqs?: { batchSize: number; maximumBatchingWindow?: number; maximumConcurrency?: number } }>;
  const event = events.find((e) => e.sqs);
  if (!event?.sqs) throw new Error(`${fn} is not fed by a queue`);
  return {
    batchSize: event.sqs.batchSize,
    windowMs: (event.sqs.maximumBatchingWindow ?? 0) * 1000,
    // Without a maximum, Lambda scales its pollers up to the function's concurrency: five is plenty here.
    concurrency: event.sqs.maximumConcurrency ?? 5,
    // infra/pipeline.ts: six times the function timeout; SQS's own redrive after MAX_RECEIVES receives.
    visibilityTimeoutMs: 6 * FUNCTION_TIMEOUT_SECONDS * 1000,
    maxReceives: MAX_RECEIVES,
  };
}

/**
 * A queue and its pollers. Every poller that is not busy invoking is receiving; an arriving message goes to the
 * next receiving poller in turn (AWS spreads messages over its long-polling pollers). A poller's batching
 * window opens with its first message and closes after `windowMs` or at `batchSize` messages; then it invokes
 * the function and waits for the answer. Failed records come back after the visibility timeout.
 */
export function queue(fn: NotifierName, settings: QueueSettings, clock: VirtualClock, pool: FunctionPool, deadLetter: PlatformDeadLetter, retries = false) {
  const queueName = retries ? retryQueueName('production', fn) : destinationQueueName('production', fn);
  /** Visibility the function set on a received message (ChangeMessageVisibility), by receipt handle. */
  const hidden = new Map<string, number>();
  const backlog: Queued[] = [];
  const pollers = Array.from({ length: settings.concurrency }, () => ({ batch: [] as Queued[], busy: false, window: undefined as number | undefined }));
  let turn = 0;

  const flush = (p: (typeof pollers)[number]) => {
    if (p.window !== undefined) clock.cancel(p.window);
    p.window = undefined;
    const batch = p.batch.splice(0);
    p.busy = true;
    void invokeBatch(batch).finally(() => {
      p.busy = false;
      fill(p);
    });
  };

  const add = (p: (typeof pollers)[number], items: Queued[]) => {
    if (items.length === 0) return;
    if (p.batch.length === 0) p.window = clock.at(clock.now() + settings.windowMs, () => flush(p));
    p.batch.push(...items);
    if (p.batch.length >= settings.batchSize) flush(p);
  };

  const fill = (p: (typeof pollers)[number]) => add(p, backlog.splice(0, settings.batchSize - p.batch.length));

  async function invokeBatch(batch: Queued[]): Promise<void> {
    let failedIds: Set<string>;
    try {
      const result = (await pool.invoke({ Records: batch.map((q) => sqsRecord(q, queueName)) })) as SQSBatchResponse;
      failedIds = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failedIds = new Set(batch.map((q) => q.deliveryId));
    }
    for (const q of batch.filter((q) => failedIds.has(q.deliveryId))) {
      const visibleIn = hidden.get(receiptOf(q)) ?? settings.visibilityTimeoutMs;
      if (q.receiveCount >= settings.maxReceives) deadLetter(fn, q.sns, `SQS redrive after ${q.receiveCount} receives`);
      else clock.at(clock.now() + visibleIn, () => send({ ...q, receiveCount: q.receiveCount + 1 }));
    }
    for (const q of batch) hidden.delete(receiptOf(q));
  }

  function send(q: Queued): void {
    for (let i = 0; i < pollers.length; i++) {
      const p = pollers[(turn + i) % pollers.length]!;
      if (p.busy || p.batch.length >= settings.batchSize) continue;
      turn = (turn + i + 1) % pollers.length;
      add(p, [q]);
      return;
    }
    backlog.push(q);
  }

  return {
    send: (d: SnsDelivery) => send({ ...d, receiveCount: 1 }),
    /** SendMessage with a delay. */
    sendLater: (d: SnsDelivery, ms: number) => clock.at(clock.now() + ms, () => send({ ...d, receiveCount: 1 })),
    /** ChangeMessageVisibility on a message the function holds. */
    hide: (receiptHandle: string, ms: number) => void hidden.set(receiptHandle, ms),
    name: queueName,
  };
}

/** SNS invoking a function asynchronously: Lambda retries a failed invocation twice, then the on-failure destination. */
export function asyncInvoker(fn: NotifierName, clock: VirtualClock, pool: FunctionPool, deadLetter: PlatformDeadLetter) {
  const RETRY_DELAYS_MS = [60_000, 120_000];
  // A throttled event goes back to Lambda's own queue, retried from 1 s up to 5 min apart (not an attempt).
  const THROTTLE_RETRY_MS = { first: 1_000, max: 300_000 };
  const attempt = (d: SnsDelivery, n: number, throttles = 0) => {
    pool.invoke(snsEvent(d)).catch((error: unknown) => {
      if (error instanceof ConcurrencyThrottle) {
        const wait = Math.min(THROTTLE_RETRY_MS.max, THROTTLE_RETRY_MS.first * 2 ** throttles);
        return void clock.at(clock.now() + wait, () => attempt(d, n, throttles + 1));
      }
      const delay = RETRY_DELAYS_MS[n];
      if (delay === undefined) deadLetter(fn, d.sns, 'Lambda on-failure destination after 3 attempts');
      else clock.at(clock.now() + delay, () => attempt(d, n + 1));
    });
  };
  return { send: (d: SnsDelivery) => attempt(d, 0) };
}
