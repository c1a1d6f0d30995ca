import type { AlarmState, Severity, Stage } from '../model/alert.js';
import type { DestinationRoutes, Route, TopicSeverity } from '../model/route.js';

export { routeKey, type Route, type RouteTable, type DestinationRoutes, type TopicSeverity } from '../model/route.js';

/** Anything that declares routes: a destination (src/destinations/). */
export interface Routed {
  readonly routes: DestinationRoutes;
}

// Both collect with a loop rather than flatMap, which builds a mapped array first: routing runs for every record.

/** Where an alert of this severity and new state goes in this stage, over the given destinations. */
export function route(destinations: readonly Routed[], stage: Stage, severity: Severity, state: AlarmState): Route[] {
  const routes: Route[] = [];
  for (const d of destinations) routes.push(...d.routes.alarms[stage][severity][state]);
  return routes;
}

/**
 * Where a notification that is not an alarm goes, by the severity of the topic it arrived on (see
 * `topicSeverity`): only destinations that show such notifications route it.
 */
export function routeUnrecognised(destinations: readonly Routed[], stage: Stage, topic: TopicSeverity): Route[] {
  const routes: Route[] = [];
  for (const d of destinations) routes.push(...d.routes.unrecognised[stage][topic]);
  return routes;
}
