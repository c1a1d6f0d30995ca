/**
 * The fault matrix: a production critical ALARM (PagerDuty trigger, Slack #alerts-critical, email) goes through
 * the three deployed notifier functions while one thing is broken. For each fault: what was retried at once, what
 * was put back through SQS to be tried again later (a transient failure, within the retry window), what reached
 * the dead-letter queue (what waiting cannot fix), and that every healthy destination received exactly one message.
 *
 * The last test renders the table of what was observed and compares it with docs/reliability.md, so the doc
 * cannot go stale. After a deliberate change: UPDATE_DOCS=1 npx vitest run test/delivery/fault-matrix.test.ts
 */
import { PublishCommand, ThrottledException } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeliveryLedger } from '../../src/notify/ledger.js';
import { dynamoLedger } from '../../src/notify/ledger.js';
import type { RetryPolicy } from '../../src/notify/retry.js';

import { expectGeneratedSection } from '../support/generated-doc.js';
import { closeConnection, hang, pagerDutyReplies, refusedUrl, slackReplies } from '../support/stand-ins.js';
import { fakeLedgerTable } from './fake-dynamodb.js';
import {
  FAST_RETRY,
  HANG_RETRY,
  NOTIFIER_TYPES,
  deployedFunctions,
  publishCalls,
  recordingLog,
  recordingRetryQueues,
  runPerTest,
  testEvent,
  type CapturedOutput,
  type RecordingRetryQueues,
  type Run,
  type DestinationType,
} from './harness.js';

type Outcome = 'sent' | 'retrying' | 'dead-lettered' | 'failed' | 'duplicate';

/** What one destination must show at the end of a scenario. */
interface Expect {
  /** One per invocation of the function, in order. */
  outcomes: Outcome[];
  attempts: number;
  permanent?: boolean;
  /** Requests that reached the destination (defaults to `attempts`). */
  received?: number;
}

interface Scenario {
  fault: string;
  /** What the design promises, in words: the doc's "Expected" column. */
  expected: string;
  /** Destinations not named are healthy: one attempt, sent, one message received. */
  expect: Partial<Record<DestinationType, Expect>>;
  /** Retry policies by function (the default is FAST_RETRY). */
  retry?: Partial<Record<DestinationType, RetryPolicy>>;
  /** How many times SNS delivers the message (the same MessageId each time). */
  copies?: number;
  setup?(run: Run): Promise<ScenarioContext | void> | ScenarioContext | void;
  /** Anything else this fault must show (what the function answered, a warning, ...). */
  verify?(o: Observation): void;
}

interface ScenarioContext {
  ledger?: DeliveryLedger;
  deadLettersDown?: boolean;
  /** The SQS calls that schedule the next try fail. */
  retryQueuesDown?: boolean;
  /** How long after SNS published the alert the functions run (default one minute). */
  ageMs?: number;
  cleanup?(): void;
}

interface Observation {
  run: Run;
  output: CapturedOutput;
  queues: RecordingRetryQueues;
  results: Array<Record<DestinationType, unknown>>;
  waits: Record<DestinationType, number[]>;
}

const ALARM_EVENT = 'ecs-cpu-alarm.json';
const healthy: Expect = { outcomes: ['sent'], attempts: 1 };
/** Tried three times at once, then put back through SQS for later: nothing is dead-lettered. */
const retrying: Expect = { outcomes: ['retrying'], attempts: 3, permanent: false };
const transientDlq: Expect = { outcomes: ['dead-lettered'], attempts: 3, permanent: false };
const permanentDlq: Expect = { outcomes: ['dead-lettered'], attempts: 1, permanent: true };

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $retryable: { throttling: true }, $metadata: { httpStatusCode: 400 } });
}

