import { describe, expect, it } from 'vitest';
import { alarmDescription, catalogFor, findDefinition, formatThreshold } from '../../src/alarms/index.js';
import { readsOf } from '../../src/alarms/metric.js';
import { alarmName, catalogIdOf } from '../../src/alarms/naming.js';
import type { AlarmDefinition } from '../../src/alarms/types.js';
import type { AlarmOverride, StageConfig } from '../../src/config/stage.js';
import { production } from '../../src/config/stages/production.js';
import { staging } from '../../src/config/stages/staging.js';

/** The stage with more overrides on top of its own. */
const withAlarms = (config: StageConfig, alarms: Record<string, AlarmOverride>): StageConfig => ({
  ...config,
  alarms: { ...config.alarms, ...alarms },
});
const byId = (defs: AlarmDefinition[], id: string): AlarmDefinition => {
  const def = defs.find((d) => d.id === id);
  if (!def) throw new Error(`no definition ${id}`);
  return def;
};

const GiB = 1024 ** 3;

describe('the catalog of a stage', () => {
  const catalog = catalogFor(staging);
  const r = staging.resources;

  // The seed's table: id, metric, default threshold and comparison.
  it.each([
    ['ecs-cpu-high', 'AWS/ECS', 'CPUUtilization', 'Average', 'GreaterThanThreshold', 80],
    ['ecs-memory-high', 'AWS/ECS', 'MemoryUtilization', 'Average', 'GreaterThanThreshold', 80],
    ['alb-unhealthy-targets', 'AWS/ApplicationELB', 'UnHealthyHostCount', 'Maximum', 'GreaterThanThreshold', 0],
    ['rds-cpu-high', 'AWS/RDS', 'CPUUtilization', 'Average', 'GreaterThanThreshold', 80],
    ['rds-storage-low', 'AWS/RDS', 'FreeStorageSpace', 'Minimum', 'LessThanThreshold', 10 * GiB],
    ['redis-cpu-high', 'AWS/ElastiCache', 'EngineCPUUtilization', 'Average', 'GreaterThanThreshold', 70],
  ])('has %s on %s %s (%s) %s %d in staging', (id, namespace, name, statistic, comparison, threshold) => {
    const def = byId(catalog, id);
    expect(def.metric).toMatchObject({ type: 'metric', namespace, name, statistic });
    expect(def).toMatchObject({ comparison, threshold, enabled: true });
  });

  it('has alb-5xx as the sum of ELB and target 5xx, over 10 in one 5-minute period', () => {
    const def = byId(catalog, 'alb-5xx');
    expect(def.metric.type).toBe('math');
    expect(readsOf(def.metric).map((m) => [m.name, m.statistic])).toEqual([
      ['HTTPCode_ELB_5XX_Count', 'Sum'],
      ['HTTPCode_Target_5XX_Count', 'Sum'],
    ]);
    expect(def).toMatchObject({ comparison: 'GreaterThanThreshold', threshold: 10, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 });
  });

  it('has redis-hit-rate-low as hits / (hits + misses) in percent, below 70', () => {
    const def = byId(catalog, 'redis-hit-rate-low');
    expect(readsOf(def.metric).map((m) => m.name)).toEqual(['KeyspaceHits', 'KeyspaceMisses']);
    expect(def.metric.type === 'math' && def.metric.expression).toContain('100 * hits / (hits + misses)');
    expect(def).toMatchObject({ comparison: 'LessThanThreshold', threshold: 70 });
  });

  it('counts 10 GiB of free storage as 10 × 1024³ bytes and shows it in GiB', () => {
    const def = byId(catalog, 'rds-storage-low');
    expect(def.threshold).toBe(10_737_418_240);
    expect(formatThreshold(def)).toBe('< 10 GiB');
  });

  it('builds every dimension from the stage resources', () => {
    expect(byId(catalog, 'ecs-cpu-high').metric).toMatchObject({ dimensions: { ClusterName: r.ecsClusterName, ServiceName: r.ecsServiceName } });
    expect(byId(catalog, 'alb-unhealthy-targets').metric).toMatchObject({
      dimensions: { TargetGroup: r.targetGroupFullName, LoadBalancer: r.loadBalancerFullName },
    });
    expect(byId(catalog, 'rds-cpu-high').metric).toMatchObject({ dimensions: { DBInstanceIdentifier: r.dbInstanceIdentifier } });
    expect(byId(catalog, 'redis-cpu-high').metric).toMatchObject({ dimensions: { CacheClusterId: r.cacheClusterId } });
  });

  it('hard-codes no resource identifier: other resources give a catalog that mentions none of the staging ones', () => {
    const other: StageConfig = {
      ...staging,
      resources: {
        ecsClusterName: 'c',
        ecsServiceName: 's',
        loadBalancerFullName: 'app/lb/0a',
        targetGroupFullName: 'targetgroup/tg/0b',
        dbInstanceIdentifier: 'db',
        cacheClusterId: 'cache-001',
        ecsLogGroup: '/ecs/x',
      },
    };
    const text = JSON.stringify(catalogFor(other).map((d) => d.metric));
    for (const value of Object.values(staging.resources)) expect(text).not.toContain(value);
  });

  it('gives every definition a runbook, an owner and a one-sentence meaning', () => {
    for (const def of catalog) {
      expect(def.runbook).toBe(`docs/runbooks/${def.id}.md`);
      expect(def.owner).toMatch(/^(platform|backend|data)$/);
      expect(def.meaning).toMatch(/^[A-Z].*\.$/);
      expect(def.meaning.split(/\.\s/)).toHaveLength(1);
    }
  });

  it('adds the recommended alarms beside the required ones', () => {
    expect(catalog.map((d) => d.id)).toEqual(
      expect.arrayContaining(['ecs-no-running-tasks', 'alb-p99-latency-high', 'rds-freeable-memory-low', 'rds-connections-high', 'redis-memory-high']),
    );
  });

  it('pages (critical) for outages and imminent hard failures only', () => {
    expect(catalog.filter((d) => d.severity === 'critical').map((d) => d.id).sort()).toEqual(
      ['alb-5xx', 'alb-unhealthy-targets', 'ecs-no-running-tasks', 'rds-storage-low'].sort(),
    );
  });

  it('writes a description that carries the catalog id and stays within 1024 characters', () => {
    for (const def of catalog) {
      const description = alarmDescription(staging, def);
      expect(description.length).toBeLessThanOrEqual(1024);
      expect(description).toContain(`${staging.runbookBaseUrl}docs/runbooks/${def.id}.md`);
      expect(catalogIdOf('renamed-by-hand', description)).toBe(def.id);
    }
  });
});

