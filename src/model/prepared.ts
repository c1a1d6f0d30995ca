import type { Notice, Severity } from './alert.js';
import type { EnrichedAlert } from './enriched.js';
import type { Route } from './route.js';

/** The original SNS message, kept so a failed delivery can be dead-lettered intact. */
export interface SnsOriginal {
  messageId?: string;
  topicArn?: string;
  subject?: string;
  message: string;
  timestamp?: string;
}

/** One SNS record after parse → route → enrich. */
export interface PreparedRecord {
  record: number;
  notice: Notice;
  /** Absent for unrecognised notifications. */
  severity?: Severity;
  /** Absent for unrecognised notifications and for alerts this caller does not deliver. */
  alert?: EnrichedAlert;
  /** Where this record goes, among the destinations this caller delivers. Empty when silenced. */
  routes: readonly Route[];
  /** Set when a maintenance window silenced the alert: why (`maintenance window "rds-*" until …: …`). Nothing is sent then. */
  silenced?: string;
  sns?: SnsOriginal;
  /** Set when the record came through an SQS queue: the batch reports failures by this id, and puts it back for later. */
  sqs?: { messageId: string; receiveCount: number; receiptHandle: string; queueArn: string };
}

/**
 * Records that go out as one message on one route: one alert, or a digest of several. Whether a group is a
 * digest is decided once, before enrichment (src/pipeline/group.ts).
 */
export interface AlertGroup {
  route: Route;
  digest: boolean;
  sources: readonly PreparedRecord[];
}

/** A group as its destination will receive it: the exact request, before secrets are filled in. */
export interface Notification<P = unknown> extends AlertGroup {
  /** Human-readable target: `#alerts-critical`, the email topic name, the PagerDuty service. */
  target: string;
  payload: P;
  /**
   * An earlier state change of the same alarm for the same target, in the same batch: this one may only be
   * sent once that one is over (sent or given up), so the target shows the alarm's changes in the order they
   * happened and the latest last. Always earlier in the list `prepare` returns.
   */
  after?: Notification;
}

/**
 * Runs `send` for every notification, all at once except that each waits for the one it comes `after`
 * (`send` must not reject: a failure is a result). Results in the order of `notifications`.
 */
export async function inSequence<R>(notifications: readonly Notification[], send: (n: Notification) => Promise<R>): Promise<R[]> {
  const started = new Map<Notification, Promise<R>>();
  for (const n of notifications) {
    const before = n.after && started.get(n.after);
    started.set(n, before ? before.then(() => send(n), () => send(n)) : send(n));
  }
  return Promise.all(notifications.map((n) => started.get(n)!));
}
