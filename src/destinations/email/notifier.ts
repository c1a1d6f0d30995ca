import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { EmailMessage } from './format.js';
import { DeliveryError, type Notifier } from '../../notify/types.js';

/** The part of the SNS client the email notifier uses; tests pass a mock, the handler a lazily built client. */
export interface SnsPublisher {
  publish(input: PublishCommandInput, signal: AbortSignal): Promise<void>;
}

export async function sdkSnsPublisher(client?: SNSClient): Promise<SnsPublisher> {
  const { SNSClient, PublishCommand } = await import('@aws-sdk/client-sns');
  // Our own retry decides about attempts, so the SDK's must not multiply them.
  const sns = client ?? new SNSClient({ maxAttempts: 1 });
  return {
    async publish(input, signal) {
      await sns.send(new PublishCommand(input), { abortSignal: signal });
    },
  };
}

const TRANSIENT = /Throttl|TooManyRequests|ServiceUnavailable|InternalError|KMSThrottling|RequestTimeout|TimeoutError|ECONN|socket/i;

export function emailNotifier(publisher: () => Promise<SnsPublisher>, topicArn: string | undefined): Notifier<EmailMessage> {
  return {
    async send({ payload }, signal) {
      if (!topicArn) throw new DeliveryError('no email topic configured (EMAIL_TOPIC_ARN)', true);
      try {
        await (await publisher()).publish({ TopicArn: topicArn, Subject: payload.Subject, Message: payload.Message }, signal);
      } catch (error) {
        const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
        const status = e.$metadata?.httpStatusCode;
        const transient = Boolean(e.$retryable) || (status !== undefined && (status >= 500 || status === 429)) || TRANSIENT.test(`${e.name} ${e.message}`) || signal.aborted;
        throw new DeliveryError(`SNS Publish failed: ${e.name ?? 'Error'}: ${e.message ?? ''}`.trim(), !transient, { status });
      }
    },
  };
}
