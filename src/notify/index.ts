import { createHash } from 'node:crypto';
import type { Log, Notification, PreparedRecord } from '../pipeline/types.js';
import { destinationKey, type DestinationType } from '../route/index.js';
import type { DeadLetterQueue } from './dead-letter.js';
import type { DeliveryLedger } from './ledger.js';
import { withRetry, type RetryDeps, type RetryPolicy } from './retry.js';
import type { Notifier } from './types.js';

export type DeliveryOutcome = 'sent' | 'duplicate' | 'dead-lettered' | 'failed';

export interface DeliveryReport {
  record: number;
  destination: string;
  target: string;
  outcome: DeliveryOutcome;
  attempts: number;
  error?: string;
}

export interface DeliverDeps {
  stage: string;
  notifiers: Partial<Record<DestinationType, Notifier>>;
  ledger: DeliveryLedger;
  deadLetters: DeadLetterQueue;
  retry: RetryPolicy;
  retryDeps?: RetryDeps;
  log: Log;
}

/** The idempotency key of one delivery: the SNS MessageId (or the message's hash when there is none) and the destination. */
export function deliveryKey(record: PreparedRecord, notification: Notification): string {
  const id = record.sns?.messageId ?? record.notice.source.messageId ?? createHash('sha256').update(record.sns?.message ?? JSON.stringify(record.notice)).digest('hex');
  return `${id}#${destinationKey(notification.destination)}`;
}

function logContext(record: PreparedRecord, n: Notification) {
  const { notice } = record;
  return {
    record: record.record,
    messageId: record.sns?.messageId,
    alarmName: notice.kind === 'unrecognised' ? undefined : notice.alarmName,
    state: notice.kind === 'unrecognised' ? undefined : notice.state,
    severity: record.alert?.severity,
    destination: destinationKey(n.destination),
    target: n.target,
  };
}

async function deliverOne(record: PreparedRecord, n: Notification, deps: DeliverDeps): Promise<DeliveryReport> {
  const context = logContext(record, n);
  const base = { record: record.record, destination: context.destination, target: n.target };
  const notifier = deps.notifiers[n.destination.type];
  let attempts = 0;
  let failure: { reason: string; permanent: boolean } | undefined;

  const send = async () => {
    if (!notifier) throw Object.assign(new Error(`no notifier for ${n.destination.type}`), { permanent: true });
    const outcome = await withRetry((signal) => notifier.send(n, signal), deps.retry, {
      ...deps.retryDeps,
      onRetry: (attempt, error, delayMs) => deps.log.warn('Delivery failed, retrying', { ...context, attempt, delayMs: Math.round(delayMs), error: error.message }),
    });
    attempts = outcome.attempts;
    if (!outcome.ok) {
      failure = { reason: outcome.error?.message ?? 'unknown error', permanent: outcome.error?.permanent ?? false };
      throw outcome.error;
    }
  };

  try {
    const result = await deps.ledger.once(deliveryKey(record, n), send);
    if (result === 'duplicate') {
      deps.log.info('Already delivered: skipped duplicate', { ...context, outcome: 'duplicate' });
      return { ...base, outcome: 'duplicate', attempts: 0 };
    }
    deps.log.info('Delivered', { ...context, outcome: 'sent', attempts });
    return { ...base, outcome: 'sent', attempts };
  } catch (error) {
    const reason = failure?.reason ?? (error instanceof Error ? error.message : String(error));
    const permanent = failure?.permanent ?? Boolean((error as { permanent?: boolean }).permanent);
    deps.log.error('Delivery failed', { ...context, outcome: 'failed', attempts, permanent, error: reason });
    return deadLetter(record, n, { reason, permanent, attempts }, deps, base);
  }
}

async function deadLetter(
  record: PreparedRecord,
  n: Notification,
  failure: { reason: string; permanent: boolean; attempts: number },
  deps: DeliverDeps,
  base: Omit<DeliveryReport, 'outcome' | 'attempts'>,
): Promise<DeliveryReport> {
  const sns = record.sns ?? { message: record.notice.kind === 'unrecognised' ? record.notice.raw : JSON.stringify(record.notice) };
  try {
    await deps.deadLetters.send({
      version: 1,
      stage: deps.stage,
      destination: base.destination,
      target: n.target,
      reason: failure.reason,
      permanent: failure.permanent,
      attempts: failure.attempts,
      failedAt: new Date().toISOString(),
      sns,
    });
    deps.log.error('Dead-lettered for redrive', { record: record.record, destination: base.destination, outcome: 'dead-lettered', reason: failure.reason });
    return { ...base, outcome: 'dead-lettered', attempts: failure.attempts, error: failure.reason };
  } catch (error) {
    // Nowhere safe to put it: the caller must fail the invocation so the platform retries it.
    deps.log.error('Dead-letter queue unavailable', { record: record.record, destination: base.destination, outcome: 'failed', error: (error as Error).message });
    return { ...base, outcome: 'failed', attempts: failure.attempts, error: failure.reason };
  }
}

/**
 * Delivers every notification of every record, all at once: one slow or failing destination never holds
 * back another. Never throws; a report with outcome `failed` means the alert is not safe anywhere yet.
 */
export async function deliver(records: readonly PreparedRecord[], deps: DeliverDeps): Promise<DeliveryReport[]> {
  return Promise.all(records.flatMap((record) => record.notifications.map((n) => deliverOne(record, n, deps))));
}
