/**
 * What every storm must keep, whatever its size (test/storm/storm.test.ts, storm10k.test.ts): the same
 * expectations, stated once.
 */
import { expect } from 'vitest';
import { maxInWindow } from '../../bench/storm/accounting.js';
import type { StormRun } from '../../bench/storm/index.js';

/** Every routed notification (as many as the requirement routes) delivered or overtaken by a newer state. */
export function expectNothingLost(storm: StormRun, requiredCount: number): void {
  expect(storm.account.routed).toBe(requiredCount);
  // Per (alarm, target) nothing older than what was already sent goes out (the accounting checks each one).
  expect(storm.account.delivered + storm.account.superseded).toBe(requiredCount);
  expect(storm.account.lost).toBe(0);
  expect(storm.account.deadLettered).toBe(0);
  expect(storm.account.problems).toEqual([]);
}

export function expectNothingTwice(storm: StormRun): void {
  expect(storm.account.duplicates).toBe(0);
  expect(storm.account.unexpected).toBe(0);
}

/** At most one accepted post a second on each Slack webhook, counted from what the stand-in received. */
export function expectSlackPaced(storm: StormRun): void {
  expect(storm.account.slackMaxPerSecond).toBeLessThanOrEqual(1);
  for (const webhook of new Set(storm.received.slack.map((r) => r.webhook))) {
    const accepted = storm.received.slack.filter((r) => r.webhook === webhook && r.status === 200).map((r) => r.at);
    expect(maxInWindow(accepted, 1_000)).toBeLessThanOrEqual(1);
  }
}
