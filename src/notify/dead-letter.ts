import type { PreparedRecord } from '../model/prepared.js';

/**
 * What lands in the dead-letter queue when a destination cannot be reached: the original SNS message,
 * intact, plus which destination failed and why. `npm run redrive` replays it to that destination only.
 */
export interface DeadLetter {
  version: 1;
  stage: string;
  /** The destination that failed (`slack:alerts-critical`, `pagerduty:trigger`, `email`). */
  destination: string;
  target: string;
  reason: string;
  permanent: boolean;
  attempts: number;
  failedAt: string;
  sns: NonNullable<PreparedRecord['sns']>;
}

export interface DeadLetterQueue {
  send(letter: DeadLetter): Promise<void>;
}

export function sqsDeadLetterQueue(queueUrl: string): DeadLetterQueue {
  let client: Promise<{ send(body: string): Promise<void> }> | undefined;
  return {
    async send(letter) {
      client ??= import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageCommand }) => {
        const sqs = new SQSClient({ maxAttempts: 5 });
        return { send: async (body: string) => void (await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))) };
      });
      await (await client).send(JSON.stringify(letter));
    },
  };
}
