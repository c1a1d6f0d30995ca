/**
 * The delivery ledger against a DynamoDB stand-in on 127.0.0.1 that the real SDK and Powertools talk to.
 * A ledger that cannot lose a page: whatever DynamoDB does, an alert is delivered once, or, where the
 * table cannot know what happened (it never learnt of the delivery), at most twice. Never zero.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FUNCTION_TIMEOUT_SECONDS, PIPELINE_IDS, pipelineResources } from '../../infra/pipeline.js';
import {
  LEDGER_CALL_BUDGET_MS,
  LEDGER_CLAIM_MS,
  LEDGER_TTL_SECONDS,
  dynamoLedger,
  memoryLedger,
  onceAll,
  type LedgerOutcome,
} from '../../src/notify/ledger.js';
import { DEFAULT_RETRY } from '../../src/notify/retry.js';
import { dynamoDBStandIn, type DynamoDBStandIn, type Fault, type Operation } from '../support/dynamodb-stand-in.js';
import { recordingLog } from '../delivery/harness.js';
import { expectGeneratedSection } from '../support/generated-doc.js';

const TABLE = 'ohmycoins-production-alerts-ledger';
const KEY = 'sns-message-1#pagerduty:trigger';
/** Short, so a hang costs little here; a claim long enough for a delivery that returns at once. */
const FAST = { attemptTimeoutMs: 300, claimMs: 1_000 };

