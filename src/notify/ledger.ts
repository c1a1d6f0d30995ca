import type { Log } from '../pipeline/types.js';

/**
 * Remembers which (SNS MessageId, destination) pairs were delivered, so SNS's at-least-once delivery, a
 * Lambda retry or a redrive never posts, mails or pages twice. Only successful deliveries are remembered:
 * a failed one may be tried again.
 */
export interface DeliveryLedger {
  once(key: string, deliver: () => Promise<void>): Promise<'delivered' | 'duplicate'>;
}

/** For tests and local runs: remembers within the process only. */
export function memoryLedger(): DeliveryLedger & { keys(): string[] } {
  const done = new Set<string>();
  const inFlight = new Set<string>();
  return {
    keys: () => [...done],
    async once(key, deliver) {
      if (done.has(key) || inFlight.has(key)) return 'duplicate';
      inFlight.add(key);
      try {
        await deliver();
        done.add(key);
        return 'delivered';
      } finally {
        inFlight.delete(key);
      }
    },
  };
}

/** How long a delivery is remembered: longer than SNS and Lambda keep retrying, and than a same-day redrive. */
export const LEDGER_TTL_SECONDS = 24 * 3600;

/**
 * DynamoDB through Powertools Idempotency (conditional writes, in-progress records with expiry, TTL).
 * When the table cannot be reached the delivery goes ahead: a possible duplicate beats a lost alert.
 */
export function dynamoLedger(tableName: string, log: Log): DeliveryLedger {
  let idempotent: Promise<(input: { key: string }, deliver: () => Promise<void>) => Promise<unknown>> | undefined;
  const load = async () => {
    const [{ makeIdempotent, IdempotencyConfig }, { DynamoDBPersistenceLayer }] = await Promise.all([
      import('@aws-lambda-powertools/idempotency'),
      import('@aws-lambda-powertools/idempotency/dynamodb'),
    ]);
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName, clientConfig: { maxAttempts: 2 } });
    const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: LEDGER_TTL_SECONDS, throwOnNoIdempotencyKey: true });
    return makeIdempotent(async (_input: { key: string }, deliver: () => Promise<void>) => {
      await deliver();
      return { deliveredAt: new Date().toISOString() };
    }, { persistenceStore, config });
  };

  return {
    async once(key, deliver) {
      let ran = false;
      const tracked = async () => {
        ran = true;
        await deliver();
      };
      try {
        idempotent ??= load();
        await (await idempotent)({ key }, tracked);
        return ran ? 'delivered' : 'duplicate';
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'IdempotencyAlreadyInProgressError') return 'duplicate';
        if (ran) throw error; // the delivery itself failed
        log.warn('Delivery ledger unavailable: delivering without duplicate protection', { key, error: (error as Error).message });
        await deliver();
        return 'delivered';
      }
    },
  };
}
