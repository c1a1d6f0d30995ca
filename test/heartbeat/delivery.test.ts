/**
 * Issue 14, item 4: the heartbeat's canary notification through the real notifier handlers (PagerDuty by SNS,
 * Slack and email through their queues) to the stand-ins: PagerDuty gets a change event on the routing key
 * (never a trigger), Slack and email get the canary labelled as a test, and each delivery leaves the
 * `HeartbeatDelivered` metric line the missing-heartbeat alarms watch.
 */
import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import { changeEventViolations } from '../support/pagerduty-schema.js';
import { ROUTING_KEY, publishCalls, runAllHandlers, runPerTest, type CapturedOutput, type Run, startRun, captureOutput } from '../delivery/harness.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let run: Run;
let output: CapturedOutput;
runPerTest((r, o) => {
  run = r;
  output = o;
});

const LABEL = 'TEST — heartbeat, nobody needs to act';

interface Canary {
  state: 'ALARM' | 'OK';
  stage?: 'production' | 'staging';
  name?: string;
  description?: string;
}

/** The SNS notification CloudWatch sends when the heartbeat sets the canary's state. */
function canaryEvent({ state, stage = 'production', name = `ohmycoins-${stage}-heartbeat`, description }: Canary) {
  const topic = `arn:aws:sns:eu-west-1:123456789012:ohmycoins-${stage}-alerts-critical`;
  const message = {
    AlarmName: name,
    AlarmDescription: description ?? `${LABEL}. The heartbeat's canary. [heartbeat]`,
    AWSAccountId: '123456789012',
    NewStateValue: state,
    NewStateReason: state === 'ALARM' ? `${LABEL}. Scheduled test fire at 2026-12-07T09:00:00.000Z.` : `${LABEL}. Set back to OK.`,
    StateChangeTime: state === 'ALARM' ? '2026-12-07T09:00:00.120+0000' : '2026-12-07T09:01:00.340+0000',
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    AlarmActions: [topic],
    OKActions: [topic],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: 'HeartbeatCanary',
      Namespace: 'ohmycoins/alerting',
      StatisticType: 'Statistic',
      Statistic: 'MAXIMUM',
      Unit: null,
      Dimensions: [{ value: stage, name: 'Stage' }],
      Period: 3600,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'ignore',
      EvaluateLowSampleCountPercentile: '',
    },
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: `canary-${stage}-${state}`,
          TopicArn: topic,
          Subject: `${state}: "${name}" in EU (Ireland)`,
          Message: JSON.stringify(message),
          Timestamp: '2026-12-07T09:00:00.300Z',
        },
      },
    ],
  };
}

/** The Embedded Metric Format lines the functions wrote: what CloudWatch turns into HeartbeatDelivered. */
const heartbeatMetrics = () =>
  output
    .entries()
    .filter((e) => '_aws' in e)
    .map((e) => ({ stage: e.Stage, destination: e.Destination, value: e.HeartbeatDelivered, aws: e._aws }));

