import { isHeartbeat } from '../../alarms/heartbeat.js';
import type { Destination } from '../types.js';
import { formatHeartbeatChange, type PagerDutyChange } from './change.js';
import { PAGERDUTY_EVENTS_URL } from './endpoint.js';
import { formatPagerDuty, type PagerDutyEvent } from './format.js';
import { pagerDutyNotifier, ROUTING_KEY_SECRET } from './notifier.js';
import { actionOf, heartbeatRoute, PAGERDUTY_ROUTES } from './routes.js';
import { formatPagerDutyUnrecognised } from './unrecognised.js';

const REDACTED = '<redacted>';

/** What the PagerDuty function sends: an Events API v2 event, or (the heartbeat) a change event. */
export type PagerDutyRequest = PagerDutyEvent | PagerDutyChange;

/** Events API v2. Invoked by SNS directly, one message at a time: a page never waits for a batch. */
export const pagerduty: Destination<PagerDutyRequest> = {
  name: 'pagerduty',
  label: 'PagerDuty',
  description: 'Triggers and resolves PagerDuty incidents (Events API v2)',
  queued: false,
  routes: PAGERDUTY_ROUTES,
  targetOf: (_route, stage) => `pagerduty:ohmycoins-${stage}`,
  secretsOf: () => [ROUTING_KEY_SECRET],
  // The heartbeat never pages, whichever route it came by: anything but a resolve is a change event.
  format: (alert, route) => {
    const action = actionOf(route);
    if (action === 'change' || (action === 'trigger' && isHeartbeat(alert.alert))) return formatHeartbeatChange(alert);
    return formatPagerDuty(alert, action);
  },
  heartbeatRoute,
  // Only a trigger route takes these (see PAGERDUTY_ROUTES.unrecognised): there is no incident to resolve.
  formatUnrecognised: (notice, route, stage) => {
    if (actionOf(route) !== 'trigger') throw new Error('a notification that is not an alarm can only trigger');
    return formatPagerDutyUnrecognised(notice, stage);
  },
  // The routing key is never in a formatted event (a placeholder stands there); render still masks the field.
  redact: (payload) => ({ ...payload, routing_key: REDACTED }),
  notifier: ({ secrets, env, policy, http }) => pagerDutyNotifier(secrets, env.PAGERDUTY_EVENTS_URL || PAGERDUTY_EVENTS_URL, policy, http),
  isConfigured: async (_route, { secrets }) => (await secrets.get(ROUTING_KEY_SECRET)) !== undefined,
};
