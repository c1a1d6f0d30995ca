/**
 * Where notifications may go: a configured Slack URL must be https://hooks.slack.com/services/..., the PagerDuty
 * endpoint https; plain http to the loopback interface only with the explicit test override. Anything else
 * stops the function at start with a clear error that does not echo the (secret) URL.
 */
import { describe, expect, it } from 'vitest';
import { wiringFromEnv } from '../../src/handlers/runtime.js';
import {
  recordingLog,
  destination,
} from './harness.js';

const SECRET = 'Zq9SecretWebhookPart';
const start = (type: 'slack' | 'pagerduty' | 'email', env: NodeJS.ProcessEnv) => () => wiringFromEnv(destination(type), { STAGE: 'production', ...env }, recordingLog());
const OVERRIDE = { ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true' };
const SLACK_RULE = /Slack webhook must be an https:\/\/hooks\.slack\.com\/services\/\.\.\. URL/;

describe('a Slack webhook URL', () => {
  it.each([
    ['another host', `https://hooks.slack.com.attacker.example/services/T0/B0/${SECRET}`],
    ['plain http to Slack', `http://hooks.slack.com/services/T0/B0/${SECRET}`],
    ['another path on Slack', `https://hooks.slack.com/workflows/T0/A0/${SECRET}`],
    ['a userinfo trick', `https://hooks.slack.com@attacker.example/services/T0/B0/${SECRET}`],
    ['the loopback interface without the override', `http://127.0.0.1:9/services/T0/B0/${SECRET}`],
  ])('is refused at start when it points to %s', (_, url) => {
    expect(start('slack', { SLACK_WEBHOOK_ALERTS_CRITICAL: url })).toThrow(SLACK_RULE);
  });

  it('is refused with a message that does not echo it', () => {
    expect(start('slack', { SLACK_WEBHOOK_ALERTS: `https://attacker.example/services/T0/B0/${SECRET}` })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(SECRET) }),
    );
  });

  it('that is not a URL at all is refused without echoing it', () => {
    expect(start('slack', { SLACK_WEBHOOK_ALERTS: `hooks slack ${SECRET}` })).toThrow(/^Slack webhook is not a URL$/);
  });

  it('on hooks.slack.com/services is accepted', () => {
    expect(start('slack', { SLACK_WEBHOOK_ALERTS_CRITICAL: `https://hooks.slack.com/services/T0/B0/${SECRET}` })).not.toThrow();
  });

  it('on the loopback interface is accepted with the test-only override', () => {
    expect(start('slack', { SLACK_WEBHOOK_ALERTS_CRITICAL: `http://127.0.0.1:9/services/T0/B0/${SECRET}`, ...OVERRIDE })).not.toThrow();
  });

  it('elsewhere over http stays refused even with the override', () => {
    expect(start('slack', { SLACK_WEBHOOK_ALERTS_CRITICAL: `http://attacker.example/services/T0/B0/${SECRET}`, ...OVERRIDE })).toThrow(SLACK_RULE);
  });
});

describe('the PagerDuty endpoint', () => {
  it('defaults to the public Events API v2 endpoint', () => {
    expect(start('pagerduty', {})).not.toThrow();
  });

  it('is refused at start when it is not https', () => {
    expect(start('pagerduty', { PAGERDUTY_EVENTS_URL: 'http://events.pagerduty.com/v2/enqueue' })).toThrow(/PagerDuty endpoint must use https/);
  });

  it('on the loopback interface is refused without the override and accepted with it', () => {
    expect(start('pagerduty', { PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:9/v2/enqueue' })).toThrow(/must use https/);
    expect(start('pagerduty', { PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:9/v2/enqueue', ...OVERRIDE })).not.toThrow();
  });

  it('that is not a URL is refused', () => {
    expect(start('pagerduty', { PAGERDUTY_EVENTS_URL: 'events.pagerduty.com' })).toThrow(/PagerDuty endpoint is not a URL/);
  });
});
