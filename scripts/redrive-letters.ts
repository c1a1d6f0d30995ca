/**
 * What can sit in a stage's dead-letter queue, and how each kind is delivered again. Three writers put
 * messages there:
 *  - the notifier functions, when a destination stays unreachable: a `DeadLetter` naming that destination;
 *  - SQS itself, when the Slack or email queue gave up on a message (its redrive policy): the raw SNS
 *    envelope, with the source queue in the `DeadLetterQueueSourceArn` attribute;
 *  - Lambda, when the SNS-invoked PagerDuty function failed all its retries (its on-failure destination):
 *    `{ requestContext, requestPayload: <SNS event>, responseContext, ... }`.
 */
import { DESTINATIONS } from '../src/destinations/index.js';
import type { Wiring } from '../src/handlers/runtime.js';
import type { PreparedRecord } from '../src/model/prepared.js';
import { routeKey } from '../src/model/route.js';
import type { DeadLetter } from '../src/notify/dead-letter.js';
import { deliver, type DeliveryReport } from '../src/notify/index.js';
import { prepare } from '../src/pipeline/prepare.js';

/** A destination's name (`slack`, `pagerduty`, `email`): whose function a letter goes back to. */
type DestinationName = string;
const TYPES: readonly DestinationName[] = DESTINATIONS.map((d) => d.name);

/** One message of the dead-letter queue, understood. */
export type Letter =
  | { kind: 'dead-letter'; type: DestinationName; destination: string; event: SnsEvent; stage: string; reason: string }
  | { kind: 'queue-message'; type: DestinationName; event: SnsEvent }
  | { kind: 'lambda-failure'; type: DestinationName; event: unknown }
  | { kind: 'unknown'; problem: string };

export interface SnsEvent {
  Records: Array<{ EventSource: 'aws:sns'; EventVersion: '1.0'; Sns: Record<string, unknown> }>;
}

const snsEvent = (sns: { MessageId?: unknown; TopicArn?: unknown; Subject?: unknown; Message: string; Timestamp?: unknown }): SnsEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      Sns: { Type: 'Notification', MessageId: sns.MessageId, TopicArn: sns.TopicArn, Subject: sns.Subject ?? null, Message: sns.Message, Timestamp: sns.Timestamp },
    },
  ],
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `...:function:ohmycoins-alerting-production-pagerduty[:$LATEST]` or a queue ARN `...:ohmycoins-production-alerts-slack` → the destination type. */
function typeFromArn(arn: unknown): DestinationName | undefined {
  if (typeof arn !== 'string') return undefined;
  const name = arn.split(':function:')[1]?.split(':')[0] ?? arn.split(':').pop() ?? '';
  return TYPES.find((t) => name.endsWith(`-${t}`));
}

/**
 * Recognises a message body. `sourceArn` is SQS's `DeadLetterQueueSourceArn`; `fallbackType` is what the operator
 * said (`--destination`) for envelopes whose source queue is not known.
 */
export function classify(body: string, sourceArn?: string, fallbackType?: DestinationName): Letter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'unknown', problem: 'the body is not JSON' };
  }
  if (!isObject(parsed)) return { kind: 'unknown', problem: 'the body is not a JSON object' };

  if (parsed.version === 1 && typeof parsed.destination === 'string' && isObject(parsed.sns) && typeof parsed.sns.message === 'string') {
    const letter = parsed as unknown as DeadLetter;
    const type = TYPES.find((t) => letter.destination === t || letter.destination.startsWith(`${t}:`));
    if (!type) return { kind: 'unknown', problem: `dead letter for an unknown destination "${letter.destination}"` };
    const { messageId, topicArn, subject, message, timestamp } = letter.sns;
    return { kind: 'dead-letter', type, destination: letter.destination, stage: letter.stage, reason: letter.reason, event: snsEvent({ MessageId: messageId, TopicArn: topicArn, Subject: subject, Message: message, Timestamp: timestamp }) };
  }

  if (parsed.Type === 'Notification' && typeof parsed.Message === 'string') {
    const type = typeFromArn(sourceArn) ?? fallbackType;
    if (!type) return { kind: 'unknown', problem: 'an SNS message moved here by SQS from an unknown queue: pass --destination slack|email' };
    return { kind: 'queue-message', type, event: snsEvent(parsed as { Message: string }) };
  }

  if (isObject(parsed.requestContext) && 'requestPayload' in parsed) {
    const type = typeFromArn(parsed.requestContext.functionArn);
    if (!type) return { kind: 'unknown', problem: `a Lambda failure record of an unknown function (${String(parsed.requestContext.functionArn)})` };
    return { kind: 'lambda-failure', type, event: parsed.requestPayload };
  }

  return { kind: 'unknown', problem: 'neither a dead letter, an SNS message, nor a Lambda failure record' };
}

