import type { AlarmState, Severity, Stage } from './alert.js';

/**
 * Where one alert goes: a destination (`slack`, `pagerduty`, `email`, …) and, for destinations with more than
 * one, which of its targets (a Slack channel, a PagerDuty action). Each destination builds its own routes, so
 * a target is always one that destination knows.
 */
export interface Route {
  readonly destination: string;
  readonly target?: string;
}

/** A stable key per route, used for ledger records, dead letters and logs: `slack:alerts-critical`, `email`. */
export const routeKey = (r: Route): string => (r.target === undefined ? r.destination : `${r.destination}:${r.target}`);

/** For each stage, severity and new state: the routes of one destination. Data, not branches. */
export type RouteTable = Record<Stage, Record<Severity, Record<AlarmState, readonly Route[]>>>;

/** Which routes of a destination an alert takes, and which a notification that is not an alarm takes. */
export interface DestinationRoutes {
  alarms: RouteTable;
  /** Per stage: where a notification we could not read goes (a person must still see it). */
  unrecognised: Record<Stage, readonly Route[]>;
}
