/**
 * Re-delivery that converges without a person. A transient failure (5xx, 429, a timeout, a refused or reset
 * connection, an SSM, DynamoDB or SNS error, a secret not there yet) is tried again later, with capped
 * exponential backoff and jitter, for as long as the alert is within the retry window; only what waiting cannot
 * fix, and what outlived the window, goes to the dead-letter queue. docs/architecture.md says why SQS carries it.
 *
 * - A record that came through a queue (Slack, email, and PagerDuty's retries) stays in its queue: its visibility
 *   is set to the backoff and the batch reports it failed, so SQS hands it out again then. It never leaves the
 *   queue, so the queue's ApproximateAgeOfOldestMessage is the age of the oldest alert still being retried.
 * - A record SNS handed the function directly (PagerDuty's first attempt, never held back by a batch) is put on
 *   the function's retry queue with the backoff as its delay.
 */
import type { Log } from '../model/log.js';
import type { PreparedRecord, SnsOriginal } from '../model/prepared.js';
import type { DeliveryReport } from './index.js';

/**
 * How long an alert is retried. At least 24 h, as the delivery contract says; past it the alert is dead-lettered
 * with its reason. Within it, the alarm-state rule still drops a notification that a newer state overtook.
 */
export const RETRY_WINDOW_MS = 24 * 3600 * 1000;

export interface Backoff {
  baseSeconds: number;
  /**
   * The longest wait between two tries. Short enough that an alert goes out within two minutes of its destination
   * answering again; SQS allows 15 minutes of delay and 12 hours of visibility, so both carry it.
   */
  capSeconds: number;
}

export const BACKOFF: Backoff = { baseSeconds: 5, capSeconds: 100 };

/**
 * SQS moves a message to the dead-letter queue after this many receives (its maximum, 1,000): with the backoff
 * capped at 100 s, 1,000 tries last longer than the retry window, so it is our window that ends the retries.
 */
export const MAX_RECEIVES = 1_000;

/** Seconds to wait before try number `attempt + 1`: exponential, capped, with jitter over its upper half. */
export function backoffSeconds(attempt: number, random: () => number = Math.random, backoff: Backoff = BACKOFF): number {
  const ceiling = Math.min(backoff.capSeconds, backoff.baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling * (0.5 + random() / 2)));
}

/** The SQS operations re-delivery needs; the handler passes a lazily built SDK client, tests a fake. */
export interface RetryQueues {
  /** Hides a received message for `seconds`, so SQS hands it out again then. */
  hide(queueArn: string, receiptHandle: string, seconds: number): Promise<void>;
  /** Puts an SNS notification on the function's own retry queue, delivered after `seconds`. */
  enqueue(body: string, seconds: number): Promise<void>;
}

/** The SNS notification as an SNS → SQS subscription writes it, so the retry is unwrapped like any queued record. */
export function snsNotificationBody(record: PreparedRecord): string {
  const sns = record.sns ?? { message: record.notice.kind === 'unrecognised' ? record.notice.raw : JSON.stringify(record.notice) };
  return JSON.stringify(snsNotification(sns));
}

/** The fields of an SNS notification, as SNS writes them into a Lambda event or an SQS body. */
export function snsNotification(sns: SnsOriginal) {
  return { Type: 'Notification', MessageId: sns.messageId, TopicArn: sns.topicArn, Subject: sns.subject, Message: sns.message, Timestamp: sns.timestamp };
}

/** `arn:aws:sqs:eu-west-1:123456789012:name` → `https://sqs.eu-west-1.amazonaws.com/123456789012/name`. */
export function queueUrlOf(arn: string): string {
  const [, partition, , region, account, name] = arn.split(':');
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${suffix}/${account}/${name}`;
}

export function sqsRetryQueues(retryQueueUrl: string | undefined): RetryQueues {
  let client: Promise<{ send(command: unknown): Promise<unknown> }> | undefined;
  const sdk = () => import('@aws-sdk/client-sqs');
  const sqs = () => (client ??= sdk().then(({ SQSClient }) => new SQSClient({ maxAttempts: 3 }) as { send(command: unknown): Promise<unknown> }));
  return {
    async hide(queueArn, receiptHandle, seconds) {
      const { ChangeMessageVisibilityCommand } = await sdk();
      await (await sqs()).send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrlOf(queueArn), ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
    },
    async enqueue(body, seconds) {
      if (!retryQueueUrl) throw new Error('this function has no retry queue (RETRY_QUEUE_URL)');
      const { SendMessageCommand } = await sdk();
      await (await sqs()).send(new SendMessageCommand({ QueueUrl: retryQueueUrl, MessageBody: body, DelaySeconds: Math.min(900, seconds) }));
    },
  };
}

export interface SettleDeps {
  queues: RetryQueues;
  log: Log;
  random?: () => number;
  backoff?: Backoff;
}

/**
 * What the invocation answers once every record was delivered, dead-lettered or scheduled for later: the SQS
 * batch items that are not done (SQS hands them out again), or, for an SNS invocation, an error when something
 * is safe nowhere (Lambda then retries the event). A record is acknowledged only when it is safe somewhere.
 */
export async function settle(records: readonly PreparedRecord[], reports: readonly DeliveryReport[], deps: SettleDeps): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> } | undefined> {
  const retrying = new Set(reports.filter((r) => r.outcome === 'retrying').map((r) => r.record));
  const unsafe = new Set(reports.filter((r) => r.outcome === 'failed').map((r) => r.record));
  const later = async (r: PreparedRecord): Promise<boolean> => {
    const attempt = r.sqs ? r.sqs.receiveCount : 1;
    const seconds = backoffSeconds(attempt, deps.random, deps.backoff);
    try {
      if (r.sqs) await deps.queues.hide(r.sqs.queueArn, r.sqs.receiptHandle, seconds);
      else await deps.queues.enqueue(snsNotificationBody(r), seconds);
      deps.log.warn('Delivery will be tried again', { record: r.record, messageId: r.sns?.messageId, attempt, retryInSeconds: seconds });
      return true;
    } catch (error) {
      // Queued: SQS still hands it out again after the queue's visibility timeout. Direct: nothing holds it.
      deps.log.error('Could not schedule the next try', { record: r.record, messageId: r.sns?.messageId, error: (error as Error).message });
      return Boolean(r.sqs);
    }
  };
  const scheduled = await Promise.all(records.filter((r) => retrying.has(r.record)).map(async (r) => [r, await later(r)] as const));
  for (const [r, ok] of scheduled) if (!ok) unsafe.add(r.record);

  if (records.some((r) => r.sqs)) {
    const notDone = records.filter((r) => r.sqs && (unsafe.has(r.record) || retrying.has(r.record)));
    return { batchItemFailures: notDone.map((r) => ({ itemIdentifier: r.sqs!.messageId })) };
  }
  if (unsafe.size > 0) throw new Error(`${unsafe.size} record(s) are safe nowhere (not delivered, not queued for a retry, not dead-lettered); failing so Lambda retries`);
  return undefined;
}