const SCENARIOS: Scenario[] = [
  {
    fault: 'none (all destinations healthy)',
    expected: 'each destination receives one message at the first attempt',
    expect: {},
  },
  {
    fault: 'Slack 429 `rate_limited`, `retry_after: 1`, once',
    expected: 'Slack retried after at least the 1 s Slack asked for, then sent; nothing dead-lettered',
    expect: { slack: { outcomes: ['sent'], attempts: 2 } },
    setup: (run) => run.slack.next(slackReplies.rateLimited(1)),
    verify: ({ waits }) => expect(waits.slack).toEqual([1000]),
  },
  {
    fault: 'Slack 429 on every attempt',
    expected: 'Slack retried (each wait ≥ retry_after), then put back in its queue for later',
    expect: { slack: retrying },
    setup: (run) => run.slack.always(slackReplies.rateLimited(1)),
    verify: ({ waits }) => expect(waits.slack.every((w) => w >= 1000)).toBe(true),
  },
  {
    fault: 'Slack 500 on every attempt',
    expected: 'Slack retried with exponential backoff, then put back in its queue for later',
    expect: { slack: retrying },
    setup: (run) => run.slack.always(slackReplies.serverError),
    verify: ({ waits }) => expect(waits.slack).toEqual([50, 100]),
  },
  {
    fault: 'Slack 503, once',
    expected: 'Slack retried once, then sent',
    expect: { slack: { outcomes: ['sent'], attempts: 2 } },
    setup: (run) => run.slack.next(slackReplies.unavailable),
  },
  {
    fault: 'Slack hangs past the attempt timeout',
    expected: 'each Slack attempt abandoned at the timeout, retried, then put back in its queue; PagerDuty and email unaffected',
    expect: { slack: retrying },
    retry: { slack: HANG_RETRY },
    setup: (run) => run.slack.always(hang),
    verify: ({ run }) => expect(run.slack.requests.every((r) => r.abortedSeq !== undefined)).toBe(true),
  },
  {
    fault: 'Slack refuses the connection',
    expected: 'Slack retried, then put back in its queue for later',
    expect: { slack: { ...retrying, received: 0 } },
    setup: async (run) => void (run.env.SLACK_WEBHOOK_ALERTS_CRITICAL = await refusedUrl('/services/T0OHMYCOINS/BALERTSCRITICAL/XXXXXXXX')),
  },
  {
    fault: 'Slack drops the connection, once',
    expected: 'Slack retried once, then sent',
    expect: { slack: { outcomes: ['sent'], attempts: 2 } },
    setup: (run) => run.slack.next(closeConnection),
  },
  {
    fault: 'Slack 404 `channel_not_found`',
    expected: 'not retried; dead-lettered as permanent with the reason',
    expect: { slack: permanentDlq },
    setup: (run) => run.slack.always(slackReplies.channelNotFound),
  },
  {
    fault: 'Slack 410 `channel_is_archived`',
    expected: 'not retried; dead-lettered as permanent with the reason',
    expect: { slack: permanentDlq },
    setup: (run) => run.slack.always(slackReplies.channelArchived),
  },
  {
    fault: 'Slack 400 `invalid_payload`',
    expected: 'not retried; dead-lettered as permanent with the reason',
    expect: { slack: permanentDlq },
    setup: (run) => run.slack.always(slackReplies.invalidPayload),
  },
  {
    fault: 'PagerDuty 400 `invalid event`',
    expected: 'not retried; dead-lettered as permanent with the reason',
    expect: { pagerduty: permanentDlq },
    setup: (run) => run.pagerduty.always(pagerDutyReplies.invalidEvent),
  },
  {
    fault: 'PagerDuty 429, once',
    expected: 'PagerDuty retried after backing off (it sends no Retry-After), then sent',
    expect: { pagerduty: { outcomes: ['sent'], attempts: 2 } },
    setup: (run) => run.pagerduty.next(pagerDutyReplies.rateLimited),
    verify: ({ waits }) => expect(waits.pagerduty).toEqual([2000]),
  },
  {
    fault: 'PagerDuty 500 on every attempt',
    expected: 'PagerDuty retried with backoff, then put on its retry queue: it goes out by itself once PagerDuty answers',
    expect: { pagerduty: retrying },
    setup: (run) => run.pagerduty.always(pagerDutyReplies.serverError),
  },
  {
    fault: 'PagerDuty hangs past the attempt timeout',
    expected: 'each attempt abandoned at the timeout, retried, then put on the retry queue; Slack and email unaffected',
    expect: { pagerduty: retrying },
    retry: { pagerduty: HANG_RETRY },
    setup: (run) => run.pagerduty.always(hang),
    verify: ({ run }) => expect(run.pagerduty.requests.every((r) => r.abortedSeq !== undefined)).toBe(true),
  },
  {
    fault: 'SNS Publish throttled (`Throttling`, retryable), once',
    expected: 'email retried once, then sent',
    expect: { email: { outcomes: ['sent'], attempts: 2 } },
    setup: (run) => void run.sns.on(PublishCommand).rejectsOnce(throttling()).resolves({ MessageId: 'email-message-id' }),
  },
  {
    fault: 'SNS Publish throttled (`ThrottledException`) on every attempt',
    expected: 'email retried, then put back in its queue for later',
    expect: { email: retrying },
    setup: (run) => void run.sns.on(PublishCommand).rejects(new ThrottledException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } })),
  },
  {
    fault: 'SSM Parameter Store unavailable (deployed: secrets read from SSM)',
    expected: 'Slack and PagerDuty retried, then put back for later (nothing sent without the secret); email unaffected',
    expect: { slack: { ...retrying, received: 0 }, pagerduty: { ...retrying, received: 0 } },
    setup: (run) => {
      for (const key of Object.keys(run.env)) if (key.startsWith('SLACK_WEBHOOK_') || key === 'PAGERDUTY_ROUTING_KEY') delete run.env[key];
      run.env.SSM_PREFIX = '/ohmycoins/production';
      const ssm = mockClient(SSMClient);
      ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server' }));
      return { cleanup: () => ssm.restore() };
    },
  },
  {
    fault: 'SSM Parameter Store hangs (never answers)',
    expected: 'each Slack and PagerDuty attempt abandoned at the timeout, retried, then put back for later; email unaffected',
    expect: { slack: { ...retrying, received: 0 }, pagerduty: { ...retrying, received: 0 } },
    retry: { slack: HANG_RETRY, pagerduty: HANG_RETRY },
    setup: (run) => {
      for (const key of Object.keys(run.env)) if (key.startsWith('SLACK_WEBHOOK_') || key === 'PAGERDUTY_ROUTING_KEY') delete run.env[key];
      run.env.SSM_PREFIX = '/ohmycoins/production';
      const ssm = mockClient(SSMClient);
      // The secrets never come. (The maintenance-window read gives up by itself after 1.5 s through an abort
      // signal, which a mock cannot see: it is answered with the timeout the SDK would raise.)
      ssm.on(GetParameterCommand).callsFake(({ Name }: { Name: string }) =>
        Name.endsWith('/silences') ? Promise.reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })) : new Promise(() => {}),
      );
      return { cleanup: () => ssm.restore() };
    },
  },
  {
    fault: 'Slack 500 and the dead-letter queue unavailable',
    expected: 'the record goes back to its queue for later: the dead-letter queue is not needed',
    expect: { slack: retrying },
    setup: (run) => {
      run.slack.always(slackReplies.serverError);
      return { deadLettersDown: true };
    },
    verify: ({ results }) => expect(results[0]!.slack).toEqual({ batchItemFailures: [{ itemIdentifier: expect.stringContaining('3c2f8a61') }] }),
  },
  {
    fault: 'Slack 404 and the dead-letter queue unavailable',
    expected: 'nothing is lost: the Slack function reports the SQS record as failed, so the queue delivers it again',
    expect: { slack: { outcomes: ['failed'], attempts: 1, permanent: true } },
    setup: (run) => {
      run.slack.always(slackReplies.channelNotFound);
      return { deadLettersDown: true };
    },
    verify: ({ results }) => expect(results[0]!.slack).toEqual({ batchItemFailures: [{ itemIdentifier: expect.stringContaining('3c2f8a61') }] }),
  },
  {
    fault: 'PagerDuty 400 and the dead-letter queue unavailable',
    expected: 'nothing is lost: the PagerDuty function fails, so Lambda retries the event (then its on-failure destination keeps it)',
    expect: { pagerduty: { outcomes: ['failed'], attempts: 1, permanent: true } },
    setup: (run) => {
      run.pagerduty.always(pagerDutyReplies.invalidEvent);
      return { deadLettersDown: true };
    },
    verify: ({ results }) => expect(results[0]!.pagerduty).toEqual({ threw: expect.stringMatching(/Lambda retries/) }),
  },
  {
    fault: 'PagerDuty 500 and its retry queue unavailable',
    expected: 'nothing is lost: the PagerDuty function fails, so Lambda retries the event (then its on-failure destination keeps it)',
    expect: { pagerduty: retrying },
    setup: (run) => {
      run.pagerduty.always(pagerDutyReplies.serverError);
      return { retryQueuesDown: true };
    },
    verify: ({ results }) => expect(results[0]!.pagerduty).toEqual({ threw: expect.stringMatching(/Lambda retries/) }),
  },
  {
    fault: 'Slack 500 and SQS unavailable for the visibility change',
    expected: 'the record is still reported failed: SQS hands it out again after the queue’s visibility timeout',
    expect: { slack: retrying },
    setup: (run) => {
      run.slack.always(slackReplies.serverError);
      return { retryQueuesDown: true };
    },
    verify: ({ results }) => expect(results[0]!.slack).toEqual({ batchItemFailures: [{ itemIdentifier: expect.stringContaining('3c2f8a61') }] }),
  },
  {
    fault: 'PagerDuty 500 on every attempt, 25 h after SNS published the alarm',
    expected: 'past the 24 h retry window: dead-lettered as transient, with the reason and that the window ended',
    expect: { pagerduty: transientDlq },
    setup: (run) => {
      run.pagerduty.always(pagerDutyReplies.serverError);
      return { ageMs: 25 * 3600 * 1000 };
    },
    verify: ({ run }) => expect(run.deadLetters.letters[0]!.reason).toMatch(/PagerDuty answered 500.*end of the retry window/),
  },
  {
    fault: 'delivery ledger (DynamoDB) unavailable',
    expected: 'every destination still receives its message (fail open), with a warning',
    expect: {},
    setup: () => {
      const table = fakeLedgerTable('ohmycoins-production-alerts-ledger');
      table.failWith(Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' }));
      const log = recordingLog();
      const ledger = dynamoLedger('ohmycoins-production-alerts-ledger', log);
      ledgerLog = log;
      return { ledger, cleanup: () => table.restore() };
    },
    verify: () => expect(ledgerLog?.entries.filter((e) => e.level === 'warn' && /ledger unavailable/i.test(e.message))).toHaveLength(3),
  },
  {
    fault: 'SNS delivers the same message twice',
    expected: 'the second copy is skipped at every destination: one Slack post, one page, one email',
    copies: 2,
    expect: {
      pagerduty: { outcomes: ['sent', 'duplicate'], attempts: 1 },
      slack: { outcomes: ['sent', 'duplicate'], attempts: 1 },
      email: { outcomes: ['sent', 'duplicate'], attempts: 1 },
    },
  },
];

