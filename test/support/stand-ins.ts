/**
 * Slack and PagerDuty stand-ins: real HTTP servers on 127.0.0.1 (port 0) that record every request and answer
 * the way the real services do, or fail the way they do, as each test tells them.
 *
 * Every request gets a number from one counter shared by all stand-ins, and so does a request the client gave
 * up on (its `abortedSeq`): tests assert the order things happened in ("PagerDuty was paged before the Slack
 * attempt timed out") without measuring time.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How a stand-in answers one request. */
export type Reply =
  | { kind: 'answer'; status: number; body: string; headers?: Record<string, string> }
  /** Never answers: the request stays open until the client aborts it or the stand-in closes. */
  | { kind: 'hang' }
  /** Drops the TCP connection without answering. */
  | { kind: 'close' };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  kind: 'answer',
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
const text = (status: number, body: string, headers: Record<string, string> = {}): Reply => ({
  kind: 'answer',
  status,
  body,
  headers: { 'content-type': 'text/html', ...headers },
});

export const hang: Reply = { kind: 'hang' };
export const closeConnection: Reply = { kind: 'close' };

/** What Slack's incoming webhooks answer (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks). */
export const slackReplies = {
  ok: text(200, 'ok'),
  rateLimited: (retryAfterSeconds = 1) =>
    json(429, { retry_after: retryAfterSeconds, ok: false, error: 'rate_limited' }, { 'retry-after': String(retryAfterSeconds) }),
  serverError: text(500, 'internal_error'),
  unavailable: text(503, 'service_unavailable'),
  invalidPayload: text(400, 'invalid_payload'),
  channelNotFound: text(404, 'channel_not_found'),
  channelArchived: text(410, 'channel_is_archived'),
  noService: text(404, 'no_service'),
};

/** What PagerDuty's Events API v2 answers (POST /v2/enqueue). */
export const pagerDutyReplies = {
  accepted: (dedupKey: string) => json(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey }),
  invalidEvent: json(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Length of \'routing_key\' is incorrect (should be 32 characters)'] }),
  rateLimited: json(429, { status: 'throttle event', message: 'Requests for this service are arriving too quickly.  Please retry later.' }),
  serverError: json(500, { status: 'error', message: 'Internal server error' }),
  /** The Change Events API (POST /v2/change/enqueue): accepted, with no dedup key (there is no alert). */
  changeAccepted: json(202, { status: 'success', message: 'Change event processed' }),
};

export interface RecordedRequest {
  /** Order of arrival among all stand-ins of the process. */
  seq: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  body: unknown;
  reply: Reply['kind'];
  /** Set (with the shared counter) when the client gave up before an answer: a timeout or an abort. */
  abortedSeq?: number;
  /** Settles when the exchange is over: answered, dropped, or given up by the client. */
  closed: Promise<void>;
}

export interface StandIn {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order; afterwards the default answer. */
  next(...replies: Reply[]): void;
  /** The answer once `next` runs out. */
  always(reply: Reply): void;
  /** Resolves when `count` requests have arrived (already arrived included). */
  received(count: number): Promise<void>;
  /** Resolves when every request so far is over (a client's abort reaches the server a moment after it happens). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

let sequence = 0;
/** A number in the same order as the stand-ins' `seq`: a test marks its own events with it. */
export const nextSeq = (): number => ++sequence;

async function startStandIn(answer: (req: RecordedRequest, planned: () => Reply | undefined) => Reply): Promise<StandIn> {
  const queue: Reply[] = [];
  let fallback: Reply | undefined;
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let ended!: () => void;
    const closed = new Promise<void>((resolve) => (ended = resolve));
    const recorded: RecordedRequest = {
      seq: nextSeq(),
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      raw,
      body: parseJson(raw),
      reply: 'answer',
      closed,
    };
    const reply = answer(recorded, () => queue.shift() ?? fallback);
    recorded.reply = reply.kind;
    requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished && reply.kind !== 'close') recorded.abortedSeq ??= nextSeq();
      ended();
    });
    if (req.socket.destroyed) {
      // The client gave up while the body was still arriving.
      recorded.abortedSeq ??= nextSeq();
      ended();
    }
    for (const w of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    switch (reply.kind) {
      case 'answer':
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body);
        return;
      case 'hang':
        return;
      case 'close':
        req.socket.destroy();
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    next: (...replies) => void queue.push(...replies),
    always: (reply) => void (fallback = reply),
    settled: async () => void (await Promise.all(requests.map((r) => r.closed))),
    received: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Slack's webhook paths: `/services/T<team>/B<hook>/<secret>`. Anything else is answered `404 no_service`, as Slack does. */
const WEBHOOK_PATH = /^\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+$/;

export interface SlackStandIn extends StandIn {
  /** A webhook URL for `channel` on this stand-in; `secret` is the last path segment (the part Slack keeps secret). */
  webhookUrl(channel: string, secret?: string): string;
  /** The requests that reached `channel`'s webhook. */
  postsTo(channel: string): RecordedRequest[];
}

const hookId = (channel: string) => `B${channel.replace(/[^a-zA-Z0-9]/g, '').toUpperCase()}`;

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const standIn = await startStandIn((req, planned) => {
    if (req.method !== 'POST' || !WEBHOOK_PATH.test(req.path)) return slackReplies.noService;
    if (typeof req.body !== 'object' || req.body === null) return slackReplies.invalidPayload;
    return planned() ?? slackReplies.ok;
  });
  return {
    ...standIn,
    webhookUrl: (channel, secret = 'XXXXXXXXXXXXXXXXXXXXXXXX') => `${standIn.origin}/services/T0OHMYCOINS/${hookId(channel)}/${secret}`,
    postsTo: (channel) => standIn.requests.filter((r) => r.path.split('/')[3] === hookId(channel)),
  };
}

export interface PagerDutyStandIn extends StandIn {
  /** The Events API v2 endpoint on this stand-in. */
  eventsUrl: string;
}

export async function startPagerDutyStandIn(): Promise<PagerDutyStandIn> {
  const standIn = await startStandIn((req, planned) => {
    const change = req.path === '/v2/change/enqueue';
    if (req.method !== 'POST' || (req.path !== '/v2/enqueue' && !change)) return json(404, { status: 'not found' });
    if (typeof req.body !== 'object' || req.body === null) return pagerDutyReplies.invalidEvent;
    if (change) return planned() ?? pagerDutyReplies.changeAccepted;
    const dedupKey = String((req.body as { dedup_key?: unknown }).dedup_key ?? 'generated-dedup-key');
    return planned() ?? pagerDutyReplies.accepted(dedupKey);
  });
  return { ...standIn, eventsUrl: `${standIn.origin}/v2/enqueue` };
}

/** A plain JSON webhook receiver: answers `200 {"ok":true}` to every POST unless told otherwise. */
export async function startWebhookStandIn(): Promise<StandIn> {
  return startStandIn((req, planned) => (req.method === 'POST' ? (planned() ?? json(200, { ok: true })) : json(405, { ok: false })));
}

/** A URL on 127.0.0.1 where nothing listens: connecting to it is refused. */
export async function refusedUrl(path = '/'): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
