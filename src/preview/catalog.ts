import { alarmDescription } from '../alarms/index.js';
import { alarmName, severityTopicName } from '../alarms/naming.js';
import type { AlarmDefinition } from '../alarms/types.js';
import type { StageConfig } from '../config/stage.js';
import type { AlarmState } from '../model/alert.js';

/**
 * A catalog alarm as CloudWatch would publish it, and the CloudWatch answers (last hour of datapoints, the day's
 * history) enrichment would read for it. One generator for the preview gallery and the tests that cover every
 * catalog alarm; values are chosen so every expectation can be worked out by hand.
 */

export const SAMPLE_ACCOUNT = '123456789012';
/** When every generated catalog alarm changes state. */
export const SAMPLE_CHANGED_AT = '2026-11-30T09:42:27.394Z';

/** A value clearly breaching the threshold: a quarter past it (2 when the threshold is 0), or half of a low one. */
export const breachingValue = (d: AlarmDefinition): number =>
  d.comparison.startsWith('Greater') ? (d.threshold === 0 ? 2 : d.threshold * 1.25) : d.threshold * 0.5;

/** A healthy value: half of a high threshold, twice a low one. */
export const healthyValue = (d: AlarmDefinition): number => (d.comparison.startsWith('Greater') ? d.threshold * 0.5 : d.threshold * 2);

/** The Trigger CloudWatch sends for the definition: single metric, or metric math with its inputs. */
export function triggerOf(d: AlarmDefinition): Record<string, unknown> {
  const common = {
    Period: d.periodSeconds,
    EvaluationPeriods: d.evaluationPeriods,
    DatapointsToAlarm: d.datapointsToAlarm,
    ComparisonOperator: d.comparison,
    Threshold: d.threshold,
    TreatMissingData: d.treatMissingData,
  };
  const dims = (m: Record<string, string>) => Object.entries(m).map(([name, value]) => ({ value, name }));
  if (d.metric.type === 'metric') {
    const m = d.metric;
    const extended = /^p\d/.test(m.statistic);
    return {
      MetricName: m.name,
      Namespace: m.namespace,
      StatisticType: extended ? 'ExtendedStatistic' : 'Statistic',
      ...(extended ? { ExtendedStatistic: m.statistic } : { Statistic: m.statistic.toUpperCase() }),
      Unit: m.unit ?? null,
      Dimensions: dims(m.dimensions),
      ...common,
      EvaluateLowSampleCountPercentile: '',
    };
  }
  return {
    ...common,
    Metrics: [
      ...d.metric.metrics.map((m) => ({
        Id: m.id,
        ReturnData: false,
        MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.name, Dimensions: dims(m.dimensions) }, Period: d.periodSeconds, Stat: m.statistic },
      })),
      { Id: 'alarmed', Expression: d.metric.expression, Label: d.metric.label, ReturnData: true },
    ],
  };
}

const PREVIOUS: Record<AlarmState, AlarmState> = { ALARM: 'OK', OK: 'ALARM', INSUFFICIENT_DATA: 'OK' };

function reasonOf(d: AlarmDefinition, state: AlarmState, value: number): string {
  if (state === 'INSUFFICIENT_DATA') return `Insufficient Data: ${d.evaluationPeriods} datapoints were unknown.`;
  return `Threshold Crossed: 1 datapoint [${value} (30/11/26 09:41:00)] was ${state === 'ALARM' ? 'breaching' : 'not breaching'} the threshold (${d.threshold}).`;
}

/** The Lambda event SNS delivers for the definition's alarm changing to `state` at `changedAt`, the latest datapoint `value`. */
export function catalogAlarmEvent(config: StageConfig, d: AlarmDefinition, state: AlarmState, value: number, changedAt: string): unknown {
  const name = alarmName(config.stage, d.id);
  const message = {
    AlarmName: name,
    AlarmDescription: alarmDescription(config, d),
    AWSAccountId: SAMPLE_ACCOUNT,
    NewStateValue: state,
    OldStateValue: PREVIOUS[state],
    NewStateReason: reasonOf(d, state, value),
    ...(state === 'INSUFFICIENT_DATA' ? {} : { NewStateReasonData: JSON.stringify({ version: '1.0', recentDatapoints: [value], threshold: d.threshold }) }),
    StateChangeTime: changedAt.replace('Z', '+0000'),
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:${config.region}:${SAMPLE_ACCOUNT}:alarm:${name}`,
    Trigger: triggerOf(d),
  };
  const topic = `arn:aws:sns:${config.region}:${SAMPLE_ACCOUNT}:${severityTopicName(config.stage, d.severity)}`;
  const record = { MessageId: `m-${d.id}-${state}`, TopicArn: topic, Subject: `${state}: "${name}" in EU (Ireland)`, Message: JSON.stringify(message), Timestamp: changedAt };
  return { Records: [{ EventSource: 'aws:sns', Sns: record }] };
}

/** Saved `get-metric-data` and `describe-alarm-history` output, as `fileCloudWatchReader` reads it. */
export interface SavedCloudWatch {
  metrics: unknown;
  history: unknown;
}

/**
 * One datapoint per `periodSeconds` (as GetMetricData answers), newest first at `changedAt`, the newest 5 at
 * `value` and 55 more at `base`; and a day in which the alarm fired twice before (into ALARM 720 and 320 min
 * ago), and now (ALARM), or 17 min ago (OK). INSUFFICIENT_DATA: the datapoints stop 10 periods before.
 */
export function catalogCloudWatch(name: string, value: number, base: number, state: AlarmState, changedAt: string, periodSeconds = 60): SavedCloudWatch {
  const end = Date.parse(changedAt);
  const skip = state === 'INSUFFICIENT_DATA' ? 10 : 0;
  const points = Array.from({ length: 60 - skip }, (_, i) => ({
    at: new Date(end - (i + skip) * periodSeconds * 1000).toISOString(),
    v: i < 5 ? value : base,
  }));
  const item = (minutesAgo: number, from: string, to: string) => ({
    AlarmName: name,
    Timestamp: new Date(end - minutesAgo * 60_000).toISOString(),
    HistoryItemType: 'StateUpdate',
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({ oldState: { stateValue: from }, newState: { stateValue: to } }),
  });
  const day = [item(300, 'ALARM', 'OK'), item(320, 'OK', 'ALARM'), item(700, 'ALARM', 'OK'), item(720, 'OK', 'ALARM')];
  const recent =
    state === 'OK' ? [item(0, 'ALARM', 'OK'), item(17, 'OK', 'ALARM')] : state === 'ALARM' ? [item(0, 'OK', 'ALARM')] : [item(0, 'OK', 'INSUFFICIENT_DATA')];
  return {
    metrics: { MetricDataResults: [{ Id: 'm', Timestamps: points.map((p) => p.at), Values: points.map((p) => p.v), StatusCode: 'Complete' }] },
    history: { AlarmHistoryItems: [...recent, ...day] },
  };
}

/** The event and CloudWatch answers for one catalog alarm in one state: breaching in ALARM, healthy otherwise. */
export function catalogCase(config: StageConfig, d: AlarmDefinition, state: AlarmState, changedAt: string): { event: unknown; cloudwatch: SavedCloudWatch } {
  const now = state === 'ALARM' ? breachingValue(d) : healthyValue(d);
  return {
    event: catalogAlarmEvent(config, d, state, now, changedAt),
    cloudwatch: catalogCloudWatch(alarmName(config.stage, d.id), now, healthyValue(d), state, changedAt, d.periodSeconds),
  };
}
