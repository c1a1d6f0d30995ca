/**
 * No duplicates: SNS may deliver one message twice (same MessageId), at once or later. The ledger keeps one
 * record per (MessageId, destination), so a second delivery posts, mails and pages nothing; PagerDuty's
 * dedup_key is the second line.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PagerDutyEvent } from '../../src/destinations/pagerduty/format.js';
import { notifierHandler } from '../../src/handlers/runtime.js';
import { LEDGER_TTL_SECONDS, dynamoLedger, memoryLedger } from '../../src/notify/ledger.js';
import { fakeLedgerTable, type FakeLedgerTable } from './fake-dynamodb.js';
import {
  deployedFunctions,
  publishCalls,
  recordingLog,
  recordingRetryQueues,
  runPerTest,
  testEvent,
  testWiring,
  type CapturedOutput,
  type Run,
  destination,
} from './harness.js';
import { pagerDutyReplies } from '../support/stand-ins.js';

const TABLE = 'ohmycoins-production-alerts-ledger';

let run: Run;
let output: CapturedOutput;
runPerTest((r, o) => {
  run = r;
  output = o;
});

const alarm = () => testEvent('ecs-cpu-alarm.json');
const receivedByEach = () => ({ pagerduty: run.pagerduty.requests.length, slack: run.slack.requests.length, email: publishCalls(run).length });

describe('the same SNS message delivered twice (in-memory ledger of a warm function)', () => {
  it('reaches every destination once when the copies arrive one after the other', async () => {
    const functions = deployedFunctions(run);

    await functions(alarm());
    await functions(alarm());

    expect(receivedByEach()).toEqual({ pagerduty: 1, slack: 1, email: 1 });
  });

  it('reaches every destination once when the copies arrive at the same time', async () => {
    const functions = deployedFunctions(run);

    await Promise.all([functions(alarm()), functions(alarm())]);

    expect(receivedByEach()).toEqual({ pagerduty: 1, slack: 1, email: 1 });
  });

  it('logs the second copy as a skipped duplicate', async () => {
    const functions = deployedFunctions(run);

    await functions(alarm());
    await functions(alarm());

    const duplicates = output.entries().filter((e) => e.outcome === 'duplicate');
    expect(duplicates.map((e) => e.destination).sort()).toEqual(['email', 'pagerduty:trigger', 'slack:alerts-critical']);
  });
});

describe("PagerDuty's dedup_key, the second line", () => {
  it('is the same for two different SNS messages about the same alarm, so PagerDuty keeps one incident', async () => {
    const first = alarm();
    const second = alarm();
    second.Records[0]!.Sns.MessageId = 'another-sns-message-id';
    const handler = notifierHandler(destination('pagerduty'), testWiring('pagerduty', { env: run.env, deadLetters: run.deadLetters }));

    await handler(first);
    await handler(second);

    const [a, b] = run.pagerduty.requests.map((r) => r.body as PagerDutyEvent);
    expect(run.pagerduty.requests).toHaveLength(2);
    expect(b!.dedup_key).toBe(a!.dedup_key);
  });
});

describe('the DynamoDB ledger (Powertools Idempotency)', () => {
  let table: FakeLedgerTable;
  beforeEach(() => {
    table = fakeLedgerTable(TABLE);
  });
  afterEach(() => table.restore());

  // As deployed: what is not delivered yet goes onto PagerDuty's retry queue (recorded), one minute after SNS published it.
  let retries = recordingRetryQueues();
  beforeEach(() => void (retries = recordingRetryQueues()));
  const published = () => Date.parse(String(alarm().Records[0]!.Sns.Timestamp));
  const pagerDuty = (log = recordingLog()) =>
    notifierHandler(
      destination('pagerduty'),
      testWiring('pagerduty', { env: run.env, deadLetters: run.deadLetters, ledger: dynamoLedger(TABLE, log), redelivery: { queues: retries, now: () => published() + 60_000 } }),
    );

  it('remembers a delivery as a completed record that expires after the TTL', async () => {
    await pagerDuty()(alarm());

    const [item] = table.items();
    expect(item).toMatchObject({ status: 'COMPLETED' });
    const expiresIn = Number(item!.expiration) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(LEDGER_TTL_SECONDS - 60);
    expect(expiresIn).toBeLessThanOrEqual(LEDGER_TTL_SECONDS + 1);
  });

  it('skips a second copy, even in another container (a new ledger over the same table)', async () => {
    await pagerDuty()(alarm());
    await pagerDuty()(alarm());

    expect(run.pagerduty.requests).toHaveLength(1);
  });

  it('lets only one of two simultaneous copies through', async () => {
    await Promise.all([pagerDuty()(alarm()), pagerDuty()(alarm())]);

    expect(run.pagerduty.requests).toHaveLength(1);
    // The other copy found a live claim: no proof of delivery, so it is tried again later, never dropped.
    expect(retries.enqueued).toHaveLength(1);
  });

  it('keys records by (MessageId, destination): another destination of the same message is not a duplicate', async () => {
    const slack = notifierHandler(destination('slack'), testWiring('slack', { env: run.env, deadLetters: run.deadLetters, ledger: dynamoLedger(TABLE, recordingLog()) }));

    await pagerDuty()(alarm());
    await slack(alarm());

    expect(receivedByEach()).toMatchObject({ pagerduty: 1, slack: 1 });
    expect(table.items()).toHaveLength(2);
  });

  it('starts each item id with its destination, so a role can be limited to its own items', async () => {
    const slack = notifierHandler(destination('slack'), testWiring('slack', { env: run.env, deadLetters: run.deadLetters, ledger: dynamoLedger(TABLE, recordingLog()) }));

    await pagerDuty()(alarm());
    await slack(alarm());

    const ids = table.items().map((item) => String(item.id)).sort();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^ohmycoins-alerting:pagerduty#[^#]+$/);
    expect(ids[1]).toMatch(/^ohmycoins-alerting:slack#[^#]+$/);
  });

  it('forgets a failed delivery, so the next attempt (Lambda retry, redrive) can deliver it', async () => {
    run.pagerduty.next(pagerDutyReplies.invalidEvent);
    await pagerDuty()(alarm());
    expect(table.items()).toEqual([]);

    await pagerDuty()(alarm());

    expect(run.pagerduty.requests).toHaveLength(2);
    expect(table.items()).toMatchObject([{ status: 'COMPLETED' }]);
  });

  it('uses the same key in every function and in the redrive tool (not the Lambda function name)', async () => {
    const previous = process.env.AWS_LAMBDA_FUNCTION_NAME;
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'ohmycoins-alerting-production-pagerduty';
    try {
      await pagerDuty()(alarm());
    } finally {
      if (previous === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = previous;
    }

    await pagerDuty()(alarm()); // as `npm run redrive` on a laptop

    expect(run.pagerduty.requests).toHaveLength(1);
  });

  it('claims a key only for a bounded time, so a copy after a crash mid-delivery is not skipped for a day', async () => {
    await pagerDuty()(alarm());
    const claim = table.mock.commandCalls((await import('@aws-sdk/client-dynamodb')).PutItemCommand)[0]!.args[0].input.Item!;
    const claimFor = Number(claim.in_progress_expiration?.N) - Date.now();

    expect(claimFor).toBeGreaterThan(0);
    expect(claimFor).toBeLessThanOrEqual(30_000);
  });

  it('delivers a message whose claim was left behind by a crashed invocation once the claim has lapsed', async () => {
    await pagerDuty()(alarm());
    const [completed] = table.items();
    table.seed({ ...completed, status: 'INPROGRESS', in_progress_expiration: Date.now() - 1_000, data: undefined });

    await pagerDuty()(alarm());

    expect(run.pagerduty.requests).toHaveLength(2);
  });

  it('reports a live claim by another invocation as in progress (to try again later), not as delivered', async () => {
    await pagerDuty()(alarm());
    const [completed] = table.items();
    table.seed({ ...completed, status: 'INPROGRESS', in_progress_expiration: Date.now() + 20_000, data: undefined });
    const key = `${alarm().Records[0]!.Sns.MessageId}#pagerduty:trigger`;
    let sent = 0;

    const outcome = await dynamoLedger(TABLE, recordingLog()).once(key, async () => void (sent += 1));
    await pagerDuty()(alarm());

    expect(outcome).toBe('in-progress');
    expect(sent).toBe(0);
    expect(run.pagerduty.requests).toHaveLength(1);
    // The function met the same live claim: it put the alert on the retry queue instead of acknowledging it.
    expect(retries.enqueued).toHaveLength(1);
  });

  it('still delivers, with a warning, when the table cannot be reached (fail open: a duplicate beats a lost alert)', async () => {
    table.failWith(Object.assign(new Error('connect ETIMEDOUT dynamodb.eu-west-1.amazonaws.com'), { name: 'TimeoutError' }));
    const log = recordingLog();

    const result = await pagerDuty(log)(alarm());

    expect(run.pagerduty.requests).toHaveLength(1);
    expect(result).toMatchObject({ delivered: [{ outcome: 'sent' }] });
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/ledger unavailable/i) }));
  });

  it('reports a delivery as sent, not dead-lettered, when only recording it afterwards fails', async () => {
    table.failWith(new Error('ProvisionedThroughputExceededException'), ['update']);

    const result = await pagerDuty()(alarm());

    expect(run.pagerduty.requests).toHaveLength(1);
    expect(result).toMatchObject({ delivered: [{ outcome: 'sent' }] });
    expect(run.deadLetters.letters).toEqual([]);
  });
});

describe('the in-memory ledger', () => {
  it('forgets a failed delivery so it can be tried again', async () => {
    const ledger = memoryLedger();
    await expect(ledger.once('m#slack:alerts', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');

    expect(await ledger.once('m#slack:alerts', async () => {})).toBe('delivered');
  });
});

describe('the claim window', () => {
  it('outlasts a delivery with all its retries and lapses within the function timeout', async () => {
    const { DEFAULT_RETRY } = await import('../../src/notify/retry.js');
    const { FUNCTION_TIMEOUT_SECONDS } = await import('../../infra/pipeline.js');
    const { LEDGER_CLAIM_MS } = await import('../../src/notify/ledger.js');

    expect(LEDGER_CLAIM_MS).toBeGreaterThan(DEFAULT_RETRY.deadlineMs);
    expect(LEDGER_CLAIM_MS).toBeLessThanOrEqual(FUNCTION_TIMEOUT_SECONDS * 1000);
  });
});
