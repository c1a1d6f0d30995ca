import { email } from './email/index.js';
import { emailPreview } from './email/preview.js';
import { pagerduty } from './pagerduty/index.js';
import { pagerDutyPreview } from './pagerduty/preview.js';
import { slack } from './slack/index.js';
import { slackAppPreview } from './slack-app/preview.js';
import { slackApp, slackAppDestination, type SlackAppOptions } from './slack-app/index.js';
import { slackPreview } from './slack/preview.js';
import { slackRoutesFor, type AppChannels } from './slack/routes.js';
import type { AnyDestination, Destination, Preview } from './types.js';

export type { AnyDestination, Destination } from './types.js';

/** A destination and how tools draw its payloads, paired so both agree on the payload's type. */
interface Registered {
  destination: AnyDestination;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  preview: Preview<any>;
}
const registered = <P>(destination: Destination<P>, preview: Preview<P>): Registered => ({ destination, preview });

/**
 * Every destination, registered once. Infra (functions, triggers, queues, roles), render, preview, redrive and
 * fire read this list; a new destination is a folder beside these and one line here (and its one-line entry
 * point in src/handlers/). The functions import their destination alone, so no bundle holds this list or a
 * preview.
 */
// Pages first: the order in which render and the preview list what one alert sends.
const REGISTRY: readonly Registered[] = [
  registered(pagerduty, pagerDutyPreview),
  registered(slack, slackPreview),
  registered(slackApp, slackAppPreview),
  registered(email, emailPreview),
];

export const DESTINATIONS: readonly AnyDestination[] = REGISTRY.map((r) => r.destination);

export function destinationNamed(name: string, registry: readonly AnyDestination[] = DESTINATIONS): AnyDestination | undefined {
  return registry.find((d) => d.name === name);
}

/**
 * Whether `npm run redrive` hands this destination's letters back to its queue rather than delivering them
 * itself: sending needs what only its function's role may do (publish to the encrypted email topic). The email
 * queue's policy (infra/pipeline.ts) takes the account's sends for the same reason.
 */
export const redrivenThroughQueue = (d: AnyDestination): boolean => d.queued && (d.capabilities ?? []).includes('publish-email-topic');

/** How the preview gallery and the demo draw a registered destination's payload. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function previewOf(name: string): Preview<any> | undefined {
  return REGISTRY.find((r) => r.destination.name === name)?.preview;
}

/**
 * The registry with other channels in Slack app mode than the stage files say (`render --slack-app`): each
 * channel named goes through the app, every other keeps its webhook.
 */
export function withSlackApp(app: AppChannels, options: SlackAppOptions = {}): readonly AnyDestination[] {
  return DESTINATIONS.map((d) => (d === slack ? { ...slack, routes: slackRoutesFor('slack', app) } : d === slackApp ? slackAppDestination(app, options) : d));
}
