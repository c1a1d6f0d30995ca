import type { StageConfig, StageResources } from '../config/stage.js';
import { define } from './define.js';
import { metric } from './metric.js';
import type { AlarmDefinition } from './types.js';
import { alarmRows, thresholdLines, type Lookup, type WidgetContent } from './widgets.js';
import { bytesToGiB, gib, mib } from './units.js';

const RDS_DEFAULTS = {
  maxCpuPercent: 80,
  minFreeStorageBytes: gib(10),
  /** AWS suggests ~25 % of the instance class's memory; 512 MiB suits a 2 GiB class, tune per stage. */
  minFreeableMemoryBytes: mib(512),
  /**
   * PostgreSQL on RDS allows LEAST(DBInstanceClassMemory / 9531392, 5000) connections (about 410 on a 4 GiB class).
   * Set this to ~80 % of `SHOW max_connections` for the stage's instance class.
   */
  maxConnections: 200,
} as const;

const NS = 'AWS/RDS';

export function rdsMetrics(r: StageResources) {
  const db = { DBInstanceIdentifier: r.dbInstanceIdentifier };
  return {
    cpu: metric(NS, 'CPUUtilization', db, 'Average'),
    freeStorage: metric(NS, 'FreeStorageSpace', db, 'Minimum'),
    freeableMemory: metric(NS, 'FreeableMemory', db, 'Average'),
    connections: metric(NS, 'DatabaseConnections', db, 'Maximum'),
  };
}

export function rdsAlarms(config: StageConfig): AlarmDefinition[] {
  const m = rdsMetrics(config.resources);
  // RDS publishes every minute while the instance runs, so a gap means a stopped, rebooting or failing-over
  // instance: `missing` lets the alarm go INSUFFICIENT_DATA and say so instead of pretending all is well.
  return [
    // AWS's recommended alarm: Average, 1-minute periods, 5 of 5. Warning: a busy database slows queries;
    // users feel it through latency and 5xx, which page.
    define({
      id: 'rds-cpu-high',
      title: 'Database CPU high',
      severity: 'warning',
      service: 'rds',
      owner: 'data',
      metric: m.cpu,
      comparison: 'GreaterThanThreshold',
      threshold: RDS_DEFAULTS.maxCpuPercent,
      displayUnit: '%',
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'missing',
      meaning: 'The PostgreSQL database is CPU-bound, so queries queue and every API call that touches it slows down.',
    }),
    // Minimum: the lowest free space in the minute is the one that matters. Critical even though it moves slowly:
    // a full volume puts the instance in storage-full and stops all writes, and only a person can add storage
    // (unless storage autoscaling is on, in which case this alarm says it has run out of headroom).
    define({
      id: 'rds-storage-low',
      title: 'Database storage low',
      severity: 'critical',
      service: 'rds',
      owner: 'data',
      metric: m.freeStorage,
      comparison: 'LessThanThreshold',
      threshold: RDS_DEFAULTS.minFreeStorageBytes,
      displayUnit: 'GiB',
      toDisplay: bytesToGiB,
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'missing',
      meaning: 'The database is running out of disk; when it is full, every write fails and trading stops.',
    }),
    // AWS's recommendation: Average over 15 of 15 minutes, since PostgreSQL's page cache legitimately uses most of
    // the memory; only sustained low memory means swapping.
    define({
      id: 'rds-freeable-memory-low',
      title: 'Database memory low',
      severity: 'warning',
      service: 'rds',
      owner: 'data',
      metric: m.freeableMemory,
      comparison: 'LessThanThreshold',
      threshold: RDS_DEFAULTS.minFreeableMemoryBytes,
      displayUnit: 'GiB',
      toDisplay: bytesToGiB,
      periodSeconds: 60,
      evaluationPeriods: 15,
      datapointsToAlarm: 15,
      treatMissingData: 'missing',
      meaning: 'The database is short of memory and starting to swap, so queries get slower across the board.',
    }),
    // Maximum rather than AWS's Average: connections are refused at the peak, not on average. 5 of 5 still
    // ignores a deploy's brief double pool (old and new tasks connected at once).
    define({
      id: 'rds-connections-high',
      title: 'Database connections high',
      severity: 'warning',
      service: 'rds',
      owner: 'data',
      metric: m.connections,
      comparison: 'GreaterThanThreshold',
      threshold: RDS_DEFAULTS.maxConnections,
      displayUnit: 'connections',
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'missing',
      meaning: 'The database is nearing its connection limit; past it, new connections are refused and API requests fail.',
    }),
  ];
}

/** The database widget: CPU and connections on the left axis, free storage and memory (GiB) on the right. */
export function rdsWidgets(def: Lookup): { database: WidgetContent } {
  const left = [def('rds-cpu-high'), def('rds-connections-high')];
  const right = [def('rds-storage-low'), def('rds-freeable-memory-low')];
  return {
    database: {
      title: 'RDS PostgreSQL',
      period: 60,
      metrics: [...left.flatMap((d) => alarmRows(d, 'left')), ...right.flatMap((d) => alarmRows(d, 'right'))],
      annotations: { horizontal: [...thresholdLines(left, 'left'), ...thresholdLines(right, 'right')] },
      yAxis: { left: { min: 0, label: '% / connections', showUnits: false }, right: { min: 0, label: 'GiB', showUnits: false } },
    },
  };
}
