/**
 * A Slack Web API stand-in on 127.0.0.1: chat.postMessage and chat.update answered as Slack does
 * (`{ ok: true, channel, ts, message }`, `ok: false` with one of the errors the method's spec lists, 429 with
 * Retry-After), holding the messages it was sent so a test can read the channel as a person would: each parent
 * message as it stands now, with its thread. And Slack's two-step file upload: files.getUploadURLExternal answers
 * an `upload_url` on the stand-in itself and a `file_id`, the bytes are POSTed there, files.completeUploadExternal
 * shares the file into a channel or a thread; the files are held with their bytes.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ApiMethod = 'chat.postMessage' | 'chat.update' | FilesMethod;
type FilesMethod = 'files.getUploadURLExternal' | 'files.completeUploadExternal';

const SPEC = JSON.parse(readFileSync(new URL('../fixtures/specs/slack-web-api-chat.openapiv2.json', import.meta.url), 'utf8')) as {
  paths: Record<string, { post?: { responses: { default: { schema: { properties: { error: { enum: string[] } } } } } } }>;
};

/** Errors Slack may answer to any method (its "common errors"), beside those the spec lists per method. */
const COMMON_ERRORS = ['missing_scope', 'token_revoked', 'not_authed', 'internal_error', 'fatal_error'];

/**
 * The file methods postdate the spec: their own errors as the method pages list them
 * (docs.slack.dev/reference/methods/files.getUploadURLExternal and …/files.completeUploadExternal).
 */
const FILES_ERRORS: Record<FilesMethod, string[]> = {
  'files.getUploadURLExternal': ['alt_txt_too_large', 'file_type_not_allowed', 'file_upload_size_restricted', 'file_uploads_disabled', 'file_uploads_except_images_disabled', 'missing_argument', 'invalid_arguments'],
  'files.completeUploadExternal': ['access_denied', 'channel_not_found', 'file_not_found', 'file_update_failed', 'invalid_channel', 'not_in_channel', 'posting_to_channel_denied', 'invalid_arguments'],
};

/** The `ok: false` errors the spec lists for a method, and the common ones. */
export const errorsOf = (method: ApiMethod): string[] => [
  ...(method in FILES_ERRORS ? FILES_ERRORS[method as FilesMethod] : SPEC.paths[`/${method}`]!.post!.responses.default.schema.properties.error.enum),
  ...COMMON_ERRORS,
];

export interface ApiCall {
  method: string;
  /** The form fields, `blocks` and `attachments` parsed from their JSON. */
  args: Record<string, unknown>;
  /** The bearer token sent. */
  token: string | undefined;
  host: string | undefined;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  /** How often chat.update rewrote it. */
  edits: number;
}

/** A file as Slack holds it after the upload: shared where files.completeUploadExternal said, with its bytes. */
export interface StoredFile {
  id: string;
  title?: string;
  filename: string;
  altText?: string;
  /** The length files.getUploadURLExternal was told. */
  length: number;
  bytes: Uint8Array;
  channel?: string;
  thread_ts?: string;
}

type Planned = { kind: 'error'; error: string } | { kind: 'rate-limited'; retryAfterSeconds: number } | { kind: 'as-usual' };

export interface SlackApiStandIn {
  /** `http://127.0.0.1:<port>/api/`, the client's `slackApiUrl`. */
  apiUrl: string;
  calls: ApiCall[];
  /** Top-level messages of a channel in the order posted, as they stand now. */
  parents(channel: string): StoredMessage[];
  /** The replies under a message, in order. */
  thread(channel: string, ts: string): StoredMessage[];
  /** The next call of `method` (or the one after `after` more) answers `ok: false` with `error` (one the method's spec lists). */
  fail(method: ApiMethod, error: string, after?: number): void;
  /** The next call of `method` answers 429 with Retry-After. */
  rateLimit(method: ApiMethod, retryAfterSeconds: number): void;
  /** Deletes a message, as a person in the channel could. */
  remove(channel: string, ts: string): void;
  /** The files shared into a message's thread, in order. */
  files(channel: string, threadTs: string): StoredFile[];
  /** Every POST of bytes to an upload URL: the file it was for, its bytes, whether a token came with it. */
  uploads: Array<{ fileId: string; bytes: Uint8Array; authorization: string | undefined }>;
  /** The next upload POST answers this HTTP status instead of 200. */
  failUpload(status: number): void;
  /** files.getUploadURLExternal answers upload URLs under this base instead of the stand-in's own. */
  uploadUrlBase(base: string): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  token: string;
  /** Channel IDs the bot is a member of; other IDs in `known` answer not_in_channel, unknown ones channel_not_found. */
  member: readonly string[];
  known?: readonly string[];
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'files']);

