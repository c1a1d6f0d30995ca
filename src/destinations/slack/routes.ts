import type { DestinationRoutes, Route } from '../../model/route.js';

/** A Slack channel we post to; each has its own incoming webhook (SSM `<stage prefix>/slack/<channel>`). */
export const SLACK_CHANNELS = ['alerts-critical', 'alerts', 'alerts-staging'] as const;
export type SlackChannel = (typeof SLACK_CHANNELS)[number];

export const toChannel = (channel: SlackChannel): Route => ({ destination: 'slack', target: channel });

const critical = toChannel('alerts-critical');
const alerts = toChannel('alerts');
const staging = toChannel('alerts-staging');

// Staging has one channel, for every severity and state.
const everyState = { ALARM: [staging], OK: [staging], INSUFFICIENT_DATA: [staging] };

export const SLACK_ROUTES: DestinationRoutes = {
  alarms: {
    production: {
      critical: { ALARM: [critical], OK: [critical], INSUFFICIENT_DATA: [critical] },
      warning: { ALARM: [alerts], OK: [alerts], INSUFFICIENT_DATA: [alerts] },
      info: { ALARM: [alerts], OK: [], INSUFFICIENT_DATA: [] },
    },
    staging: { critical: everyState, warning: everyState, info: everyState },
  },
  // What we could not read goes to the stage's main alerts channel, so a person sees it; on the production
  // critical topic it may be a critical alarm, so it goes where those go.
  unrecognised: {
    production: { critical: [critical], warning: [alerts], info: [alerts], unknown: [alerts] },
    staging: { critical: [staging], warning: [staging], info: [staging], unknown: [staging] },
  },
};

/** The channel a Slack route posts to; anything else is a bug in a route table, refused loudly. */
export function channelOf(route: Route): SlackChannel {
  const channel = SLACK_CHANNELS.find((c) => c === route.target);
  if (route.destination !== 'slack' || !channel) throw new Error(`not a Slack route: ${route.destination}:${route.target}`);
  return channel;
}
