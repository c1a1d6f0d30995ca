import { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import { checkSlackWebhookUrl, type EndpointPolicy } from '../config/endpoints.js';
import { secretNames, type SecretSource } from '../config/secrets.js';
import type { SlackMessage } from '../formatters/slack.js';
import { httpFetch } from './http.js';
import { DeliveryError, type Notifier } from './types.js';

// Slack answers these when the webhook itself is gone or the payload is wrong: retrying cannot help.
const PERMANENT = new Set([400, 403, 404, 410]);

/** Seconds from Slack's `Retry-After` header or `{"retry_after": 1}` body, whichever it sent. */
function retryAfterMs(header: string | null, body: string): number | undefined {
  const fromHeader = header === null ? NaN : Number(header);
  if (Number.isFinite(fromHeader)) return fromHeader * 1000;
  try {
    const seconds = Number((JSON.parse(body) as { retry_after?: unknown }).retry_after);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export interface Pacing {
  /** Slack's incoming webhooks take about one message per second each; posts to one channel are spaced this far apart. */
  minIntervalMs: number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const SLACK_PACING: Pacing = { minIntervalMs: 1_000 };

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

export function slackNotifier(secrets: SecretSource, policy: EndpointPolicy, pacing: Pacing = SLACK_PACING): Notifier {
  const now = pacing.now ?? Date.now;
  const sleep = pacing.sleep ?? abortableSleep;
  const nextSlot = new Map<string, number>();
  /** Reserves the channel's next free slot and waits for it, so bursts leave this process at Slack's pace. */
  const awaitSlot = async (channel: string, signal: AbortSignal) => {
    const at = Math.max(now(), nextSlot.get(channel) ?? 0);
    nextSlot.set(channel, at + pacing.minIntervalMs);
    if (at > now()) await sleep(at - now(), signal);
  };
  return {
    type: 'slack',
    async send({ destination, payload }, signal) {
      if (destination.type !== 'slack') throw new DeliveryError(`slack notifier cannot send to ${destination.type}`, true);
      const raw = await secrets.get(secretNames.slackWebhook(destination.channel));
      if (!raw) throw new DeliveryError(`no webhook configured for #${destination.channel}`, true);
      let url: string;
      try {
        url = checkSlackWebhookUrl(raw, policy);
      } catch (error) {
        // A parameter that is not a Slack webhook stays wrong however often it is read: dead-letter it at once.
        throw new DeliveryError(`webhook for #${destination.channel} refused: ${(error as Error).message}`, true);
      }
      await awaitSlot(destination.channel, signal);
      let retryAfter: string | null = null;
      const webhook = new IncomingWebhook(url, {
        fetch: async (input, init) => {
          const response = await httpFetch(input, { ...init, signal });
          retryAfter = response.headers.get('retry-after');
          return response;
        },
      });
      try {
        await webhook.send(payload as SlackMessage);
      } catch (error) {
        if (error instanceof IncomingWebhookHTTPError) {
          const reason = `Slack answered ${error.statusCode}: ${error.body.slice(0, 200)}`;
          if (error.statusCode === 429) throw new DeliveryError(reason, false, { status: 429, retryAfterMs: retryAfterMs(retryAfter, error.body) });
          throw new DeliveryError(reason, PERMANENT.has(error.statusCode) || error.statusCode < 500, { status: error.statusCode });
        }
        const cause = (error as { original?: Error }).original ?? error;
        throw new DeliveryError(`Slack unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, false);
      }
    },
  };
}
