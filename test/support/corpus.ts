/**
 * The payload corpus (`test/fixtures/corpus/`, copies of other projects' samples, see its README) as Lambda
 * events: files that hold only an SNS `Message` body are wrapped in an SNS-to-Lambda event, the others are
 * returned as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/corpus');

/** Every corpus file name, sorted. */
export const CORPUS_FILES: string[] = readdirSync(CORPUS_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort();

/** The topic the wrapped files are delivered through (a replay into this pipeline's own region). */
export const CORPUS_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-corpus-replay';
export const CORPUS_DELIVERY_TIME = '2024-05-01T12:00:00.000Z';

/** Files that are only an SNS `Message` body (README: "raw SNS Message bodies only"), and the alarm history document. */
export function isRawMessageFile(file: string): boolean {
  return (
    file.startsWith('terraform-aws-notify-slack__events__') ||
    file.endsWith('.alarm-message.json') ||
    file.startsWith('awsdocs-cloudwatch-user-guide__eventbridge__') ||
    file === 'PRX-Infrastructure__history_data.json'
  );
}

export function readCorpusFile(file: string): string {
  return readFileSync(join(CORPUS_DIR, file), 'utf8');
}

/** A corpus file as the event a Lambda would be invoked with. */
export function loadCorpusEvent(file: string): unknown {
  const content = readCorpusFile(file);
  return isRawMessageFile(file) ? snsEvent(content, { MessageId: `corpus-${file}` }) : JSON.parse(content);
}

export interface SnsFields {
  MessageId?: string;
  TopicArn?: string;
  Subject?: string | null;
  Timestamp?: string;
}

/** An SNS-to-Lambda event with one record carrying `message` as sent. */
export function snsEvent(message: string, fields: SnsFields = {}): { Records: unknown[] } {
  return { Records: [snsRecord(message, fields)] };
}

export function snsRecord(message: string, fields: SnsFields = {}): unknown {
  const topicArn = fields.TopicArn ?? CORPUS_TOPIC_ARN;
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${topicArn}:2f1c8d4e-7a9b-4c3d-8e5f-6a7b8c9d0e1f`,
    Sns: {
      Type: 'Notification',
      MessageId: fields.MessageId ?? '5a1c2e3f-4b5d-5c6e-9f70-8a9b0c1d2e3f',
      TopicArn: topicArn,
      Subject: fields.Subject ?? null,
      Message: message,
      Timestamp: fields.Timestamp ?? CORPUS_DELIVERY_TIME,
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'EXAMPLE',
      UnsubscribeUrl: 'EXAMPLE',
      MessageAttributes: {},
    },
  };
}
