import { windowOf } from '../../formatters/digest.js';
import { httpFetch } from '../../notify/http.js';
import type { Destination, NotifierContext } from '../types.js';
import { formatSlackDigest, formatSlackUnrecognised } from '../slack/format.js';
import { APP_CHANNELS, slackRoutesFor, type AppChannels } from '../slack/routes.js';
import { checkSlackApiUrl, SLACK_API_URL } from './endpoint.js';
import { formatSlackApp, type SlackAppMessage } from './format.js';
import { graphRequest, imagesWithinQuota, lazyMetricWidgetImages, type MetricWidgetImages } from '../../enrich/graph.js';
import { BOT_TOKEN_SECRET, slackAppNotifier, type AppPacing } from './notifier.js';
import { appRequests } from './request.js';
import type { ClaimTiming } from './session.js';
import { SLACK_APP_SETUP } from './setup.js';
import { stormContribution } from './storm-format.js';
import { appChannelOf, channelIdOf } from './routes.js';
import { dynamoThreads, memoryThreads, type ThreadStore } from './threads.js';
import { threadGraphs, type GraphPacing } from './upload.js';

export interface SlackAppOptions {
  pacing?: AppPacing;
  /** Where the message of each incident is remembered; by default the ledger table (LEDGER_TABLE), else memory. */
  threads?: (context: NotifierContext) => ThreadStore;
  /** CloudWatch's graphs instead of the function's own client (read only where `NotifierContext.liveCloudWatch`). */
  graphs?: (context: NotifierContext) => MetricWidgetImages | undefined;
  graphPacing?: GraphPacing;
  /** How long a delivery waits for another's first message before trying again later (tests shorten it). */
  claims?: ClaimTiming;
  /** The wall clock storms are timed by (tests move it). */
  now?: () => number;
}

/** CloudWatch's pictures where this container reads CloudWatch; one attempt, within the quota's share. */
const liveImages = ({ liveCloudWatch }: NotifierContext): MetricWidgetImages | undefined =>
  liveCloudWatch ? imagesWithinQuota({ queued: true }, lazyMetricWidgetImages({ maxAttempts: 1 })) : undefined;

const apiUrlOf = ({ env, policy }: Pick<NotifierContext, 'env' | 'policy'>) => checkSlackApiUrl(env.SLACK_API_URL || SLACK_API_URL, policy);

/**
 * Slack through the app's bot token (the Web API), for the channels a stage puts in app mode: one message per
 * incident, rewritten at each state change, the changes and the detail in its thread. Queued like the webhooks,
 * so a storm becomes digests, threaded under one storm message per channel. docs/slack-app.md says how to set it up.
 */
export function slackAppDestination(app: AppChannels = APP_CHANNELS, options: SlackAppOptions = {}): Destination<SlackAppMessage> {
  const channel = (route: Parameters<typeof appChannelOf>[0], stage: Parameters<typeof channelIdOf>[1]) => ({
    id: channelIdOf(app, stage, route),
    name: `#${appChannelOf(route)}`,
  });
  return {
    name: 'slack-app',
    label: 'Slack (app)',
    description: 'Posts alerts to Slack through the app: one message per incident, updated, with a thread',
    queued: true,
    // The alarm's graph in the incident's thread (upload.ts).
    capabilities: ['draw-graph'],
    graphRequest,
    // Opt-in per channel: a stage without app-mode channels has no function for it.
    onlyWhereRouted: true,
    setupProblems: SLACK_APP_SETUP,
    routes: slackRoutesFor('slack-app', app),
    targetOf: (route) => `#${appChannelOf(route)}`,
    // One token for the workspace, whichever channel.
    secretsOf: () => [BOT_TOKEN_SECRET],
    format: (alert, route) => formatSlackApp(alert, channel(route, alert.stage)),
    formatUnrecognised: (notice, route, stage) => {
      const c = channel(route, stage);
      return { channel: c.id, channelName: c.name, parent: formatSlackUnrecognised(notice, stage) };
    },
    formatDigest: (alerts, route, stage, unreadable) => {
      const c = channel(route, stage);
      const window = windowOf(alerts, unreadable);
      return {
        channel: c.id,
        channelName: c.name,
        parent: formatSlackDigest(alerts, stage, window, unreadable),
        storm: stormContribution(alerts, unreadable.length, stage, window),
      };
    },
    // What a deployed function sends, wherever a local run points SLACK_API_URL.
    request: (payload) => appRequests(payload, SLACK_API_URL),
    notifier: (context) => {
      const apiUrl = apiUrlOf(context);
      return slackAppNotifier({
        secrets: context.secrets,
        apiUrl,
        graphs: threadGraphs({
          images: options.graphs ? options.graphs(context) : liveImages(context),
          apiUrl,
          policy: context.policy,
          http: context.http ?? httpFetch,
          log: context.log,
          pacing: options.graphPacing,
        }),
        threads: options.threads?.(context) ?? (context.env.LEDGER_TABLE ? dynamoThreads(context.env.LEDGER_TABLE, context.log) : memoryThreads()),
        log: context.log,
        http: context.http,
        pacing: options.pacing,
        claims: options.claims,
        now: options.now,
      });
    },
    isConfigured: async (_route, { secrets }) => (await secrets.get(BOT_TOKEN_SECRET)) !== undefined,
    checkEnvironment: (context) => void apiUrlOf(context),
  };
}

/** The stage files' app-mode channels. */
export const slackApp = slackAppDestination();
