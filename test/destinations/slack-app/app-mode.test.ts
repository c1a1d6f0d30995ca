/**
 * Issue 12, Slack app mode: ALARM, OK, ALARM (a flap), OK of one alarm make one parent message, updated each
 * time, with the state changes in its thread, as the Web API stand-in's record shows; with the stored ts gone,
 * or the message gone from Slack, a new message is posted instead. Through the real handler, fed by its queue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackAppDestination } from '../../../src/destinations/slack-app/index.js';
import { memoryThreads } from '../../../src/destinations/slack-app/threads.js';
import { notifierHandler, wiringFromEnv } from '../../../src/handlers/runtime.js';
import { recordingLog, viaSqs } from '../../delivery/harness.js';
import { startSlackApiStandIn, type SlackApiStandIn } from '../../support/slack-api-stand-in.js';
import { APP, CHANNEL, FLAP, NO_PACING, TOKEN, change } from './support.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const QUEUE = 'ohmycoins-production-alerts-slack-app';

let slack: SlackApiStandIn;
let threads: ReturnType<typeof memoryThreads>;
let invoke: (event: ReturnType<typeof change>) => Promise<unknown>;
let log: ReturnType<typeof recordingLog>;

beforeEach(async () => {
  slack = await startSlackApiStandIn({ token: TOKEN, member: [CHANNEL] });
  threads = memoryThreads();
  log = recordingLog();
  const destination = slackAppDestination(APP, { pacing: NO_PACING, threads: () => threads });
  const env = { STAGE: 'production', SLACK_API_URL: slack.apiUrl, SLACK_APP_BOT_TOKEN: TOKEN, ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true' };
  const handler = notifierHandler(destination, wiringFromEnv(destination, env, log));
  invoke = (event) => handler(viaSqs(event, QUEUE));
});
afterEach(async () => slack.close());

const methods = () => slack.calls.map((c) => c.method);
// Slack's `text` of our messages starts with the state's emoji and word: "🔴 ALARM [critical] …", "✅ Resolved [critical] …".
const stateOf = (text: string) => text.split(' ')[1];

describe('one incident, one message', () => {
  it('ALARM, OK, ALARM, OK: one parent, updated three times, the changes in its thread', async () => {
    for (const next of FLAP) expect(await invoke(next())).toEqual({ batchItemFailures: [] });

    const parents = slack.parents(CHANNEL);
    expect(parents).toHaveLength(1);
    const [parent] = parents;
    expect(parent!.edits).toBe(3);
    // It shows the current state: the last change was OK.
    expect(stateOf(parent!.text)).toBe('Resolved');

    const replies = slack.thread(CHANNEL, parent!.ts);
    // The detail under the first post, then each later change: OK, ALARM, OK.
    expect(replies.map((r) => (r.text.startsWith('Details:') ? 'detail' : stateOf(r.text)))).toEqual(['detail', 'Resolved', 'ALARM', 'Resolved']);
    expect(methods()).toEqual([
      'chat.postMessage', 'chat.postMessage',
      'chat.update', 'chat.postMessage',
      'chat.update', 'chat.postMessage',
      'chat.update', 'chat.postMessage',
    ]);
    // The parent is the webhook message's top part: the detail (CloudWatch's reason) is only in the thread.
    expect(JSON.stringify(parent!.attachments)).not.toContain('CloudWatch:');
    expect(JSON.stringify(replies[0]!.blocks)).toContain('CloudWatch:');
    // Each later change says what CloudWatch said of it; the metric and dimensions are not repeated under it.
    for (const later of replies.slice(1).map((r) => JSON.stringify(r.blocks))) {
      expect(later).toContain('CloudWatch:');
      expect(later).not.toContain('Metric:');
      expect(later).not.toContain('Dimensions:');
    }
    expect(slack.calls.every((c) => c.token === TOKEN)).toBe(true);
  });

  it('posts a new message when the stored ts is gone (expired or lost), and updates that one from then on', async () => {
    await invoke(FLAP[0]!());
    threads.refs.clear();
    await invoke(FLAP[1]!());
    await invoke(FLAP[2]!());

    const [first, second] = slack.parents(CHANNEL);
    expect(slack.parents(CHANNEL)).toHaveLength(2);
    expect([stateOf(first!.text), first!.edits]).toEqual(['ALARM', 0]);
    expect([stateOf(second!.text), second!.edits]).toEqual(['ALARM', 1]);
    expect(slack.thread(CHANNEL, second!.ts).map((r) => (r.text.startsWith('Details:') ? 'detail' : stateOf(r.text)))).toEqual(['detail', 'ALARM']);
  });

  it.each(['message_not_found', 'cant_update_message', 'edit_window_closed'])(
    'posts a new message when Slack answers chat.update %s: an update is never worth a lost notification',
    async (error) => {
      await invoke(FLAP[0]!());
      slack.fail('chat.update', error);
      expect(await invoke(FLAP[1]!())).toEqual({ batchItemFailures: [] });

      expect(slack.parents(CHANNEL).map((m) => stateOf(m.text))).toEqual(['ALARM', 'Resolved']);
      expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update', 'chat.postMessage', 'chat.postMessage']);
      expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.fields.slackError)).toContain(error);
    },
  );

  it('posts a new message when the message was deleted in Slack', async () => {
    await invoke(FLAP[0]!());
    slack.remove(CHANNEL, slack.parents(CHANNEL)[0]!.ts);
    await invoke(FLAP[1]!());
    expect(slack.parents(CHANNEL).map((m) => [stateOf(m.text), m.edits])).toEqual([['Resolved', 0]]);
  });
});

describe('a change tried again after its attempt failed half-way', () => {
  const shape = (ts: string) => slack.thread(CHANNEL, ts).map((r) => (r.text.startsWith('Details:') ? 'detail' : stateOf(r.text)));

  it('the opening ALARM, its detail refused: tried again, the detail goes into the thread, no second message', async () => {
    slack.fail('chat.postMessage', 'internal_error', 1); // the parent goes out, the detail meets Slack's trouble
    expect(await invoke(FLAP[0]!())).toEqual({ batchItemFailures: [] });

    const parents = slack.parents(CHANNEL);
    expect(parents.map((m) => [stateOf(m.text), m.edits])).toEqual([['ALARM', 0]]);
    expect(shape(parents[0]!.ts)).toEqual(['detail']);
    expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.postMessage']);
  });

  it('a later OK, its reply refused: tried again, the reply goes into the thread, the message not rewritten twice', async () => {
    await invoke(FLAP[0]!());
    slack.fail('chat.postMessage', 'internal_error'); // the rewrite goes out, the reply meets Slack's trouble
    expect(await invoke(FLAP[1]!())).toEqual({ batchItemFailures: [] });

    const parents = slack.parents(CHANNEL);
    expect(parents.map((m) => [stateOf(m.text), m.edits])).toEqual([['Resolved', 1]]);
    expect(shape(parents[0]!.ts)).toEqual(['detail', 'Resolved']);
    expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update', 'chat.postMessage', 'chat.postMessage']);
  });
});

describe('an ALARM after the incident was resolved', () => {
  // FLAP[1] resolves the incident at 09:59:27.
  it('within the hour (a flap): updates the same message and replies in its thread', async () => {
    await invoke(FLAP[0]!());
    await invoke(FLAP[1]!());
    await invoke(change('ALARM', '2024-05-14T10:58:00.000Z', 'refire-within-the-hour'));

    expect(slack.parents(CHANNEL).map((m) => [stateOf(m.text), m.edits])).toEqual([['ALARM', 2]]);
  });

  it('after a quiet hour: a new incident, a new message at the bottom of the channel', async () => {
    await invoke(FLAP[0]!());
    await invoke(FLAP[1]!());
    await invoke(change('ALARM', '2024-05-14T11:00:00.000Z', 'refire-after-the-hour'));

    const [resolved, reopened] = slack.parents(CHANNEL);
    expect(slack.parents(CHANNEL)).toHaveLength(2);
    expect([stateOf(resolved!.text), resolved!.edits]).toEqual(['Resolved', 1]);
    expect([stateOf(reopened!.text), reopened!.edits]).toEqual(['ALARM', 0]);
    expect(slack.thread(CHANNEL, reopened!.ts).map((r) => (r.text.startsWith('Details:') ? 'detail' : stateOf(r.text)))).toEqual(['detail']);

    // Its OK then updates the new message, not the old one.
    await invoke(change('OK', '2024-05-14T11:20:00.000Z', 'refire-resolved'));
    expect(slack.parents(CHANNEL).map((m) => [stateOf(m.text), m.edits])).toEqual([['Resolved', 1], ['Resolved', 1]]);
  });
});

describe('a set-up problem', () => {
  it('is dead-lettered at once (the pipeline alarms on its dead-letter queue), with the fix in the log', async () => {
    slack.fail('chat.postMessage', 'not_in_channel');
    await invoke(FLAP[0]!());
    const letters = log.entries.filter((e) => e.message === 'DRY RUN: would dead-letter').map((e) => e.fields.deadLetter as { permanent: boolean; reason: string; destination: string });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ permanent: true, destination: 'slack-app:alerts-critical' });
    expect(letters[0]!.reason).toContain('not_in_channel');
    expect(log.entries.some((e) => e.level === 'error' && e.message.startsWith('Slack app cannot post to #alerts-critical: not_in_channel: the bot is not a member'))).toBe(true);
    expect(slack.parents(CHANNEL)).toEqual([]);
  });
});
