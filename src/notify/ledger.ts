import type { Log } from '../model/log.js';

/**
 * `in-progress`: an unexpired claim is held, by another invocation or by our own write whose answer was lost
 * (the SDK retried it and met it). That is never proof of delivery: the caller tries again later, once the
 * claim has lapsed, and only `duplicate` (a completed record) means it was delivered.
 */
export type LedgerOutcome = 'delivered' | 'duplicate' | 'in-progress';

/**
 * Remembers which (SNS MessageId, destination) pairs were delivered, so SNS's at-least-once delivery, a
 * Lambda retry or a redrive never posts, mails or pages twice. Only successful deliveries are remembered:
 * a failed one may be tried again.
 */
export interface DeliveryLedger {
  once(key: string, deliver: () => Promise<void>): Promise<LedgerOutcome>;
}

/** For tests and local runs: remembers within the process only. */
export function memoryLedger(): DeliveryLedger & { keys(): string[] } {
  const done = new Set<string>();
  const inFlight = new Set<string>();
  return {
    keys: () => [...done],
    async once(key, deliver) {
      if (done.has(key)) return 'duplicate';
      if (inFlight.has(key)) return 'in-progress';
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
 * How long one invocation's claim on a key holds: past a delivery's retry deadline (DEFAULT_RETRY.deadlineMs),
 * within the function timeout, so a claim left by an invocation that died mid-delivery lapses before the retry.
 */
export const LEDGER_CLAIM_MS = 30_000;

/**
 * Records are keyed by this, not by the Lambda function name (Powertools' default): the redrive tool, run
 * from a laptop, must find what the functions delivered. The key itself already names the destination.
 */
export const LEDGER_KEY_PREFIX = 'ohmycoins-alerting-delivery';

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
    // Without a Lambda context Powertools writes claims that never lapse before the TTL: a copy arriving after
    // a crash mid-delivery would be skipped as "in progress" for a day. Every claim lapses after LEDGER_CLAIM_MS.
    config.registerLambdaContext({ getRemainingTimeInMillis: () => LEDGER_CLAIM_MS } as Parameters<typeof config.registerLambdaContext>[0]);
    return makeIdempotent(async (_input: { key: string }, deliver: () => Promise<void>) => {
      await deliver();
      return { deliveredAt: new Date().toISOString() };
    }, { persistenceStore, config, keyPrefix: LEDGER_KEY_PREFIX });
  };

  return {
    async once(key, deliver) {
      let ran = false;
      let delivered = false;
      let failure: unknown;
      const tracked = async () => {
        ran = true;
        try {
          await deliver();
          delivered = true;
        } catch (error) {
          failure = error;
          throw error;
        }
      };
      try {
        idempotent ??= load();
        await (await idempotent)({ key }, tracked);
        return ran ? 'delivered' : 'duplicate';
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'IdempotencyAlreadyInProgressError') return 'in-progress';
        if (delivered) {
          // Sent, but not remembered: reporting it failed would dead-letter (and redrive) an alert already sent.
          log.warn('Delivered, but the delivery ledger could not record it', { key, error: (error as Error).message });
          return 'delivered';
        }
        // The delivery itself failed (Powertools may wrap the error when releasing the claim fails too).
        if (ran) throw failure ?? error;
        log.warn('Delivery ledger unavailable: delivering without duplicate protection', { key, error: (error as Error).message });
        await deliver();
        return 'delivered';
      }
    },
  };
}

/**
 * Claims several keys for one delivery (a digest that stands for many alerts): keys already delivered are
 * left out, the rest are claimed, `deliver` runs once with the claimed keys, and every claimed key is then
 * remembered — or, if it fails, released, so each alert can be tried again. Keys under a live claim elsewhere
 * are left out too, and listed in `inProgress`: not delivered yet, to be tried again later. Works over any ledger.
 */
export async function onceAll(
  ledger: DeliveryLedger,
  keys: readonly string[],
  deliver: (claimed: string[]) => Promise<void>,
): Promise<{ delivered: string[]; duplicates: string[]; inProgress: string[] }> {
  let release!: (error?: unknown) => void;
  const sent = new Promise<void>((resolve, reject) => (release = (error) => (error === undefined ? resolve() : reject(error))));
  sent.catch(() => {}); // observed below through each claim
  const claims = keys.map((key) => {
    let claimed!: (yes: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (claimed = resolve));
    const done = ledger
      .once(key, async () => {
        claimed(true);
        await sent;
      })
      .then(
        (result) => (claimed(false), result),
        (error: unknown) => {
          claimed(false);
          throw error;
        },
      );
    return { key, decided, done };
  });
  const decisions = await Promise.all(claims.map((c) => c.decided));
  const claimed = keys.filter((_, i) => decisions[i]);
  if (claimed.length > 0) {
    try {
      await deliver(claimed);
      release();
    } catch (error) {
      release(error ?? new Error('delivery failed'));
      await Promise.allSettled(claims.map((c) => c.done));
      throw error;
    }
  }
  const outcomes = await Promise.allSettled(claims.map((c) => c.done));
  const completed = (i: number) => outcomes[i]!.status === 'fulfilled' && (outcomes[i] as PromiseFulfilledResult<LedgerOutcome>).value === 'duplicate';
  // Only a completed record proves delivery: anything else left unclaimed is tried again later.
  return {
    delivered: claimed,
    duplicates: keys.filter((_, i) => !decisions[i] && completed(i)),
    inProgress: keys.filter((_, i) => !decisions[i] && !completed(i)),
  };
}
