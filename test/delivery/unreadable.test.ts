/**
 * Issue 11, "something unreadable arrives on the critical topic": each broken message goes through the three
 * deployed notifier functions. In production it pages ("unreadable notification on …-alerts-critical", one
 * incident per message, keyed by the message's SHA-256) and posts to #alerts-critical; in staging it posts to
 * #alerts-staging and pages nobody. Nothing is mailed, nothing dead-lettered, no function fails.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PagerDutyEvent, PagerDutyTrigger } from '../../src/destinations/pagerduty/format.js';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import { assertPagerDutyValid } from '../support/pagerduty-schema.js';
import { assertSlackLimits } from '../support/slack-limits.js';
import { captureOutput, publishCalls, runAllHandlers, startRun, type CapturedOutput, type Run } from './harness.js';

const ALARM = {
  AlarmName: 'ohmycoins-production-ecs-cpu-high',
  AWSAccountId: '123456789012',
  NewStateValue: 'ALARM',
  NewStateReason: 'Threshold Crossed: 1 datapoint [93.4] was greater than the threshold (80.0).',
  StateChangeTime: '2024-05-14T09:42:27.394+0000',
  Region: 'EU (Ireland)',
  AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-ecs-cpu-high',
  OldStateValue: 'OK',
};
const alarmJson = JSON.stringify(ALARM);

/** The six ways of the issue, each with the problem on-call must be told. */
const BROKEN: Array<{ name: string; message: string; problem: string }> = [
  { name: 'JSON encoded twice', message: JSON.stringify(alarmJson), problem: 'JSON encoded twice: a JSON string holding JSON, not a CloudWatch alarm' },
  { name: 'a UTF-8 byte order mark before the JSON', message: `\ufeff${alarmJson}`, problem: 'not JSON: starts with a byte order mark (U+FEFF)' },
  { name: 'a JSON list', message: `[${alarmJson}]`, problem: 'JSON list, not a CloudWatch alarm' },
  { name: '`null`', message: 'null', problem: 'JSON null, not a CloudWatch alarm' },
  {
    name: 'state `alarm` in lower case',
    message: JSON.stringify({ ...ALARM, NewStateValue: 'alarm' }),
    problem: 'alarm state "alarm" is not ALARM, OK or INSUFFICIENT_DATA',
  },
  {
    name: 'more than 256 KB',
    // 262,144 bytes is SNS's limit; 24 + 299,974 + 2 = 300,000 bytes of ASCII.
    message: `{"AlarmName":"x","Pad":"${'a'.repeat(300_000 - 26)}"}`,
    problem: "message of 300000 bytes exceeds SNS's 256 KB limit",
  },
];

const topic = (stage: string) => `arn:aws:sns:eu-west-1:123456789012:ohmycoins-${stage}-alerts-critical`;

