import type { DestinationRoutes, Route } from '../../model/route.js';

/** `change`: a Change Events API request, for the heartbeat only (it notifies nobody). */
export type PagerDutyAction = 'trigger' | 'resolve' | 'change';

const action = (a: PagerDutyAction): Route => ({ destination: 'pagerduty', target: a });
const none = { ALARM: [], OK: [], INSUFFICIENT_DATA: [] };

/**
 * Only production critical alarms page; their OK resolves the incident the ALARM opened. Staging never pages.
 * INSUFFICIENT_DATA does not page: nobody should be woken for a gap in a metric (Slack shows it).
 * A notification we could not read on the production critical topic pages too (see `unrecognised`).
 */
export const PAGERDUTY_ROUTES: DestinationRoutes = {
  alarms: {
    production: { critical: { ALARM: [action('trigger')], OK: [action('resolve')], INSUFFICIENT_DATA: [] }, warning: none, info: none },
    staging: { critical: none, warning: none, info: none },
  },
  // Something unreadable on the production critical topic may be a critical alarm we failed to read: it pages.
  unrecognised: {
    production: { critical: [action('trigger')], warning: [], info: [], unknown: [] },
    staging: { critical: [], warning: [], info: [], unknown: [] },
  },
};

export function actionOf(route: Route): PagerDutyAction {
  const action = ACTIONS.find((a) => a === route.target);
  if (route.destination !== 'pagerduty' || !action) throw new Error(`not a PagerDuty route: ${route.destination}:${route.target}`);
  return action;
}

const ACTIONS: readonly PagerDutyAction[] = ['trigger', 'resolve', 'change'];

/**
 * The heartbeat's routes: its ALARM becomes a change event on the same routing key (nobody is notified), its OK
 * sends nothing, as there is no incident to resolve.
 */
export const heartbeatRoute = (route: Route): Route | undefined => (actionOf(route) === 'resolve' ? undefined : action('change'));
