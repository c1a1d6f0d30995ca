import { email } from './email/index.js';
import { pagerduty } from './pagerduty/index.js';
import { slack } from './slack/index.js';
import { slackApp, slackAppDestination } from './slack-app/index.js';
import { slackRoutesFor, type AppChannels } from './slack/routes.js';
import type { AnyDestination } from './types.js';

export type { AnyDestination, Destination } from './types.js';

/**
 * Every destination, registered once. Infra (functions, triggers, queues, roles), render, preview, redrive and
 * fire read this list; a new destination is a folder beside these and one line here (and its one-line entry
 * point in src/handlers/).
 */
// Pages first: the order in which render and the preview list what one alert sends.
export const DESTINATIONS: readonly AnyDestination[] = [pagerduty, slack, slackApp, email];

export function destinationNamed(name: string, registry: readonly AnyDestination[] = DESTINATIONS): AnyDestination | undefined {
  return registry.find((d) => d.name === name);
}

/**
 * The registry with other channels in Slack app mode than the stage files say (`render --slack-app`): each
 * channel named goes through the app, every other keeps its webhook.
 */
export function withSlackApp(app: AppChannels): readonly AnyDestination[] {
  return DESTINATIONS.map((d) => (d === slack ? { ...slack, routes: slackRoutesFor('slack', app) } : d === slackApp ? slackAppDestination(app) : d));
}
