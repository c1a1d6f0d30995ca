import type { EndpointPolicy } from '../../config/endpoints.js';
import type { SecretSource } from '../../config/secrets.js';
import { httpFetch, type HttpResponse, type HttpSend } from '../../notify/http.js';
import { DeliveryError, type Notifier } from '../../notify/types.js';
import { isChange, type PagerDutyChange } from './change.js';
import { changeUrlOf, checkPagerDutyUrl } from './endpoint.js';
import type { PagerDutyEvent } from './format.js';

/** The secret (SSM parameter under the stage's prefix) holding the service's Events API v2 integration key. */
export const ROUTING_KEY_SECRET = 'pagerduty/routing-key';

// PagerDuty's Events API sends no Retry-After; its docs ask clients to back off on 429.
const RATE_LIMIT_BACKOFF_MS = 2_000;

export function pagerDutyNotifier(
  secrets: SecretSource,
  endpoint: string,
  policy: EndpointPolicy,
  http: HttpSend = httpFetch,
): Notifier<PagerDutyEvent | PagerDutyChange> {
  const eventsUrl = checkPagerDutyUrl(endpoint, policy);
  const changeUrl = changeUrlOf(eventsUrl);
  return {
    async send({ payload }, signal) {
      const routingKey = await secrets.get(ROUTING_KEY_SECRET);
      // A key not stored yet (a new stage, a rotation in progress) is waited for; the retry window bounds the wait.
      if (!routingKey) throw new DeliveryError('no PagerDuty routing key configured', false);
      const body = JSON.stringify({ ...payload, routing_key: routingKey });
      let response: HttpResponse;
      try {
        response = await http(isChange(payload) ? changeUrl : eventsUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal, redirect: 'error' });
      } catch (error) {
        throw new DeliveryError(`PagerDuty unreachable: ${error instanceof Error ? error.message : String(error)}`, false);
      }
      if (response.status === 202 || response.ok) return;
      const text = (await response.text().catch(() => '')).slice(0, 300);
      const reason = `PagerDuty answered ${response.status}: ${text}`;
      if (response.status === 429) throw new DeliveryError(reason, false, { status: 429, retryAfterMs: RATE_LIMIT_BACKOFF_MS });
      throw new DeliveryError(reason, response.status < 500, { status: response.status });
    },
  };
}
