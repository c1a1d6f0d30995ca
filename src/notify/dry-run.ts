import type { Log } from '../model/log.js';
import { routeKey } from '../model/route.js';
import type { Notifier } from './types.js';

/**
 * Stands in for a destination that has no configuration (a laptop, `sls invoke local`): prints the exact
 * payload it would have sent, marked so nobody mistakes it for a delivery.
 */
export function dryRunNotifier(log: Log): Notifier {
  return {
    async send({ route, target, payload }) {
      log.info(`DRY RUN: not sent to ${target}`, { dryRun: true, destination: routeKey(route), target, payload });
      return { dryRun: true };
    },
  };
}
