import type { AlarmState, Severity, Stage } from '../model/alert.js';

/** A Slack channel we post to; each has its own incoming webhook (SSM `/ohmycoins/<stage>/slack/<channel>`). */
export const SLACK_CHANNELS = ['alerts-critical', 'alerts', 'alerts-staging'] as const;
export type SlackChannel = (typeof SLACK_CHANNELS)[number];

export type Destination =
  | { type: 'slack'; channel: SlackChannel }
  | { type: 'pagerduty'; action: 'trigger' | 'resolve' }
  | { type: 'email' };

export type DestinationType = Destination['type'];

/** For each stage, severity and new state: where the alert goes. Data, not branches. */
export type RouteTable = Record<Stage, Record<Severity, Record<AlarmState, readonly Destination[]>>>;

const slack = (channel: SlackChannel): Destination => ({ type: 'slack', channel });
const page: Destination = { type: 'pagerduty', action: 'trigger' };
const resolve: Destination = { type: 'pagerduty', action: 'resolve' };
const email: Destination = { type: 'email' };

// Staging never pages and never mails: one channel, all states.
const stagingRoutes = { ALARM: [slack('alerts-staging')], OK: [slack('alerts-staging')], INSUFFICIENT_DATA: [slack('alerts-staging')] };

export const ROUTES: RouteTable = {
  production: {
    critical: {
      ALARM: [page, slack('alerts-critical'), email],
      OK: [resolve, slack('alerts-critical'), email],
      INSUFFICIENT_DATA: [slack('alerts-critical')],
    },
    warning: {
      ALARM: [slack('alerts'), email],
      OK: [slack('alerts')],
      INSUFFICIENT_DATA: [slack('alerts')],
    },
    info: {
      ALARM: [slack('alerts')],
      OK: [],
      INSUFFICIENT_DATA: [],
    },
  },
  staging: { critical: stagingRoutes, warning: stagingRoutes, info: stagingRoutes },
};

/** Where a notification that is not an alarm goes: the stage's main alerts channel, so a person sees it. */
export const UNRECOGNISED_ROUTE: Record<Stage, Destination> = {
  production: slack('alerts'),
  staging: slack('alerts-staging'),
};
