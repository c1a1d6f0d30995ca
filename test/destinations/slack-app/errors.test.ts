/**
 * What Slack answers besides "ok", and what the notifier makes of it: a set-up problem (the bot not invited, a
 * wrong channel ID, a bad token, a missing scope) is a clear log line and a permanent failure (dead-lettered,
 * which raises the pipeline's dead-letter alarm); a 429 is tried again after Slack's Retry-After, by our retry
 * stage, not the client's; nothing leaves for any address but the stand-in's on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackAppDestination } from '../../../src/destinations/slack-app/index.js';
import { checkSlackApiUrl } from '../../../src/destinations/slack-app/endpoint.js';
import type { SlackAppMessage } from '../../../src/destinations/slack-app/format.js';
import { slackAppNotifier } from '../../../src/destinations/slack-app/notifier.js';
import { memoryThreads } from '../../../src/destinations/slack-app/threads.js';
import type { Notification } from '../../../src/model/prepared.js';
import { httpFetch, type HttpSend } from '../../../src/notify/http.js';
import { withRetry } from '../../../src/notify/retry.js';
import { DeliveryError } from '../../../src/notify/types.js';
import { quietLog } from '../../../src/model/log.js';
import { recordingLog } from '../../delivery/harness.js';
import { startSlackApiStandIn, type SlackApiStandIn } from '../../support/slack-api-stand-in.js';
import { CHANNEL, NO_PACING, TOKEN } from './support.js';

const message = (channel = CHANNEL): SlackAppMessage => ({
  channel,
  channelName: '#alerts-critical',
  incident: { alarmKey: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-ecs-cpu-high', state: 'ALARM', stateChangeTime: '2024-05-14T09:42:27.394+0000' },
  parent: { text: '🔴 ALARM [critical] Backend CPU high — production' },
  detail: { text: 'Details: Metric: AWS/ECS CPUUtilization' },
});
const notification = (payload: SlackAppMessage) => ({ route: { destination: 'slack-app', target: 'alerts-critical' }, digest: false, sources: [], target: '#alerts-critical', payload }) as Notification<SlackAppMessage>;

let slack: SlackApiStandIn;
let urls: string[];
let log: ReturnType<typeof recordingLog>;
const guarded: HttpSend = (url, init) => {
  urls.push(String(url));
  return httpFetch(url, init);
};
const notifier = (token = TOKEN) =>
  slackAppNotifier({ secrets: { get: async () => token }, apiUrl: slack.apiUrl, threads: memoryThreads(), log, http: guarded, pacing: NO_PACING });
const failureOf = async (send: Promise<unknown>) => {
  const error = await send.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
};
const signal = () => new AbortController().signal;

beforeEach(async () => {
  // #alerts-critical exists, but the bot was never invited to the second channel.
  slack = await startSlackApiStandIn({ token: TOKEN, member: [CHANNEL], known: ['C0NOTINVITED'] });
  urls = [];
  log = recordingLog();
});
afterEach(async () => {
  // Nothing went anywhere but the stand-in.
  expect(urls.every((u) => new URL(u).hostname === '127.0.0.1')).toBe(true);
  await slack.close();
});

describe('set-up problems people will meet', () => {
  const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
    ['not_in_channel', () => notifier().send(notification(message('C0NOTINVITED')), signal()), /invite it/],
    ['channel_not_found', () => notifier().send(notification(message('C0NOSUCHONE')), signal()), /slackApp\.channels/],
    ['invalid_auth', () => notifier('xoxb-wrong').send(notification(message()), signal()), /Bot User OAuth Token/],
    ['missing_scope', () => (slack.fail('chat.postMessage', 'missing_scope'), notifier().send(notification(message()), signal())), /chat:write/],
  ];
  it.each(cases)('%s: a permanent failure that says what to do, and an error log line', async (error, send, fix) => {
    const failure = await failureOf(send());
    expect(failure.permanent).toBe(true);
    expect(failure.message).toContain(error);
    expect(failure.message).toMatch(fix);
    const logged = log.entries.filter((e) => e.level === 'error');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.message).toMatch(new RegExp(`^Slack app cannot post to #alerts-critical: ${error}: `));
    expect(logged[0]!.fields).toMatchObject({ slackError: error, method: 'chat.postMessage' });
    // The token is never logged.
    expect(JSON.stringify(log.entries)).not.toContain(TOKEN);
  });
});

describe('rate limits', () => {
  it('a 429 is one request, then a transient failure carrying Retry-After', async () => {
    slack.rateLimit('chat.postMessage', 7);
    const failure = await failureOf(notifier().send(notification(message()), signal()));
    expect(failure.permanent).toBe(false);
    expect(failure.details).toEqual({ status: 429, retryAfterMs: 7_000 });
    // The client did not retry by itself: our retry stage decides.
    expect(slack.calls).toHaveLength(1);
  });

  it('our retry stage waits what Slack asked, then the message goes out', async () => {
    slack.rateLimit('chat.postMessage', 7);
    const waits: number[] = [];
    const n = notifier();
    const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, attemptTimeoutMs: 5_000, deadlineMs: 120_000 };
    const outcome = await withRetry((s) => n.send(notification(message()), s).then(() => undefined), policy, { sleep: async (ms) => void waits.push(ms), random: () => 0 });
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    expect(waits).toEqual([7_000]);
    expect(slack.parents(CHANNEL)).toHaveLength(1);
  });

  it('posts to one channel about one per second', async () => {
    let clock = 0;
    const slept: number[] = [];
    const paced = slackAppNotifier({
      secrets: { get: async () => TOKEN },
      apiUrl: slack.apiUrl,
      threads: memoryThreads(),
      log: quietLog,
      http: guarded,
      pacing: { postIntervalMs: 1_000, updateIntervalMs: 1_200, now: () => clock, sleep: async (ms) => void (slept.push(ms), (clock += ms)) },
    });
    // A new incident is two posts (the parent, the detail in its thread): the second waits its second.
    await paced.send(notification(message()), signal());
    expect(slept).toEqual([1_000]);
  });
});

describe('where requests may go', () => {
  it("accepts Slack's own API, and a loopback stand-in only when tests allow it", () => {
    expect(checkSlackApiUrl('https://slack.com/api/', { allowLoopback: false })).toBe('https://slack.com/api/');
    expect(checkSlackApiUrl('https://slack.com/api', { allowLoopback: false })).toBe('https://slack.com/api/');
    expect(() => checkSlackApiUrl('http://127.0.0.1:9/api/', { allowLoopback: false })).toThrow('Slack API URL must be https://slack.com/api/');
    expect(() => checkSlackApiUrl('https://slack.com.example.net/api/', { allowLoopback: false })).toThrow();
    expect(() => checkSlackApiUrl('http://slack.com/api/', { allowLoopback: true })).toThrow();
    expect(checkSlackApiUrl('http://127.0.0.1:9/api/', { allowLoopback: true })).toBe('http://127.0.0.1:9/api/');
  });

  it('refuses at start a function whose SLACK_API_URL is not Slack', () => {
    const d = slackAppDestination();
    const context = (env: NodeJS.ProcessEnv, allowLoopback = false) => ({ env, policy: { allowLoopback }, log: quietLog, secrets: { get: async () => undefined } });
    expect(() => d.checkEnvironment!(context({ SLACK_API_URL: 'http://127.0.0.1:9/api/' }))).toThrow();
    expect(() => d.checkEnvironment!(context({ SLACK_API_URL: 'http://127.0.0.1:9/api/' }, true))).not.toThrow();
    expect(() => d.checkEnvironment!(context({}))).not.toThrow();
  });
});
