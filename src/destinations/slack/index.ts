import { windowOf } from '../../formatters/digest.js';
import type { Destination } from '../types.js';
import { checkSlackWebhookUrl } from './endpoint.js';
import { formatSlack, formatSlackDigest, formatSlackUnrecognised, type SlackMessage } from './format.js';
import { slackNotifier, webhookSecret } from './notifier.js';
import { channelOf, SLACK_CHANNELS, SLACK_ROUTES } from './routes.js';
import { envSecretKey } from '../../config/secrets.js';

/** Incoming webhooks, one per channel; read through a queue so an alert storm becomes one digest per channel. */
export const slack: Destination<SlackMessage> = {
  name: 'slack',
  label: 'Slack',
  description: 'Posts alerts to Slack (one webhook per channel)',
  queued: true,
  routes: SLACK_ROUTES,
  targetOf: (route) => `#${channelOf(route)}`,
  secretsOf: (route) => [webhookSecret(channelOf(route))],
  format: (alert) => formatSlack(alert),
  formatUnrecognised: (notice, _route, stage) => formatSlackUnrecognised(notice, stage),
  formatDigest: (alerts, _route, stage, unreadable) => formatSlackDigest(alerts, stage, windowOf(alerts, unreadable), unreadable),
  notifier: ({ secrets, policy, http }) => slackNotifier(secrets, policy, undefined, http),
  isConfigured: async (route, { secrets }) => (await secrets.get(webhookSecret(channelOf(route)))) !== undefined,
  checkEnvironment({ env, policy }) {
    for (const channel of SLACK_CHANNELS) {
      const url = env[envSecretKey(webhookSecret(channel))];
      if (url) checkSlackWebhookUrl(url, policy);
    }
  },
};
