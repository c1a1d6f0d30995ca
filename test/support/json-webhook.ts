/**
 * A fourth destination that exists only in tests: a generic JSON webhook (what an Opsgenie or Teams integration
 * would look like). It is written the way a real destination folder is, against the public Destination
 * interface only, to show that adding a destination needs nothing but its own module and a registry entry.
 */
import type { Destination } from '../../src/destinations/types.js';
import type { DestinationRoutes, Route } from '../../src/model/route.js';
import { httpFetch } from '../../src/notify/http.js';
import { DeliveryError } from '../../src/notify/types.js';

export interface WebhookEvent {
  source: 'ohmycoins-alerting';
  alarm: string;
  state: string;
  severity: string;
  stage: string;
  summary: string;
}

const ops: Route = { destination: 'webhook', target: 'ops' };
const none = { ALARM: [], OK: [], INSUFFICIENT_DATA: [] };

/** Production critical and warning alarms, both ways; nothing in staging. */
const routes: DestinationRoutes = {
  alarms: {
    production: { critical: { ALARM: [ops], OK: [ops], INSUFFICIENT_DATA: [] }, warning: { ALARM: [ops], OK: [ops], INSUFFICIENT_DATA: [] }, info: none },
    staging: { critical: none, warning: none, info: none },
  },
  unrecognised: { production: { critical: [], warning: [], info: [], unknown: [] }, staging: { critical: [], warning: [], info: [], unknown: [] } },
};

export const jsonWebhook: Destination<WebhookEvent> = {
  name: 'webhook',
  label: 'Webhook',
  description: 'Posts alerts as JSON to a generic webhook',
  queued: true,
  routes,
  targetOf: (route) => `webhook:${route.target}`,
  secretsOf: () => ['webhook/url'],
  format: (e) => ({
    source: 'ohmycoins-alerting',
    alarm: e.alert.alarmName,
    state: e.alert.state,
    severity: e.severity,
    stage: e.stage,
    summary: e.thresholdText ?? e.alert.reason ?? '',
  }),
  notifier: ({ secrets, http = httpFetch }) => ({
    async send({ payload }, signal) {
      const url = await secrets.get('webhook/url');
      if (!url) throw new DeliveryError('no webhook URL configured', true);
      const response = await http(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload), signal });
      if (!response.ok) throw new DeliveryError(`webhook answered ${response.status}`, response.status < 500 && response.status !== 429);
    },
  }),
  isConfigured: async (_route, { secrets }) => (await secrets.get('webhook/url')) !== undefined,
};
