/**
 * Slack pacing (issue 11): posts to one channel leave one per second, and only requests really made count.
 * An attempt abandoned while it waited for its turn spends no slot, so the next post waits only on the last
 * request that reached Slack. Time is a virtual clock: nothing here waits for real seconds.
 */
import { describe, expect, it } from 'vitest';
import { endpointPolicy } from '../../src/config/endpoints.js';
import { envSecrets } from '../../src/config/secrets.js';
import type { Notification } from '../../src/model/prepared.js';
import { slackNotifier } from '../../src/destinations/slack/notifier.js';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import { runPerTest, type Run } from './harness.js';

let run: Run;
runPerTest((r) => {
  run = r;
});

/** A clock that moves only when the test says; sleeps are recorded and settle when the clock reaches them. */
function virtualClock() {
  let t = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: (ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        sleeps.push(ms);
        const timer = { at: t + ms, wake: resolve };
        timers.push(timer);
        signal.addEventListener('abort', () => (timers.splice(timers.indexOf(timer), 1), reject(signal.reason)), { once: true });
      }),
    async advance(ms: number) {
      t += ms;
      for (const timer of timers.filter((x) => x.at <= t)) (timers.splice(timers.indexOf(timer), 1), timer.wake());
    },
  };
}

/** Waits (on no clock) until `done` holds: the event loop turns until the work under test gets there. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

const post = (text: string): Notification<SlackMessage> => ({
  route: { destination: 'slack', target: 'alerts' },
  digest: false,
  sources: [],
  target: '#alerts',
  payload: { text },
});

const texts = () => run.slack.requests.map((r) => (r.body as SlackMessage).text);

describe('Slack pacing', () => {
  it('spaces posts to one channel a second apart, in the order they were asked for', async () => {
    const clock = virtualClock();
    const slack = slackNotifier(envSecrets(run.env), endpointPolicy(run.env), { minIntervalMs: 1_000, now: clock.now, sleep: clock.sleep });
    const sends = ['one', 'two', 'three'].map((t) => slack.send(post(t), new AbortController().signal));
    await run.slack.received(1);
    await until(() => clock.sleeps.length === 1);
    expect(texts()).toEqual(['one']);
    await clock.advance(1_000);
    await run.slack.received(2);
    await until(() => clock.sleeps.length === 2);
    expect(texts()).toEqual(['one', 'two']);
    await clock.advance(1_000);
    await Promise.all(sends);
    expect(texts()).toEqual(['one', 'two', 'three']);
    expect(clock.sleeps).toEqual([1_000, 1_000]);
  });

  it('spends no slot on an attempt abandoned while it waited', async () => {
    const clock = virtualClock();
    const slack = slackNotifier(envSecrets(run.env), endpointPolicy(run.env), { minIntervalMs: 1_000, now: clock.now, sleep: clock.sleep });
    await slack.send(post('sent at 0 s'), new AbortController().signal);

    // Five attempts queue behind it and are all abandoned before their turn (their attempt timed out).
    const abandoned = Array.from({ length: 5 }, () => new AbortController());
    const waiting = abandoned.map((c, i) => slack.send(post(`abandoned ${i}`), c.signal).catch((e: unknown) => e));
    await until(() => clock.sleeps.length === 1);
    await clock.advance(200);
    for (const c of abandoned) c.abort(new Error('timed out'));
    expect(await Promise.all(waiting)).toEqual(abandoned.map(() => new Error('timed out')));

    // The next post waits only for the second after the one request made, not behind five phantom slots.
    const next = slack.send(post('next'), new AbortController().signal);
    await until(() => clock.sleeps.length === 2);
    expect(clock.sleeps).toEqual([1_000, 800]);
    await clock.advance(800);
    await next;
    expect(texts()).toEqual(['sent at 0 s', 'next']);
  });

  it('lets a post 3 s after the last request go at once', async () => {
    const clock = virtualClock();
    const slack = slackNotifier(envSecrets(run.env), endpointPolicy(run.env), { minIntervalMs: 1_000, now: clock.now, sleep: clock.sleep });
    await slack.send(post('first'), new AbortController().signal);
    const gaveUp = new AbortController();
    const queued = slack.send(post('given up'), gaveUp.signal).catch(() => 'gave up');
    gaveUp.abort(new Error('delivery abandoned'));
    expect(await queued).toBe('gave up');
    await clock.advance(3_000);
    const sleepsBefore = clock.sleeps.length;
    await slack.send(post('3 s later'), new AbortController().signal);
    expect(clock.sleeps.length).toBe(sleepsBefore);
    expect(texts()).toEqual(['first', '3 s later']);
  });

  it('refuses at once an attempt whose signal is already aborted, without a request', async () => {
    const clock = virtualClock();
    const slack = slackNotifier(envSecrets(run.env), endpointPolicy(run.env), { minIntervalMs: 1_000, now: clock.now, sleep: clock.sleep });
    const aborted = new AbortController();
    aborted.abort(new Error('too late'));
    await expect(slack.send(post('never'), aborted.signal)).rejects.toThrow('too late');
    await slack.send(post('first real'), new AbortController().signal);
    expect(clock.sleeps).toEqual([]);
    expect(texts()).toEqual(['first real']);
  });

  it('keeps channels apart: a post to another channel never waits on this one', async () => {
    const clock = virtualClock();
    const slack = slackNotifier(envSecrets(run.env), endpointPolicy(run.env), { minIntervalMs: 1_000, now: clock.now, sleep: clock.sleep });
    await slack.send(post('alerts'), new AbortController().signal);
    await slack.send({ ...post('critical'), route: { destination: 'slack', target: 'alerts-critical' } }, new AbortController().signal);
    expect(clock.sleeps).toEqual([]);
    expect(run.slack.postsTo('alerts-critical')).toHaveLength(1);
  });
});