let table: DynamoDBStandIn;
beforeEach(async () => {
  table = await dynamoDBStandIn(TABLE);
});
afterEach(() => table.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh ledger each time: another invocation, maybe in another container. */
const ledger = (log = recordingLog()) => dynamoLedger(TABLE, log, { ...FAST, endpoint: table.endpoint });

/** Waits until no claim stored in the table holds any more (as SQS would, before showing the message again). */
async function claimsLapsed(): Promise<void> {
  const until = Math.max(0, ...table.items().filter((i) => i.status === 'INPROGRESS').map((i) => Number(i.in_progress_expiration)));
  while (Date.now() <= until) await sleep(25);
}

/** What the caller does with `in-progress`: tries again later, once the claim has lapsed. */
async function retryUntilSettled(deliver: () => Promise<void>): Promise<LedgerOutcome> {
  for (let round = 0; round < 3; round++) {
    const outcome = await ledger().once(KEY, deliver);
    if (outcome !== 'in-progress') return outcome;
    await claimsLapsed();
  }
  throw new Error('still in progress after three rounds');
}

interface Case {
  fault: Fault;
  on: Operation;
  times?: number;
  /** What the first invocation reports. */
  first: LedgerOutcome;
  /** Deliveries across the first invocation and the retry (or a later copy) of the same key. */
  deliveries: 1 | 2;
  why: string;
}

const ALWAYS = Number.POSITIVE_INFINITY;

const CASES: Case[] = [
  { fault: 'write-then-500', on: 'PutItem', first: 'in-progress', deliveries: 1, why: 'the SDK retry meets our own claim: not proof of delivery, tried again once it lapses' },
  { fault: 'write-then-reset', on: 'PutItem', first: 'in-progress', deliveries: 1, why: 'as with the 500: our own claim, tried again once it lapses' },
  { fault: 'hang', on: 'PutItem', first: 'delivered', deliveries: 1, why: 'the first attempt times out, the SDK retry claims' },
  { fault: 'throttle', on: 'PutItem', first: 'delivered', deliveries: 1, why: 'the SDK retry claims' },
  { fault: 'write-then-500', on: 'UpdateItem', first: 'delivered', deliveries: 1, why: 'the SDK retry records it again; the copy finds it completed' },
  { fault: 'write-then-reset', on: 'UpdateItem', first: 'delivered', deliveries: 1, why: 'as with the 500' },
  { fault: 'hang', on: 'UpdateItem', first: 'delivered', deliveries: 1, why: 'the SDK retry records it' },
  { fault: 'throttle', on: 'UpdateItem', first: 'delivered', deliveries: 1, why: 'the SDK retry records it' },
  // Ambiguous: the table never learns of the delivery, so a copy is delivered again. A duplicate beats a lost page.
  { fault: 'hang', on: 'PutItem', times: ALWAYS, first: 'delivered', deliveries: 2, why: 'every attempt times out: delivered without the ledger' },
  { fault: 'throttle', on: 'PutItem', times: ALWAYS, first: 'delivered', deliveries: 2, why: 'throttled throughout: delivered without the ledger' },
  { fault: 'refuse', on: 'PutItem', first: 'delivered', deliveries: 2, why: 'connections refused: delivered without the ledger' },
  { fault: 'write-then-500', on: 'PutItem', times: ALWAYS, first: 'delivered', deliveries: 2, why: 'the claim is stored but both answers are lost: delivered without the ledger' },
  { fault: 'hang', on: 'UpdateItem', times: ALWAYS, first: 'delivered', deliveries: 2, why: 'delivered, never recorded: the claim lapses and the copy goes out' },
  { fault: 'throttle', on: 'UpdateItem', times: ALWAYS, first: 'delivered', deliveries: 2, why: 'delivered, never recorded' },
  { fault: 'refuse', on: 'UpdateItem', first: 'delivered', deliveries: 2, why: 'delivered, then the table went away before recording it' },
];

const labelOf = (c: Case) => `${c.fault} on ${c.on}${c.times === ALWAYS ? ' on every attempt' : ''}`;
/** What each case did, for the table in docs/reliability.md: only what was seen, never what was expected. */
const observed = new Map<Case, string>();

describe('the DynamoDB ledger under DynamoDB faults: delivered once, or at most twice, never zero', () => {
  for (const c of CASES) {
    it(`${labelOf(c)}: ${c.why}`, async () => {
      let deliveries = 0;
      const deliver = async () => void (deliveries += 1);
      table.fail(c.on, c.fault, c.times);

      const first = await ledger().once(KEY, deliver);
      await table.accept(); // the table is itself again
      await claimsLapsed();
      await retryUntilSettled(deliver);

      const faulted = table.calls.some((call) => call.fault === c.fault);
      if (faulted) observed.set(c, `${first}; delivered ${['never', 'once', 'twice'][deliveries] ?? `${deliveries} times`} in all`);
      expect(first).toBe(c.first);
      expect(faulted).toBe(true);
      expect(deliveries).toBe(c.deliveries);
    });
  }

  it('tries an in-progress record again, and delivers it, only once its claim has lapsed', async () => {
    let deliveries = 0;
    const deliver = async () => void (deliveries += 1);
    table.fail('PutItem', 'write-then-500');

    const first = await ledger().once(KEY, deliver);
    const beforeLapse = await ledger().once(KEY, deliver);
    await claimsLapsed();
    const afterLapse = await ledger().once(KEY, deliver);

    expect([first, beforeLapse, afterLapse]).toEqual(['in-progress', 'in-progress', 'delivered']);
    expect(deliveries).toBe(1);
  });

  it('delivers, without the ledger, when DynamoDB throttles with ThrottlingException throughout', async () => {
    let deliveries = 0;
    table.throttleWith('ThrottlingException');
    table.fail('PutItem', 'throttle', ALWAYS);

    expect(await ledger().once(KEY, async () => void (deliveries += 1))).toBe('delivered');
    expect(deliveries).toBe(1);
  });

  it('logs a warning when it delivers without the ledger', async () => {
    const log = recordingLog();
    await table.refuse();

    expect(await ledger(log).once(KEY, async () => {})).toBe('delivered');
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/ledger unavailable/i) }));
  });

  it('logs a warning when a delivery could not be recorded', async () => {
    const log = recordingLog();
    table.fail('UpdateItem', 'hang', ALWAYS);

    expect(await ledger(log).once(KEY, async () => {})).toBe('delivered');
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/could not record/i) }));
  });

  it('reports a failed delivery as failed even when releasing its claim fails, and delivers it once the claim lapses', async () => {
    let deliveries = 0;
    let down = true;
    const deliver = async () => {
      if (down) throw new Error('PagerDuty 500');
      deliveries += 1;
    };
    table.fail('DeleteItem', 'hang', ALWAYS);

    await expect(ledger().once(KEY, deliver)).rejects.toThrow('PagerDuty 500');
    await table.accept();
    down = false;
    const retry = await retryUntilSettled(deliver);

    expect(retry).toBe('delivered');
    expect(deliveries).toBe(1);
  });

  it('releases the claim of a failed delivery through a lost answer (write-then-500 on DeleteItem)', async () => {
    table.fail('DeleteItem', 'write-then-500');

    await expect(ledger().once(KEY, async () => Promise.reject(new Error('PagerDuty 500')))).rejects.toThrow('PagerDuty 500');

    expect(table.items()).toEqual([]);
  });
});

