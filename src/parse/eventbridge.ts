import type { AlarmTrigger, Alert, AlertKind, AlertSource } from '../model/alert.js';
import { locate, type LocationHints } from './arn.js';
import { applyQueries, metricQueries } from './metrics.js';
import { comparison, compositeChildren, isAlarmState, reasonData, timestamp, treatMissingData } from './normalise.js';
import { list, num, obj, quote, str, text, type JsonObject } from './read.js';
import { stateChangeTime } from './time.js';

/**
 * "CloudWatch Alarm State Change" events (EventBridge, delivered through an SNS target) and the alarm state
 * object they share with the Lambda alarm-action event: `{alarmName, state, previousState, configuration}`.
 */

export const STATE_CHANGE = 'CloudWatch Alarm State Change';

export const isAlarmStateChangeEvent = (json: JsonObject): boolean =>
  json.source === 'aws.cloudwatch' && json['detail-type'] === STATE_CHANGE;

export function parseAlarmStateChange(event: JsonObject, source: AlertSource): Alert | string {
  const detail = obj(event.detail);
  if (detail === undefined) return `${STATE_CHANGE} event without detail`;
  const alarmArn = list(event.resources).find((r) => typeof r === 'string' && r.includes(':alarm:'));
  return parseAlarmData(detail, { alarmArn, region: event.region, account: event.account }, event.time, source);
}

/**
 * The alert from an alarm state object. `fallbackTime` is the envelope's own time (`time`), used when the state
 * carries no readable timestamp.
 */
export function parseAlarmData(data: JsonObject, where: LocationHints, fallbackTime: unknown, source: AlertSource): Alert | string {
  const alarmName = text(data.alarmName);
  if (alarmName === undefined) return 'alarm state change without alarmName';
  const state = obj(data.state);
  const value = state?.value;
  if (value === undefined || value === null) return 'alarm state change without state.value';
  if (!isAlarmState(value)) return `alarm state ${quote(value)} is not ALARM, OK or INSUFFICIENT_DATA`;

  const notes: string[] = [];
  // Written out, not spread and extended (V8's slow path for every alert of this format).
  const location = locate({ alarmArn: where.alarmArn, region: where.region, account: where.account, topicArn: source.topicArn }, notes);
  const config = obj(data.configuration) ?? {};
  const rule = text(config.alarmRule);
  const details = reasonData(state?.reasonData);
  let kind: AlertKind = 'composite';
  let trigger: AlarmTrigger | undefined;
  if (rule === undefined) {
    trigger = {
      evaluationPeriods: num(config.evaluationPeriods),
      datapointsToAlarm: num(config.datapointsToAlarm),
      comparison: comparison(config.comparisonOperator),
      threshold: num(config.threshold),
      thresholdMetricId: text(config.thresholdMetricId),
      treatMissingData: treatMissingData(config.treatMissingData),
    };
    kind = applyQueries(trigger, metricQueries(config.metrics));
  }
  const previousState = obj(data.previousState);
  const previous = previousState?.value;
  return {
    kind,
    alarmName,
    alarmArn: location.alarmArn,
    description: text(config.description),
    state: value,
    previousState: isAlarmState(previous) ? previous : undefined,
    previousStateChangeTime: timestamp(previousState?.timestamp),
    reason: str(state?.reason) ?? '',
    reasonData: details,
    stateChangeTime: stateChangeTime([state?.timestamp, fallbackTime], source.receivedAt, notes),
    region: location.region,
    partition: location.partition,
    account: location.account,
    trigger,
    composite: rule === undefined ? undefined : { rule, triggeringChildren: compositeChildren(details?.triggeringAlarms) },
    source,
    notes: notes.length > 0 ? notes : undefined,
  };
}
