/**
 * Where each alarm's incident message is: kept on the ledger table under the app's own key prefix, with the
 * ledger's TTL; one past its TTL, one never stored, or a table that fails all read as "no message", so a new one
 * is posted rather than a notification lost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dynamoThreads, threadId } from '../../../src/destinations/slack-app/threads.js';
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
