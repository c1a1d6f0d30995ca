import type { SlackMessage } from '../destinations/slack/format.js';
import type { HttpResponse, HttpSend } from '../notify/http.js';

/**
 * Slack's Web API inside this process, for the preview: the real app-mode notifier sends to it (its `http`), it
 * answers as Slack does (`{ ok: true, channel, ts, message }`), and it keeps the channel as Slack would show it:
 * each message as it stands after chat.update, its thread replies. Nothing leaves the process.
 */

export interface RecordedCall {
  method: string;
  /** The form fields, `blocks` and `attachments` parsed from their JSON. */
  args: Record<string, unknown>;
}

/** A message in the recorded channel. */
export interface RecordedMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  message: SlackMessage;
  edited: boolean;
}

export interface SlackRecorder {
  http: HttpSend;
  calls: RecordedCall[];
  messages: RecordedMessage[];
  /** The clock the next `ts` is taken from (epoch ms): the moment the notification being sent was published. */
  at(ms: number): void;
}

const JSON_FIELDS = new Set(['blocks', 'attachments']);
const UPLOAD_URL = 'https://files.slack.com/upload/v1/';

const byteLength = (body: unknown): number | undefined =>
  typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : undefined;

function formFields(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof body !== 'string') return out;
  for (const [k, v] of new URLSearchParams(body)) out[k] = JSON_FIELDS.has(k) ? (JSON.parse(v) as unknown) : v;
  return out;
}

const messageOf = (args: Record<string, unknown>): SlackMessage => ({
  text: typeof args.text === 'string' ? args.text : '',
  ...(Array.isArray(args.blocks) ? { blocks: args.blocks as SlackMessage['blocks'] } : {}),
  ...(Array.isArray(args.attachments) ? { attachments: args.attachments as SlackMessage['attachments'] } : {}),
});

function json(url: string, body: unknown): HttpResponse {
  const text = JSON.stringify(body);
  return {
    ok: true,
    status: 200,
    statusText: 'OK',
    url,
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? 'application/json; charset=utf-8' : null), entries: () => [['content-type', 'application/json; charset=utf-8']] },
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
    arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
  };
}

export function slackRecorder(): SlackRecorder {
  const calls: RecordedCall[] = [];
  const messages: RecordedMessage[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let sequence = 0;
  // Slack's ts: seconds since the epoch, and a unique part after the dot.
  const nextTs = () => `${Math.floor(clock / 1000)}.${String(++sequence).padStart(6, '0')}`;

  const answer = (method: string, args: Record<string, unknown>): unknown => {
    const channel = String(args.channel ?? '');
    if (method === 'chat.postMessage') {
      const ts = nextTs();
      const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
      messages.push({ channel, ts, ...(threadTs ? { threadTs } : {}), message: messageOf(args), edited: false });
      return { ok: true, channel, ts, message: { type: 'message', ts, ...messageOf(args) } };
    }
    if (method === 'chat.update') {
      const m = messages.find((x) => x.channel === channel && x.ts === args.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      Object.assign(m, { message: messageOf(args), edited: true });
      return { ok: true, channel, ts: m.ts, text: m.message.text, message: m.message };
    }
    // The two-step upload of a file into a thread (the graph): where to send the bytes, then sharing the file.
    if (method === 'files.getUploadURLExternal') {
      const fileId = `F0PREVIEW${String(++sequence).padStart(4, '0')}`;
      return { ok: true, upload_url: `${UPLOAD_URL}${fileId}`, file_id: fileId };
    }
    if (method === 'files.completeUploadExternal') {
      const files = typeof args.files === 'string' ? (JSON.parse(args.files) as unknown) : args.files;
      return { ok: true, files };
    }
    return { ok: false, error: 'unknown_method' };
  };

  return {
    calls,
    messages,
    at: (ms) => void (clock = ms),
    http: async (input, init) => {
      const url = String(input);
      // The bytes of an upload go to the URL getUploadURLExternal gave, not to a method; Slack answers 200.
      if (url.startsWith(UPLOAD_URL)) {
        calls.push({ method: 'upload', args: { url, bytes: byteLength(init?.body) } });
        return json(url, { ok: true });
      }
      const method = new URL(url).pathname.replace(/^.*\/api\//, '');
      const args = formFields(init?.body);
      calls.push({ method, args });
      return json(url, answer(method, args));
    },
  };
}
