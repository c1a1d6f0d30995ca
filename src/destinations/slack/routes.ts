import { stageConfig } from '../../config/stages/index.js';
import { STAGES, type Stage } from '../../model/alert.js';
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

/** Every Slack route, whichever way each channel is posted to. */
const ALL_SLACK_ROUTES: DestinationRoutes = {
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

/** Per stage, the channels posted to through the Slack app, by their Slack channel ID (src/config/stage.ts `slackApp`). */
export type AppChannels = Readonly<Record<Stage, Readonly<Partial<Record<SlackChannel, string>>>>>;

// Public channels start with C, private ones (and old private groups) with G; IDs are upper-case letters and digits.
const CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;

/** The stages' `slackApp.channels`, checked: a channel name not in the route table or a malformed ID is refused. */
export function appChannelsOf(config: (stage: Stage) => { slackApp?: { channels: Readonly<Record<string, string>> } }): AppChannels {
  const entries = STAGES.map((stage) => {
    const channels = config(stage).slackApp?.channels ?? {};
    for (const [name, id] of Object.entries(channels)) {
      if (!SLACK_CHANNELS.includes(name as SlackChannel)) throw new Error(`${stage} slackApp.channels: "${name}" is not one of ${SLACK_CHANNELS.join(', ')}`);
      if (!CHANNEL_ID.test(id)) throw new Error(`${stage} slackApp.channels: "${id}" for ${name} is not a Slack channel ID (C0123ABCD)`);
    }
    return [stage, channels as Partial<Record<SlackChannel, string>>];
  });
  return Object.fromEntries(entries) as AppChannels;
}

/** What the stage files say. */
export const APP_CHANNELS: AppChannels = appChannelsOf(stageConfig);

/**
 * The Slack routes one way of posting takes: `slack` (incoming webhooks) every channel not in app mode in that
 * stage, `slack-app` those that are, under its own destination name. Each route is taken by exactly one.
 */
export function slackRoutesFor(destination: 'slack' | 'slack-app', app: AppChannels): DestinationRoutes {
  const takes = (stage: Stage, r: Route) => (app[stage][r.target as SlackChannel] !== undefined) === (destination === 'slack-app');
  const pick = (stage: Stage, routes: readonly Route[]) => routes.filter((r) => takes(stage, r)).map((r) => ({ destination, target: r.target }));
  const map = <K extends string, V>(o: Record<K, V>, f: (v: V) => V): Record<K, V> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as V)])) as Record<K, V>;
  const alarms = Object.fromEntries(STAGES.map((stage) => [stage, map(ALL_SLACK_ROUTES.alarms[stage], (byState) => map(byState, (routes) => pick(stage, routes)))]));
  const unrecognised = Object.fromEntries(STAGES.map((stage) => [stage, map(ALL_SLACK_ROUTES.unrecognised[stage], (routes) => pick(stage, routes))]));
  return { alarms, unrecognised } as DestinationRoutes;
}

/** The incoming-webhook routes: every channel the stage does not post to through the app. */
export const SLACK_ROUTES: DestinationRoutes = slackRoutesFor('slack', APP_CHANNELS);

/** The channel a Slack route posts to; anything else is a bug in a route table, refused loudly. */
export function channelOf(route: Route): SlackChannel {
  const channel = SLACK_CHANNELS.find((c) => c === route.target);
  if (route.destination !== 'slack' || !channel) throw new Error(`not a Slack route: ${route.destination}:${route.target}`);
  return channel;
}
