/**
 * The PagerDuty function with its ledger on a DynamoDB stand-in (real SDK, real Powertools, 127.0.0.1):
 * a table that hangs, throttles or refuses costs a warning, not the page, and never the function's time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifierHandler } from '../../src/handlers/runtime.js';
import { dynamoLedger } from '../../src/notify/ledger.js';
import { dynamoDBStandIn, type DynamoDBStandIn, type Fault } from '../support/dynamodb-stand-in.js';
import { destination, recordingLog, runPerTest, testEvent, testWiring, type Run } from './harness.js';

const TABLE = 'ohmycoins-production-alerts-ledger';

let run: Run;
runPerTest((r) => {
  run = r;
});
let table: DynamoDBStandIn;
beforeEach(async () => {
  table = await dynamoDBStandIn(TABLE);
});
afterEach(() => table.close());

const pagerDuty = (log = recordingLog()) =>
  notifierHandler(
    destination('pagerduty'),
    testWiring('pagerduty', { env: run.env, deadLetters: run.deadLetters, ledger: dynamoLedger(TABLE, log, { endpoint: table.endpoint, attemptTimeoutMs: 300 }) }),
  );
const alarm = () => testEvent('ecs-cpu-alarm.json');

describe('the PagerDuty function when its ledger table misbehaves', () => {
  it('pages once and remembers it when the table is well (and a copy pages nothing)', async () => {
    await pagerDuty()(alarm());
    await pagerDuty()(alarm());

    expect(run.pagerduty.requests).toHaveLength(1);
    expect(table.items()).toMatchObject([{ status: 'COMPLETED' }]);
  });

  const faults: Fault[] = ['hang', 'throttle', 'refuse'];
  for (const fault of faults) {
    it(`pages once, with a warning, when every claim meets ${fault}`, async () => {
      const log = recordingLog();
      table.fail('PutItem', fault, Number.POSITIVE_INFINITY);

      const result = await pagerDuty(log)(alarm());

      expect(run.pagerduty.requests).toHaveLength(1);
      expect(result).toMatchObject({ delivered: [{ outcome: 'sent' }] });
      expect(run.deadLetters.letters).toEqual([]);
      expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/ledger unavailable/i) }));
    });
  }

  it('pages once, not dead-lettered, when recording the page hangs', async () => {
    table.fail('UpdateItem', 'hang', Number.POSITIVE_INFINITY);

    const result = await pagerDuty()(alarm());

    expect(run.pagerduty.requests).toHaveLength(1);
    expect(result).toMatchObject({ delivered: [{ outcome: 'sent' }] });
    expect(run.deadLetters.letters).toEqual([]);
  });
});