function eventOf(message: string, stage: string, messageId = '7d0b5a3e-1c2f-4e8a-9b6d-2f4e6a8c0b1d') {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topic(stage)}:8b1f4c2e-3d5a-4e6b-9c7d-0e1f2a3b4c5d`,
        Sns: { Type: 'Notification', MessageId: messageId, TopicArn: topic(stage), Subject: null, Message: message, Timestamp: '2024-05-14T09:42:27.512Z' },
      },
    ],
  };
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

let run: Run | undefined;
let output: CapturedOutput | undefined;
afterEach(async () => {
  output?.restore();
  await run?.close();
  run = output = undefined;
});

async function deliver(message: string, stage: 'production' | 'staging') {
  run = await startRun(stage);
  output = captureOutput();
  const results = await runAllHandlers(run, eventOf(message, stage), { stage });
  return { run, results };
}

const slackText = (r: Run, channel: string) => r.slack.postsTo(channel).map((p) => (p.body as SlackMessage).text);

describe('something unreadable on the production critical topic', () => {
  for (const { name, message, problem } of BROKEN) {
    it(`${name}: pages once as unreadable and posts to #alerts-critical`, async () => {
      const { run, results } = await deliver(message, 'production');

      expect(run.pagerduty.requests).toHaveLength(1);
      const page = run.pagerduty.requests[0]!.body as PagerDutyTrigger;
      expect(page.event_action).toBe('trigger');
      expect(page.dedup_key).toBe(`unreadable:${sha256(message)}`);
      expect(page.payload.severity).toBe('critical');
      expect(page.payload.summary).toBe(`unreadable notification on ohmycoins-production-alerts-critical: ${problem}`);
      expect(page.payload.custom_details).toMatchObject({ problem, stage: 'production' });
      assertPagerDutyValid(page);

      expect(run.slack.requests).toHaveLength(1);
      expect(slackText(run, 'alerts-critical')).toEqual([`❔ Unrecognised notification — production: ${problem}`]);
      assertSlackLimits(run.slack.requests[0]!.body as SlackMessage);

      expect(publishCalls(run)).toEqual([]);
      expect(run.deadLetters.letters).toEqual([]);
      expect(results.pagerduty).toMatchObject({ delivered: [{ outcome: 'sent' }] });
      expect(results.slack).toEqual({ batchItemFailures: [] });
    });
  }

  it('carries a clipped excerpt with the byte order mark and control characters shown as escapes', async () => {
    const { run } = await deliver(`\ufeff{"AlarmName":"a\u0007b"}`, 'production');
    const page = run.pagerduty.requests[0]!.body as PagerDutyTrigger;
    expect(page.payload.custom_details?.excerpt).toBe('\\ufeff{"AlarmName":"a\\u0007b"}');
  });

  it('clips the excerpt of a 300,000-byte message to 2,000 characters', async () => {
    const { run } = await deliver(BROKEN[5]!.message, 'production');
    const excerpt = String((run.pagerduty.requests[0]!.body as PagerDutyTrigger).payload.custom_details?.excerpt);
    expect(excerpt).toHaveLength(2000);
    expect(excerpt.startsWith('{"AlarmName":"x","Pad":"aaa')).toBe(true);
    expect(excerpt.endsWith('a…')).toBe(true);
  });

  it('opens one incident for SNS copies of one message, and one per different message', async () => {
    run = await startRun('production');
    output = captureOutput();
    await runAllHandlers(run, eventOf('null', 'production', 'copy-1'));
    await runAllHandlers(run, eventOf('null', 'production', 'copy-2'));
    await runAllHandlers(run, eventOf('[]', 'production', 'other'));
    const keys = run.pagerduty.requests.map((r) => (r.body as PagerDutyEvent).dedup_key);
    expect(keys).toEqual([`unreadable:${sha256('null')}`, `unreadable:${sha256('null')}`, `unreadable:${sha256('[]')}`]);
  });
});

describe('something unreadable on the staging critical topic', () => {
  for (const { name, message, problem } of BROKEN) {
    it(`${name}: posts to #alerts-staging and pages nobody`, async () => {
      const { run, results } = await deliver(message, 'staging');

      expect(run.pagerduty.requests).toEqual([]);
      expect(run.slack.requests).toHaveLength(1);
      expect(slackText(run, 'alerts-staging')).toEqual([`❔ Unrecognised notification — staging: ${problem}`]);
      expect(publishCalls(run)).toEqual([]);
      expect(run.deadLetters.letters).toEqual([]);
      expect(results.slack).toEqual({ batchItemFailures: [] });
    });
  }
});

describe('something unreadable on the production warning topic', () => {
  it('posts to #alerts as before and pages nobody', async () => {
    run = await startRun('production');
    output = captureOutput();
    const event = eventOf('null', 'production');
    event.Records[0]!.Sns.TopicArn = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-warning';
    await runAllHandlers(run, event);
    expect(run.pagerduty.requests).toEqual([]);
    expect(slackText(run, 'alerts')).toEqual(['❔ Unrecognised notification — production: JSON null, not a CloudWatch alarm']);
    expect(run.slack.requests).toHaveLength(1);
  });
});
