/**
 * A Slack Web API stand-in on 127.0.0.1: chat.postMessage and chat.update answered as Slack does
 * (`{ ok: true, channel, ts, message }`, `ok: false` with one of the errors the method's spec lists, 429 with
 * Retry-After), holding the messages it was sent so a test can read the channel as a person would: each parent
 * message as it stands now, with its thread.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ApiMethod = 'chat.postMessage' | 'chat.update';

const SPEC = JSON.parse(readFileSync(new URL('../fixtures/specs/slack-web-api-chat.openapiv2.json', import.meta.url), 'utf8')) as {
  paths: Record<string, { post?: { responses: { default: { schema: { properties: { error: { enum: string[] } } } } } } }>;
};

/** Errors Slack may answer to any method (its "common errors"), beside those the spec lists per method. */
const COMMON_ERRORS = ['missing_scope', 'token_revoked', 'not_authed', 'internal_error', 'fatal_error'];

/** The `ok: false` errors the spec lists for a method, and the common ones. */
export const errorsOf = (method: ApiMethod): string[] => [...SPEC.paths[`/${method}`]!.post!.responses.default.schema.properties.error.enum, ...COMMON_ERRORS];

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

type Planned = { kind: 'error'; error: string } | { kind: 'rate-limited'; retryAfterSeconds: number };

export interface SlackApiStandIn {
  /** `http://127.0.0.1:<port>/api/`, the client's `slackApiUrl`. */
  apiUrl: string;
  calls: ApiCall[];
  /** Top-level messages of a channel in the order posted, as they stand now. */
  parents(channel: string): StoredMessage[];
  /** The replies under a message, in order. */
  thread(channel: string, ts: string): StoredMessage[];
  /** The next call of `method` answers `ok: false` with `error` (one the method's spec lists). */
  fail(method: ApiMethod, error: string): void;
  /** The next call of `method` answers 429 with Retry-After. */
  rateLimit(method: ApiMethod, retryAfterSeconds: number): void;
  /** Deletes a message, as a person in the channel could. */
  remove(channel: string, ts: string): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  token: string;
  /** Channel IDs the bot is a member of; other IDs in `known` answer not_in_channel, unknown ones channel_not_found. */
  member: readonly string[];
  known?: readonly string[];
}

const JSON_FIELDS = new Set(['blocks', 'attachments']);

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

  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
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

  const plan = (method: ApiMethod, p: Planned) => planned.set(method, [...(planned.get(method) ?? []), p]);
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    parents: (channel) => messages.filter((m) => m.channel === channel && !m.thread_ts),
    thread: (channel, ts) => messages.filter((m) => m.channel === channel && m.thread_ts === ts),
    fail(method, error) {
      if (!errorsOf(method).includes(error)) throw new Error(`Slack does not answer ${method} with ${error}`);
      plan(method, { kind: 'error', error });
    },
    rateLimit: (method, retryAfterSeconds) => plan(method, { kind: 'rate-limited', retryAfterSeconds }),
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