function parseForm(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  return out;
}

export async function startSlackApiStandIn(options: StandInOptions): Promise<SlackApiStandIn> {
  const calls: ApiCall[] = [];
  const messages: StoredMessage[] = [];
  const planned = new Map<string, Planned[]>();
  const sockets = new Set<Socket>();
  let clock = 1_715_679_747;
  const known = new Set([...options.member, ...(options.known ?? [])]);
  // Uploads started (files.getUploadURLExternal), then given their bytes; shared once completed.
  const pending = new Map<string, StoredFile & { uploaded: boolean }>();
  const shared: StoredFile[] = [];
  const uploads: SlackApiStandIn['uploads'] = [];
  const uploadFailures: number[] = [];
  let uploadBase: string | undefined;
  let baseUrl = '';

  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const view = (m: StoredMessage) => ({ type: 'message', text: m.text, ts: m.ts, bot_id: 'B0STANDIN', ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), ...(m.blocks ? { blocks: m.blocks } : {}) });

  function handle(method: string, call: ApiCall, res: ServerResponse) {
    if (call.token !== options.token) return answer(res, 200, { ok: false, error: 'invalid_auth' });
    const next = planned.get(method)?.shift();
    if (next?.kind === 'rate-limited') return answer(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(next.retryAfterSeconds) });
    if (next?.kind === 'error') return answer(res, 200, { ok: false, error: next.error });
    if (method === 'files.getUploadURLExternal') return uploadUrl(call, res);
    if (method === 'files.completeUploadExternal') return complete(call, res);
    const channel = String(call.args.channel ?? '');
    if (!known.has(channel)) return answer(res, 200, { ok: false, error: 'channel_not_found' });
    if (!options.member.includes(channel)) return answer(res, 200, { ok: false, error: 'not_in_channel' });
    const text = typeof call.args.text === 'string' ? call.args.text : '';
    const blocks = call.args.blocks as unknown[] | undefined;
    const attachments = call.args.attachments as unknown[] | undefined;
    if (!text && !blocks) return answer(res, 200, { ok: false, error: 'no_text' });
    if (method === 'chat.postMessage') {
      const ts = `${++clock}.${String(calls.length).padStart(6, '0')}`;
      const threadTs = typeof call.args.thread_ts === 'string' ? call.args.thread_ts : undefined;
      const m: StoredMessage = { ts, channel, text, blocks, attachments, ...(threadTs ? { thread_ts: threadTs } : {}), edits: 0 };
      messages.push(m);
      return answer(res, 200, { ok: true, channel, ts, message: view(m) });
    }
    if (method === 'chat.update') {
      const m = messages.find((x) => x.channel === channel && x.ts === call.args.ts);
      if (!m) return answer(res, 200, { ok: false, error: 'message_not_found' });
      Object.assign(m, { text, blocks, attachments, edits: m.edits + 1 });
      return answer(res, 200, { ok: true, channel, ts: m.ts, text, message: { text, ...(blocks ? { blocks } : {}) } });
    }
    return answer(res, 200, { ok: false, error: 'unknown_method' });
  }

  function uploadUrl(call: ApiCall, res: ServerResponse) {
    const { filename, length, alt_txt: altText } = call.args;
    if (typeof filename !== 'string' || !filename || typeof length !== 'string') return answer(res, 200, { ok: false, error: 'invalid_arguments' });
    if (!/^[1-9]\d*$/.test(length)) return answer(res, 200, { ok: false, error: 'missing_argument' });
    if (typeof altText === 'string' && altText.length > 1000) return answer(res, 200, { ok: false, error: 'alt_txt_too_large' });
    const id = `F0STANDIN${pending.size + 1}`;
    pending.set(id, { id, filename, length: Number(length), bytes: new Uint8Array(), uploaded: false, ...(typeof altText === 'string' ? { altText } : {}) });
    return answer(res, 200, { ok: true, upload_url: `${uploadBase ?? `${baseUrl}/upload/v1`}/${id}`, file_id: id });
  }

  function complete(call: ApiCall, res: ServerResponse) {
    const files = call.args.files as Array<{ id?: unknown; title?: unknown }> | undefined;
    if (!Array.isArray(files) || files.length === 0) return answer(res, 200, { ok: false, error: 'invalid_arguments' });
    const channel = typeof call.args.channel_id === 'string' ? call.args.channel_id : undefined;
    if (channel !== undefined && !known.has(channel)) return answer(res, 200, { ok: false, error: 'channel_not_found' });
    if (channel !== undefined && !options.member.includes(channel)) return answer(res, 200, { ok: false, error: 'not_in_channel' });
    const found = files.map((f) => pending.get(String(f.id)));
    // A file whose bytes never arrived, or arrived short, is one Slack could not find from its upload ticket.
    if (found.some((f) => !f?.uploaded || f.bytes.byteLength !== f.length)) return answer(res, 200, { ok: false, error: 'file_not_found' });
    const threadTs = typeof call.args.thread_ts === 'string' ? call.args.thread_ts : undefined;
    const done = found.map((f, i) => {
      const { uploaded: _, ...file } = f!;
      const title = files[i]!.title;
      const stored: StoredFile = { ...file, ...(typeof title === 'string' ? { title } : {}), ...(channel ? { channel } : {}), ...(threadTs ? { thread_ts: threadTs } : {}) };
      pending.delete(file.id);
      shared.push(stored);
      return stored;
    });
    return answer(res, 200, { ok: true, files: done.map((f) => ({ id: f.id, title: f.title ?? f.filename, name: f.filename, mimetype: 'image/png', size: f.length })) });
  }

  /** The upload URL: raw bytes, answered as Slack's upload service does (HTTP 200 when it took them). */
  function upload(req: IncomingMessage, bytes: Buffer, res: ServerResponse) {
    const fileId = (req.url ?? '').slice('/upload/v1/'.length);
    uploads.push({ fileId, bytes: Uint8Array.from(bytes), authorization: req.headers.authorization });
    const status = uploadFailures.shift();
    if (status !== undefined) return answer(res, status, { ok: false, error: 'upload_failed' });
    const file = pending.get(fileId);
    if (req.method !== 'POST' || !file) return answer(res, 404, { ok: false, error: 'not_found' });
    Object.assign(file, { bytes: Uint8Array.from(bytes), uploaded: true });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${bytes.byteLength}`);
  }

  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/upload/v1/')) return upload(req, Buffer.concat(chunks), res);
      const method = (req.url ?? '').replace(/^\/api\//, '');
      const auth = req.headers.authorization;
      const call: ApiCall = { method, args: parseForm(Buffer.concat(chunks).toString('utf8')), token: auth?.replace(/^Bearer /, ''), host: req.headers.host };
      calls.push(call);
      if (req.method !== 'POST' || !req.url?.startsWith('/api/')) return answer(res, 404, { ok: false, error: 'unknown_method' });
      handle(method, call, res);
    });
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const plan = (method: ApiMethod, p: Planned) => planned.set(method, [...(planned.get(method) ?? []), p]);
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    parents: (channel) => messages.filter((m) => m.channel === channel && !m.thread_ts),
    thread: (channel, ts) => messages.filter((m) => m.channel === channel && m.thread_ts === ts),
    fail(method, error, after = 0) {
      if (!errorsOf(method).includes(error)) throw new Error(`Slack does not answer ${method} with ${error}`);
      for (let i = 0; i < after; i++) plan(method, { kind: 'as-usual' });
      plan(method, { kind: 'error', error });
    },
    rateLimit: (method, retryAfterSeconds) => plan(method, { kind: 'rate-limited', retryAfterSeconds }),
    files: (channel, threadTs) => shared.filter((f) => f.channel === channel && f.thread_ts === threadTs),
    uploads,
    failUpload: (status) => void uploadFailures.push(status),
    uploadUrlBase: (base) => void (uploadBase = base),
    remove(channel, ts) {
      const at = messages.findIndex((m) => m.channel === channel && m.ts === ts);
      if (at >= 0) messages.splice(at, 1);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
