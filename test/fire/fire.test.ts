import { describe, expect, it } from 'vitest';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fireAll, summaryTable, type FireDeps, type FireOutcome } from '../../src/fire/fire.js';
import { planFire, type FirePlan } from '../../src/fire/plan.js';
import type { Clock } from '../../src/fire/watch.js';
import { fakeClock, fakeCloudWatch, fakeSqs, metricAlarm, type FakeAlarm } from './fake-aws.js';

/**
 * `ohmycoins-staging-rds-storage-low` (critical; in staging it goes to #alerts-staging through the Slack queue).
 * The fake history shows a state change 7 s after it was made; the fake clock moves only when the fire sleeps.
 */
const NAME = 'ohmycoins-staging-rds-storage-low';
const SLACK_QUEUE = 'ohmycoins-staging-alerts-slack';
const DLQ = 'ohmycoins-staging-alerts-dead-letter';

const plan = (...extra: string[]): FirePlan => planFire(['--stage', 'staging', '--alarm', 'rds-storage-low', ...extra]);

interface World {
  deps: FireDeps;
  lines: string[];
  setCalls: Array<{ AlarmName?: string; StateValue?: string; StateReason?: string }>;
  clock: Clock & { slept: number[] };
}

function world(o: { alarms?: FakeAlarm[]; queues?: Record<string, number[]>; deps?: Partial<FireDeps> } = {}): World {
  const clock = fakeClock();
  const { setCalls } = fakeCloudWatch(clock, o.alarms ?? [{ alarm: metricAlarm(NAME, 'critical') }]);
  fakeSqs(o.queues ?? { [SLACK_QUEUE]: [0], [DLQ]: [0] });
  const lines: string[] = [];
  const deps: FireDeps = {
    cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
    sqs: new SQSClient({ region: 'eu-west-1' }),
    clock,
    print: (l) => lines.push(l),
    user: 'alice',
    ...o.deps,
  };
  return { deps, lines, setCalls, clock };
}

const states = (w: World) => w.setCalls.map((c) => c.StateValue);

/** The one alarm the plan names, fired as `npm run fire` fires it. */
async function fireOne(p: FirePlan, deps: FireDeps): Promise<FireOutcome> {
  expect(p.alarms).toHaveLength(1);
  const [outcome] = await fireAll(p, deps);
  return outcome!;
}

/** The state reason of alice's test fire at T0. */
const ALICE_AT_T0 = 'Test fire by alice at 2024-05-14T10:00:00.000Z (npm run fire): not a real incident. State ALARM set by hand.';

describe('the state reason of a test fire', () => {
  it('says it is a test, by whom and when, and so does the reset to OK', async () => {
    const w = world();
    await fireOne(plan('--wait'), w.deps);
    expect(w.setCalls.map((c) => c.StateReason)).toEqual([
      'Test fire by alice at 2024-05-14T10:00:00.000Z (npm run fire): not a real incident. State ALARM set by hand.',
      'Test fire by alice: set back to OK at 2024-05-14T10:00:30.000Z (npm run fire).',
    ]);
  });
});

describe('a test fire without --wait', () => {
  it('sets the alarm to ALARM with a reason naming the test, and leaves it there', async () => {
    const w = world();
    const outcome = await fireOne(plan(), w.deps);
    expect(w.setCalls).toEqual([{ AlarmName: NAME, StateValue: 'ALARM', StateReason: ALICE_AT_T0 }]);
    expect(outcome).toMatchObject({ result: 'fired', alarmName: NAME });
  });

  it('says that CloudWatch will re-evaluate the alarm at its next period and how to end it now', async () => {
    const w = world();
    await fireOne(plan(), w.deps);
    expect(w.lines).toContainEqual(expect.stringMatching(/stays in ALARM until CloudWatch evaluates it again at its next period \(every \d+ s\)/));
    expect(w.lines).toContainEqual(expect.stringContaining('npm run fire -- --stage staging --alarm rds-storage-low --state OK'));
  });
});

