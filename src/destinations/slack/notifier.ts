import { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import type { EndpointPolicy } from '../../config/endpoints.js';
import type { SecretSource } from '../../config/secrets.js';
import { httpFetch, type HttpSend } from '../../notify/http.js';
import { DeliveryError, type Notifier } from '../../notify/types.js';
import { checkSlackWebhookUrl } from './endpoint.js';
import { abortableSleep, paceLanes, type PacingClock } from './pacing.js';
import type { SlackMessage } from './format.js';
import { channelOf, type SlackChannel } from './routes.js';

/** The secret (SSM parameter under the stage's prefix) holding a channel's incoming webhook URL. */
export const webhookSecret = (channel: SlackChannel): string => `slack/${channel}`;

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

export interface Pacing extends PacingClock {
  /** Slack's incoming webhooks take about one message per second each; posts to one channel are spaced this far apart. */
  minIntervalMs: number;
}

export const SLACK_PACING: Pacing = { minIntervalMs: 1_000 };

export function slackNotifier(secrets: SecretSource, policy: EndpointPolicy, pacing: Pacing = SLACK_PACING, http: HttpSend = httpFetch): Notifier<SlackMessage> {
  // Bursts leave this process at Slack's pace; only requests really made count towards it.
  const lanes = paceLanes(pacing.minIntervalMs, pacing.now ?? Date.now, pacing.sleep ?? abortableSleep);
  return {
    async send({ route, payload }, signal) {
      const channel = channelOf(route);
      const raw = await secrets.get(webhookSecret(channel));
      // A webhook not stored yet (a new stage, a rotation in progress) is waited for; the retry window bounds the wait.
      if (!raw) throw new DeliveryError(`no webhook configured for #${channel}`, false);
      let url: string;
      try {
        url = checkSlackWebhookUrl(raw, policy);
      } catch (error) {
        // A parameter that is not a Slack webhook stays wrong however often it is read: dead-letter it at once.
        throw new DeliveryError(`webhook for #${channel} refused: ${(error as Error).message}`, true);
      }
      await lanes.turn(channel, signal);
      let retryAfter: string | null = null;
      const webhook = new IncomingWebhook(url, {
        fetch: async (input, init) => {
          const response = await http(input, { ...init, signal });
          retryAfter = response.headers.get('retry-after');
          return response;
        },
      });
      try {
        await webhook.send(payload);
      } catch (error) {
        if (error instanceof IncomingWebhookHTTPError) {
          const reason = `Slack answered ${error.statusCode}: ${error.body.slice(0, 200)}`;
          if (error.statusCode === 429) throw new DeliveryError(reason, false, { status: 429, retryAfterMs: retryAfterMs(retryAfter, error.body) });
          // 400, 403, 404, 410: the webhook is gone or the payload is wrong, and retrying cannot help.
          throw new DeliveryError(reason, error.statusCode < 500, { status: error.statusCode });
        }
        const cause = (error as { original?: Error }).original ?? error;
        throw new DeliveryError(`Slack unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, false);
      }
    },
  };
}
