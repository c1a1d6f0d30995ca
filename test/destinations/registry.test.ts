/**
 * Adding a destination is one folder and one registry line: a fourth, test-only destination (a generic JSON
 * webhook, test/support/json-webhook.ts) registered beside the three real ones receives routed alerts through
 * the real handler, shows in render, and gets its function, queue, subscriptions and role from infra, with no
 * other source file knowing it exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineResources } from '../../infra/pipeline.js';
import { notifierFunctions } from '../../infra/serverless.js';
import { renderEvent } from '../../src/cli/render-event.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { notifierHandler, wiringFromEnv } from '../../src/handlers/runtime.js';
import { quietLog } from '../../src/model/log.js';
import { testEvent, viaSqs } from '../delivery/harness.js';
import { jsonWebhook } from '../support/json-webhook.js';
import { startWebhookStandIn, type StandIn } from '../support/stand-ins.js';

const REGISTRY = [...DESTINATIONS, jsonWebhook];

// test/events/ecs-cpu-alarm.json: ohmycoins-production-ecs-cpu-high going OK → ALARM on the critical topic.
const ALARM = {
  source: 'ohmycoins-alerting',
  alarm: 'ohmycoins-production-ecs-cpu-high',
  state: 'ALARM',
  severity: 'critical',
  stage: 'production',
};

let receiver: StandIn;
beforeAll(async () => void (receiver = await startWebhookStandIn()));
afterAll(async () => receiver.close());

describe('a fourth destination, registered beside the three', () => {
  it('is rendered with the others for the alerts its routes take', async () => {
    const doc = await renderEvent(testEvent('ecs-cpu-alarm.json'), stageConfig('production'), { destinations: REGISTRY });
    expect(doc.notifications.map((n) => n.destination).sort()).toEqual(['email', 'pagerduty', 'slack', 'webhook']);
    const webhook = doc.notifications.find((n) => n.destination === 'webhook')!;
    expect(webhook.target).toBe('webhook:ops');
    expect(webhook.payload).toMatchObject(ALARM);
  });

  it('receives the alert through the real handler, fed by its queue', async () => {
    const env = { STAGE: 'production', WEBHOOK_URL: `${receiver.origin}/hooks/ops` };
    const handler = notifierHandler(jsonWebhook, wiringFromEnv(jsonWebhook, env, quietLog));
    const result = await handler(viaSqs(testEvent('ecs-cpu-alarm.json'), 'ohmycoins-production-alerts-webhook'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', path: '/hooks/ops', body: ALARM });
  });

  it('is routed nowhere in staging, where its routes are empty', async () => {
    const doc = await renderEvent(testEvent('ecs-cpu-alarm.json'), stageConfig('staging'), { destinations: REGISTRY });
    expect(doc.notifications.map((n) => n.destination)).toEqual(['slack']);
  });

  it('gets its function, queue, subscriptions and least-privilege role from infra', () => {
    const { Resources } = pipelineResources('production', REGISTRY);
    expect(Resources.WebhookQueue?.Properties).toMatchObject({ QueueName: 'ohmycoins-production-alerts-webhook' });
    // Its routes take critical and warning alarms: those two topics, not info.
    expect(Object.keys(Resources).filter((id) => id.startsWith('WebhookQueueSubscription')).sort()).toEqual([
      'WebhookQueueSubscriptionCritical',
      'WebhookQueueSubscriptionWarning',
    ]);
    const statements = (Resources.WebhookNotifierRole?.Properties as { Policies: Array<{ PolicyDocument: { Statement: Array<{ Sid: string; Resource: unknown }> } }> })
      .Policies[0]!.PolicyDocument.Statement;
    const secrets = statements.find((s) => s.Sid === 'ReadOwnSecrets')!;
    expect(JSON.stringify(secrets.Resource)).toContain(':parameter/ohmycoins/production/webhook/url');
    expect(JSON.stringify(secrets.Resource)).not.toContain('slack');

    const fn = notifierFunctions('production', REGISTRY).webhook as { handler: string; role: string; events: unknown[] };
    expect(fn).toMatchObject({ handler: 'src/handlers/webhook.handler', role: 'WebhookNotifierRole' });
    expect(fn.events).toHaveLength(1);
  });
});
