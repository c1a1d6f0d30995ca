import type { AlarmTrigger, Alert, AlertKind, AlertSource } from '../model/alert.js';
import { locate } from './arn.js';
import { metricQueries, metricRef, applyQueries } from './metrics.js';
import { comparison, compositeChildren, isAlarmState, reasonData, statistic, treatMissingData } from './normalise.js';
import { num, obj, quote, str, text, type JsonObject } from './read.js';
import { stateChangeTime } from './time.js';

/**
 * CloudWatch's own SNS notification (the JSON in `Sns.Message`): metric, metric-math and anomaly-detection alarms
 * (`Trigger`), composite alarms (`AlarmRule`, `TriggeringChildren`), with or without `AlarmArn`.
 */

/** Whether the JSON claims to be a CloudWatch alarm notification (then a missing field is its problem, not ours). */
export const looksLikeCloudWatchAlarm = (json: JsonObject): boolean =>
  'AlarmName' in json || 'NewStateValue' in json || 'AlarmArn' in json || 'OldStateValue' in json || 'Trigger' in json;

/** The alert, or a one-line problem when the JSON is not a usable alarm notification. */
export function parseCloudWatchAlarm(json: JsonObject, source: AlertSource): Alert | string {
  const alarmName = text(json.AlarmName);
  if (alarmName === undefined) return 'CloudWatch alarm JSON without AlarmName';
  const state = json.NewStateValue;
  if (state === undefined || state === null) return 'CloudWatch alarm JSON without NewStateValue';
  if (!isAlarmState(state)) return `alarm state ${quote(state)} is not ALARM, OK or INSUFFICIENT_DATA`;

  const notes: string[] = [];
  const where = locate({ alarmArn: json.AlarmArn, region: json.Region, account: json.AWSAccountId, topicArn: source.topicArn }, notes);
  const rule = text(json.AlarmRule);
  let kind: AlertKind = 'metric';
  let trigger: AlarmTrigger | undefined;
  if (rule === undefined) {
    const raw = obj(json.Trigger);
    if (raw !== undefined) {
      trigger = readTrigger(raw);
      kind = applyQueries(trigger, metricQueries(raw.Metrics));
    }
  } else {
    kind = 'composite';
  }
  const previous = json.OldStateValue;
  return {
    kind,
    alarmName,
    alarmArn: where.alarmArn,
    description: text(json.AlarmDescription),
    state,
    previousState: isAlarmState(previous) ? previous : undefined,
    reason: str(json.NewStateReason) ?? '',
    reasonData: reasonData(json.NewStateReasonData),
    stateChangeTime: stateChangeTime([json.StateChangeTime], source.receivedAt, notes),
    region: where.region,
    partition: where.partition,
    account: where.account,
    trigger,
    composite: rule === undefined ? undefined : { rule, triggeringChildren: compositeChildren(json.TriggeringChildren) },
    source,
    notes: notes.length > 0 ? notes : undefined,
  };
}

function readTrigger(t: JsonObject): AlarmTrigger {
  return {
    metric: metricRef(t.Namespace, t.MetricName, t.Dimensions),
    // Percentile alarms name the statistic in ExtendedStatistic ("p90") and leave Statistic empty.
    statistic: statistic(t.ExtendedStatistic) ?? statistic(t.Statistic),
    period: num(t.Period),
    evaluationPeriods: num(t.EvaluationPeriods),
    datapointsToAlarm: num(t.DatapointsToAlarm),
    comparison: comparison(t.ComparisonOperator),
    threshold: num(t.Threshold),
    thresholdMetricId: text(t.ThresholdMetricId),
    treatMissingData: treatMissingData(t.TreatMissingData),
    unit: text(t.Unit),
  };
}
