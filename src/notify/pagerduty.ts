import { checkPagerDutyUrl, type EndpointPolicy } from '../config/endpoints.js';
import { secretNames, type SecretSource } from '../config/secrets.js';
import type { PagerDutyEvent } from '../formatters/pagerduty.js';
import { httpFetch, type HttpResponse } from './http.js';
import { DeliveryError, type Notifier } from './types.js';

// PagerDuty's Events API sends no Retry-After; its docs ask clients to back off on 429.
const RATE_LIMIT_BACKOFF_MS = 2_000;

export function pagerDutyNotifier(secrets: SecretSource, endpoint: string, policy: EndpointPolicy): Notifier {
  const url = checkPagerDutyUrl(endpoint, policy);
  return {
    type: 'pagerduty',
    async send({ payload }, signal) {
      const routingKey = await secrets.get(secretNames.pagerDutyRoutingKey);
      if (!routingKey) throw new DeliveryError('no PagerDuty routing key configured', true);
      const body = JSON.stringify({ ...(payload as PagerDutyEvent), routing_key: routingKey });
      let response: HttpResponse;
      try {
        response = await httpFetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal, redirect: 'error' });
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
