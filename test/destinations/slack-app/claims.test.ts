/**
 * Two invocations handling two state changes of one alarm at the same moment both find no message for it: only
 * one may post the incident's first message. The first to claim the incident in the thread store (a conditional
 * write) posts it; the other waits for its `ts`, then updates and replies. A claim whose owner died before storing
 * the `ts` goes stale and is taken over (a possible duplicate, never a lost notification). Through the real
 * handlers, against the Slack Web API and DynamoDB stand-ins on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackAppDestination } from '../../../src/destinations/slack-app/index.js';
import { dynamoThreads, threadId } from '../../../src/destinations/slack-app/threads.js';
import { notifierHandler, wiringFromEnv } from '../../../src/handlers/runtime.js';
import { recordingLog, viaSqs } from '../../delivery/harness.js';
import { dynamoDBStandIn, type DynamoDBStandIn } from '../../support/dynamodb-stand-in.js';
import { startSlackApiStandIn, type SlackApiStandIn } from '../../support/slack-api-stand-in.js';
import { APP, CHANNEL, NO_PACING, TOKEN, change } from './support.js';

const TABLE = 'ohmycoins-production-alerts-ledger';
const QUEUE = 'ohmycoins-production-alerts-slack-app';
const ALARM = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-ecs-cpu-high';
const INCIDENT = threadId(ALARM, CHANNEL);
/** A loser waits 300 ms for the winner's ts (deployed: 2 s); a claim without a ts is stale after 30 s, as deployed. */
const CLAIMS = { waitMs: 300, pollMs: 50, staleMs: 30_000 };

let slack: SlackApiStandIn;
let table: DynamoDBStandIn;
let log: ReturnType<typeof recordingLog>;

/** One invocation of its own (its own clients and memory), sharing only Slack and the table with the others. */
function invocation() {
  const destination = slackAppDestination(APP, {
    pacing: NO_PACING,
    claims: CLAIMS,
    threads: () => dynamoThreads(TABLE, log, { endpoint: table.endpoint, attemptTimeoutMs: 500 }),
  });
  const env = { STAGE: 'production', SLACK_API_URL: slack.apiUrl, SLACK_APP_BOT_TOKEN: TOKEN, ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true' };
  const handler = notifierHandler(destination, wiringFromEnv(destination, env, log));
  return (event: ReturnType<typeof change>) => handler(viaSqs(event, QUEUE)) as Promise<{ batchItemFailures: unknown[] }>;
}

beforeEach(async () => {
  slack = await startSlackApiStandIn({ token: TOKEN, member: [CHANNEL] });
  table = await dynamoDBStandIn(TABLE);
  log = recordingLog();
});
afterEach(async () => {
  await slack.close();
  await table.close();
});

const stateOf = (text: string) => text.split(' ')[1];
const repliesOf = (ts: string) => slack.thread(CHANNEL, ts).map((r) => (r.text.startsWith('Details:') ? 'detail' : stateOf(r.text)));
const HOUR = () => Math.round(Date.now() / 1000) + 3600;
/**
 * What the handler gave back for later. Run locally (no queue), that is a letter: deployed, the record goes back
 * to its queue and comes again.
 */
const givenBack = () => log.entries.filter((e) => e.message === 'DRY RUN: would dead-letter').map((e) => e.fields.deadLetter as { permanent: boolean; reason: string });

/** The other invocation finishing: it posted its parent and stored the ts (as the notifier does, by hand). */
async function postedElsewhere(text: string): Promise<string> {
  const body = new URLSearchParams({ channel: CHANNEL, text });
  const res = await fetch(`${slack.apiUrl}chat.postMessage`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body });
  const { ts } = (await res.json()) as { ts: string };
  table.seed({ id: INCIDENT, channel: CHANNEL, ts, at: '2024-05-14T09:42:27.394+0000', expiration: HOUR() });
  return ts;
}

