/**
 * Issue 7's storm, as a specification: an availability zone goes, 100 alarms send 1,000 notifications within a
 * minute (some flapping, a quarter critical, 2% of SNS deliveries arriving twice), and the real handlers, in the
 * deployed topology (PagerDuty per message, Slack and email from 5-second SQS batches, two pollers), deliver to
 * stand-ins on a simulated clock (bench/storm). Nothing here measures real time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import type { DeliveryLedger } from '../../src/notify/ledger.js';
import { runStorm as runBenchStorm, type StormOptions, type StormRun } from '../../bench/storm/index.js';
import { STORM, stormMessages, type StormMessage, type StormShape } from '../../bench/storm/scenario.js';
import { expectNothingLost, expectNothingTwice, expectSlackPaced } from './invariants.js';
import { REQUIRED_ROUTES, type RequiredDestination } from '../support/required-routes.js';

/** Where the requirement sends a storm message (every storm alarm is a production one). */
const required = (m: StormMessage): readonly RequiredDestination[] => REQUIRED_ROUTES.production[m.alarm.severity][m.state];

/** The storm, counted against the requirement: routed, lost and unexpected never come from the code's route table. */
const runStorm = (options: StormOptions = {}) => runBenchStorm({ destinationsOf: required, ...options });

/** Notifications the requirement routes to a destination whose key starts with `prefix` ('' for all). */
const requiredCount = (prefix: string, shape: StormShape = STORM) =>
  stormMessages(shape).reduce((n, m) => n + required(m).filter((d) => d.startsWith(prefix)).length, 0);

let storm: StormRun;

beforeAll(async () => {
  storm = await runStorm();
});

/** Messages a newer state overtook on a route (a late copy of one delivered there is not one), from the functions' logs. */
function supersededAt(route: string): number {
  const on = (outcome: string) => new Set(storm.logs.filter((e) => e.fields.outcome === outcome && e.fields.destination === route).map((e) => e.fields.messageId));
  const sent = on('sent');
  return [...on('superseded')].filter((id) => !sent.has(id)).length;
}

describe('an alert storm of 1,000 notifications from 100 alarms within a minute', () => {
  it('is the storm the issue describes', () => {
    expect(storm.account).toMatchObject({ events: 1_000, alarms: 100 });
    expect(storm.account.snsDuplicates).toBeGreaterThan(0);
    expect(storm.stuckTimers).toBe(0);
  });

  it('loses nothing: every routed notification is delivered or overtaken by a newer state, none needed the dead-letter queue', () => {
    expectNothingLost(storm, requiredCount(''));
  });

  it('delivers nothing twice, although SNS delivered some messages twice', () => {
    expectNothingTwice(storm);
  });

  it('posts to each Slack webhook at most once per second', () => {
    expectSlackPaced(storm);
  });

  it('waits for retry_after when two pollers post to one webhook in the same second', () => {
    const limited = storm.received.slack.filter((r) => r.status === 429);
    for (const rejected of limited) {
      const next = storm.received.slack.find((r) => r.webhook === rejected.webhook && r.at > rejected.at);
      expect(next!.at - rejected.at).toBeGreaterThanOrEqual(1_000);
    }
    // Pacing keeps collisions rare: only the two pollers' first batches can meet.
    expect(storm.account.slackRateLimited).toBeLessThanOrEqual(storm.account.slackMessages / 10);
  });

  it('shows on-call a grouped picture: a few dozen digests, not a post per alert', () => {
    expect(storm.account.slackMessages).toBeLessThanOrEqual(requiredCount('slack:') / 10);
    // Single posts only where a batch carried fewer than four alerts for a channel (the storm's tail).
    expect(storm.account.slackDigests).toBeGreaterThanOrEqual(0.9 * storm.account.slackMessages);
    const digests = storm.received.slack.filter((r) => r.status === 200).map((r) => JSON.stringify((r.body as SlackMessage).attachments));
    expect(digests.some((d) => d.includes('Flapping'))).toBe(true);
    expect(digests.some((d) => d.includes('Recovered'))).toBe(true);
  });

  it("keeps on-call's inbox readable: digest mails, not a mail per alert", () => {
    expect(storm.account.emails).toBeLessThanOrEqual(requiredCount('email') / 10);
    expect(storm.account.emailDigests).toBeGreaterThanOrEqual(0.9 * storm.account.emails);
  });

  it('pages every critical ALARM within 10 seconds of its publication, without waiting for any batch', () => {
    const criticalAlarms = stormMessages().filter((m) => m.alarm.severity === 'critical' && m.state === 'ALARM');
    // Those a newer state overtook are not paged: an open incident for a recovered alarm would be worse.
    expect(storm.account.pagerDutyTriggers + supersededAt('pagerduty:trigger')).toBe(criticalAlarms.length);
    expect(storm.account.criticalPageMaxDelayMs).toBeLessThanOrEqual(10_000);
    expect(storm.account.criticalPageMaxDelayMs).toBeLessThan(storm.account.slackMaxDelayMs);
  });

  it('resolves PagerDuty incidents for every critical OK within 10 seconds', () => {
    const criticalOks = stormMessages().filter((m) => m.alarm.severity === 'critical' && m.state === 'OK');
    expect(storm.account.pagerDutyResolves + supersededAt('pagerduty:resolve')).toBe(criticalOks.length);
    expect(storm.account.criticalResolveMaxDelayMs).toBeLessThanOrEqual(10_000);
  });
});

const small: StormShape = { ...STORM, alarms: 20, notifications: 200, flapping: 5, duplicateRate: 0.2 };

describe('a storm while CloudWatch does not answer enrichment reads', () => {
  it('still pages within 10 seconds: enrichment gives up at its 1.5 s budget', async () => {
    const run = await runStorm({ shape: small, latency: { cloudWatchMs: 60_000 } });
    expect(run.account.lost).toBe(0);
    expect(run.account.criticalPageMaxDelayMs).toBeGreaterThan(1_500);
    expect(run.account.criticalPageMaxDelayMs).toBeLessThanOrEqual(10_000);
  });
});

describe('the storm count itself', () => {
  it('sees duplicates: with a ledger that forgets, SNS duplicates reach on-call twice', async () => {
    const forgetful: DeliveryLedger = { once: async (_key, deliver) => (await deliver(), 'delivered') };
    const run = await runStorm({ shape: small, ledger: forgetful });
    expect(run.account.duplicates).toBeGreaterThan(0);
  });

  it('sees losses: with a ledger that skips everything as already delivered, all is lost', async () => {
    const skipping: DeliveryLedger = { once: async () => 'duplicate' };
    const run = await runStorm({ shape: small, ledger: skipping });
    expect(run.account.routed).toBe(requiredCount('', small));
    expect(run.account.lost).toBe(run.account.routed);
  });

  it('is reproducible: the same seed gives the same run', async () => {
    const [a, b] = [await runStorm({ shape: small }), await runStorm({ shape: small })];
    expect(b.account).toEqual(a.account);
    expect(b.received.slack.map((r) => [r.at, r.webhook, r.status])).toEqual(a.received.slack.map((r) => [r.at, r.webhook, r.status]));
  });
});
