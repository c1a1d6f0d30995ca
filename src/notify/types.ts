import type { DestinationType } from '../route/index.js';
import type { Notification } from '../pipeline/types.js';

/** What a notifier did, when it did not really send (a destination without configuration, locally). */
export type SendResult = void | { dryRun: true };

/** Delivers one notification to one kind of destination. Throws `DeliveryError` on failure. */
export interface Notifier {
  readonly type: DestinationType;
  send(notification: Notification, signal: AbortSignal): Promise<SendResult>;
}

/**
 * Why a delivery failed, and whether trying again can help. Permanent failures (a revoked webhook, an
 * archived channel, a malformed event) go straight to the dead-letter queue instead of being retried.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}
