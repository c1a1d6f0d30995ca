import type { Log } from '../pipeline/types.js';
import type { DestinationType } from '../route/index.js';
import type { Notifier } from './types.js';

/**
 * Stands in for a destination that has no configuration (a laptop, `sls invoke local`): prints the exact
 * payload it would have sent, marked so nobody mistakes it for a delivery.
 */
export function dryRunNotifier(type: DestinationType, log: Log): Notifier {
  return {
    type,
    async send({ destination, target, payload }) {
      log.info(`DRY RUN: not sent to ${target}`, { dryRun: true, destination, target, payload });
      return { dryRun: true };
    },
  };
}
