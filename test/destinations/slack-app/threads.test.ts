/**
 * Where each alarm's incident message is: kept on the ledger table under the app's own key prefix, with the
 * ledger's TTL; one past its TTL, one never stored, or a table that fails all read as "no message", so a new one
 * is posted rather than a notification lost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dynamoThreads, stormId, threadId } from '../../../src/destinations/slack-app/threads.js';
import { LEDGER_TTL_SECONDS } from '../../../src/notify/ledger.js';
import { recordingLog } from '../../delivery/harness.js';
import { dynamoDBStandIn, type DynamoDBStandIn } from '../../support/dynamodb-stand-in.js';

const TABLE = 'ohmycoins-production-alerts-ledger';
const ALARM = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-ecs-cpu-high';
const CHANNEL = 'C0CRITICAL1';

let table: DynamoDBStandIn;
let log: ReturnType<typeof recordingLog>;
const store = () => dynamoThreads(TABLE, log, { endpoint: table.endpoint, attemptTimeoutMs: 300 });

beforeEach(async () => {
  table = await dynamoDBStandIn(TABLE);
  log = recordingLog();
});
afterEach(() => table.close());

describe('the thread store on DynamoDB', () => {
  it('keeps channel and ts per alarm and channel, under the app key prefix, with the ledger TTL', async () => {
    const threads = store();
    expect(await threads.get(ALARM, CHANNEL)).toBeUndefined();
    const before = Math.round(Date.now() / 1000);
    await threads.put(ALARM, { channel: CHANNEL, ts: '1715679748.000100' });
    expect(await threads.get(ALARM, CHANNEL)).toEqual({ channel: CHANNEL, ts: '1715679748.000100' });
    expect(await threads.get(ALARM, 'C0OTHER0001')).toBeUndefined();

    const [item] = table.items();
    expect(item!.id).toBe(`ohmycoins-alerting:slack-app#thread#${ALARM}#${CHANNEL}`);
    expect(Number(item!.expiration) - before).toBeGreaterThanOrEqual(LEDGER_TTL_SECONDS);
    expect(Number(item!.expiration) - before).toBeLessThanOrEqual(LEDGER_TTL_SECONDS + 5);
  });

  it('keeps what the message shows and what opened it: the state change time, the state, the opening change', async () => {
    const threads = store();
    const ref = { channel: CHANNEL, ts: '1715679748.000100', at: '2024-05-14T09:59:27.405+0000', state: 'OK', opened: '2024-05-14T09:42:27.394+0000' };
    await threads.put(ALARM, ref);
    expect(await threads.get(ALARM, CHANNEL)).toEqual(ref);
  });

  it('a newer message replaces the reference', async () => {
    const threads = store();
    await threads.put(ALARM, { channel: CHANNEL, ts: '1715679748.000100' });
    await threads.put(ALARM, { channel: CHANNEL, ts: '1715680000.000200' });
    expect(await threads.get(ALARM, CHANNEL)).toEqual({ channel: CHANNEL, ts: '1715680000.000200' });
  });

  it('a reference past its TTL, not yet deleted by DynamoDB, is gone', async () => {
    table.seed({ id: threadId(ALARM, CHANNEL), channel: CHANNEL, ts: '1715679748.000100', expiration: Math.round(Date.now() / 1000) - 60 });
    expect(await store().get(ALARM, CHANNEL)).toBeUndefined();
  });

  it('a table that fails reads as no reference, and a failed write is a warning, not a failure', async () => {
    const threads = store();
    table.fail('*', 'throttle', Infinity);
    expect(await threads.get(ALARM, CHANNEL)).toBeUndefined();
    await expect(threads.put(ALARM, { channel: CHANNEL, ts: '1715679748.000100' })).resolves.toBeUndefined();
    expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([
      'Slack thread store unavailable: posting a new message',
      'Slack thread store unavailable: the next change will post a new message',
    ]);
  });
});

describe('claiming the first message', () => {
  const ID = threadId(ALARM, CHANNEL);
  const STALE_MS = 30_000;

  it('one claim wins; another owner finds it held; its own owner may claim again (an attempt tried again)', async () => {
    const [a, b] = [store(), store()];
    expect(await a.claim(ID, 'delivery-a', STALE_MS)).toBe('claimed');
    expect(await b.claim(ID, 'delivery-b', STALE_MS)).toBe('held');
    expect(await a.claim(ID, 'delivery-a', STALE_MS)).toBe('claimed');
    // A claim is not a message: there is still nothing to update.
    expect(await b.get(ALARM, CHANNEL)).toBeUndefined();
  });

  it('a stored message holds for good; a claim without one goes stale after staleMs', async () => {
    const threads = store();
    await threads.put(ALARM, { channel: CHANNEL, ts: '1715679748.000100' });
    expect(await threads.claim(ID, 'delivery-b', STALE_MS)).toBe('held');
    table.seed({ id: ID, owner: 'dead', claimedAt: Date.now() - 31_000, expiration: Math.round(Date.now() / 1000) + 3600 });
    expect(await threads.claim(ID, 'delivery-b', STALE_MS)).toBe('claimed');
  });

  it('release gives up only its own claim, and never a stored message', async () => {
    const threads = store();
    await threads.claim(ID, 'delivery-a', STALE_MS);
    await threads.release(ID, 'delivery-b');
    expect(table.item(ID)).toMatchObject({ owner: 'delivery-a' });
    await threads.release(ID, 'delivery-a');
    expect(table.item(ID)).toBeUndefined();
    await threads.put(ALARM, { channel: CHANNEL, ts: '1715679748.000100' });
    await threads.release(ID, 'delivery-a');
    expect(await threads.get(ALARM, CHANNEL)).toEqual({ channel: CHANNEL, ts: '1715679748.000100' });
  });

  it('a storm whose last digest is older than overBefore is over: a new one may be claimed in its place', async () => {
    const threads = store();
    const lastMs = Date.now() - 20 * 60_000;
    await threads.putStorm({ channel: CHANNEL, ts: '1715679748.000100', lastMs, totals: { stage: 'production', from: 'x', to: 'x', notifications: 4, unreadable: 0, digests: 1, alarms: {} }, counted: ['d1'], version: 1 });
    expect(await threads.claim(stormId(CHANNEL), 'digest-2', STALE_MS, lastMs - 1)).toBe('held');
    expect(await threads.claim(stormId(CHANNEL), 'digest-2', STALE_MS, lastMs + 1)).toBe('claimed');
  });

  it('a table that fails cannot tell: the caller posts', async () => {
    table.fail('*', 'throttle', Infinity);
    expect(await store().claim(ID, 'delivery-a', STALE_MS)).toBe('unavailable');
  });
});

describe('a storm counted by two digests at once', () => {
  it('the second write of the same version is refused: its writer reads again and counts on top', async () => {
    const threads = store();
    const storm = { channel: CHANNEL, ts: '1715679748.000100', lastMs: Date.now(), totals: { stage: 'production' as const, from: 'x', to: 'x', notifications: 4, unreadable: 0, digests: 1, alarms: {} }, counted: ['d1'], version: 1 };
    expect(await threads.putStorm(storm)).toBe('stored');
    expect(await threads.putStorm({ ...storm, counted: ['d1', 'd2'], version: 2 }, 1)).toBe('stored');
    expect(await threads.putStorm({ ...storm, counted: ['d1', 'd3'], version: 2 }, 1)).toBe('conflict');
    expect(await threads.storm(CHANNEL)).toMatchObject({ counted: ['d1', 'd2'], version: 2 });
  });
});
