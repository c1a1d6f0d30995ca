import { emailTopicName } from '../../alarms/naming.js';
import { windowOf } from '../../formatters/digest.js';
import type { Destination } from '../types.js';
import { formatEmailDigest } from './digest.js';
import { formatEmail, type EmailMessage } from './format.js';
import { emailNotifier, sdkSnsPublisher, type SnsPublisher } from './notifier.js';
import { EMAIL_ROUTES } from './routes.js';

/** Plain-text mail through the stage's email topic (SNS email subscriptions); batched like Slack. */
export const email: Destination<EmailMessage> = {
  name: 'email',
  label: 'Email',
  description: "Mails alerts through the stage's email topic",
  queued: true,
  routes: EMAIL_ROUTES,
  capabilities: ['publish-email-topic'],
  targetOf: (_route, stage) => emailTopicName(stage),
  secretsOf: () => [],
  format: (alert) => formatEmail(alert),
  formatDigest: (alerts, _route, stage) => formatEmailDigest(alerts, stage, windowOf(alerts)),
  notifier: ({ env }) => {
    // One SNS client per container, not per mail: a batch of alerts reuses its connection.
    let publisher: Promise<SnsPublisher> | undefined;
    return emailNotifier(() => (publisher ??= sdkSnsPublisher()), env.EMAIL_TOPIC_ARN);
  },
  isConfigured: async (_route, { env }) => Boolean(env.EMAIL_TOPIC_ARN),
  // The SNS Publish input as the notifier sends it; offline the account is not known, so the ARN says so.
  request: (payload, { stage, region, env }) => ({
    TopicArn: env.EMAIL_TOPIC_ARN || `arn:aws:sns:${region}:<account>:${emailTopicName(stage)}`,
    Subject: payload.Subject,
    Message: payload.Message,
  }),
};
