import type { Stage } from '../model/alert.js';

/** CloudWatch alarm name of a catalog alarm. */
export const alarmName = (stage: Stage, id: string): string => `ohmycoins-${stage}-${id}`;

/** SNS topic name per severity; the router reads the severity back from the topic ARN. */
export const severityTopicName = (stage: Stage, severity: string): string => `ohmycoins-${stage}-alerts-${severity}`;

/** The email topic the email notifier publishes formatted mails to (and self-monitoring alarms use directly). */
export const emailTopicName = (stage: Stage): string => `ohmycoins-${stage}-alerts-email`;

export const dashboardName = (stage: Stage): string => `ohmycoins-${stage}`;

/**
 * Every catalog alarm's description ends with this tag so the pipeline can find the definition again,
 * even when the alarm was renamed or the notification arrived through another topic.
 */
export const catalogTag = (id: string): string => `[alarm-id:${id}]`;

const TAG = /\[alarm-id:([a-z0-9]+(?:-[a-z0-9]+)*)\]/;
const NAME = /^ohmycoins-(?:staging|production)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** The catalog id an alarm carries in its description, else the one its name encodes. */
export function catalogIdOf(name: string, description?: string | null): string | undefined {
  return (description ?? '').match(TAG)?.[1] ?? name.match(NAME)?.[1];
}

/**
 * The stage's SSM namespace: secrets (`<prefix>/slack/<channel>`, `<prefix>/pagerduty/routing-key`) and the
 * maintenance windows (`<prefix>/silences`).
 */
export const ssmPrefix = (stage: Stage): string => `/ohmycoins/${stage}`;

/** The SQS queue a queued destination's function reads its topics through. */
export const destinationQueueName = (stage: Stage, destination: string): string => `ohmycoins-${stage}-alerts-${destination}`;

/** Where undeliverable alerts wait for `npm run redrive`. */
export const deadLetterQueueName = (stage: Stage): string => `ohmycoins-${stage}-alerts-dead-letter`;

/** The delivery ledger (DynamoDB). */
export const ledgerTableName = (stage: Stage): string => `ohmycoins-${stage}-alerts-ledger`;

/** A destination's Lambda function, as Serverless names it (`<service>-<stage>-<function>`). */
export const notifierFunctionName = (stage: Stage, destination: string): string => `ohmycoins-alerting-${stage}-${destination}`;

/** The metric counting the set-up problems a destination's function logged (a metric filter on its log group). */
export const setupProblemMetricName = (stage: Stage, destination: string): string => `ohmycoins-${stage}-${destination}-setup-problems`;

/** Where a destination whose function SNS invokes directly keeps the alerts it will try again. */
export const retryQueueName = (stage: Stage, destination: string): string => `ohmycoins-${stage}-alerts-${destination}-retry`;

/** A destination's notifier role; the topic and key policies name it, so it is fixed rather than generated. */
export const notifierRoleName = (stage: Stage, destination: string): string => `ohmycoins-${stage}-alerts-${destination}`;

/**
 * Production's pipeline alarms also reach Slack's critical channel through this topic and a function of its own
 * (`watchdog`), which shares nothing with the notifier functions it watches but the webhook.
 */
export const pipelineTopicName = (stage: Stage): string => `ohmycoins-${stage}-alerts-pipeline`;

/** The function that carries the pipeline's own alarms to Slack. */
export const WATCHDOG = 'watchdog';

/** Stages whose pipeline alarms go to Slack as well as to the email topic. */
export const watchedInSlack = (stage: Stage): boolean => stage === 'production';
