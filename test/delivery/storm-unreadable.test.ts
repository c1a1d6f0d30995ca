/**
 * Issue 11, "one Slack batch of 30 non-alarm notices and 4 warning alarms, one more alarm 3 s later": the
 * notices go into the channel's digest with the alarms (one post, not 34 at a second each), so nothing is
 * dead-lettered and the later alarm is posted on its own.
 */
import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import { runAllHandlers, runPerTest, type Run } from './harness.js';

let run: Run;
runPerTest((r) => {
  run = r;
});

const WARNING_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-warning';

const snsRecord = (id: string, message: string, timestamp: string) => ({
  EventSource: 'aws:sns',
  EventVersion: '1.0',
  EventSubscriptionArn: `${WARNING_TOPIC}:8b1f4c2e-3d5a-4e6b-9c7d-0e1f2a3b4c5d`,
  Sns: { Type: 'Notification', MessageId: id, TopicArn: WARNING_TOPIC, Subject: null, Message: message, Timestamp: timestamp },
});

const alarm = (name: string, time: string) =>
  JSON.stringify({
    AlarmName: `ohmycoins-production-${name}`,
    AWSAccountId: '123456789012',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 1 datapoint [91.0] was greater than the threshold (80.0).',
    StateChangeTime: time,
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-${name}`,
    OldStateValue: 'OK',
  });

/** Three kinds of notice that are not alarms, ten of each. */
const NOTICES = [
  (i: number) => `Deployment ${i} finished`,
  (i: number) => JSON.stringify({ source: 'aws.codepipeline', 'detail-type': 'CodePipeline Pipeline Execution State Change', id: i }),
  (i: number) => JSON.stringify([{ n: i }]),
];
const ALARMS = ['rds-cpu-high', 'redis-memory-high', 'alb-latency-high', 'ecs-memory-high'];

function storm() {
  const notices = Array.from({ length: 30 }, (_, i) => snsRecord(`notice-${i}`, NOTICES[i % 3]!(i), '2024-05-14T09:40:00.000Z'));
  const alarms = ALARMS.map((name, i) => snsRecord(`alarm-${i}`, alarm(name, `2024-05-14T09:40:0${i}.000+0000`), `2024-05-14T09:40:0${i}.500Z`));
  // The alarms arrive among the notices, as a storm mixes them.
  return { Records: [...notices.slice(0, 10), alarms[0]!, alarms[1]!, ...notices.slice(10, 25), alarms[2]!, ...notices.slice(25), alarms[3]!] };
}

const later = { Records: [snsRecord('alarm-later', alarm('ecs-cpu-warm', '2024-05-14T09:40:06.000+0000'), '2024-05-14T09:40:06.500Z')] };

describe('a Slack batch of 30 notices and 4 warning alarms, then one more alarm', () => {
  it('posts one digest listing the 4 alarms and summarising the 30 notices, then the later alarm; nothing dead-lettered', async () => {
    const first = await runAllHandlers(run, storm());
    const second = await runAllHandlers(run, later);

    expect(run.deadLetters.letters).toEqual([]);
    expect(first.slack).toEqual({ batchItemFailures: [] });
    expect(second.slack).toEqual({ batchItemFailures: [] });
    const posts = run.slack.postsTo('alerts').map((r) => r.body as SlackMessage);
    expect(run.slack.requests).toHaveLength(2);
    expect(posts).toHaveLength(2);

    const [digest, single] = posts as [SlackMessage, SlackMessage];
    expect(digest.text).toMatch(/^🚨 Alert storm — production: 4 firing \(0 critical, 4 warning, 0 info\), 0 recovered, 0 flapping; 34 notifications about 4 alarms and 30 unreadable between /);
    const sections = JSON.stringify(digest);
    for (const name of ALARMS) expect(sections).toContain(name);
    expect(sections).toContain('Unreadable notifications* (30)');
    expect(single.text).toContain('ecs-cpu-warm');
    expect(single.text).not.toMatch(/Alert storm/);
  });
});