describe('the heartbeat ALARM in production', () => {
  it('sends PagerDuty a change event on the routing key, and no trigger', async () => {
    await runAllHandlers(run, canaryEvent({ state: 'ALARM' }));
    expect(run.pagerduty.requests.map((r) => r.path)).toEqual(['/v2/change/enqueue']);
    expect(run.pagerduty.requests[0]!.body).toEqual({
      routing_key: ROUTING_KEY,
      payload: {
        summary: 'production · TEST — heartbeat, nobody needs to act',
        source: 'ohmycoins-production-heartbeat',
        timestamp: '2026-12-07T09:00:00.120Z',
        custom_details: {
          what: 'Scheduled heartbeat: the canary alarm went to ALARM and returns to OK by itself. No incident is opened.',
          stage: 'production',
          alarm_name: 'ohmycoins-production-heartbeat',
          reason: 'TEST — heartbeat, nobody needs to act. Scheduled test fire at 2026-12-07T09:00:00.000Z.',
        },
      },
      links: [{ href: expect.stringContaining('ohmycoins-production-heartbeat'), text: 'Canary alarm' }],
    });
    // PagerDuty's published schema of POST /v2/change/enqueue.
    expect(changeEventViolations(run.pagerduty.requests[0]!.body)).toEqual([]);
    expect(changeEventViolations({ payload: { source: 'x' } })).toHaveLength(2);
  });

  it('posts to #alerts-critical and mails, both labelled as a test', async () => {
    await runAllHandlers(run, canaryEvent({ state: 'ALARM' }));
    const posts = run.slack.postsTo('alerts-critical');
    expect(posts).toHaveLength(1);
    expect(run.slack.requests).toHaveLength(1);
    const message = posts[0]!.body as SlackMessage;
    expect(message.text).toContain(LABEL);
    expect(JSON.stringify(message.blocks)).toContain(LABEL);
    expect(JSON.stringify(message.blocks)).toContain('Scheduled test of the paging path: the canary alarm was set to ALARM and returns to OK by itself.');
    const mails = publishCalls(run);
    expect(mails).toHaveLength(1);
    // A subject is plain ASCII (the dash becomes a hyphen); the body is not.
    expect(mails[0]!.Subject).toBe('ALARM [critical] production: TEST - heartbeat, nobody needs to act');
    const body = String(mails[0]!.Message).split('\n');
    expect(body[0]).toBe(`ALARM [critical] ${LABEL} - production`);
    expect(body.slice(3, 5).join(' ')).toBe('Scheduled test of the paging path: the canary alarm was set to ALARM and returns to OK by itself.');
  });

  it('leaves one HeartbeatDelivered metric line per destination', async () => {
    await runAllHandlers(run, canaryEvent({ state: 'ALARM' }));
    const lines = heartbeatMetrics();
    expect(lines.map((l) => l.destination).sort()).toEqual(['email', 'pagerduty', 'slack']);
    for (const l of lines) {
      expect(l).toMatchObject({ stage: 'production', value: 1 });
      expect(l.aws).toMatchObject({
        CloudWatchMetrics: [{ Namespace: 'ohmycoins/alerting', Dimensions: [['Stage', 'Destination']], Metrics: [{ Name: 'HeartbeatDelivered', Unit: 'Count' }] }],
      });
    }
  });
});

describe('the heartbeat OK in production', () => {
  it('sends PagerDuty nothing (there is no incident), and Slack and email the labelled OK', async () => {
    await runAllHandlers(run, canaryEvent({ state: 'OK' }));
    expect(run.pagerduty.requests).toEqual([]);
    expect(run.slack.postsTo('alerts-critical')).toHaveLength(1);
    expect((run.slack.postsTo('alerts-critical')[0]!.body as SlackMessage).text).toContain(LABEL);
    expect(publishCalls(run).map((m) => m.Subject)).toEqual(['Resolved [critical] production: TEST - heartbeat, nobody needs to act']);
    expect(heartbeatMetrics().map((l) => l.destination).sort()).toEqual(['email', 'slack']);
  });
});

describe('a heartbeat that comes another way still never pages', () => {
  it('recognised by its tag under another name: a change event', async () => {
    await runAllHandlers(run, canaryEvent({ state: 'ALARM', name: 'ohmycoins-production-canary-renamed' }));
    expect(run.pagerduty.requests.map((r) => r.path)).toEqual(['/v2/change/enqueue']);
  });

  it('recognised by its name without the tag: a change event', async () => {
    await runAllHandlers(run, canaryEvent({ state: 'ALARM', description: 'description edited by hand' }));
    expect(run.pagerduty.requests.map((r) => r.path)).toEqual(['/v2/change/enqueue']);
  });
});

describe('the heartbeat in staging', () => {
  it('posts the labelled canary to #alerts-staging only (staging neither pages nor mails)', async () => {
    const staging = await startRun('staging');
    const captured = captureOutput();
    try {
      await runAllHandlers(staging, canaryEvent({ state: 'ALARM', stage: 'staging' }), { stage: 'staging' });
      expect(staging.pagerduty.requests).toEqual([]);
      expect(publishCalls(staging)).toEqual([]);
      expect(staging.slack.postsTo('alerts-staging')).toHaveLength(1);
      expect((staging.slack.postsTo('alerts-staging')[0]!.body as SlackMessage).text).toContain(LABEL);
      const lines = captured.entries().filter((e) => '_aws' in e);
      expect(lines.map((e) => [e.Stage, e.Destination])).toEqual([['staging', 'slack']]);
    } finally {
      captured.restore();
      await staging.close();
    }
  });
});
