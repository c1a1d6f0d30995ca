import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAlert, type Notice } from '../../src/model/alert.js';
import { parseEvent, parseSnsMessage } from '../../src/parse/index.js';
import { MAX_SNS_MESSAGE_BYTES } from '../../src/parse/limits.js';
import { readCorpusFile, snsEvent, snsRecord } from '../support/corpus.js';
import { unrecognisedOf } from './notices.js';

/** fast-check's seed, fixed so that a failure replays exactly; printed so the run says which one it used. */
const SEED = 20_241_130;
console.log(`fast-check seed ${SEED}`);

const alarmShaped = { AlarmName: 'a', NewStateValue: 'ALARM', NewStateReason: 'r', StateChangeTime: '2024-01-01T00:00:00.000+0000' };

const ALARM_MESSAGE = JSON.parse(readCorpusFile('PRX-Infrastructure__test_event.json')).Records[0].Sns.Message as string;

const expectLabelledFallback = (notice: Notice): void => {
  if (isAlert(notice)) return;
  expect(notice.problem.length).toBeGreaterThan(0);
  expect(notice.problem).not.toMatch(/[\n\r]/);
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseEvent: events that are not SNS events', () => {
  it.each([
    [undefined, 'event is missing, not an SNS event'],
    [null, 'event is null, not an SNS event'],
    [42, 'event is a number, not an SNS event'],
    ['ALARM', 'event is a string, not an SNS event'],
    [[], 'event is a list, not an SNS event'],
  ])('%j yields one Unrecognised for record 0', (event, problem) => {
    expect(parseEvent(event)).toEqual([{ record: 0, notice: expect.objectContaining({ kind: 'unrecognised', problem }) }]);
  });

  it('keeps a non-object event as text', () => {
    expect(unrecognisedOf('ALARM').raw).toBe('ALARM');
  });

  it('labels an object without Records', () => {
    expect(unrecognisedOf({ hello: 'world' })).toMatchObject({
      problem: 'event without Records, not an SNS event',
      raw: '{"hello":"world"}',
    });
  });

  it('names the source of an EventBridge event that is not an alarm', () => {
    expect(unrecognisedOf({ source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', detail: {} }).problem).toBe(
      'event from aws.guardduty without Records, not an SNS event',
    );
  });

  it('labels Records that is not a list', () => {
    expect(unrecognisedOf({ Records: 'none' }).problem).toBe('event Records is a string, not a list of SNS records');
  });

  it('labels an empty Records list instead of yielding nothing', () => {
    expect(unrecognisedOf({ Records: [] }).problem).toBe('event has an empty Records list');
  });
});

describe('parseEvent: records', () => {
  it('labels an SQS record', () => {
    const notice = unrecognisedOf({ Records: [{ messageId: '1', eventSource: 'aws:sqs', body: 'hi' }] });
    expect(notice.problem).toBe('record from aws:sqs, not SNS');
    expect(notice.source.eventSource).toBe('aws:sqs');
    expect(JSON.parse(notice.raw)).toMatchObject({ body: 'hi' });
  });

  it('labels an S3 record', () => {
    expect(unrecognisedOf({ Records: [{ eventSource: 'aws:s3', s3: {} }] }).problem).toBe('record from aws:s3, not SNS');
  });

  it('labels a record without any event source', () => {
    expect(unrecognisedOf({ Records: [{ Sns: { Message: 'x' } }] }).problem).toBe('record without EventSource, not SNS');
  });

  it('labels an SNS record without a text Message', () => {
    expect(unrecognisedOf({ Records: [{ EventSource: 'aws:sns', Sns: { Message: null } }] }).problem).toBe(
      'SNS record whose Message is null',
    );
    expect(unrecognisedOf({ Records: [{ EventSource: 'aws:sns' }] }).problem).toBe('SNS record without Sns');
  });

  it('reads each of several records on its own, in order', () => {
    const parsed = parseEvent({
      Records: [
        snsRecord(ALARM_MESSAGE),
        snsRecord('Hello from SNS!'),
        { eventSource: 'aws:sqs', body: ALARM_MESSAGE },
        snsRecord(ALARM_MESSAGE.replace('"NewStateValue":"ALARM"', '"NewStateValue":"OK"')),
      ],
    });
    expect(parsed.map((p) => p.record)).toEqual([0, 1, 2, 3]);
    expect(parsed.map((p) => (isAlert(p.notice) ? p.notice.state : p.notice.problem))).toEqual([
      'ALARM',
      'not JSON: plain text',
      'record from aws:sqs, not SNS',
      'OK',
    ]);
  });

  it('keeps subject, message id, topic and delivery time on an Unrecognised', () => {
    const notice = unrecognisedOf(
      snsEvent('Hello from SNS!', {
        Subject: 'TestInvoke',
        MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        TopicArn: 'arn:aws:sns:us-east-2:123456789012:sns-lambda',
        Timestamp: '2019-01-02T12:45:07.000Z',
      }),
    );
    expect(notice).toEqual({
      kind: 'unrecognised',
      problem: 'not JSON: plain text',
      subject: 'TestInvoke',
      raw: 'Hello from SNS!',
      source: {
        messageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        topicArn: 'arn:aws:sns:us-east-2:123456789012:sns-lambda',
        receivedAt: '2019-01-02T12:45:07.000Z',
        eventSource: 'aws:sns',
      },
    });
  });
});

describe('parseEvent: messages that are not alarms', () => {
  it.each([
    ['', 'empty message'],
    ['  \n\t ', 'empty message'],
    ['Hello from SNS!', 'not JSON: plain text'],
    ['{"AlarmName": "x", ', 'not JSON: invalid JSON'],
    ['[{"AlarmName":"x","NewStateValue":"ALARM"}]', 'JSON list, not a CloudWatch alarm'],
    ['{}', 'empty JSON object, not a CloudWatch alarm'],
    ['\ufeff{"AlarmName":"x","NewStateValue":"ALARM"}', 'not JSON: starts with a byte order mark (U+FEFF)'],
    ['"{\\"AlarmName\\":\\"x\\",\\"NewStateValue\\":\\"ALARM\\"}"', 'JSON encoded twice: a JSON string holding JSON, not a CloudWatch alarm'],
    ['"just words"', 'JSON string, not a CloudWatch alarm'],
    ['"unterminated', 'not JSON: plain text'],
    ['null', 'JSON null, not a CloudWatch alarm'],
    [' null\n', 'JSON null, not a CloudWatch alarm'],
    ['{"AlarmName":"x","NewStateValue":"alarm"}', 'alarm state "alarm" is not ALARM, OK or INSUFFICIENT_DATA'],
  ])('%j is Unrecognised: %s', (message, problem) => {
    const notice = unrecognisedOf(snsEvent(message));
    expect(notice.problem).toBe(problem);
    expect(notice.raw).toBe(message);
  });

  it('keeps the raw text of a message that is not an alarm exactly as sent', () => {
    const message = '<script>alert("x")</script>\n*bold* <!channel>';
    expect(unrecognisedOf(snsEvent(message)).raw).toBe(message);
  });
});

describe('parseEvent: input limits', () => {
  it('reports an oversized message by size and never parses it', () => {
    const message = `{"AlarmName":"x","pad":"${'a'.repeat(MAX_SNS_MESSAGE_BYTES)}"}`;
    const parse = vi.spyOn(JSON, 'parse');
    const notice = unrecognisedOf(snsEvent(message));
    expect(notice.problem).toBe(`message of ${MAX_SNS_MESSAGE_BYTES + 26} bytes exceeds SNS's 256 KB limit`);
    expect(notice.raw).toBe(message);
    expect(parse).not.toHaveBeenCalled();
  });

  it('accepts an alarm padded to exactly the limit', () => {
    const padding = MAX_SNS_MESSAGE_BYTES - ALARM_MESSAGE.length - ',"Pad":""'.length;
    const message = `${ALARM_MESSAGE.slice(0, -1)},"Pad":"${'a'.repeat(padding)}"}`;
    expect(Buffer.byteLength(message)).toBe(MAX_SNS_MESSAGE_BYTES);
    expect(isAlert(parseEvent(snsEvent(message))[0]!.notice)).toBe(true);
  });

  it('reports deeply nested JSON and never parses it', () => {
    const message = `{"AlarmName":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const parse = vi.spyOn(JSON, 'parse');
    expect(unrecognisedOf(snsEvent(message)).problem).toBe('JSON nested deeper than 32 levels');
    expect(parse).not.toHaveBeenCalled();
  });
});

describe('parseEvent: never throws', () => {
  it('survives getters that throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const parsed = parseEvent(hostile);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]!.notice).toMatchObject({ kind: 'unrecognised', problem: 'event could not be read: boom' });
  });

  it('keeps the other records when one record throws', () => {
    const hostileRecord = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const parsed = parseEvent({ Records: [hostileRecord, snsRecord(ALARM_MESSAGE)] });
    expect(parsed[0]!.notice).toMatchObject({ kind: 'unrecognised', problem: 'record could not be read: boom' });
    expect(isAlert(parsed[1]!.notice)).toBe(true);
  });

  it('survives a circular event', () => {
    const event: Record<string, unknown> = { Records: 'x' };
    event.self = event;
    expect(unrecognisedOf(event).problem).toBe('event Records is a string, not a list of SNS records');
  });

  it('yields an alert or a labelled fallback for any JSON value as event', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (event) => {
        const parsed = parseEvent(event);
        expect(parsed.length).toBeGreaterThan(0);
        parsed.forEach((p) => expectLabelledFallback(p.notice));
      }),
      { seed: SEED },
    );
  });

  it('yields an alert or a labelled fallback for any message text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ ...alarmShaped, Trigger: v }))), (message) => {
        const parsed = parseEvent(snsEvent(message));
        expect(parsed).toHaveLength(1);
        expectLabelledFallback(parsed[0]!.notice);
      }),
      { seed: SEED },
    );
  });

  it('yields an alert or a labelled fallback for alarm JSON with any field values', () => {
    const keys = ['AlarmName', 'NewStateValue', 'OldStateValue', 'AlarmArn', 'Region', 'AWSAccountId', 'StateChangeTime', 'AlarmRule', 'TriggeringChildren', 'NewStateReasonData'];
    fc.assert(
      fc.property(fc.record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue()]))), (fields) => {
        expectLabelledFallback(parseSnsMessage(JSON.stringify({ ...alarmShaped, ...fields }), {}));
      }),
      { seed: SEED },
    );
  });
});

describe('parseSnsMessage', () => {
  it('reads one message with its SNS metadata', () => {
    const notice = parseSnsMessage(ALARM_MESSAGE, {
      subject: 'ALARM: "awsrds-app-High-DB-Connections" in US West - Oregon',
      messageId: 'm-1',
      topicArn: 'arn:aws:sns:us-west-2:123456789123:CloudWatchNotifications',
      timestamp: '2016-08-11T07:24:05.959Z',
    });
    expect(notice).toMatchObject({
      kind: 'metric',
      alarmName: 'awsrds-app-High-DB-Connections',
      source: {
        format: 'sns-alarm',
        messageId: 'm-1',
        topicArn: 'arn:aws:sns:us-west-2:123456789123:CloudWatchNotifications',
        receivedAt: '2016-08-11T07:24:05.959Z',
      },
    });
  });

  it('labels a message that is not text', () => {
    expect(parseSnsMessage(undefined as unknown as string, {})).toMatchObject({
      kind: 'unrecognised',
      problem: 'SNS message is missing, not text',
    });
  });
});
