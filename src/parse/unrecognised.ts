import type { Unrecognised } from '../model/alert.js';
import { STATE_CHANGE } from './eventbridge.js';
import { clip, isObject, text, type JsonObject } from './read.js';

export type UnrecognisedSource = Unrecognised['source'];

export function unrecognised(problem: string, raw: string, source: UnrecognisedSource, subject?: string): Unrecognised {
  return { kind: 'unrecognised', problem, subject, raw, source };
}

/** One line on what a JSON message is, when it is not an alarm: whose it is if it says, else its first keys. */
export function describeForeignJson(json: JsonObject): string {
  const from = text(json.source);
  const detailType = text(json['detail-type']);
  if (from === 'aws.cloudwatch' && detailType !== undefined && detailType !== STATE_CHANGE) {
    return `${clip(detailType)} event from aws.cloudwatch, not an alarm state change`;
  }
  if (from !== undefined) {
    return `JSON from ${clip(from)}, not a CloudWatch alarm${detailType === undefined ? '' : ` (${clip(detailType)})`}`;
  }
  if (detailType !== undefined) return `EventBridge event "${clip(detailType)}", not a CloudWatch alarm`;
  if (isObject(json.newState) && isObject(json.oldState)) {
    return 'alarm history record (DescribeAlarmHistory HistoryData), not an alarm notification: it names no alarm';
  }
  const service = text(json.Service);
  if (service !== undefined) return `JSON from ${clip(service)}, not a CloudWatch alarm`;
  const keys = Object.keys(json);
  if (keys.length === 0) return 'empty JSON object, not a CloudWatch alarm';
  const shown = keys.slice(0, 4).map((k) => clip(k, 40)).join(', ');
  return `JSON without AlarmName or NewStateValue, not a CloudWatch alarm (keys: ${shown}${keys.length > 4 ? ', …' : ''})`;
}