describe('two state changes of one alarm delivered at the same moment', () => {
  it('make one incident message: one posts it, the other waits for its ts, then updates and replies', async () => {
    const [first, second] = [invocation(), invocation()];
    // ALARM at 09:42:27, its OK at 10:02:27 (test/events), each through its own invocation, at once.
    const outcomes = await Promise.all([first(change('ALARM')), second(change('OK'))]);
    expect(outcomes).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);

    // Both looked the incident up before either had stored anything: without the claim this was two parents.
    const lookups = table.calls.filter((c) => c.id === INCIDENT);
    expect(lookups.slice(0, 2).map((c) => c.operation)).toEqual(['GetItem', 'GetItem']);

    const parents = slack.parents(CHANNEL);
    expect(parents).toHaveLength(1);
    // Whichever posted it, the parent shows the newer change (OK), and the thread has the detail and the other change.
    expect(stateOf(parents[0]!.text)).toBe('Resolved');
    const replies = repliesOf(parents[0]!.ts);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toBe('detail');
    expect(['ALARM', 'Resolved']).toContain(replies[1]);
    expect(table.item(INCIDENT)).toMatchObject({ channel: CHANNEL, ts: parents[0]!.ts });
  });

  it('a second change that waited too long for the first message is given back for later, then threads under it', async () => {
    // A live claim: another invocation is posting, and stores no ts within the wait.
    table.seed({ id: INCIDENT, owner: 'another-invocation', claimedAt: Date.now(), expiration: HOUR() });
    const invoke = invocation();
    expect(await invoke(change('OK'))).toEqual({ batchItemFailures: [] });
    expect(slack.calls).toEqual([]);
    expect(givenBack()).toEqual([expect.objectContaining({ permanent: false, reason: expect.stringContaining('another delivery is posting the incident message') })]);
    expect(log.entries.some((e) => e.level === 'warn' && e.message === 'Another delivery is posting the incident message: trying again later')).toBe(true);

    // Meanwhile the other invocation posts the ALARM and stores its ts; the OK, tried again, updates it and replies.
    const ts = await postedElsewhere('🔴 ALARM [critical] Backend CPU high — production');
    expect(await invoke(change('OK', undefined, 'ok-tried-again'))).toEqual({ batchItemFailures: [] });
    expect(slack.calls.slice(1).map((c) => [c.method, c.args.ts ?? c.args.thread_ts])).toEqual([
      ['chat.update', ts],
      ['chat.postMessage', ts],
    ]);
    expect(slack.parents(CHANNEL).map((p) => [stateOf(p.text), p.edits])).toEqual([['Resolved', 1]]);
  });
});

describe('the claim’s owner crashing', () => {
  it('before it stored the ts: once the claim is stale, the next delivery posts the message (a duplicate over a loss)', async () => {
    // Claimed 31 s ago (stale after 30 s) and never completed: its owner died, maybe after posting.
    table.seed({ id: INCIDENT, owner: 'a-dead-invocation', claimedAt: Date.now() - 31_000, expiration: HOUR() });
    expect(await invocation()(change('ALARM'))).toEqual({ batchItemFailures: [] });
    const parents = slack.parents(CHANNEL);
    expect(parents.map((p) => stateOf(p.text))).toEqual(['ALARM']);
    expect(repliesOf(parents[0]!.ts)).toEqual(['detail']);
    expect(table.item(INCIDENT)).toMatchObject({ ts: parents[0]!.ts });
  });

  it('while the claim is fresh: the delivery is given back, and goes out once the claim is stale', async () => {
    table.seed({ id: INCIDENT, owner: 'a-dead-invocation', claimedAt: Date.now(), expiration: HOUR() });
    const invoke = invocation();
    await invoke(change('ALARM'));
    expect(givenBack()).toHaveLength(1);
    expect(slack.parents(CHANNEL)).toEqual([]);
    // 31 s later, as the claim's time tells: stale.
    table.seed({ id: INCIDENT, owner: 'a-dead-invocation', claimedAt: Date.now() - 31_000, expiration: HOUR() });
    expect(await invoke(change('ALARM', undefined, 'alarm-tried-again'))).toEqual({ batchItemFailures: [] });
    expect(givenBack()).toHaveLength(1);
    expect(slack.parents(CHANNEL)).toHaveLength(1);
  });

  it('whose post failed: it gives the claim up, so the next delivery need not wait for it to go stale', async () => {
    slack.fail('chat.postMessage', 'internal_error');
    slack.fail('chat.postMessage', 'internal_error');
    slack.fail('chat.postMessage', 'internal_error');
    slack.fail('chat.postMessage', 'internal_error');
    await invocation()(change('ALARM'));
    expect(givenBack()).toEqual([expect.objectContaining({ permanent: false, reason: 'Slack answered chat.postMessage internal_error' })]);
    expect(table.item(INCIDENT)).toBeUndefined();
    expect(await invocation()(change('OK'))).toEqual({ batchItemFailures: [] });
    expect(slack.parents(CHANNEL).map((p) => stateOf(p.text))).toEqual(['Resolved']);
  });
});
