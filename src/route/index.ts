import type { AlarmState, Severity, Stage } from '../model/alert.js';
import { ROUTES, UNRECOGNISED_ROUTE, type Destination, type RouteTable } from './routes.js';

export type { Destination, DestinationType, SlackChannel } from './routes.js';

/** Where an alert of this severity and new state goes in this stage. */
export function route(stage: Stage, severity: Severity, state: AlarmState, table: RouteTable = ROUTES): readonly Destination[] {
  return table[stage][severity][state];
}

/** Notifications that are not alarms reach people through Slack only: they cannot page and are not mailed. */
export function routeUnrecognised(stage: Stage): readonly Destination[] {
  return [UNRECOGNISED_ROUTE[stage]];
}

/** A stable key per destination, used for idempotency records, logs and SSM parameter names. */
export function destinationKey(d: Destination): string {
  switch (d.type) {
    case 'slack':
      return `slack:${d.channel}`;
    case 'pagerduty':
      return `pagerduty:${d.action}`;
    case 'email':
      return 'email';
  }
}