export type RedeliveryResult =
  | { ok: true; reports: DeliveryReport[]; summary: string }
  | { ok: false; reports: DeliveryReport[]; summary: string };

/** `ohmycoins-production-ecs-cpu-high ALARM`: what a letter is about, for the lines the command prints. */
export function alarmOf(records: ReadonlyArray<Pick<PreparedRecord, 'notice'>>): string {
  const names = records.map((r) => (r.notice.kind === 'unrecognised' ? 'unrecognised notification' : `${r.notice.alarmName} ${r.notice.state}`));
  return [...new Set(names)].join(', ') || 'no record';
}

/**
 * Runs prepare → deliver for one letter with its destination type's wiring, the letter's own destination only
 * (the others already have it). The ledger skips what was delivered meanwhile. Nothing is dead-lettered again:
 * a letter that still fails simply stays in the queue.
 */
export async function redeliver(letter: Exclude<Letter, { kind: 'unknown' }>, wiring: Wiring, dryRun: boolean): Promise<RedeliveryResult> {
  const { records, notifications: all } = await prepare(letter.event, {
    ...wiring.prepare,
    // Trend and history as they were when the alarm changed state, not as they are at redrive time.
    now: (alert) => (Number.isNaN(Date.parse(alert.stateChangeTime)) ? new Date() : new Date(alert.stateChangeTime)),
  });
  const notifications = letter.kind === 'dead-letter' ? all.filter((n) => routeKey(n.route) === letter.destination) : all;
  const planned = notifications.map((n) => `${routeKey(n.route)} (${n.target})`);
  const what = alarmOf(records);

  if (planned.length === 0) {
    const silenced = records.find((r) => r.silenced)?.silenced;
    if (silenced) return { ok: false, reports: [], summary: `${what}: silenced (${silenced}); left in the queue` };
    if (letter.kind === 'dead-letter') return { ok: false, reports: [], summary: `${what}: ${letter.destination} is no longer a destination of this alert; left in the queue` };
    return { ok: true, reports: [], summary: `${what}: nothing for ${letter.type} to send` };
  }
  if (dryRun) return { ok: false, reports: [], summary: `${what}: would deliver to ${planned.join(', ')}` };

  const kept: unknown[] = [];
  const reports = await deliver(notifications, { ...wiring.deliver, deadLetters: { send: async (l) => void kept.push(l) } });
  // Superseded: a newer state of the alarm was delivered since; sending this one now would show it as current.
  const done = new Set(['sent', 'duplicate', 'superseded']);
  const failed = reports.filter((r) => !done.has(r.outcome));
  const words = (r: (typeof reports)[number]) =>
    r.outcome === 'duplicate' ? 'already delivered' : r.outcome === 'superseded' ? 'superseded by a newer state, not sent' : r.outcome === 'sent' ? 'sent' : `failed: ${r.error ?? r.outcome}`;
  const outcomes = reports.map((r) => `${r.destination} ${words(r)}`);
  return { ok: failed.length === 0, reports, summary: `${what}: ${outcomes.join('; ')}` };
}
