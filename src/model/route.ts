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

/**
 * The severity of the topic a notification arrived on, as its ARN names it; `unknown` when it came from no
 * severity topic (an invocation without SNS, a topic of another name).
 */
export type TopicSeverity = Severity | 'unknown';

/** Which routes of a destination an alert takes, and which a notification that is not an alarm takes. */
export interface DestinationRoutes {
  alarms: RouteTable;
  /**
   * Per stage and topic: where a notification we could not read goes (a person must still see it). Something
   * unreadable on the critical topic may be a critical alarm we failed to read, so it goes where those go.
   */
  unrecognised: Record<Stage, Record<TopicSeverity, readonly Route[]>>;
}
