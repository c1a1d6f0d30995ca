import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogIdOf } from '../../src/alarms/naming.js';
import { alertOf, unrecognisedOf } from './notices.js';

/** The sample events `sls invoke local -p test/events/<file>.json` and the demo use: they must read as intended. */
const EVENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../events');
const load = (file: string): unknown => JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8'));

const CRITICAL = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-critical';

describe('test/events', () => {
  it('ecs-cpu-alarm.json is the production ecs-cpu-high alarm firing', () => {
    const alert = alertOf(load('ecs-cpu-alarm.json'));
    expect(alert).toMatchObject({
      kind: 'metric',
      alarmName: 'ohmycoins-production-ecs-cpu-high',
      state: 'ALARM',
      previousState: 'OK',
      region: 'eu-west-1',
      account: '123456789012',
      source: { topicArn: CRITICAL },
      trigger: {
        metric: { namespace: 'AWS/ECS', name: 'CPUUtilization', dimensions: { ClusterName: 'ohmycoins-production', ServiceName: 'ohmycoins-production-backend' } },
        statistic: 'Average',
        threshold: 80,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: 'notBreaching',
      },
      reasonData: { recentDatapoints: [85.2, 86.7, 88.1, 91.0, 93.4], threshold: 80 },
    });
    expect(alert.description).toMatch(/\[alarm-id:ecs-cpu-high\]$/);
    expect(catalogIdOf(alert.alarmName, alert.description)).toBe('ecs-cpu-high');
  });

  it('ecs-cpu-ok.json resolves the same alarm', () => {
    const alert = alertOf(load('ecs-cpu-ok.json'));
    expect(alert).toMatchObject({ alarmName: 'ohmycoins-production-ecs-cpu-high', state: 'OK', previousState: 'ALARM', source: { topicArn: CRITICAL } });
  });

  it('alb-5xx-math-alarm.json is the production alb-5xx metric-math alarm', () => {
    const alert = alertOf(load('alb-5xx-math-alarm.json'));
    expect(alert).toMatchObject({ kind: 'metric-math', alarmName: 'ohmycoins-production-alb-5xx', state: 'ALARM', source: { topicArn: CRITICAL } });
    expect(catalogIdOf(alert.alarmName, alert.description)).toBe('alb-5xx');
    expect(alert.trigger?.queries?.map((q) => q.metric?.name ?? q.expression)).toEqual([
      'HTTPCode_ELB_5XX_Count',
      'HTTPCode_Target_5XX_Count',
      'FILL(elb5xx, 0) + FILL(target5xx, 0)',
    ]);
  });

  it('rds-storage-staging-alarm.json is the staging rds-storage-low alarm on the critical topic (critical, as in the catalog: staging still never pages)', () => {
    const alert = alertOf(load('rds-storage-staging-alarm.json'));
    expect(alert).toMatchObject({
      alarmName: 'ohmycoins-staging-rds-storage-low',
      state: 'ALARM',
      source: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-staging-alerts-critical' },
      trigger: {
        statistic: 'Minimum',
        comparison: 'LessThanThreshold',
        threshold: 10_737_418_240,
        metric: { dimensions: { DBInstanceIdentifier: 'ohmycoins-staging-db' } },
      },
    });
    expect(catalogIdOf(alert.alarmName, alert.description)).toBe('rds-storage-low');
  });

  it('composite-alarm.json is a production composite alarm with two children', () => {
    const alert = alertOf(load('composite-alarm.json'));
    expect(alert).toMatchObject({ kind: 'composite', alarmName: 'ohmycoins-production-api-degraded', state: 'ALARM' });
    expect(alert.composite?.triggeringChildren.map((c) => c.name)).toEqual(['ohmycoins-production-alb-5xx', 'ohmycoins-production-ecs-cpu-high']);
  });

  it('not-an-alarm.json is a plain-text message', () => {
    expect(unrecognisedOf(load('not-an-alarm.json'))).toMatchObject({ problem: 'not JSON: plain text', subject: 'Webhook rotation check' });
  });
});
