import type { Notification } from '../model/prepared.js';

/** What a notifier did, when it did not really send (a destination without configuration, locally). */
export type SendResult = void | { dryRun: true };

/** Delivers one notification (one alert, or a digest of several) to its destination. Throws `DeliveryError` on failure. */
export interface Notifier<P = unknown> {
  send(notification: Notification<P>, signal: AbortSignal): Promise<SendResult>;
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
