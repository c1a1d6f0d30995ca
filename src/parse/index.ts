import type { Alert, AlertSource, Notice } from '../model/alert.js';
import { looksLikeCloudWatchAlarm, parseCloudWatchAlarm } from './cloudwatch-alarm.js';
import { isAlarmStateChangeEvent, parseAlarmStateChange } from './eventbridge.js';
import { isLambdaAlarmAction, parseLambdaAlarmAction } from './lambda-alarm-action.js';
import { exceedsJsonDepth, firstNonSpace, MAX_JSON_DEPTH, oversizeBytes } from './limits.js';
import { clip, describeType, isObject, safeStringify, str, text, type JsonObject } from './read.js';
import { describeForeignJson, unrecognised, type UnrecognisedSource } from './unrecognised.js';

/**
 * Parse: an SNS-to-Lambda event in, one `Alert` or `Unrecognised` per record out. Nothing is dropped and nothing
 * throws: whatever cannot be read becomes an `Unrecognised` with a one-line `problem` and the raw text.
 */

export interface ParsedRecord {
  /** Index of the record in `Records` (0 for an event that has none). */
  record: number;
  notice: Notice;
}

export interface SnsMeta {
  subject?: string;
  messageId?: string;
  topicArn?: string;
  /** SNS `Timestamp`: when the message was published. */
  timestamp?: string;
}

export function parseEvent(event: unknown): ParsedRecord[] {
  try {
    return parseAnyEvent(event);
  } catch (error) {
    // Only a hostile input (a throwing getter, a Proxy) gets here; still answer with a labelled fallback.
    return [{ record: 0, notice: unrecognised(`event could not be read: ${errorText(error)}`, safeStringify(event), {}) }];
  }
}

/** The notice for one SNS message (the text of `Sns.Message`). */
export function parseSnsMessage(message: string, meta: SnsMeta): Notice {
  const known: SnsMeta = isObject(meta) ? meta : {};
  try {
    return parseMessage(message, known);
  } catch (error) {
    return unrecognised(`message could not be read: ${errorText(error)}`, safeStringify(message), snsSource(known), known.subject);
  }
}

function parseAnyEvent(event: unknown): ParsedRecord[] {
  if (!isObject(event)) return single(`event is ${describeType(event)}, not an SNS event`, event);
  const records = event.Records;
  if (records === undefined) return [{ record: 0, notice: parseDirectEvent(event) }];
  if (!Array.isArray(records)) return single(`event Records is ${describeType(records)}, not a list of SNS records`, event);
  if (records.length === 0) return single('event has an empty Records list', event);
  const parsed: ParsedRecord[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const record: unknown = records[i];
    let notice: Notice;
    try {
      notice = parseRecord(record);
    } catch (error) {
      notice = unrecognised(`record could not be read: ${errorText(error)}`, safeStringify(record), {});
    }
    parsed[i] = { record: i, notice };
  }
  return parsed;
}

const single = (problem: string, event: unknown): ParsedRecord[] => [
  { record: 0, notice: unrecognised(problem, safeStringify(event), {}) },
];

/** Events that reach the Lambda without SNS: the alarm's own Lambda action, or an EventBridge rule target. */
function parseDirectEvent(event: JsonObject): Notice {
  let result: Alert | string;
  if (isLambdaAlarmAction(event)) result = parseLambdaAlarmAction(event, { format: 'lambda-alarm-action' });
  else if (isAlarmStateChangeEvent(event)) result = parseAlarmStateChange(event, { format: 'eventbridge' });
  else {
    const from = text(event.source);
    result = from === undefined ? 'event without Records, not an SNS event' : `event from ${clip(from)} without Records, not an SNS event`;
  }
  return typeof result === 'string' ? unrecognised(result, safeStringify(event), {}) : result;
}

