import type { Partition } from './aws.js';

/**
 * The domain model every pipeline step speaks: parse produces `Alert`s (or `Unrecognised`
 * fallbacks), enrich turns an Alert into an `EnrichedAlert`, route and format read those.
 */

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STAGES = ['staging', 'production'] as const;
export type Stage = (typeof STAGES)[number];

export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export type AlertKind = 'metric' | 'metric-math' | 'anomaly' | 'composite';

export type { Partition } from './aws.js';

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold'
  | 'LessThanLowerOrGreaterThanUpperThreshold'
  | 'LessThanLowerThreshold'
  | 'GreaterThanUpperThreshold';

export interface MetricRef {
  namespace: string;
  name: string;
  /** Normalised to a map whatever the payload used (`{name,value}`, `{Name,Value}` or a map). */
  dimensions: Record<string, string>;
}

/** One entry of a metric-math or anomaly-detection alarm's `Metrics[]`. */
export interface MetricQuery {
  id: string;
  label?: string;
  returnData: boolean;
  expression?: string;
  metric?: MetricRef;
  /** Normalised CloudWatch spelling: `Average`, `Sum`, `SampleCount`, `Minimum`, `Maximum`, `p99`, ... */
  stat?: string;
  period?: number;
  unit?: string;
}

/** The CloudWatch metrics a list of queries reads (math inputs, an anomaly band's metric); expressions read none. */
export function queryMetrics(queries: ReadonlyArray<{ id: string; metric?: MetricRef }>): MetricRef[] {
  const metrics: MetricRef[] = [];
  for (const q of queries) if (q.metric) metrics.push(q.metric);
  return metrics;
}

export interface AlarmTrigger {
  /** Set for single-metric alarms. */
  metric?: MetricRef;
  /** Normalised CloudWatch spelling (payloads send `AVERAGE`, `SAMPLE_COUNT`, or an `ExtendedStatistic` such as `p90`). */
  statistic?: string;
  /** Seconds. */
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  comparison?: ComparisonOperator;
  /** Absent for anomaly-detection alarms, which compare against a band (`thresholdMetricId`). */
  threshold?: number;
  thresholdMetricId?: string;
  /** Normalised: `missing`, `breaching`, `notBreaching`, `ignore` (the legacy prefixed string is cleaned). */
  treatMissingData?: string;
  unit?: string;
  /** Metric-math and anomaly-detection alarms. */
  queries?: MetricQuery[];
}

export interface CompositeChild {
  arn: string;
  name: string;
  state: AlarmState | string;
  timestamp?: string;
}

export interface AlertSource {
  /**
   * `sns-alarm`: CloudWatch's own SNS notification; `eventbridge`: a "CloudWatch Alarm State Change" event wrapped in SNS;
   * `lambda-alarm-action`: the event CloudWatch sends when an alarm invokes a Lambda directly (no SNS).
   */
  format: 'sns-alarm' | 'eventbridge' | 'lambda-alarm-action';
  messageId?: string;
  topicArn?: string;
  /** SNS `Timestamp` of the delivery. */
  receivedAt?: string;
}

/** A CloudWatch alarm state change, normalised from whatever shape it arrived in. */
export interface Alert {
  kind: AlertKind;
  alarmName: string;
  alarmArn?: string;
  description?: string;
  state: AlarmState;
  previousState?: AlarmState;
  /**
   * ISO-8601: when the alarm entered `previousState` (EventBridge events carry `previousState.timestamp`;
   * SNS notifications do not). Lets an OK say how long the ALARM lasted without DescribeAlarmHistory.
   */
  previousStateChangeTime?: string;
  /** CloudWatch's `NewStateReason`, as sent. */
  reason: string;
  /** `NewStateReasonData` parsed when present (holds `recentDatapoints`, `threshold`, ...). */
  reasonData?: Record<string, unknown>;
  /** ISO-8601. */
  stateChangeTime: string;
  /** Region code (`eu-west-1`), from the ARN; the display name is only a fallback. `''` when nothing named it (see `notes`). */
  region: string;
  partition: Partition;
  /** 12-digit account id; `''` when nothing named it (see `notes`). */
  account: string;
  trigger?: AlarmTrigger;
  composite?: { rule: string; triggeringChildren: CompositeChild[] };
  source: AlertSource;
  /**
   * What parse could not read and what it used instead, one line each ("region unknown: ..."); absent when nothing
   * was guessed. Enrich carries them into `EnrichedAlert.notes` so on-call knows which facts are uncertain.
   */
  notes?: string[];
}

/** Anything that is not an alarm notification. Never dropped: delivered as a labelled fallback. */
export interface Unrecognised {
  kind: 'unrecognised';
  /** Why it was not recognised, one line (also logged). */
  problem: string;
  subject?: string;
  /** The raw text as received (not yet escaped or truncated: formatters do that). */
  raw: string;
  source: { messageId?: string; topicArn?: string; receivedAt?: string; eventSource?: string };
}

export type Notice = Alert | Unrecognised;

export const isAlert = (n: Notice): n is Alert => n.kind !== 'unrecognised';
