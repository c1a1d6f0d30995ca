import type { EmailMessage } from '../formatters/email.js';
import type { PagerDutyEvent } from '../formatters/pagerduty.js';
import type { SlackMessage } from '../formatters/slack.js';
import type { Notice, Severity } from '../model/alert.js';
import type { EnrichedAlert } from '../model/enriched.js';
import type { Destination } from '../route/index.js';

/** The exact request a destination receives, before secrets are filled in. */
export type Payload = SlackMessage | PagerDutyEvent | EmailMessage;

export interface Notification {
  destination: Destination;
  /** Human-readable target: `#alerts-critical`, the email topic name, the PagerDuty service. */
  target: string;
  payload: Payload;
}

/** One SNS record after parse → enrich → route → format. */
export interface PreparedRecord {
  record: number;
  notice: Notice;
  /** Absent for unrecognised notifications. */
  severity?: Severity;
  /** Absent for unrecognised notifications and for alerts this caller does not deliver. */
  alert?: EnrichedAlert;
  notifications: Notification[];
  /** Set when a maintenance window silenced the alert: why (`maintenance window "rds-*" until …: …`). Nothing is sent then. */
  silenced?: string;
  /** The original SNS message, kept so a failed delivery can be dead-lettered intact. */
  sns?: { messageId?: string; topicArn?: string; subject?: string; message: string; timestamp?: string };
  /** Set when the record came through an SQS queue: the batch reports failures by this id. */
  sqs?: { messageId: string; receiveCount: number };
}

/** Structured log attributes (alarm name, state, severity, MessageId, destination, outcome, ...). */
export type LogFields = Record<string, unknown>;

/** Structured logging the pipeline needs; Powertools Logger satisfies it. */
export interface Log {
  debug(message: string, ...fields: LogFields[]): void;
  info(message: string, ...fields: LogFields[]): void;
  warn(message: string, ...fields: LogFields[]): void;
  error(message: string, ...fields: LogFields[]): void;
}
