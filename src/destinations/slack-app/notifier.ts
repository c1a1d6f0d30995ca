import type { SecretSource } from '../../config/secrets.js';
import type { Log } from '../../model/log.js';
import { httpFetch, type HttpSend } from '../../notify/http.js';
import type { Notification } from '../../model/prepared.js';
import { DeliveryError, type Notifier } from '../../notify/types.js';
import { sha256Hex } from '../../util/sha256.js';
import { abortableSleep, paceLanes, type PacingClock } from '../slack/pacing.js';
import { webClient } from './client.js';
import type { SlackAppMessage } from './format.js';
import { deliverIncident } from './incident.js';
import { CLAIM_TIMING, type AppSession, type ClaimTiming } from './session.js';
import { SETUP, SETUP_PROBLEM_FIELDS } from './setup.js';
import { deliverDigest } from './storm.js';
import type { ThreadStore } from './threads.js';
import type { ThreadGraphs } from './upload.js';

/** The SSM SecureString (under the stage's prefix) holding the app's Bot User OAuth Token (`xoxb-…`). */
export const BOT_TOKEN_SECRET = 'slack-app/bot-token';

/**
 * Slack's limits: chat.postMessage about one message per second per channel; chat.update is Tier 3 (about 50 a
 * minute per workspace). Requests leave this process no faster; a 429 that still comes is honoured (Retry-After).
 */
export interface AppPacing extends PacingClock {
  postIntervalMs: number;
  updateIntervalMs: number;
}

export const SLACK_APP_PACING: AppPacing = { postIntervalMs: 1_000, updateIntervalMs: 1_200 };

/** Answers that mean the message can no longer be updated: a new one is posted, an update is never worth a lost notification. */
const GONE: ReadonlySet<string> = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

/** Slack's own trouble: worth trying again. */
const TRANSIENT: ReadonlySet<string> = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited']);

export interface SlackAppNotifierDeps {
  secrets: SecretSource;
  /** The Web API's base URL, already checked (endpoint.ts). */
  apiUrl: string;
  threads: ThreadStore;
  log: Log;
  http?: HttpSend;
  pacing?: AppPacing;
  /** The alarm's graph in a new thread (upload.ts); absent: none. */
  graphs?: ThreadGraphs;
  claims?: ClaimTiming;
  /** The wall clock storms are timed by. */
  now?: () => number;
}

type Method = 'chat.postMessage' | 'chat.update';

const platformError = (error: unknown): string | undefined => {
  const e = error as { code?: string; data?: { error?: unknown } };
  return e.code === 'slack_webapi_platform_error' ? String(e.data?.error) : undefined;
};

export function slackAppNotifier(deps: SlackAppNotifierDeps): Notifier<SlackAppMessage> {
  const { log, threads } = deps;
  const pacing = deps.pacing ?? SLACK_APP_PACING;
  const now = pacing.now ?? Date.now;
  const sleep = pacing.sleep ?? abortableSleep;
  const posts = paceLanes(pacing.postIntervalMs, now, sleep);
  const updates = paceLanes(pacing.updateIntervalMs, now, sleep);
  const http = deps.http ?? httpFetch;
  const wallClock = deps.now ?? Date.now;

  /** Why a call failed, as the retry stage reads it; set-up problems are said in words a person can act on. */
  function failure(error: unknown, method: Method, channelName: string): DeliveryError {
    const e = error as { code?: string; retryAfter?: number; statusCode?: number; original?: Error; message?: string };
    if (e.code === 'slack_webapi_rate_limited_error') {
      return new DeliveryError(`Slack rate-limited ${method}: retry after ${e.retryAfter} s`, false, { status: 429, retryAfterMs: (e.retryAfter ?? 1) * 1000 });
    }
    const answer = platformError(error);
    if (answer !== undefined) {
      const fix = SETUP[answer];
      if (fix) {
        log.error(`Slack app cannot post to ${channelName}: ${answer}: ${fix}`, { ...SETUP_PROBLEM_FIELDS, channel: channelName, method, slackError: answer });
        return new DeliveryError(`Slack answered ${method} ${answer}: ${fix}`, true);
      }
      // Anything else Slack refuses (msg_too_long, invalid_blocks, …) is refused again however often it is sent.
      return new DeliveryError(`Slack answered ${method} ${answer}`, !TRANSIENT.has(answer));
    }
    if (e.code === 'slack_webapi_http_error') {
      return new DeliveryError(`Slack answered ${method} with HTTP ${e.statusCode}`, (e.statusCode ?? 500) < 500, { status: e.statusCode });
    }
    const cause = e.code === 'slack_webapi_request_error' ? e.original : error;
    return new DeliveryError(`Slack unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, false);
  }

  return {
    async send(notification, signal) {
      const { payload } = notification;
      const token = await deps.secrets.get(BOT_TOKEN_SECRET);
      // A token not stored yet (a new stage, a rotation in progress) is waited for; the retry window bounds the wait.
      if (!token) throw new DeliveryError(`no Slack bot token configured (${BOT_TOKEN_SECRET})`, false);
      const client = await webClient(token, { apiUrl: deps.apiUrl, http, log, signal });
      const { channel, channelName } = payload;
      const call = async (method: Method, args: Record<string, unknown>) => {
        await (method === 'chat.update' ? updates.turn('workspace', signal) : posts.turn(channel, signal));
        return client.apiCall(method, { channel, ...args }) as Promise<{ ts?: unknown }>;
      };
      const session: AppSession = {
        channel,
        channelName,
        threads,
        log,
        owner: ownerOf(notification),
        claims: deps.claims ?? CLAIM_TIMING,
        sleep: (ms) => sleep(ms, signal),
        async post(m, threadTs) {
          try {
            const answer = await call('chat.postMessage', { ...m, ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false, unfurl_media: false });
            return String(answer.ts);
          } catch (error) {
            throw failure(error, 'chat.postMessage', channelName);
          }
        },
        async update(ts, m, about) {
          try {
            await call('chat.update', { ts, ...m });
            return true;
          } catch (error) {
            const answer = platformError(error);
            if (answer === undefined || !GONE.has(answer)) throw failure(error, 'chat.update', channelName);
            log.warn('Slack message can no longer be updated: posting a new one', { destination: 'slack-app', channel: channelName, slackError: answer, ...about });
            return false;
          }
        },
        graph(p) {
          const pending = deps.graphs?.begin(p);
          return pending && { into: (ts) => pending.into(ts, { token, channel, channelName, signal, reply: (m) => session.post(m, ts) }) };
        },
      };
      if (payload.incident) return deliverIncident(session, { ...payload, incident: payload.incident });
      if (payload.storm) return deliverDigest(session, { ...payload, storm: payload.storm }, wallClock());
      // A notification we could not read: a message of its own.
      await session.post(payload.parent);
    },
  };
}

/**
 * Who a delivery is in claims: from the SNS messages it carries, so the same notification tried again (another
 * attempt, a redelivery) is the same owner; one without any is an owner of its own.
 */
function ownerOf(n: Notification<SlackAppMessage>): string {
  const ids = n.sources.flatMap((r) => (r.sns?.messageId ? [r.sns.messageId] : [])).sort();
  return ids.length ? sha256Hex(ids.join('\n')).slice(0, 32) : crypto.randomUUID();
}
