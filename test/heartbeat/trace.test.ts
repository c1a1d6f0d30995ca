/**
 * The trace a delivered heartbeat leaves, and the schedule's cron: small rules worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { heartbeatCron } from '../../infra/heartbeat.js';
import type { Alert } from '../../src/model/alert.js';
import type { PreparedRecord } from '../../src/model/prepared.js';
import type { DeliveryReport } from '../../src/notify/index.js';
import { traceHeartbeats } from '../../src/notify/heartbeat-trace.js';

const alert = (alarmName: string, description: string): Alert => ({
  kind: 'metric',
  alarmName,
  description,
  state: 'ALARM',
  reason: 'test',
  stateChangeTime: '2026-12-07T09:00:00.000Z',
  region: 'eu-west-1',
  partition: 'aws',
  account: '123456789012',
  source: { format: 'sns-alarm' },
});
const record = (n: number, a: Alert): PreparedRecord => ({ record: n, notice: a, routes: [] });
const report = (n: number, outcome: DeliveryReport['outcome']): DeliveryReport => ({ record: n, destination: 'slack', target: '#alerts-critical', outcome, attempts: 1 });

describe('traceHeartbeats', () => {
  const records = [record(0, alert('ohmycoins-production-heartbeat', '[heartbeat]')), record(1, alert('ohmycoins-production-ecs-cpu-high', '[alarm-id:ecs-cpu-high]'))];

  it('writes one metric line for a heartbeat really sent, none for a real alarm', () => {
    const lines: string[] = [];
    const n = traceHeartbeats('production', 'slack', records, [report(0, 'sent'), report(1, 'sent')], (l) => lines.push(l), () => new Date('2026-12-07T09:00:05.000Z'));
    expect(n).toBe(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      _aws: {
        Timestamp: 1796634005000,
        CloudWatchMetrics: [{ Namespace: 'ohmycoins/alerting', Dimensions: [['Stage', 'Destination']], Metrics: [{ Name: 'HeartbeatDelivered', Unit: 'Count' }] }],
      },
      Stage: 'production',
      Destination: 'slack',
      HeartbeatDelivered: 1,
      state: 'ALARM',
      message: 'Heartbeat delivered',
    });
  });

  it.each(['duplicate', 'retrying', 'dead-lettered', 'failed', 'dry-run', 'superseded'] as const)('writes nothing for a heartbeat %s', (outcome) => {
    const lines: string[] = [];
    expect(traceHeartbeats('production', 'slack', records, [report(0, outcome)], (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([]);
  });
});

describe('heartbeatCron', () => {
  it('is every day, or every Monday, on the configured hour', () => {
    expect(heartbeatCron({ cadence: 'daily', hour: 9, timezone: 'Europe/London' })).toBe('cron(0 9 * * ? *)');
    expect(heartbeatCron({ cadence: 'weekly', hour: 0, timezone: 'UTC' })).toBe('cron(0 0 ? * MON *)');
  });

  it('refuses an hour that is not one', () => {
    expect(() => heartbeatCron({ cadence: 'daily', hour: 24, timezone: 'UTC' })).toThrow('heartbeat hour must be 0–23, got 24');
    expect(() => heartbeatCron({ cadence: 'daily', hour: 8.5, timezone: 'UTC' })).toThrow('got 8.5');
  });
});
