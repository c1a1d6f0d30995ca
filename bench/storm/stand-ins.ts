/**
 * Slack, PagerDuty and SNS-for-email as the storm simulation sees them: in-process, on the simulated clock.
 * The real notifiers (`@slack/webhook`, the PagerDuty notifier) are handed `send` in place of `node:https`, so
 * they run unchanged above it; nothing leaves the process.
 *
 * The Slack stand-in enforces what Slack documents for incoming webhooks: about one message per second per
 * webhook. It is strict (no burst allowance): a post less than `minIntervalMs` after the last accepted post
 * to the same webhook is answered 429 with `retry_after` (header and body), as Slack does.
 */
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { SnsPublisher } from '../../src/destinations/email/notifier.js';
import type { HttpRequestInit, HttpResponse, HttpSend } from '../../src/notify/http.js';
import type { VirtualClock } from './clock.js';

export interface Latency {
  /** Simulated round trip of one HTTP request (request reaches the stand-in at the start, the answer returns at the end). */
  slackMs: number;
  pagerDutyMs: number;
  snsPublishMs: number;
}

export interface SlackRequest {
  /** Simulated time the request reached Slack. */
  at: number;
  webhook: string;
  status: 200 | 429 | 500;
  body: unknown;
}

export interface PagerDutyRequest {
  at: number;
  body: { event_action?: string; dedup_key?: string; payload?: { timestamp?: string } };
  /** 202 accepted, or 500 during an outage. */
  status: 202 | 500;
}

export interface EmailPublish {
  at: number;
  input: PublishCommandInput;
}

/** The answer the notifiers read, built in memory: no sockets, no streams. */
function answer(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  const lower = new Map(Object.entries(headers).map(([k, v]): [string, string] => [k.toLowerCase(), v]));
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 429 ? 'Too Many Requests' : status < 300 ? 'OK' : 'Error',
    url: '',
    headers: { get: (name: string) => lower.get(name.toLowerCase()) ?? null, entries: () => lower.entries() },
    text: async () => body,
    json: async () => JSON.parse(body) as unknown,
    arrayBuffer: async () => new TextEncoder().encode(body).buffer as ArrayBuffer,
  };
}

export interface StandIns {
  slack: SlackRequest[];
  pagerDuty: PagerDutyRequest[];
  email: EmailPublish[];
  publisher: SnsPublisher;
  /** Origin the simulation's Slack webhooks and PagerDuty endpoint use (never connected to). */
  origin: string;
  /** What the notifiers send with inside the simulation. */
  send: HttpSend;
}

const ORIGIN = 'http://127.0.0.1:9';

/** A destination that answers 500 to everything between two simulated times. */
export interface Outage {
  destination: 'slack' | 'pagerduty';
  fromMs: number;
  toMs: number;
}

export function startStandIns(clock: VirtualClock, latency: Latency, slackMinIntervalMs = 1_000, outage?: Outage): StandIns {
  const down = (destination: Outage['destination']) => outage?.destination === destination && clock.now() >= outage.fromMs && clock.now() < outage.toMs;
  const slack: SlackRequest[] = [];
  const pagerDuty: PagerDutyRequest[] = [];
  const email: EmailPublish[] = [];
  const lastAccepted = new Map<string, number>();

  async function simulatedSend(input: string | URL, init?: HttpRequestInit): Promise<HttpResponse> {
    const url = new URL(String(input));
    if (url.origin !== ORIGIN) throw new TypeError(`storm simulation: refusing a request to ${url.origin}`);
    const body: unknown = JSON.parse(String(init?.body ?? 'null'));
    const signal = init?.signal ?? undefined;
    if (url.pathname.startsWith('/services/')) {
      const webhook = url.pathname.split('/')[3] ?? '';
      const at = clock.now();
      if (down('slack')) {
        slack.push({ at, webhook, status: 500, body });
        clock.touch();
        await clock.sleep(latency.slackMs, signal);
        return answer(500, 'internal_error', { 'Content-Type': 'text/html' });
      }
      const last = lastAccepted.get(webhook);
      const limited = last !== undefined && at - last < slackMinIntervalMs;
      if (!limited) lastAccepted.set(webhook, at);
      slack.push({ at, webhook, status: limited ? 429 : 200, body });
      clock.touch();
      await clock.sleep(latency.slackMs, signal);
      return limited
        ? answer(429, JSON.stringify({ ok: false, error: 'rate_limited', retry_after: 1 }), { 'Retry-After': '1', 'Content-Type': 'application/json' })
        : answer(200, 'ok', { 'Content-Type': 'text/html' });
    }
    if (url.pathname === '/v2/enqueue') {
      const failing = down('pagerduty');
      pagerDuty.push({ at: clock.now(), body: body as PagerDutyRequest['body'], status: failing ? 500 : 202 });
      clock.touch();
      await clock.sleep(latency.pagerDutyMs, signal);
      if (failing) return answer(500, JSON.stringify({ status: 'error', message: 'Internal Server Error' }), { 'Content-Type': 'application/json' });
      const dedupKey = (body as { dedup_key?: string }).dedup_key;
      return answer(202, JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: dedupKey }), { 'Content-Type': 'application/json' });
    }
    return answer(404, 'no_service');
  }

  const publisher: SnsPublisher = {
    async publish(input, signal) {
      email.push({ at: clock.now(), input });
      clock.touch();
      await clock.sleep(latency.snsPublishMs, signal);
    },
  };

  return {
    slack,
    pagerDuty,
    email,
    publisher,
    origin: ORIGIN,
    send: simulatedSend,
  };
}
