/**
 * Issue 12: storm digests work in app mode too, as one message, threaded. The first digest of a storm opens the
 * storm's message in the channel (the running totals) with the digest in its thread; each later digest of the
 * same storm (the channel's last digest at most 15 minutes before) replies in that thread, and the message is
 * rewritten to the totals of all of them. After the storm, an alarm's own state change opens its own incident
 * message as before. Through the real handler fed by its queue, against the Slack Web API stand-in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackAppDestination } from '../../../src/destinations/slack-app/index.js';
import { dynamoThreads, memoryThreads, stormId, type ThreadStore } from '../../../src/destinations/slack-app/threads.js';
import { notifierHandler, wiringFromEnv } from '../../../src/handlers/runtime.js';
import { recordingLog, testEvent, viaSqs } from '../../delivery/harness.js';
import { dynamoDBStandIn, type DynamoDBStandIn } from '../../support/dynamodb-stand-in.js';
import { startSlackApiStandIn, type SlackApiStandIn } from '../../support/slack-api-stand-in.js';
import { APP, CHANNEL, NO_PACING, TOKEN } from './support.js';

const QUEUE = 'ohmycoins-production-alerts-slack-app';
const MINUTE = 60_000;

/**
 * A critical alarm of production (so #alerts-critical) that the catalog does not know, `ohmycoins-production-storm-<n>`,
 * changing to `state` at `at`: its title in Slack is its name.
 */
function stormAlarm(n: number, state: 'ALARM' | 'OK', at: string) {
  const event = testEvent(state === 'ALARM' ? 'ecs-cpu-alarm.json' : 'ecs-cpu-ok.json');
  const sns = event.Records[0]!.Sns;
  const message = JSON.parse(String(sns.Message)) as Record<string, unknown>;
  const name = `ohmycoins-production-storm-${n}`;
  Object.assign(message, {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    AlarmDescription: `Storm test alarm ${n}`,
    StateChangeTime: at.replace('Z', '+0000'),
  });
  Object.assign(sns, { Message: JSON.stringify(message), Timestamp: at, MessageId: `storm-${n}-${state}-${at}`, Subject: `${state}: "${name}"` });
  return event.Records[0]!;
}
/** One SQS batch of these state changes: four or more for one channel make a digest. */
const batch = (...records: Array<ReturnType<typeof stormAlarm>>) => viaSqs({ Records: records }, QUEUE);

let slack: SlackApiStandIn;
let log: ReturnType<typeof recordingLog>;
let clock: number;