let ledgerLog: ReturnType<typeof recordingLog> | undefined;
const observedCells = new Map<string, string>();

const NAMES: Record<DestinationType, string> = { pagerduty: 'PagerDuty', slack: 'Slack', email: 'email' };

interface DestinationObservation {
  outcomes: Outcome[];
  /** When the next try was scheduled for, where it was. */
  retryInSeconds?: number;
  attempts: number;
  permanent?: boolean;
  received: number;
  abandoned: number;
}

/** The log lines that state an outcome ('Dead-letter queue unavailable' only repeats the failure). */
const OUTCOME_MESSAGES = new Set(['Delivered', 'Already delivered: skipped duplicate', 'Delivery failed: will be tried again', 'Delivery failed', 'Dead-lettered for redrive']);

/** What each destination saw, from the functions' structured logs and from the stand-ins and SNS mock. */
function observe(run: Run, output: CapturedOutput, queues: RecordingRetryQueues): Record<DestinationType, DestinationObservation> {
  const entries = output.entries().filter((e) => typeof e.destination === 'string' && OUTCOME_MESSAGES.has(String(e.message)));
  const requests = { pagerduty: run.pagerduty.requests, slack: run.slack.requests };
  return Object.fromEntries(
    NOTIFIER_TYPES.map((type) => {
      const mine = entries.filter((e) => String(e.destination).split(':')[0] === type);
      // 'Delivery failed' is followed by 'Dead-lettered' when the letter is safe: keep the final word per attempt run.
      const outcomes: Outcome[] = [];
      for (const e of mine) {
        const outcome = e.outcome as Outcome;
        if (outcome === 'dead-lettered' && outcomes.at(-1) === 'failed') outcomes[outcomes.length - 1] = 'dead-lettered';
        else outcomes.push(outcome);
      }
      const attempts = Math.max(0, ...mine.map((e) => Number(e.attempts ?? 0)));
      const failed = mine.find((e) => e.message === 'Delivery failed' || e.outcome === 'retrying');
      const received = type === 'email' ? publishCalls(run).length : requests[type].length;
      const abandoned = type === 'email' ? 0 : requests[type].filter((r) => r.abortedSeq !== undefined).length;
      // PagerDuty's next try goes on its retry queue; the queued functions' back into their own queue.
      const scheduled = type === 'pagerduty' ? queues.enqueued[0] : queues.hidden.find((h) => h.queueArn.endsWith(`-${type}`));
      return [
        type,
        { outcomes, attempts, received, abandoned, retryInSeconds: scheduled?.seconds, ...(failed ? { permanent: Boolean(failed.permanent) } : {}) },
      ];
    }),
  ) as Record<DestinationType, DestinationObservation>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeObservation(type: DestinationType, o: DestinationObservation, waits: number[]): string {
  const what = o.outcomes
    .map((outcome) =>
      outcome === 'dead-lettered'
        ? `dead-lettered (${o.permanent ? 'permanent' : 'transient'})`
        : outcome === 'failed'
          ? 'failed, not dead-lettered'
          : outcome === 'retrying'
            ? `put back for later${o.retryInSeconds === undefined ? ' (could not be scheduled)' : ` (next try in ${o.retryInSeconds} s)`}`
            : outcome,
    )
    .join(', then ');
  const details = [plural(o.attempts, 'attempt')];
  if (waits.length > 0) details.push(`waited ${waits.join(' + ')} ms`);
  if (o.abandoned > 0) details.push(`${o.abandoned} abandoned at the timeout`);
  if (o.received !== o.attempts) details.push(`${o.received} reached it`);
  return `${NAMES[type]}: ${what} (${details.join(', ')})`;
}

let run: Run;
let output: CapturedOutput;
runPerTest((r, o) => {
  run = r;
  output = o;
});

describe('fault matrix', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.fault}: ${scenario.expected}`, async () => {
      ledgerLog = undefined;
      const context = (await scenario.setup?.(run)) ?? {};
      try {
        const deadLetters = context.deadLettersDown ? { send: () => Promise.reject(new Error('SQS unavailable')) } : run.deadLetters;
        const event = testEvent(ALARM_EVENT);
        const queues = Object.assign(recordingRetryQueues(), { down: Boolean(context.retryQueuesDown) });
        const published = Date.parse(String(event.Records[0]!.Sns.Timestamp));
        const redelivery = { queues, now: () => published + (context.ageMs ?? 60_000) };
        const functions = deployedFunctions(run, { retry: FAST_RETRY, retryFor: scenario.retry, deadLetters, redelivery, ...(context.ledger ? { ledger: context.ledger } : {}) });
        const results: Array<Record<DestinationType, unknown>> = [];
        for (let copy = 0; copy < (scenario.copies ?? 1); copy++) results.push(await functions(event));

        await Promise.all([run.slack.settled(), run.pagerduty.settled()]);
        const observed = observe(run, output, queues);
        for (const type of NOTIFIER_TYPES) {
          const want = scenario.expect[type] ?? healthy;
          const { outcomes, attempts, received, permanent } = observed[type];
          expect({ type, outcomes, attempts, received, permanent }).toEqual({
            type,
            outcomes: want.outcomes,
            attempts: want.attempts,
            received: want.received ?? want.attempts,
            permanent: want.permanent,
          });
        }

        // Every letter holds the original SNS message intact, the destination that failed and why.
        const sns = event.Records[0]!.Sns;
        const dlqTypes = NOTIFIER_TYPES.filter((t) => (scenario.expect[t]?.outcomes ?? []).includes('dead-lettered'));
        expect(run.deadLetters.letters.map((l) => l.destination.split(':')[0]).sort()).toEqual([...dlqTypes].sort());
        for (const letter of run.deadLetters.letters) {
          expect(letter).toMatchObject({ version: 1, stage: 'production', permanent: scenario.expect[letter.destination.split(':')[0] as DestinationType]!.permanent });
          expect(letter.sns).toEqual({ messageId: sns.MessageId, topicArn: sns.TopicArn, subject: sns.Subject, message: sns.Message, timestamp: sns.Timestamp });
          expect(letter.reason).not.toBe('');
        }

        // Each destination put back for later has exactly one next try scheduled (unless SQS was down), holding the
        // original SNS message (PagerDuty's retry queue) or naming the received SQS message (the queued functions).
        const later = NOTIFIER_TYPES.filter((t) => (scenario.expect[t]?.outcomes ?? []).includes('retrying'));
        if (!context.retryQueuesDown) {
          expect(queues.enqueued).toHaveLength(later.includes('pagerduty') ? 1 : 0);
          expect(queues.hidden.map((h) => h.queueArn.split(':').pop()).sort()).toEqual(later.filter((t) => t !== 'pagerduty').map((t) => `ohmycoins-production-alerts-${t}`).sort());
          for (const { body, seconds } of queues.enqueued) {
            expect(JSON.parse(body)).toMatchObject({ Type: 'Notification', MessageId: sns.MessageId, TopicArn: sns.TopicArn, Message: sns.Message, Timestamp: sns.Timestamp });
            // The first backoff: 5 s × (0.5 + 0.5 / 2) with the tests' fixed jitter of 0.5, rounded.
            expect(seconds).toBe(4);
          }
          for (const { seconds } of queues.hidden) expect(seconds).toBe(4);
        }

        // Healthy destinations received exactly one message.
        for (const type of NOTIFIER_TYPES.filter((t) => !scenario.expect[t])) expect(observed[type].received).toBe(1);

        scenario.verify?.({ run, output, queues, results, waits: functions.waits });
        observedCells.set(
          scenario.fault,
          NOTIFIER_TYPES.map((type) => describeObservation(type, observed[type], functions.waits[type])).join('; '),
        );
      } finally {
        context.cleanup?.();
      }
    });
  }
});

function table(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = SCENARIOS.map((s) => `| ${cell(s.fault)} | ${cell(s.expected)} | ${cell(observedCells.get(s.fault) ?? 'NOT OBSERVED: the scenario failed')} |`);
  return ['| Fault | Expected | Observed |', '|---|---|---|', ...rows].join('\n');
}

describe('docs/reliability.md', () => {
  it('shows the fault matrix exactly as observed', () => {
    const doc = new URL('../../docs/reliability.md', import.meta.url);
    expectGeneratedSection({ doc, marker: 'fault-matrix', testFile: 'test/delivery/fault-matrix.test.ts', what: 'the fault matrix' }, table());
  });
});

afterAll(() => {
  ledgerLog = undefined;
});
