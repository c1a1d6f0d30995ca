/**
 * Order per alarm: each (alarm, destination) remembers the state change it was last given, and an older
 * notification (SNS does not keep order; a redrive replays old letters) is `stale`. A retry of the same
 * message is `same`, so it can still be delivered. When the store fails, `unavailable`: deliver anyway.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dynamoAlarmStates, memoryAlarmStates, type AlarmStateStore, type StateChange } from '../../src/notify/alarm-state.js';
import { LEDGER_TTL_SECONDS } from '../../src/notify/ledger.js';
import { recordingLog } from '../delivery/harness.js';
import { dynamoDBStandIn, type DynamoDBStandIn, type Fault } from '../support/dynamodb-stand-in.js';

const TABLE = 'ohmycoins-production-alerts-ledger';
const ALARM = 'ohmycoins-production-api-ecs-cpu-high';
const PAGERDUTY = 'pagerduty:trigger';
const SLACK = 'slack:alerts-critical';

const change = (stateChangeTime: string, state: string, messageId: string): StateChange => ({ stateChangeTime, state, messageId });
const at10 = change('2024-05-01T10:00:00.000+0000', 'ALARM', 'm-10');
const at11 = change('2024-05-01T11:00:00.000+0000', 'OK', 'm-11');
const at12 = change('2024-05-01T12:00:00.000+0000', 'ALARM', 'm-12');

let table: DynamoDBStandIn;
beforeEach(async () => {
  table = await dynamoDBStandIn(TABLE);
});
afterEach(() => table.close());

const stores: Array<[string, () => AlarmStateStore]> = [
  ['in memory', () => memoryAlarmStates()],
  ['on DynamoDB', () => dynamoAlarmStates(TABLE, recordingLog(), { endpoint: table.endpoint, attemptTimeoutMs: 300 })],
];

async function advanceAll(store: AlarmStateStore, changes: StateChange[], route = PAGERDUTY) {
  const verdicts = [];
  for (const c of changes) verdicts.push(await store.advance(ALARM, route, c));
  return verdicts;
}

for (const [name, make] of stores) {
  describe(`the alarm state store ${name}`, () => {
    it('lets state changes that arrive in order through', async () => {
      expect(await advanceAll(make(), [at10, at11, at12])).toEqual(['newer', 'newer', 'newer']);
    });

    it('holds back those that arrive after a later one', async () => {
      expect(await advanceAll(make(), [at12, at11, at10])).toEqual(['newer', 'stale', 'stale']);
    });

    it('holds back an old one that comes between newer ones', async () => {
      expect(await advanceAll(make(), [at10, at12, at11])).toEqual(['newer', 'newer', 'stale']);
    });

    it('lets a retry of the stored message through as the same, until a later change is stored', async () => {
      expect(await advanceAll(make(), [at10, at10, at11, at10])).toEqual(['newer', 'same', 'newer', 'stale']);
    });

    it('lets another message about the same state change through: it is not older (PagerDuty’s dedup_key folds it)', async () => {
      const copy = change(at10.stateChangeTime, 'ALARM', 'another-message');

      expect(await advanceAll(make(), [at10, copy])).toEqual(['newer', 'same']);
    });

    it('orders by the instant, not by the text: 12:00+0200 is before 11:00+0000', async () => {
      const earlier = change('2024-05-01T12:00:00.000+0200', 'OK', 'm-10-cest');

      expect(await advanceAll(make(), [at11, earlier])).toEqual(['newer', 'stale']);
    });

    it('keeps each (alarm, destination) apart', async () => {
      const store = make();
      await store.advance(ALARM, PAGERDUTY, at12);

      expect(await store.advance(ALARM, SLACK, at10)).toBe('newer');
      expect(await store.advance('ohmycoins-production-db-storage-low', PAGERDUTY, at10)).toBe('newer');
      expect(await store.advance(ALARM, PAGERDUTY, at10)).toBe('stale');
    });

    it('answers unknown for a time it cannot read, and remembers nothing of it', async () => {
      const store = make();

      expect(await store.advance(ALARM, PAGERDUTY, change('yesterday-ish', 'ALARM', 'm-bad'))).toBe('unknown');
      expect(await store.advance(ALARM, PAGERDUTY, at10)).toBe('newer');
    });
  });
}

describe('the alarm state store on DynamoDB', () => {
  const store = (log = recordingLog()) => dynamoAlarmStates(TABLE, log, { endpoint: table.endpoint, attemptTimeoutMs: 300 });

  it('stores the change on the ledger table under <destination prefix>#state#<alarm>#<destination>, expiring with the ledger', async () => {
    await store().advance(ALARM, PAGERDUTY, at10);

    // The destination's ledger prefix leads, so the PagerDuty role's leading-key condition admits it.
    const item = table.item(`ohmycoins-alerting:pagerduty#state#${ALARM}#${PAGERDUTY}`);
    expect(item).toMatchObject({
      stateChangeTime: '2024-05-01T10:00:00.000+0000',
      stateChangeMs: Date.UTC(2024, 4, 1, 10),
      state: 'ALARM',
      messageId: 'm-10',
    });
    const expiresIn = Number(item!.expiration) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(LEDGER_TTL_SECONDS - 60);
    expect(expiresIn).toBeLessThanOrEqual(LEDGER_TTL_SECONDS + 1);
  });

  it('is shared by every invocation (a new store over the same table)', async () => {
    await store().advance(ALARM, PAGERDUTY, at12);

    expect(await store().advance(ALARM, PAGERDUTY, at11)).toBe('stale');
  });

  it('takes its own write whose answer was lost (the SDK retried it) for the same message, not a stale one', async () => {
    table.fail('UpdateItem', 'write-then-500');

    expect(await store().advance(ALARM, PAGERDUTY, at10)).toBe('same');
  });

  it('does the same after a connection reset', async () => {
    table.fail('UpdateItem', 'write-then-reset');

    expect(await store().advance(ALARM, PAGERDUTY, at10)).toBe('same');
  });

  for (const fault of ['hang', 'throttle'] as const) {
    it(`rides out one attempt that meets ${fault} (the SDK retries)`, async () => {
      table.fail('UpdateItem', fault);

      expect(await store().advance(ALARM, PAGERDUTY, at10)).toBe('newer');
    });
  }

  const faults: Array<[Fault, number]> = [
    ['hang', Number.POSITIVE_INFINITY],
    ['throttle', Number.POSITIVE_INFINITY],
    ['write-then-500', Number.POSITIVE_INFINITY],
    ['write-then-reset', Number.POSITIVE_INFINITY],
    ['refuse', 1],
  ];
  for (const [fault, times] of faults) {
    it(`answers unavailable, with a warning, when every attempt meets ${fault}`, async () => {
      const log = recordingLog();
      table.fail('UpdateItem', fault, times);

      expect(await store(log).advance(ALARM, PAGERDUTY, at10)).toBe('unavailable');
      expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/alarm state store unavailable/i) }));
    });
  }

  it('answers unavailable when the table does not exist', async () => {
    const elsewhere = dynamoAlarmStates('no-such-table', recordingLog(), { endpoint: table.endpoint, attemptTimeoutMs: 300 });

    expect(await elsewhere.advance(ALARM, PAGERDUTY, at10)).toBe('unavailable');
  });
});
