/**
 * Letters a redrive cannot deliver itself go back to their destination's own queue, so its function delivers
 * them with its own role. Email is one: only the email notifier role may publish to the email topic and use the
 * alerts key for it. SQS needs no key for that queue (SQS-managed encryption), and its policy takes sends from
 * the account's principals whose IAM policy allows them.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { destinationQueueName } from '../src/alarms/naming.js';
import type { Stage } from '../src/model/alert.js';
import { parseEvent } from '../src/parse/index.js';
import { alarmOf, type Letter } from './redrive-letters.js';

type Understood = Exclude<Letter, { kind: 'unknown' }>;

export interface HandOver {
  ok: boolean;
  summary: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The SNS notification as SNS writes it into a subscribed queue (raw delivery off), which is what the function
 * reads there. SNS's signature fields are left out: only SNS can sign, and the function does not check them.
 */
function notificationOf(sns: Record<string, unknown>): string {
  const subject = str(sns.Subject);
  return JSON.stringify({
    Type: 'Notification',
    MessageId: sns.MessageId,
    TopicArn: sns.TopicArn,
    ...(subject === undefined ? {} : { Subject: subject }),
    Message: sns.Message,
    Timestamp: sns.Timestamp,
  });
}

/**
 * The queue bodies for one letter: an SNS message SQS moved here goes back exactly as it was; a dead letter or
 * a Lambda failure record as the notification(s) it carries.
 */
export function queueBodiesOf(letter: Understood, body: string): string[] {
  if (letter.kind === 'queue-message') return [body];
  const records = isObject(letter.event) && Array.isArray(letter.event.Records) ? (letter.event.Records as unknown[]) : [];
  return records.flatMap((r) => (isObject(r) && isObject(r.Sns) && typeof r.Sns.Message === 'string' ? [notificationOf(r.Sns)] : []));
}

export interface DestinationQueue {
  name: string;
  url: string;
}

/** The stage's queue of a destination, found by its name (sqs:GetQueueUrl), once per run. */
export function destinationQueues(sqs: Pick<SQSClient, 'send'>, stage: Stage) {
  const found = new Map<string, Promise<DestinationQueue>>();
  return (type: string): Promise<DestinationQueue> => {
    const name = destinationQueueName(stage, type);
    if (!found.has(name)) {
      found.set(
        name,
        import('@aws-sdk/client-sqs').then(async ({ GetQueueUrlCommand }) => {
          const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
          if (!QueueUrl) throw new Error(`no queue named ${name}`);
          return { name, url: QueueUrl };
        }),
      );
    }
    return found.get(name)!;
  };
}

const messageIdsOf = (bodies: readonly string[]): string =>
  bodies.map((b) => String((JSON.parse(b) as { MessageId?: unknown }).MessageId ?? 'no MessageId')).join(', ');

/**
 * Sends the letter's SNS notification(s) to the destination's queue. Done means handed over, not delivered:
 * the function delivers on arrival, skipping what its ledger has (same MessageId) and what a newer alarm state
 * superseded, and says so in its log.
 */
export async function handToQueue(
  letter: Understood,
  body: string,
  queue: () => Promise<DestinationQueue>,
  sqs: Pick<SQSClient, 'send'>,
  dryRun: boolean,
): Promise<HandOver> {
  const what = alarmOf(parseEvent(letter.event));
  const bodies = queueBodiesOf(letter, body);
  if (bodies.length === 0) return { ok: false, summary: `${what}: no SNS message in it to hand to the ${letter.type} function` };
  let target: DestinationQueue;
  try {
    target = await queue();
  } catch (error) {
    return { ok: false, summary: `${what}: could not find the ${letter.type} function's queue: ${(error as Error).message}` };
  }
  const ids = messageIdsOf(bodies);
  if (dryRun) return { ok: false, summary: `${what}: would hand SNS message ${ids} to the ${letter.type} function's queue ${target.name}` };
  const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
  // Sending again what was sent before a failure is harmless: the function's ledger skips it.
  try {
    for (const MessageBody of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: target.url, MessageBody }));
  } catch (error) {
    return { ok: false, summary: `${what}: could not be handed to ${target.name}: ${(error as Error).name}: ${(error as Error).message}` };
  }
  return { ok: true, summary: `${what}: SNS message ${ids} handed to the ${letter.type} function's queue ${target.name}, not yet delivered (its log says when it is)` };
}
