import type { Alert, AlertSource } from '../model/alert.js';
import { parseAlarmData } from './eventbridge.js';
import { obj, type JsonObject } from './read.js';

/**
 * The event CloudWatch sends when an alarm invokes a Lambda directly (no SNS):
 * `{source: "aws.cloudwatch", alarmArn, accountId, time, region, alarmData: {alarmName, state, previousState, configuration}}`.
 * Its `alarmData` is the same state object EventBridge events carry in `detail`.
 */

export const isLambdaAlarmAction = (json: JsonObject): boolean =>
  json.source === 'aws.cloudwatch' && 'alarmData' in json && !('detail-type' in json);

export function parseLambdaAlarmAction(event: JsonObject, source: AlertSource): Alert | string {
  const data = obj(event.alarmData);
  if (data === undefined) return 'CloudWatch alarm action event without alarmData';
  return parseAlarmData(data, { alarmArn: event.alarmArn, region: event.region, account: event.accountId }, event.time, source);
}
