import type { DestinationRoutes, Route } from '../../model/route.js';

export type PagerDutyAction = 'trigger' | 'resolve';

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
  if (route.destination !== 'pagerduty' || (route.target !== 'trigger' && route.target !== 'resolve')) {
    throw new Error(`not a PagerDuty route: ${route.destination}:${route.target}`);
  }
  return route.target;
}
