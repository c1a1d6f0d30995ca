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
}
