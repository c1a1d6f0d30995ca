/**
 * A maintenance window silences the platform's alarms, never the heartbeat: the canary tests the alerting
 * pipeline itself, and a silenced canary would raise the missing-heartbeat alarm on a pipeline that works.
 */
import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/alarms/index.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { quietLog } from '../../src/model/log.js';
import { prepare } from '../../src/pipeline/prepare.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-critical';
const AT = '2026-12-07T09:00:00.120Z';

/** A window over everything, open at the heartbeat's Monday fire. */
const config = {
  ...stageConfig('production'),
  silences: [{ match: '*', start: '2026-12-07T08:00:00Z', end: '2026-12-07T12:00:00Z', reason: 'platform upgrade' }],
};

function alarmEvent(name: string, description: string) {
  const message = {
    AlarmName: name,
    AlarmDescription: description,
    AWSAccountId: '123456789012',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold crossed',
    StateChangeTime: AT.replace('Z', '+0000'),
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    OldStateValue: 'OK',
    Trigger: { MetricName: 'HeartbeatCanary', Namespace: 'ohmycoins/alerting', Statistic: 'MAXIMUM', Dimensions: [], Period: 3600, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', Threshold: 0 },
  };
  return { Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification', MessageId: `m-${name}`, TopicArn: TOPIC, Message: JSON.stringify(message), Timestamp: AT } }] };
}

const prepared = (event: unknown) =>
  prepare(event, { config, catalog: catalogFor(config), destinations: DESTINATIONS, log: quietLog, now: () => new Date(AT) });

describe('a maintenance window over every alarm ("*")', () => {
  it('silences a platform alarm', async () => {
    const { records } = await prepared(alarmEvent('ohmycoins-production-ecs-cpu-high', 'ECS CPU [alarm-id:ecs-cpu-high]'));
    expect(records[0]!.silenced).toContain('maintenance window "*"');
    expect(records[0]!.routes).toEqual([]);
  });

  it('does not silence the heartbeat: it goes to every destination the canary reaches', async () => {
    const { records } = await prepared(alarmEvent('ohmycoins-production-heartbeat', 'TEST — heartbeat, nobody needs to act. [heartbeat]'));
    expect(records[0]!.silenced).toBeUndefined();
    expect(records[0]!.routes.map((r) => r.destination).sort()).toEqual(['email', 'pagerduty', 'slack']);
  });
});
