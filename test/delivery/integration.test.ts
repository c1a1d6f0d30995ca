/**
 * Issue 3's integration test: the real notifier handlers, each fed the way it is in a deployed stage (PagerDuty
 * by SNS, Slack and email through their SQS queue), deliver to Slack and PagerDuty stand-ins on 127.0.0.1 over
 * real HTTP and to a mocked SNS client; the test asserts what each destination received.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PagerDutyEvent, PagerDutyTrigger } from '../../src/destinations/pagerduty/format.js';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import { notifierHandler } from '../../src/handlers/runtime.js';
import { assertPagerDutyValid } from '../support/pagerduty-schema.js';
import { assertSlackLimits } from '../support/slack-limits.js';
import {
  EMAIL_TOPIC_ARN,
  ROUTING_KEY,
  publishCalls,
  runAllHandlers,
  runPerTest,
  startRun,
  testEvent,
  testWiring,
  viaSqs,
  type CapturedOutput,
  type Run,
  destination,
} from './harness.js';

let run: Run;
let output: CapturedOutput;

runPerTest((r, o) => {
  run = r;
  output = o;
});

const pagerDutyEvents = () => run.pagerduty.requests.map((r) => r.body as PagerDutyEvent);

describe('a production critical ALARM', () => {
  it('pages PagerDuty once, posts once to #alerts-critical and mails once', async () => {
    await runAllHandlers(run, testEvent('ecs-cpu-alarm.json'));

    expect(pagerDutyEvents()).toHaveLength(1);
    expect(pagerDutyEvents()[0]).toMatchObject({ event_action: 'trigger', routing_key: ROUTING_KEY });
    expect(run.slack.requests).toHaveLength(1);
    expect(run.slack.postsTo('alerts-critical')).toHaveLength(1);
    expect(publishCalls(run)).toHaveLength(1);
    expect(publishCalls(run)[0]!.TopicArn).toBe(EMAIL_TOPIC_ARN);
    expect(run.deadLetters.letters).toEqual([]);
  });

  it('sends PagerDuty an event its published Events v2 schema accepts', async () => {
    await runAllHandlers(run, testEvent('ecs-cpu-alarm.json'));

    const event = pagerDutyEvents()[0] as PagerDutyTrigger;
    assertPagerDutyValid(event);
    expect(event.payload.summary).toMatch(/CPU/);
    expect(run.pagerduty.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('posts Slack a Block Kit message within its limits that names the alarm', async () => {
    await runAllHandlers(run, testEvent('ecs-cpu-alarm.json'));

    const message = run.slack.requests[0]!.body as SlackMessage;
    assertSlackLimits(message);
    expect(message.text).toMatch(/critical/i);
    expect(JSON.stringify(message)).toContain('ohmycoins-production-ecs-cpu-high');
  });

  it('mails a subject within SNS limits and a plain-text body', async () => {
    await runAllHandlers(run, testEvent('ecs-cpu-alarm.json'));

    const { Subject, Message } = publishCalls(run)[0]!;
    expect(Subject!.length).toBeLessThanOrEqual(100);
    expect(Subject).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(Message).toContain('ohmycoins-production-ecs-cpu-high');
  });
});

describe('its OK', () => {
  it('resolves the PagerDuty incident with the dedup_key the ALARM opened it with', async () => {
    await runAllHandlers(run, testEvent('ecs-cpu-alarm.json'));
    await runAllHandlers(run, testEvent('ecs-cpu-ok.json'));

    const [trigger, resolve] = pagerDutyEvents();
    expect(trigger!.event_action).toBe('trigger');
    expect(resolve).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: trigger!.dedup_key });
    assertPagerDutyValid(resolve!);
  });

  it('also reaches #alerts-critical and email, once each', async () => {
    await runAllHandlers(run, testEvent('ecs-cpu-ok.json'));

    expect(run.slack.postsTo('alerts-critical')).toHaveLength(1);
    expect(publishCalls(run)).toHaveLength(1);
  });
});

describe('staging', () => {
  let staging: Run;
  beforeEach(async () => {
    staging = await startRun('staging');
  });
  afterEach(() => staging.close());

  it('never pages: not for its own alarms, not even for a critical one', async () => {
    await runAllHandlers(staging, testEvent('rds-storage-staging-alarm.json'), { stage: 'staging' });
    await runAllHandlers(staging, testEvent('ecs-cpu-alarm.json'), { stage: 'staging' });

    expect(staging.pagerduty.requests).toEqual([]);
  });

  it('posts every alarm to #alerts-staging and mails nothing', async () => {
    await runAllHandlers(staging, testEvent('rds-storage-staging-alarm.json'), { stage: 'staging' });

    expect(staging.slack.requests).toHaveLength(1);
    expect(staging.slack.postsTo('alerts-staging')).toHaveLength(1);
    expect(staging.sns.commandCalls((await import('@aws-sdk/client-sns')).PublishCommand)).toEqual([]);
  });
});

describe('notifications that are not alarms', () => {
  it('reach #alerts once, labelled, and page and mail nobody', async () => {
    await runAllHandlers(run, testEvent('not-an-alarm.json'));

    expect(run.slack.postsTo('alerts')).toHaveLength(1);
    expect((run.slack.requests[0]!.body as SlackMessage).text).toMatch(/unrecognised|not an alarm/i);
    expect(run.pagerduty.requests).toEqual([]);
    expect(publishCalls(run)).toEqual([]);
  });
});

describe('events with several records', () => {
  it('delivers each record on its own', async () => {
    const alarm = testEvent('ecs-cpu-alarm.json');
    const event = { Records: [...alarm.Records, ...testEvent('not-an-alarm.json').Records, ...testEvent('alb-5xx-math-alarm.json').Records] };

    await runAllHandlers(run, event);

    expect(run.slack.postsTo('alerts-critical')).toHaveLength(2);
    expect(run.slack.postsTo('alerts')).toHaveLength(1);
    expect(pagerDutyEvents().map((e) => e.event_action)).toEqual(['trigger', 'trigger']);
    expect(publishCalls(run)).toHaveLength(2);
  });
});

describe('the way a function is triggered', () => {
  it('does not change what Slack receives: SNS directly or through the queue', async () => {
    const event = testEvent('ecs-cpu-alarm.json');
    const wiring = () => testWiring('slack', { env: run.env, deadLetters: run.deadLetters });

    await notifierHandler(destination('slack'), wiring())(event);
    await notifierHandler(destination('slack'), wiring())(viaSqs(event, 'ohmycoins-production-alerts-slack'));

    const [direct, queued] = run.slack.requests;
    expect(queued!.body).toEqual(direct!.body);
  });

  it('answers a queue batch with no item failures when everything was delivered', async () => {
    const results = await runAllHandlers(run, testEvent('ecs-cpu-alarm.json'));

    expect(results.slack).toEqual({ batchItemFailures: [] });
    expect(results.email).toEqual({ batchItemFailures: [] });
  });
});

describe('structured logs', () => {
  it('carry alarm name, state, severity, SNS MessageId, destination and outcome for each delivery', async () => {
    await runAllHandlers(run, testEvent('ecs-cpu-alarm.json'));

    const delivered = output.entries().filter((e) => e.message === 'Delivered');
    expect(delivered.map((e) => e.destination).sort()).toEqual(['email', 'pagerduty:trigger', 'slack:alerts-critical']);
    for (const entry of delivered) {
      expect(entry).toMatchObject({
        level: 'INFO',
        alarmName: 'ohmycoins-production-ecs-cpu-high',
        state: 'ALARM',
        severity: 'critical',
        messageId: '3c2f8a61-0b7e-5d49-a1f3-6e8c9d2b4a17',
        outcome: 'sent',
        attempts: 1,
      });
    }
  });

  it('name the function that wrote them', async () => {
    await runAllHandlers(run, testEvent('ecs-cpu-alarm.json'));

    const functions = new Set(output.entries().filter((e) => e.message === 'Delivered').map((e) => e.function));
    expect(functions).toEqual(new Set(['slack', 'pagerduty', 'email']));
  });
});