describe('stage overrides', () => {
  it('change the threshold, severity and window of the alarm they name only', () => {
    const base = catalogFor(staging);
    const tuned = catalogFor(
      withAlarms(staging, { 'rds-cpu-high': { threshold: 90, severity: 'critical', evaluationPeriods: 10, datapointsToAlarm: 8 } }),
    );
    expect(byId(tuned, 'rds-cpu-high')).toMatchObject({ threshold: 90, severity: 'critical', evaluationPeriods: 10, datapointsToAlarm: 8 });
    expect(tuned.filter((d) => d.id !== 'rds-cpu-high')).toEqual(base.filter((d) => d.id !== 'rds-cpu-high'));
  });

  it('switch any alarm off: it stays in the catalog, marked disabled, so its notifications are still recognised', () => {
    for (const { id } of catalogFor(production)) {
      const def = byId(catalogFor(withAlarms(production, { [id]: { enabled: false } })), id);
      expect(def.enabled).toBe(false);
    }
  });

  it('disable the p99 latency alarm in staging, whose sparse traffic makes p99 one request', () => {
    expect(byId(catalogFor(staging), 'alb-p99-latency-high').enabled).toBe(false);
    expect(byId(catalogFor(production), 'alb-p99-latency-high').enabled).toBe(true);
  });
});

describe('findDefinition', () => {
  it('finds a definition by the tag in the alarm description', () => {
    expect(findDefinition(catalogFor(production), 'some-old-name', 'Anything. [alarm-id:rds-storage-low]')?.id).toBe('rds-storage-low');
  });

  it('falls back to the id the alarm name encodes', () => {
    expect(findDefinition(catalogFor(production), alarmName('production', 'alb-5xx'), null)?.id).toBe('alb-5xx');
  });

  it('returns undefined for an alarm that is not in the catalog', () => {
    expect(findDefinition(catalogFor(production), 'ohmycoins-production-dlq-depth', 'Self-monitoring.')).toBeUndefined();
    expect(findDefinition(catalogFor(production), 'someone-elses-alarm')).toBeUndefined();
  });
});
