import type { Log } from '../model/log.js';
import { routeKey } from '../model/route.js';
import type { Notifier } from './types.js';

/**
 * Stands in for a destination that has no configuration (a laptop, `sls invoke local`): prints the exact
 * payload it would have sent, marked so nobody mistakes it for a delivery.
 */
export function dryRunNotifier(log: Log, requestOf?: (payload: unknown) => unknown): Notifier {
  return {
    async send({ route, target, payload }) {
      // Where the notifier adds to the payload (Slack app mode's Web API calls), the requests too, as `render` shows them.
      const request = requestOf ? { request: requestOf(payload) } : {};
      log.info(`DRY RUN: not sent to ${target}`, { dryRun: true, destination: routeKey(route), target, payload, ...request });
      return { dryRun: true };
    },
  };
}