describe('a test fire with --wait', () => {
  it('waits for the ALARM to be published and taken from the queue, sets OK, and waits for that too', async () => {
    const w = world();
    const outcome = await fireOne(plan('--wait'), w.deps);
    expect(states(w)).toEqual(['ALARM', 'OK']);
    expect(outcome).toMatchObject({ result: 'delivered', actions: { ALARM: { ok: 1, expected: 1 }, OK: { ok: 1, expected: 1 } } });
    expect(outcome.detail).toContain('look for it in #alerts-staging');
  });

  it('prints each step with the time since the start', async () => {
    const w = world();
    await fireOne(plan('--wait'), w.deps);
    expect(w.lines.slice(0, 6)).toEqual([
      '[+  0.0s] rds-storage-low: reading ohmycoins-staging-rds-storage-low (critical; its ALARM goes to #alerts-staging)',
      '[+  0.0s] rds-storage-low: now OK since 2024-05-13T08:00:00.000Z; actions enabled; ALARM notifies ohmycoins-staging-alerts-critical, OK notifies ohmycoins-staging-alerts-critical',
      `[+  0.0s] rds-storage-low: set ALARM: "${ALICE_AT_T0}"`,
      '[+ 10.0s] rds-storage-low: CloudWatch recorded the change: Alarm updated from OK to ALARM',
      '[+ 10.0s] rds-storage-low: SNS accepted the notification on ohmycoins-staging-alerts-critical',
      '[+ 15.0s] rds-storage-low: queue ohmycoins-staging-alerts-slack is empty: its notifier has taken the message',
    ]);
    expect(w.lines).toContainEqual(expect.stringMatching(/^\[\+ 30\.0s\] rds-storage-low: set OK: "Test fire by alice: set back to OK at 2024-05-14T10:00:30\.000Z/));
    expect(w.lines).toContainEqual(expect.stringMatching(/^note: CloudWatch evaluates the alarm again at its next period \(every \d+ s\) and may change it/));
  });

  it('gives the notifier functions the settle time after CloudWatch published, however fast the queue empties', async () => {
    const w = world();
    await fireOne(plan('--wait', '--settle', '20'), w.deps);
    expect(w.lines).toContainEqual(expect.stringMatching(/rds-storage-low: giving the notifier functions 15 s more$/));
  });

  it('explains the settle time by PagerDuty where the alarm pages', async () => {
    const name = 'ohmycoins-production-rds-storage-low';
    const production = planFire(['--stage', 'production', '--alarm', 'rds-storage-low', '--wait', '--yes-page-production']);
    const w = world({
      alarms: [{ alarm: metricAlarm(name, 'critical', 'production') }],
      queues: { 'ohmycoins-production-alerts-slack': [0], 'ohmycoins-production-alerts-email': [0], 'ohmycoins-production-alerts-dead-letter': [0] },
    });
    const outcome = await fireOne(production, w.deps);
    expect(w.lines).toContainEqual(expect.stringContaining("more (PagerDuty's is invoked by SNS directly: no queue to watch)"));
    expect(w.lines.filter((l) => l.includes('is empty: its notifier has taken the message'))).toHaveLength(4);
    expect(outcome.detail).toContain('look for it in pagerduty:ohmycoins-production, #alerts-critical, ohmycoins-production-alerts-email');
  });

  it('fails when an alarm action failed, and still sets the alarm back to OK', async () => {
    const w = world({ alarms: [{ alarm: metricAlarm(NAME, 'critical'), actionOutcome: 'fail' }] });
    const outcome = await fireOne(plan('--wait'), w.deps);
    expect(outcome.result).toBe('failed');
    expect(outcome.detail).toContain('an alarm action failed (Failed to execute action arn:aws:sns:eu-west-1:123456789012:ohmycoins-staging-alerts-critical. Reason: AuthorizationError)');
    expect(w.lines).toContainEqual(expect.stringContaining('FAILED: Failed to execute action'));
    expect(states(w)).toEqual(['ALARM', 'OK']);
  });

  it('gives up after the timeout when no action is reported, and sets the alarm back to OK', async () => {
    const w = world({ alarms: [{ alarm: metricAlarm(NAME, 'critical'), actionOutcome: 'none' }] });
    const outcome = await fireOne(plan('--wait', '--timeout', '60'), w.deps);
    expect(outcome).toMatchObject({ result: 'failed', detail: 'only 0 of 1 alarm actions reported before the timeout' });
    expect(states(w)).toEqual(['ALARM', 'OK']);
    expect(w.clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60_000);
  });

  it('fails when the Slack queue never empties', async () => {
    const w = world({ queues: { [SLACK_QUEUE]: [1], [DLQ]: [0] } });
    const outcome = await fireOne(plan('--wait', '--timeout', '30'), w.deps);
    expect(outcome).toMatchObject({ result: 'failed', detail: `messages still waiting in ${SLACK_QUEUE}` });
  });

  it('fails when the dead-letter queue grew during the fire', async () => {
    const w = world({ queues: { [SLACK_QUEUE]: [0], [DLQ]: [0, 1] } });
    const outcome = await fireOne(plan('--wait'), w.deps);
    expect(outcome).toMatchObject({ result: 'failed' });
    expect(outcome.detail).toBe('the dead-letter queue grew from 0 to 1: a delivery failed (see the notifier logs, then npm run redrive)');
  });

  it('watches no queue a stage does not have, and says so', async () => {
    const w = world({ queues: { [DLQ]: [0] } });
    const outcome = await fireOne(plan('--wait'), w.deps);
    expect(outcome.result).toBe('delivered');
    expect(w.lines).toContainEqual(expect.stringContaining(`queue ${SLACK_QUEUE} does not exist in staging: not watched`));
  });

  it('relies on the settle time alone without SQS access', async () => {
    const w = world({ deps: { sqs: undefined } });
    expect((await fireOne(plan('--wait'), w.deps)).result).toBe('delivered');
  });

  it('stops waiting when interrupted and sets the alarm back to OK', async () => {
    let interrupted = false;
    const w = world({ alarms: [{ alarm: metricAlarm(NAME, 'critical'), actionOutcome: 'none' }], deps: { aborted: () => interrupted } });
    const sleep = w.clock.sleep;
    w.deps.clock = { now: w.clock.now, sleep: async (ms) => { interrupted = true; await sleep(ms); } };
    const outcome = await fireOne(plan('--wait'), w.deps);
    expect(states(w)).toEqual(['ALARM', 'OK']);
    expect(outcome).toMatchObject({ result: 'failed', detail: 'interrupted; the alarm was set back to OK' });
  });

  it('with --state OK: ends an earlier test fire, waits for its delivery, and has nothing to reset', async () => {
    const earlier = 'Test fire by bob at 2024-05-14T09:59:00.000Z (npm run fire): not a real incident. State ALARM set by hand.';
    const w = world({ alarms: [{ alarm: metricAlarm(NAME, 'critical', 'staging', { StateValue: 'ALARM', StateReason: earlier }) }] });
    const outcome = await fireOne(plan('--state', 'OK', '--wait'), w.deps);
    expect(states(w)).toEqual(['OK']);
    expect(outcome).toMatchObject({ result: 'delivered', actions: { OK: { ok: 1, expected: 1 } } });
  });

  it('warns when a maintenance window silences the alarm it fires', async () => {
    const silence = { match: 'rds-*', start: '2024-05-14T09:00:00Z', end: '2024-05-14T11:00:00Z', reason: 'RDS upgrade' };
    const w = world({ deps: { silences: { current: async () => [silence] } } });
    const outcome = await fireOne(plan('--wait'), w.deps);
    expect(w.lines).toContainEqual(expect.stringContaining('warning: maintenance window "rds-*" until 2024-05-14T11:00:00Z: RDS upgrade silences this alarm: its ALARM will be logged, not sent'));
    expect(outcome.detail).toContain('kept the ALARM from being sent');
  });
});

describe('a test fire refuses what would not test anything', () => {
  it('skips an alarm already in ALARM: setting it back to OK would resolve a real alert', async () => {
    const w = world({ alarms: [{ alarm: metricAlarm(NAME, 'critical', 'staging', { StateValue: 'ALARM' }) }] });
    const outcome = await fireOne(plan('--wait'), w.deps);
    expect(outcome).toMatchObject({ result: 'skipped' });
    expect(outcome.detail).toContain('already in ALARM, for real');
    expect(w.setCalls).toEqual([]);
  });

  it('will not set OK on an alarm that is in ALARM for real', async () => {
    const reason = 'Threshold Crossed: 1 out of the last 1 datapoints [1.2 (14/05/24 09:59:00)] was less than the threshold (2.0).';
    const w = world({ alarms: [{ alarm: metricAlarm(NAME, 'critical', 'staging', { StateValue: 'ALARM', StateReason: reason }) }] });
    const outcome = await fireOne(plan('--state', 'OK'), w.deps);
    expect(outcome).toMatchObject({ result: 'skipped' });
    expect(outcome.detail).toContain('setting OK would resolve a real alert');
    expect(w.setCalls).toEqual([]);
  });

  it('skips an alarm whose actions are disabled', async () => {
    const w = world({ alarms: [{ alarm: metricAlarm(NAME, 'critical', 'staging', { ActionsEnabled: false }) }] });
    expect((await fireOne(plan(), w.deps)).detail).toContain('its actions are disabled: CloudWatch would notify nobody');
    expect(w.setCalls).toEqual([]);
  });

  it('skips an alarm with no action for the state', async () => {
    const w = world({ alarms: [{ alarm: metricAlarm(NAME, 'critical', 'staging', { AlarmActions: [] }) }] });
    expect((await fireOne(plan(), w.deps)).detail).toBe('it has no ALARM action: CloudWatch would notify nobody');
  });

  it('fails with a hint when the alarm is not deployed', async () => {
    const w = world({ alarms: [] });
    expect((await fireOne(plan(), w.deps)).detail).toBe(
      `no CloudWatch alarm named ${NAME} in eu-west-1: is the staging stack deployed?`,
    );
  });
});

describe('fireAll', () => {
  const all = planFire(['--stage', 'staging', '--all']);
  const deployed = (): FakeAlarm[] => all.alarms.map((d) => ({ alarm: metricAlarm(`ohmycoins-staging-${d.id}`, d.severity) }));

  it('fires every enabled alarm one at a time, each back to OK before the next', async () => {
    const w = world({ alarms: deployed() });
    const outcomes = await fireAll(all, w.deps);
    expect(outcomes.map((o) => o.id)).toEqual(all.alarms.map((d) => d.id));
    expect(outcomes.every((o) => o.result === 'delivered')).toBe(true);
    expect(w.setCalls.map((c) => `${c.AlarmName}:${c.StateValue}`)).toEqual(
      all.alarms.flatMap((d) => [`ohmycoins-staging-${d.id}:ALARM`, `ohmycoins-staging-${d.id}:OK`]),
    );
  });

  it('goes on after an alarm that fails, and reports it', async () => {
    const alarms = deployed().filter((a) => a.alarm.AlarmName !== 'ohmycoins-staging-alb-5xx');
    const w = world({ alarms });
    const outcomes = await fireAll(all, w.deps);
    expect(outcomes.find((o) => o.id === 'alb-5xx')).toMatchObject({ result: 'failed' });
    expect(outcomes.filter((o) => o.result === 'delivered')).toHaveLength(all.alarms.length - 1);
  });
});

describe('summaryTable', () => {
  it('has a row per alarm with its action counts and time, and the totals', () => {
    const outcomes: FireOutcome[] = [
      { id: 'alb-5xx', alarmName: 'a', severity: 'critical', result: 'delivered', detail: 'ok', seconds: 61.25, actions: { ALARM: { ok: 1, expected: 1 }, OK: { ok: 1, expected: 1 } } },
      { id: 'redis-hit-rate-low', alarmName: 'b', severity: 'info', result: 'skipped', detail: 'already in ALARM, for real', seconds: 0.4, actions: {} },
    ];
    expect(summaryTable(outcomes)).toBe(
      [
        'alarm               severity  result     ALARM  OK   time   detail',
        'alb-5xx             critical  delivered  1/1    1/1  61.3s  ok',
        'redis-hit-rate-low  info      skipped    -      -    0.4s   already in ALARM, for real',
        '',
        '2 alarm(s): 1 delivered, 0 fired without waiting, 1 skipped, 0 failed',
      ].join('\n'),
    );
  });
});
