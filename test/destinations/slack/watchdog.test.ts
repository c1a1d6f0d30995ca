/**
 * The pipeline's own alarms reach on-call by a path that does not depend on what failed: the email topic always
 * (SNS email subscriptions), and in production also Slack's #alerts-critical, through the watchdog function that
 * reads the pipeline alarms' own topic directly (no queue, no ledger table).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackForPipelineAlarms } from '../../../src/destinations/slack/watchdog.js';
import { notifierHandler, wiringFromEnv } from '../../../src/handlers/runtime.js';
import { quietLog } from '../../../src/model/log.js';
import { testEvent } from '../../delivery/harness.js';
import { startSlackStandIn, type SlackStandIn } from '../../support/stand-ins.js';

/** test/events/ecs-cpu-alarm.json, as the pipeline's PagerDuty-errors alarm would send it to the pipeline topic. */
function pipelineAlarm() {
  const event = testEvent('ecs-cpu-alarm.json');
  const sns = event.Records[0]!.Sns;
  const message = JSON.parse(String(sns.Message)) as Record<string, unknown>;
  message.AlarmName = 'ohmycoins-production-alerting-pagerduty-errors';
  message.AlarmDescription = 'The pagerduty notifier failed: alerts may be late or retried. Runbook: docs/runbooks/alerting-pipeline.md';
  message.AlarmArn = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-alerting-pagerduty-errors';
  sns.Message = JSON.stringify(message);
  sns.TopicArn = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-pipeline';
  return event;
}

let slack: SlackStandIn;
beforeAll(async () => void (slack = await startSlackStandIn()));
afterAll(async () => slack.close());

describe('the watchdog', () => {
  it('posts a pipeline alarm to #alerts-critical, and only there', async () => {
    const env = {
      STAGE: 'production',
      SLACK_WEBHOOK_ALERTS_CRITICAL: slack.webhookUrl('alerts-critical'),
      SLACK_WEBHOOK_ALERTS: slack.webhookUrl('alerts'),
      ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true',
    };
    const handler = notifierHandler(slackForPipelineAlarms, wiringFromEnv(slackForPipelineAlarms, env, quietLog));

    await handler(pipelineAlarm());

    expect(slack.postsTo('alerts-critical')).toHaveLength(1);
    expect(slack.postsTo('alerts')).toHaveLength(0);
    expect(JSON.stringify(slack.postsTo('alerts-critical')[0]!.body)).toContain('ohmycoins-production-alerting-pagerduty-errors');
  });

  it('routes nothing in staging, whose pipeline alarms go to the email topic only', () => {
    const { alarms } = slackForPipelineAlarms.routes;
    expect(Object.values(alarms.staging).flatMap((byState) => Object.values(byState).flat())).toEqual([]);
  });
});
