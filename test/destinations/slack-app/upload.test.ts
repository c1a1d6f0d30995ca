/**
 * Issue 12, the graph in app mode: the alarm's metric drawn by CloudWatch (a stand-in answering
 * GetMetricWidgetImage with a real PNG, through the real SDK client) and uploaded into the incident's thread with
 * Slack's two-step upload, as the Web API stand-in records it. One graph per thread; whatever fails, the alert is
 * delivered and the thread says why there is no graph. Through the real handler, fed by its queue.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkUploadUrl } from '../../../src/destinations/slack-app/endpoint.js';
import { slackAppDestination } from '../../../src/destinations/slack-app/index.js';
import { memoryThreads } from '../../../src/destinations/slack-app/threads.js';
import { sdkMetricWidgetImages } from '../../../src/enrich/graph.js';
import { notifierHandler, wiringFromEnv } from '../../../src/handlers/runtime.js';
import { recordingLog, viaSqs } from '../../delivery/harness.js';
import { startFakeCloudWatch, type FakeCloudWatch } from '../../support/fake-cloudwatch.js';
import { SMALL_PNG, widgetImageBody } from '../../support/png.js';
import { startSlackApiStandIn, type SlackApiStandIn, type StoredMessage } from '../../support/slack-api-stand-in.js';
import { APP, CHANNEL, FLAP, NO_PACING, TOKEN, change } from './support.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const QUEUE = 'ohmycoins-production-alerts-slack-app';
const TITLE = 'Backend CPU high, last 3 h';

let slack: SlackApiStandIn;
let cloudwatch: FakeCloudWatch;
let log: ReturnType<typeof recordingLog>;
let invoke: (event: ReturnType<typeof change>) => Promise<unknown>;

beforeEach(async () => {
  slack = await startSlackApiStandIn({ token: TOKEN, member: [CHANNEL] });
  cloudwatch = await startFakeCloudWatch();
  cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'ok', body: widgetImageBody() });
  log = recordingLog();
  const client = new CloudWatchClient({ endpoint: cloudwatch.url, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } });
  const threads = memoryThreads();
  const destination = slackAppDestination(APP, {
    pacing: NO_PACING,
    threads: () => threads,
    graphs: () => sdkMetricWidgetImages(client),
    graphPacing: { filesIntervalMs: 0, deadlineMs: 2_000 },
  });
  const env = { STAGE: 'production', SLACK_API_URL: slack.apiUrl, SLACK_APP_BOT_TOKEN: TOKEN, ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true' };
  const handler = notifierHandler(destination, wiringFromEnv(destination, env, log));
  invoke = (event) => handler(viaSqs(event, QUEUE));
});
afterEach(async () => {
  await slack.close();
  await cloudwatch.close();
});

const methods = () => slack.calls.map((c) => c.method);
const stateOf = (text: string) => text.split(' ')[1];
const said = (r: StoredMessage) => (r.text.startsWith('Details:') ? 'detail' : r.text.startsWith('graph ') ? r.text : stateOf(r.text));
const parent = () => slack.parents(CHANNEL)[0]!;
const replies = () => slack.thread(CHANNEL, parent().ts).map(said);
const widgetDraws = () => cloudwatch.requests.filter((r) => r.operation === 'GetMetricWidgetImage');
const warnings = () => log.entries.filter((e) => e.level === 'warn');

describe('the flap: ALARM, OK, ALARM, OK', () => {
  it('one parent, updated each time, the changes in its thread, and exactly one graph there, drawn once', async () => {
    for (const next of FLAP) expect(await invoke(next())).toEqual({ batchItemFailures: [] });

    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(parent().edits).toBe(3);
    expect(stateOf(parent().text)).toBe('Resolved');
    expect(replies()).toEqual(['detail', 'Resolved', 'ALARM', 'Resolved']);

    const files = slack.files(CHANNEL, parent().ts);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ title: TITLE, filename: 'backend-cpu-high-last-3-h.png', length: 73, channel: CHANNEL, thread_ts: parent().ts });
    expect(files[0]!.bytes).toEqual(SMALL_PNG);
    expect(files[0]!.altText).toBe('Backend CPU high, last 3 h: the threshold line and the ALARM time are marked');

    // Drawn for the first ALARM only: the flap's second ALARM finds the thread, which already shows it.
    expect(widgetDraws()).toHaveLength(1);
    const widget = JSON.parse(String(widgetDraws()[0]!.body.MetricWidget)) as { annotations: { horizontal: unknown[]; vertical: unknown[] } };
    expect(widget.annotations.horizontal).toEqual([{ label: 'threshold 80 %', value: 80, color: '#d62728', fill: 'above' }]);
    expect(widget.annotations.vertical).toEqual([{ label: 'ALARM', value: '2024-05-14T09:42:27.394Z', color: '#d62728' }]);

    expect(methods()).toEqual([
      'chat.postMessage', 'chat.postMessage', 'files.getUploadURLExternal', 'files.completeUploadExternal',
      'chat.update', 'chat.postMessage',
      'chat.update', 'chat.postMessage',
      'chat.update', 'chat.postMessage',
    ]);
    // The bytes went to the upload URL Slack answered, without the bot token; the Web API calls carried it.
    expect(slack.uploads.map((u) => [u.fileId, u.bytes.byteLength, u.authorization])).toEqual([[files[0]!.id, 73, undefined]]);
    expect(slack.calls.every((c) => c.token === TOKEN)).toBe(true);
    expect(warnings()).toEqual([]);
  });

  it('an OK that opens a thread (its ALARM never reached us) has no graph and no note about one', async () => {
    await invoke(FLAP[1]!());
    expect(replies()).toEqual(['detail']);
    expect(widgetDraws()).toEqual([]);
    expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage']);
  });
});

describe('when CloudWatch cannot draw it, the alert goes out and the thread says so', () => {
  it('throttled', async () => {
    cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'throttle' });
    expect(await invoke(FLAP[0]!())).toEqual({ batchItemFailures: [] });
    expect(replies()).toEqual(['detail', 'graph not drawn: CloudWatch throttled']);
    expect(slack.files(CHANNEL, parent().ts)).toEqual([]);
    expect(warnings().map((e) => [e.message, e.fields.reason])).toEqual([['CloudWatch call failed during enrichment', 'CloudWatch throttled']]);
  });

  it('hanging: the parent and the detail are posted while it draws; it gives up at the budget (1.5 s)', async () => {
    cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'hang' });
    const delivered = invoke(FLAP[0]!());
    await expect.poll(() => slack.thread(CHANNEL, slack.parents(CHANNEL)[0]?.ts ?? '').length, { timeout: 1_400, interval: 20 }).toBe(1);
    // The alert is in the channel, its detail in the thread, and the drawing is still waiting for CloudWatch.
    expect(widgetDraws()[0]).toMatchObject({ aborted: false });
    expect(await delivered).toEqual({ batchItemFailures: [] });
    expect(replies()).toEqual(['detail', 'graph not drawn: CloudWatch timed out']);
    await expect.poll(() => widgetDraws()[0]!.aborted).toBe(true);
  });
});

describe('when the upload fails, the alert stands delivered and the thread says so', () => {
  it('the upload URL answers HTTP 500', async () => {
    slack.failUpload(500);
    expect(await invoke(FLAP[0]!())).toEqual({ batchItemFailures: [] });
    expect(replies()).toEqual(['detail', 'graph could not be shown: Slack refused the upload (HTTP 500)']);
    expect(slack.files(CHANNEL, parent().ts)).toEqual([]);
    expect(warnings().map((e) => [e.message, e.fields.reason])).toEqual([['Slack graph not uploaded: the notification stands', 'Slack refused the upload (HTTP 500)']]);
  });

  it('files.completeUploadExternal answers ok: false', async () => {
    slack.fail('files.completeUploadExternal', 'file_update_failed');
    expect(await invoke(FLAP[0]!())).toEqual({ batchItemFailures: [] });
    expect(replies()).toEqual(['detail', 'graph could not be shown: Slack answered files.completeUploadExternal file_update_failed']);
  });

  it('files.getUploadURLExternal is rate-limited for longer than the upload may take', async () => {
    slack.rateLimit('files.getUploadURLExternal', 5);
    expect(await invoke(FLAP[0]!())).toEqual({ batchItemFailures: [] });
    expect(replies()).toEqual(['detail', 'graph could not be shown: Slack rate-limited files.getUploadURLExternal (retry after 5 s)']);
    expect(methods().filter((m) => m === 'files.getUploadURLExternal')).toHaveLength(1);
  });

  it('an upload URL that is not Slack’s is refused before a byte is sent to it', async () => {
    slack.uploadUrlBase('https://uploads.example.net/upload');
    expect(await invoke(FLAP[0]!())).toEqual({ batchItemFailures: [] });
    expect(replies()).toEqual(['detail', 'graph could not be shown: Slack upload URL must be https://files.slack.com/…']);
    expect(slack.uploads).toEqual([]);
  });
});

it('a 429 on files.getUploadURLExternal whose Retry-After fits is waited out, and the graph is uploaded', async () => {
  slack.rateLimit('files.getUploadURLExternal', 1);
  expect(await invoke(FLAP[0]!())).toEqual({ batchItemFailures: [] });
  expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage', 'files.getUploadURLExternal', 'files.getUploadURLExternal', 'files.completeUploadExternal']);
  expect(slack.files(CHANNEL, parent().ts).map((f) => f.title)).toEqual([TITLE]);
  expect(replies()).toEqual(['detail']);
});

describe('the upload URL Slack answers', () => {
  const deployed = { allowLoopback: false };
  it('is taken on https://files.slack.com only', () => {
    expect(checkUploadUrl('https://files.slack.com/upload/v1/CwABAAAAXAoAAQ', deployed)).toBe('https://files.slack.com/upload/v1/CwABAAAAXAoAAQ');
    for (const url of ['http://files.slack.com/upload/v1/x', 'https://files.slack.com.example.net/upload', 'https://uploads.example.net/files.slack.com', 'https://files.slack.com:8443/upload', 'not a url']) {
      expect(() => checkUploadUrl(url, deployed), url).toThrow(/Slack upload URL/);
    }
  });

  it('on the loopback interface only under the test policy', () => {
    expect(() => checkUploadUrl('http://127.0.0.1:9/upload/v1/F1', deployed)).toThrow(/must be https:\/\/files.slack.com/);
    expect(checkUploadUrl('http://127.0.0.1:9/upload/v1/F1', { allowLoopback: true })).toBe('http://127.0.0.1:9/upload/v1/F1');
  });
});
