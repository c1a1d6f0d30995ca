import type { SlackMessage } from '../slack/format.js';
import { changeReply, type SlackAppMessage } from './format.js';
import { altTextOf, fileNameOf } from './upload.js';
import { formatStormParent } from './storm-format.js';

/** The Web API requests `render` shows: the token is never printed, the `ts` Slack will give is named. */
export interface AppRequest {
  method: 'POST';
  url: string;
  headers: { authorization: string; 'content-type': 'application/x-www-form-urlencoded' };
  /** Sent form-encoded, `blocks` and `attachments` as JSON, as @slack/web-api sends them. */
  body: Record<string, unknown>;
}

const REDACTED_TOKEN = 'Bearer <redacted>';
const PARENT_TS = '<ts of the incident message>';
const STORM_TS = '<ts of the storm message>';

function request(apiUrl: string, method: string, body: Record<string, unknown>): AppRequest {
  return { method: 'POST', url: `${apiUrl}${method}`, headers: { authorization: REDACTED_TOKEN, 'content-type': 'application/x-www-form-urlencoded' }, body };
}

const post = (apiUrl: string, channel: string, m: SlackMessage, threadTs?: string) =>
  request(apiUrl, 'chat.postMessage', { channel, ...m, ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false, unfurl_media: false });

const UPLOAD_URL = '<upload_url from files.getUploadURLExternal>';

/**
 * The graph's way into a new thread: CloudWatch draws it (unless it was drawn ahead), then Slack's two-step
 * upload. The PNG is shown by its size; before it is drawn, its size is named.
 */
function graphRequests(apiUrl: string, m: SlackAppMessage) {
  const { graph, graphRequest } = m;
  const title = graph?.title ?? graphRequest?.title;
  if (!title || (graph && 'missing' in graph)) return undefined;
  const png = graph && 'png' in graph ? graph.png : undefined;
  const length = png ? png.byteLength : '<bytes of the PNG CloudWatch draws>';
  return [
    ...(graphRequest && !png ? [{ operation: 'cloudwatch:GetMetricWidgetImage', input: { MetricWidget: JSON.parse(graphRequest.metricWidget) as unknown, OutputFormat: 'png' } }] : []),
    request(apiUrl, 'files.getUploadURLExternal', { filename: fileNameOf(title), length, alt_txt: altTextOf(title) }),
    { method: 'POST', url: UPLOAD_URL, headers: { 'content-type': 'image/png' }, body: png ? `<PNG, ${png.byteLength} bytes>` : '<PNG>' },
    request(apiUrl, 'files.completeUploadExternal', { files: [{ id: '<file_id from files.getUploadURLExternal>', title }], channel_id: m.channel, thread_ts: PARENT_TS }),
  ];
}

/**
 * What the notifier sends: for an alarm without a message yet (or whose message Slack no longer has), the parent
 * and the detail in its thread; for an alarm that has one, the parent rewritten and the change replied in its thread.
 * For a storm digest: the storm's message and the digest in its thread, or the storm's message rewritten and the
 * digest replied in its thread.
 */
export function appRequests(m: SlackAppMessage, apiUrl: string) {
  const opening = [post(apiUrl, m.channel, m.parent), ...(m.detail ? [post(apiUrl, m.channel, m.detail, PARENT_TS)] : [])];
  if (m.storm) {
    const storm = formatStormParent(m.storm);
    return {
      whenNoStormIsOn: [post(apiUrl, m.channel, storm), post(apiUrl, m.channel, m.parent, STORM_TS)],
      // The update carries the storm's running totals: these, added to those stored for the channel's storm.
      whenTheChannelHasAStorm: [request(apiUrl, 'chat.update', { channel: m.channel, ts: STORM_TS, ...storm }), post(apiUrl, m.channel, m.parent, STORM_TS)],
    };
  }
  if (!m.incident) return { requests: [post(apiUrl, m.channel, m.parent)] };
  const reply = changeReply(m);
  const graph = graphRequests(apiUrl, m);
  return {
    incident: m.incident,
    whenNew: opening,
    ...(graph ? { graphInTheNewThread: graph } : {}),
    whenTheAlarmHasAMessage: [request(apiUrl, 'chat.update', { channel: m.channel, ts: PARENT_TS, ...m.parent }), ...(reply ? [post(apiUrl, m.channel, reply, PARENT_TS)] : [])],
  };
}
