import type { ComparisonOperator, Severity } from '../model/alert.js';

export type TreatMissingData = 'missing' | 'breaching' | 'notBreaching' | 'ignore';

export type AwsService = 'ecs' | 'alb' | 'rds' | 'elasticache';

/** A single CloudWatch metric with a statistic (`Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, `p99`, ...). */
export interface SingleMetric {
  type: 'metric';
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  statistic: string;
  unit?: string;
}

/** Metric math: `metrics` are the inputs (not returned), `expression` is the alarmed series. */
export interface MathMetric {
  type: 'math';
  expression: string;
  label: string;
  metrics: Array<{ id: string; namespace: string; name: string; dimensions: Record<string, string>; statistic: string }>;
}

export type AlarmMetric = SingleMetric | MathMetric;

/** One alarm of the catalog, resolved for a stage (thresholds, resources and overrides applied). */
export interface AlarmDefinition {
  /** Stable kebab-case id, e.g. `ecs-cpu-high`; the CloudWatch alarm is `ohmycoins-<stage>-<id>`. */
  id: string;
  title: string;
  severity: Severity;
  service: AwsService;
  metric: AlarmMetric;
  comparison: ComparisonOperator;
  threshold: number;
  /** How the threshold reads to a person: "%", "GB", "errors", "s". */
  displayUnit: string;
  /** Convert a raw metric value into `displayUnit` (e.g. bytes to GB). Identity when absent. */
  toDisplay?: (raw: number) => number;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
  /** One sentence: what this means for users. */
  meaning: string;
  /** Repository path, `docs/runbooks/<id>.md`. */
  runbook: string;
  owner: string;
  enabled: boolean;
}
