import type { StageConfig, StageResources } from '../config/stage.js';
import { define } from './define.js';
import { input, math, metric } from './metric.js';
import type { AlarmDefinition } from './types.js';
import { alarmsWidget, percentAxis, type Lookup, type WidgetContent } from './widgets.js';

const REDIS_DEFAULTS = {
  maxEngineCpuPercent: 70,
  maxMemoryPercent: 80,
  minHitRatePercent: 70,
  /** Below this many lookups in 5 minutes the hit rate is noise (3 misses out of 5 is "40 %"), so it is not evaluated. */
  minLookupsForHitRate: 100,
} as const;

const NS = 'AWS/ElastiCache';

export function redisMetrics(r: StageResources) {
  // One node per CacheClusterId (`<replication-group>-001`); ElastiCache publishes each metric for it.
  const node = { CacheClusterId: r.cacheClusterId };
  return {
    engineCpu: metric(NS, 'EngineCPUUtilization', node, 'Average'),
    memory: metric(NS, 'DatabaseMemoryUsagePercentage', node, 'Average'),
    hits: metric(NS, 'KeyspaceHits', node, 'Sum'),
    misses: metric(NS, 'KeyspaceMisses', node, 'Sum'),
  };
}

export function redisAlarms(config: StageConfig): AlarmDefinition[] {
  const m = redisMetrics(config.resources);
  // ElastiCache publishes every minute while the node is up; a gap is a node problem, so `missing` surfaces it.
  return [
    // EngineCPUUtilization, not CPUUtilization: Redis executes commands on one thread, so the host CPU of a
    // multi-vCPU node reads low while the engine thread is saturated. AWS's shape: Average, 1-minute, 5 of 5.
    define({
      id: 'redis-cpu-high',
      title: 'Redis engine CPU high',
      severity: 'warning',
      service: 'elasticache',
      owner: 'data',
      metric: m.engineCpu,
      comparison: 'GreaterThanThreshold',
      threshold: REDIS_DEFAULTS.maxEngineCpuPercent,
      displayUnit: '%',
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'missing',
      meaning: 'The Redis engine thread is nearly saturated, so every cache call queues and API latency rises.',
    }),
    // Percentage of maxmemory in use. Past 100 % Redis evicts keys (or refuses writes with noeviction), so 80 %
    // sustained for 5 minutes is the point to act while there is still room.
    define({
      id: 'redis-memory-high',
      title: 'Redis memory high',
      severity: 'warning',
      service: 'elasticache',
      owner: 'data',
      metric: m.memory,
      comparison: 'GreaterThanThreshold',
      threshold: REDIS_DEFAULTS.maxMemoryPercent,
      displayUnit: '%',
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'missing',
      meaning: 'Redis is close to its memory limit; when it is reached, cached data is evicted or cache writes fail.',
    }),
    // Hit rate from KeyspaceHits and KeyspaceMisses (the same ratio as CacheHitRate, with a guard): only 5-minute
    // windows with enough lookups produce a value, so quiet hours drop out instead of flapping. A dropped window is
    // missing data and counts as notBreaching. 3 of 3 windows (15 minutes) because a cache refilling after a deploy
    // or a flush recovers within minutes. Info: a cold cache costs database load, not errors; rds-cpu-high and
    // alb-p99-latency-high say when that load starts to hurt.
    define({
      id: 'redis-hit-rate-low',
      title: 'Redis cache hit rate low',
      severity: 'info',
      service: 'elasticache',
      owner: 'backend',
      metric: math(
        `IF((hits + misses) >= ${REDIS_DEFAULTS.minLookupsForHitRate}, 100 * hits / (hits + misses))`,
        'Cache hit rate (%)',
        [input('hits', m.hits), input('misses', m.misses)],
      ),
      comparison: 'LessThanThreshold',
      threshold: REDIS_DEFAULTS.minHitRatePercent,
      displayUnit: '%',
      periodSeconds: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: 'notBreaching',
      meaning: 'Most cache lookups miss, so requests fall through to the database and the API is slower than it should be.',
    }),
  ];
}

/** The cache widget: engine CPU, memory and hit rate, all in percent, against their alarms. */
export const redisWidgets = (def: Lookup): { redis: WidgetContent } => ({
  redis: alarmsWidget('ElastiCache Redis', [def('redis-cpu-high'), def('redis-memory-high'), def('redis-hit-rate-low')], percentAxis),
});