function invocation(threads: ThreadStore) {
  const destination = slackAppDestination(APP, { pacing: NO_PACING, threads: () => threads, now: () => clock, claims: { waitMs: 2_000, pollMs: 50, staleMs: 30_000 } });
  const env = { STAGE: 'production', SLACK_API_URL: slack.apiUrl, SLACK_APP_BOT_TOKEN: TOKEN, ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true' };
  return notifierHandler(destination, wiringFromEnv(destination, env, log)) as (event: unknown) => Promise<{ batchItemFailures: unknown[] }>;
}

beforeEach(async () => {
  slack = await startSlackApiStandIn({ token: TOKEN, member: [CHANNEL] });
  log = recordingLog();
  clock = Date.parse('2024-05-14T10:00:10Z');
});
afterEach(async () => slack.close());

const methods = () => slack.calls.map((c) => c.method);
const isDigest = (text: string) => text.startsWith('🚨 Alert storm — production:') && !text.includes('in the thread');

/** 10:00: alarms 1 to 5 fire. */
const FIRST = () => batch(...[1, 2, 3, 4, 5].map((n) => stormAlarm(n, 'ALARM', '2024-05-14T10:00:00.000Z')));
/** 10:01: alarms 1 to 3 recover, 6 and 7 fire. */
const SECOND = () =>
  batch(
    ...[1, 2, 3].map((n) => stormAlarm(n, 'OK', '2024-05-14T10:01:00.000Z')),
    ...[6, 7].map((n) => stormAlarm(n, 'ALARM', '2024-05-14T10:01:00.000Z')),
  );

/** 10:01:30: alarms 8 to 11 fire. */
const THIRD = () => batch(...[8, 9, 10, 11].map((n) => stormAlarm(n, 'ALARM', '2024-05-14T10:01:30.000Z')));

describe('a storm in app mode', () => {
  it('the first digest opens the storm message, with the digest in its thread', async () => {
    const invoke = invocation(memoryThreads());
    expect(await invoke(FIRST())).toEqual({ batchItemFailures: [] });

    expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage']);
    const [storm] = slack.parents(CHANNEL);
    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(storm!.text).toBe(
      '🚨 Alert storm — production: 5 firing (5 critical, 0 warning, 0 info), 0 recovered, 0 flapping; ' +
        '5 notifications about 5 alarms between 2024-05-14 10:00 UTC and 2024-05-14 10:00 UTC; 1 digest in the thread',
    );
    const thread = slack.thread(CHANNEL, storm!.ts);
    expect(thread).toHaveLength(1);
    // The digest itself, as webhook mode posts it: each alarm with its state and link.
    expect(isDigest(thread[0]!.text)).toBe(true);
    expect(thread[0]!.text).toContain('5 notifications about 5 alarms');
  });

  it('a later digest of the same storm replies in its thread, and the storm message shows the running totals', async () => {
    const invoke = invocation(memoryThreads());
    await invoke(FIRST());
    clock += MINUTE;
    expect(await invoke(SECOND())).toEqual({ batchItemFailures: [] });

    expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update', 'chat.postMessage']);
    const parents = slack.parents(CHANNEL);
    expect(parents).toHaveLength(1);
    // Alarms 4 to 7 fire now, 1 to 3 recovered: 10 notifications about 7 alarms over the two digests.
    expect(parents[0]!.edits).toBe(1);
    expect(parents[0]!.text).toBe(
      '🚨 Alert storm — production: 4 firing (4 critical, 0 warning, 0 info), 3 recovered, 0 flapping; ' +
        '10 notifications about 7 alarms between 2024-05-14 10:00 UTC and 2024-05-14 10:01 UTC; 2 digests in the thread',
    );
    const firingNow = JSON.stringify(parents[0]!.attachments);
    for (const n of [4, 5, 6, 7]) expect(firingNow).toContain(`ohmycoins-production-storm-${n}`);
    for (const n of [1, 2, 3]) expect(firingNow).not.toContain(`ohmycoins-production-storm-${n} `);
    expect(slack.thread(CHANNEL, parents[0]!.ts).map((m) => isDigest(m.text))).toEqual([true, true]);
  });

  it('a digest more than 15 minutes after the last one opens a new storm message', async () => {
    const invoke = invocation(memoryThreads());
    await invoke(FIRST());
    clock += 16 * MINUTE;
    await invoke(SECOND());
    const parents = slack.parents(CHANNEL);
    expect(parents.map((p) => [p.edits, slack.thread(CHANNEL, p.ts).length])).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(parents[1]!.text).toContain('2 firing (2 critical, 0 warning, 0 info), 3 recovered, 0 flapping; 5 notifications about 5 alarms');
  });

  it('a storm message deleted in Slack: the next digest opens a new one', async () => {
    const invoke = invocation(memoryThreads());
    await invoke(FIRST());
    slack.remove(CHANNEL, slack.parents(CHANNEL)[0]!.ts);
    clock += MINUTE;
    expect(await invoke(SECOND())).toEqual({ batchItemFailures: [] });
    expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update', 'chat.postMessage', 'chat.postMessage']);
    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(slack.parents(CHANNEL)[0]!.text).toContain('5 notifications about 5 alarms');
  });

  it('a digest tried again after its reply failed is counted once', async () => {
    const invoke = invocation(memoryThreads());
    await invoke(FIRST());
    clock += MINUTE;
    // The reply in the thread fails once (after the storm message was rewritten); the retry rewrites it again.
    slack.fail('chat.postMessage', 'internal_error');
    expect(await invoke(SECOND())).toEqual({ batchItemFailures: [] });
    expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update', 'chat.postMessage', 'chat.update', 'chat.postMessage']);
    const [storm] = slack.parents(CHANNEL);
    expect(storm!.text).toContain('10 notifications about 7 alarms');
    expect(slack.thread(CHANNEL, storm!.ts)).toHaveLength(2);
  });

  it('after the storm, an alarm’s own state change opens its own incident message, updated by its next change', async () => {
    const invoke = invocation(memoryThreads());
    await invoke(FIRST());
    clock += 20 * MINUTE;
    await invoke(batch(stormAlarm(4, 'OK', '2024-05-14T10:20:00.000Z')));
    await invoke(batch(stormAlarm(4, 'ALARM', '2024-05-14T10:25:00.000Z')));

    const [storm, incident] = slack.parents(CHANNEL);
    expect(slack.parents(CHANNEL)).toHaveLength(2);
    expect(storm!.edits).toBe(0);
    expect(incident!.text).toMatch(/^🔴 ALARM \[critical\] ohmycoins-production-storm-4/);
    expect(incident!.edits).toBe(1);
    expect(slack.thread(CHANNEL, incident!.ts)).toHaveLength(2);
  });
});

describe('two digests of one storm at the same moment (two pollers)', () => {
  let table: DynamoDBStandIn;
  beforeEach(async () => {
    table = await dynamoDBStandIn('ohmycoins-production-alerts-ledger');
  });
  afterEach(async () => table.close());

  it('make one storm message: the second waits for the first’s ts and replies in its thread', async () => {
    const store = () => dynamoThreads('ohmycoins-production-alerts-ledger', log, { endpoint: table.endpoint, attemptTimeoutMs: 500 });
    const [a, b] = [invocation(store()), invocation(store())];
    const outcomes = await Promise.all([a(FIRST()), b(SECOND())]);
    expect(outcomes).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);

    const parents = slack.parents(CHANNEL);
    expect(parents).toHaveLength(1);
    expect(slack.thread(CHANNEL, parents[0]!.ts)).toHaveLength(2);
    expect(parents[0]!.edits).toBe(1);
    // Both digests counted, whichever came first: 10 notifications about 7 alarms.
    expect(parents[0]!.text).toContain('10 notifications about 7 alarms');
    expect(table.item(stormId(CHANNEL))).toMatchObject({ ts: parents[0]!.ts, totals: { digests: 2, notifications: 10 } });
  });

  it('two later digests counted at once: neither overwrites the other’s count, and the message ends with both', async () => {
    const store = () => dynamoThreads('ohmycoins-production-alerts-ledger', log, { endpoint: table.endpoint, attemptTimeoutMs: 500 });
    const [a, b] = [invocation(store()), invocation(store())];
    await a(FIRST());
    clock += MINUTE;
    await Promise.all([a(SECOND()), b(THIRD())]);

    const parents = slack.parents(CHANNEL);
    expect(parents).toHaveLength(1);
    expect(slack.thread(CHANNEL, parents[0]!.ts)).toHaveLength(3);
    // Alarms 4 to 11 fire, 1 to 3 recovered: 14 notifications about 11 alarms in three digests.
    expect(parents[0]!.text).toContain('8 firing (8 critical, 0 warning, 0 info), 3 recovered, 0 flapping; 14 notifications about 11 alarms');
    expect(parents[0]!.text).toContain('3 digests in the thread');
    expect(table.item(stormId(CHANNEL))).toMatchObject({ version: 3, totals: { digests: 3, notifications: 14 } });
  });
});
