import type { Stage } from '../../model/alert.js';
import type { DestinationRoutes, Route } from '../../model/route.js';
import { APP_CHANNELS, SLACK_CHANNELS, slackRoutesFor, type AppChannels, type SlackChannel } from '../slack/routes.js';

/** The channels the stage files put in app mode, under this destination's name. */
export const SLACK_APP_ROUTES: DestinationRoutes = slackRoutesFor('slack-app', APP_CHANNELS);

/** The channel an app-mode route posts to; anything else is a bug in a route table, refused loudly. */
export function appChannelOf(route: Route): SlackChannel {
  const channel = SLACK_CHANNELS.find((c) => c === route.target);
  if (route.destination !== 'slack-app' || !channel) throw new Error(`not a Slack app route: ${route.destination}:${route.target}`);
  return channel;
}

/** The Slack channel ID an app-mode route posts to in this stage. */
export function channelIdOf(app: AppChannels, stage: Stage, route: Route): string {
  const channel = appChannelOf(route);
  const id = app[stage][channel];
  if (!id) throw new Error(`#${channel} is not in Slack app mode in ${stage}`);
  return id;
}