function parseRecord(record: unknown): Notice {
  if (!isObject(record)) return unrecognised(`record is ${describeType(record)}, not an SNS record`, safeStringify(record), {});
  // SNS spells it EventSource; SQS, S3, DynamoDB and Kinesis records spell it eventSource.
  const eventSource = record.EventSource ?? record.eventSource;
  if (eventSource !== 'aws:sns') {
    const from = typeof eventSource === 'string' ? clip(eventSource) : undefined;
    const problem =
      from !== undefined
        ? `record from ${from}, not SNS`
        : eventSource === undefined
          ? 'record without EventSource, not SNS'
          : `record whose EventSource is ${describeType(eventSource)}, not SNS`;
    return unrecognised(problem, safeStringify(record), { eventSource: from });
  }
  const sns = record.Sns;
  if (!isObject(sns)) return unrecognised('SNS record without Sns', safeStringify(record), { eventSource });
  const meta: SnsMeta = {
    subject: text(sns.Subject),
    messageId: text(sns.MessageId),
    topicArn: text(sns.TopicArn),
    timestamp: text(sns.Timestamp),
  };
  const message = sns.Message;
  if (typeof message !== 'string') {
    return unrecognised(`SNS record whose Message is ${describeType(message)}`, safeStringify(record), snsSource(meta), meta.subject);
  }
  return parseMessage(message, meta);
}

function parseMessage(message: unknown, meta: SnsMeta): Notice {
  const fail = (problem: string, raw: string): Notice => unrecognised(problem, raw, snsSource(meta), meta.subject);
  if (typeof message !== 'string') return fail(`SNS message is ${describeType(message)}, not text`, safeStringify(message));
  const bytes = oversizeBytes(message);
  if (bytes !== undefined) return fail(`message of ${bytes} bytes exceeds SNS's 256 KB limit`, message);
  const start = firstNonSpace(message);
  if (start < 0) return fail('empty message', message);
  const first = message.charCodeAt(start);
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) return fail(notJsonProblem(message, start), message);
  if (exceedsJsonDepth(message)) return fail(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, message);
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return fail('not JSON: invalid JSON', message);
  }
  if (!isObject(json)) return fail('JSON list, not a CloudWatch alarm', message);
  const result = parseMessageJson(json, meta);
  return typeof result === 'string' ? fail(result, message) : result;
}

/**
 * Why text that does not open a JSON object or list is not read. A byte order mark or a second JSON encoding
 * are publisher bugs: an alarm published like that is still reported as unreadable, never guessed at, so the
 * broken publisher is seen and fixed.
 */
function notJsonProblem(message: string, start: number): string {
  const first = message.charCodeAt(start);
  if (first === 0xfeff) return 'not JSON: starts with a byte order mark (U+FEFF)';
  const rest = message.slice(start).trimEnd();
  if (rest === 'null') return 'JSON null, not a CloudWatch alarm';
  if (first !== 0x22 /* " */) return 'not JSON: plain text';
  let inner: unknown;
  try {
    inner = JSON.parse(rest);
  } catch {
    return 'not JSON: plain text';
  }
  if (typeof inner !== 'string') return 'not JSON: plain text';
  const opens = inner.charCodeAt(firstNonSpace(inner));
  return opens === 0x7b || opens === 0x5b ? 'JSON encoded twice: a JSON string holding JSON, not a CloudWatch alarm' : 'JSON string, not a CloudWatch alarm';
}

function parseMessageJson(json: JsonObject, meta: SnsMeta): Alert | string {
  if (looksLikeCloudWatchAlarm(json)) return parseCloudWatchAlarm(json, alertSource('sns-alarm', meta));
  if (isAlarmStateChangeEvent(json)) return parseAlarmStateChange(json, alertSource('eventbridge', meta));
  if (isLambdaAlarmAction(json)) return parseLambdaAlarmAction(json, alertSource('lambda-alarm-action', meta));
  return describeForeignJson(json);
}

const alertSource = (format: AlertSource['format'], meta: SnsMeta): AlertSource => ({
  format,
  messageId: meta.messageId,
  topicArn: meta.topicArn,
  receivedAt: meta.timestamp,
});

const snsSource = (meta: SnsMeta): UnrecognisedSource => ({
  messageId: meta.messageId,
  topicArn: meta.topicArn,
  receivedAt: meta.timestamp,
  eventSource: 'aws:sns',
});

function errorText(error: unknown): string {
  try {
    return clip(error instanceof Error ? String(error.message) : (str(error) ?? describeType(error)), 120);
  } catch {
    return 'unreadable error';
  }
}
