/**
 * An outage, on the simulated clock of the storm simulation (bench/storm): a destination answers 500 for 60
 * minutes while 20 critical alarms fire and 10 of them recover. Nobody runs redrive: once the destination answers
 * again, everything must converge by itself — every still-open alarm triggered once, every recovered one ends
 * resolved, nothing out of order, nothing in the dead-letter queue.
 */
import { describe, expect, it } from 'vitest';
import { runStorm, type StormRun } from '../../bench/storm/index.js';
import { outageMessages, type StormMessage } from '../../bench/storm/scenario.js';

const MINUTE = 60_000;
const OUTAGE = { fromMs: 0, toMs: 60 * MINUTE };
const SHAPE = { seed: 20_241_201, alarms: 20, recovering: 10, fireWithinMs: 10 * MINUTE, recoverFromMs: 20 * MINUTE, recoverToMs: 40 * MINUTE };
const messages = outageMessages(SHAPE);
const arnOf = (m: StormMessage) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${m.alarm.name}`;
const recovered = new Set(messages.filter((m) => m.state === 'OK').map((m) => m.alarm.name));
const storm = (destination: 'pagerduty' | 'slack') =>
  runStorm({ messages, outage: { destination, ...OUTAGE }, shape: { seed: SHAPE.seed, alarms: 20, notifications: 30, flapping: 0, withinMs: 0, duplicateRate: 0.05, duplicateDelayMaxMs: 3_000 } });

describe('PagerDuty down for 60 minutes while 20 critical alarms fire and 10 recover', () => {
  let run: StormRun;
  it('runs to the end with nothing left waiting', async () => {
    run = await storm('pagerduty');
    expect(messages.filter((m) => m.state === 'ALARM')).toHaveLength(20);
    expect(recovered.size).toBe(10);
    expect(run.stuckTimers).toBe(0);
  }, 120_000);

  it('leaves nothing in the dead-letter queue and needed nobody', () => {
    expect(run.account.deadLettered).toBe(0);

  });

  it('accepts nothing during the outage, and everything within 2 minutes of its end', () => {
    const accepted = run.received.pagerDuty.filter((r) => r.status === 202);
    expect(accepted.every((r) => r.at >= OUTAGE.toMs && r.at < OUTAGE.toMs + 2 * MINUTE)).toBe(true);
  });

  it('triggers every still-open alarm once, and leaves every recovered one resolved, in order', () => {
    const accepted = run.received.pagerDuty.filter((r) => r.status === 202);
    for (const m of messages.filter((x) => x.state === 'ALARM')) {
      const events = accepted.filter((r) => r.body.dedup_key === arnOf(m)).map((r) => r.body.event_action);
      if (recovered.has(m.alarm.name)) {
        // Resolved at the end: a trigger may only come before its resolve, never after it.
        expect(events.at(-1), m.alarm.name).toBe('resolve');
        expect(events.filter((e) => e === 'resolve'), m.alarm.name).toHaveLength(1);
      } else {
        expect(events, m.alarm.name).toEqual(['trigger']);
      }
    }
  });
});

describe('Slack down for 60 minutes while 20 critical alarms fire and 10 recover', () => {
  let run: StormRun;
  it('runs to the end with nothing left waiting', async () => {
    run = await storm('slack');
    expect(run.stuckTimers).toBe(0);
  }, 120_000);

  it('leaves nothing in the dead-letter queue and needed nobody', () => {
    expect(run.account.deadLettered).toBe(0);

  });

  it('posts within 2 minutes of the end, and shows each alarm last in its latest state', () => {
    const posted = run.received.slack.filter((r) => r.status === 200);
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.every((r) => r.at >= OUTAGE.toMs && r.at < OUTAGE.toMs + 2 * MINUTE)).toBe(true);
    const text = (r: (typeof posted)[number]) => JSON.stringify(r.body);
    for (const name of new Set(messages.map((m) => m.alarm.name))) {
      const last = posted.filter((r) => text(r).includes(name)).at(-1);
      expect(last, `${name} reached Slack`).toBeDefined();
    }
  });

  it('still paged every alarm at once, PagerDuty being up', () => {
    const triggers = run.received.pagerDuty.filter((r) => r.body.event_action === 'trigger');
    for (const m of messages.filter((x) => x.state === 'ALARM')) {
      const page = triggers.find((r) => r.body.dedup_key === arnOf(m));
      expect(page && page.at - m.publishedAt, m.alarm.name).toBeLessThan(10_000);
    }
  });
});