describe('a live claim (another invocation is delivering)', () => {
  it('is reported as in progress, and nothing is delivered', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let deliveries = 0;
    const holding = ledger().once(KEY, async () => {
      deliveries += 1;
      await slow;
    });
    while (table.items().length === 0) await sleep(10);

    const second = await ledger().once(KEY, async () => void (deliveries += 1));
    release();

    expect(second).toBe('in-progress');
    expect(await holding).toBe('delivered');
    expect(deliveries).toBe(1);
  });

  it('is reported as in progress by the in-memory ledger too', async () => {
    const memory = memoryLedger();
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const holding = memory.once(KEY, () => slow);

    const second = await memory.once(KEY, async () => {});
    release();

    expect(second).toBe('in-progress');
    expect(await holding).toBe('delivered');
    expect(await memory.once(KEY, async () => {})).toBe('duplicate');
  });

  it('leaves the key out of a digest and lists it as in progress, not as a duplicate', async () => {
    const memory = memoryLedger();
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const holding = memory.once('b#slack:alerts', () => slow);
    await memory.once('c#slack:alerts', async () => {});

    const sent: string[][] = [];
    const result = await onceAll(memory, ['a#slack:alerts', 'b#slack:alerts', 'c#slack:alerts'], async (claimed) => void sent.push(claimed));
    release();
    await holding;

    expect(sent).toEqual([['a#slack:alerts']]);
    expect(result).toEqual({ delivered: ['a#slack:alerts'], duplicates: ['c#slack:alerts'], inProgress: ['b#slack:alerts'] });
  });
});

const DAY_MS = 24 * 3600 * 1000;

describe('how long the ledger remembers', () => {
  afterEach(() => vi.useRealTimers());

  it('still knows a delivery when its SNS message comes back 25 hours later (redrive of an old letter)', async () => {
    let deliveries = 0;
    const deliver = async () => void (deliveries += 1);
    await ledger().once(KEY, deliver);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 25 * 3600 * 1000 });

    expect(await ledger().once(KEY, deliver)).toBe('duplicate');
    expect(deliveries).toBe(1);
  });

  it('still knows it on the last day the dead-letter queue keeps a letter (day 14)', async () => {
    let deliveries = 0;
    const deliver = async () => void (deliveries += 1);
    await ledger().once(KEY, deliver);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 14 * DAY_MS - 60_000 });

    expect(await ledger().once(KEY, deliver)).toBe('duplicate');
    expect(deliveries).toBe(1);
  });

  it('remembers longer than the dead-letter queue keeps a letter', () => {
    const dlq = pipelineResources('production').Resources[PIPELINE_IDS.deadLetterQueue]!;
    const retentionSeconds = (dlq.Properties as { MessageRetentionPeriod: number }).MessageRetentionPeriod;

    expect(retentionSeconds).toBe(14 * 24 * 3600);
    expect(LEDGER_TTL_SECONDS).toBeGreaterThan(retentionSeconds);
  });
});

describe('the time the ledger may take', () => {
  it('leaves room, when every ledger call runs out its time, for the delivery within the function timeout', () => {
    // Before delivering: the alarm state and the claim; after: recording it (or releasing the claim).
    const ledgerCalls = 3;

    expect(ledgerCalls * LEDGER_CALL_BUDGET_MS + DEFAULT_RETRY.deadlineMs).toBeLessThanOrEqual(FUNCTION_TIMEOUT_SECONDS * 1000);
  });

  it('holds a claim past a delivery and its recording, and lets it lapse before SQS shows the message again', () => {
    const queue = pipelineResources('production').Resources[PIPELINE_IDS.queue('slack')]!;
    const visibilitySeconds = (queue.Properties as { VisibilityTimeout: number }).VisibilityTimeout;

    expect(LEDGER_CLAIM_MS).toBeGreaterThan(DEFAULT_RETRY.deadlineMs + LEDGER_CALL_BUDGET_MS);
    expect(LEDGER_CLAIM_MS).toBeLessThan(visibilitySeconds * 1000);
  });
});

function faultTable(): string {
  const rows = CASES.map((c) => `| ${labelOf(c)} | ${c.why} | ${observed.get(c) ?? 'NOT OBSERVED: the case failed'} |`);
  return ['| DynamoDB fault | Why | First invocation; deliveries with the retry |', '|---|---|---|', ...rows].join('\n');
}

describe('docs/reliability.md', () => {
  it('shows the ledger under DynamoDB faults exactly as observed', () => {
    const doc = new URL('../../docs/reliability.md', import.meta.url);
    expectGeneratedSection({ doc, marker: 'ledger-faults', testFile: 'test/notify/ledger.test.ts', what: 'the DynamoDB fault table' }, faultTable());
  });
});
