/**
 * The SNS messages inside a Lambda event. Notifiers are triggered by SNS directly (PagerDuty) or through an
 * SQS queue subscribed to the topics (Slack and email, which batch); both carry the same SNS envelope.
 */
export interface SnsEnvelope {
  record: number;
  message: string;
  messageId?: string;
  topicArn?: string;
  subject?: string;
  timestamp?: string;
  /** SQS receipt data, so a batch can report the records that failed and put them back for later. */
  sqs?: SqsReceipt;
}

export interface SqsReceipt {
  messageId: string;
  /** How many times SQS has handed this message out, this time included. */
  receiveCount: number;
  receiptHandle: string;
  /** The queue it came from (`eventSourceARN`). */
  queueArn: string;
}

export type Unwrapped =
  | { kind: 'sns'; envelope: SnsEnvelope }
  /** A record that carries no SNS message; parse labels it. */
  | { kind: 'other'; record: number; value: unknown };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function fromSqs(record: number, r: Record<string, unknown>): Unwrapped {
  const body = str(r.body) ?? '';
  const sqs: SqsReceipt = {
    messageId: str(r.messageId) ?? '',
    receiveCount: Number((r.attributes as Record<string, unknown> | undefined)?.ApproximateReceiveCount ?? 1) || 1,
    receiptHandle: str(r.receiptHandle) ?? '',
    queueArn: str(r.eventSourceARN) ?? '',
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // A raw (non-envelope) body: still a message someone sent us.
    return { kind: 'sns', envelope: { record, message: body, sqs } };
  }
  const n = parsed as Record<string, unknown>;
  if (n && typeof n === 'object' && n.Type === 'Notification' && typeof n.Message === 'string') {
    return {
      kind: 'sns',
      envelope: {
        record,
        message: n.Message,
        messageId: str(n.MessageId),
        topicArn: str(n.TopicArn),
        subject: str(n.Subject) ?? undefined,
        timestamp: str(n.Timestamp),
        sqs,
      },
    };
  }
  return { kind: 'sns', envelope: { record, message: body, sqs } };
}

/** Never throws; returns undefined when the event has no `Records` array (parse decides what it is). */
export function unwrap(event: unknown): Unwrapped[] | undefined {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) return undefined;
  return records.map((r: unknown, record): Unwrapped => {
    if (!r || typeof r !== 'object') return { kind: 'other', record, value: r };
    const rec = r as Record<string, unknown>;
    const source = str(rec.EventSource) ?? str(rec.eventSource);
    if (source === 'aws:sns' && rec.Sns && typeof rec.Sns === 'object') {
      const sns = rec.Sns as Record<string, unknown>;
      return {
        kind: 'sns',
        envelope: {
          record,
          message: str(sns.Message) ?? '',
          messageId: str(sns.MessageId),
          topicArn: str(sns.TopicArn),
          subject: str(sns.Subject) ?? undefined,
          timestamp: str(sns.Timestamp),
        },
      };
    }
    if (source === 'aws:sqs') return fromSqs(record, rec);
    return { kind: 'other', record, value: r };
  });
}
