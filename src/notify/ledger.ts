import type { Log } from '../model/log.js';

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
 * How long one invocation's claim on a key holds: past a delivery's retry deadline (DEFAULT_RETRY.deadlineMs),
 * within the function timeout, so a claim left by an invocation that died mid-delivery lapses before the retry.
 */
export const LEDGER_CLAIM_MS = 30_000;

/**
 * Records are keyed by this, not by the Lambda function name (Powertools' default): the redrive tool, run
 * from a laptop, must find what the functions delivered.
 */
export const LEDGER_KEY_PREFIX = 'ohmycoins-alerting';

/**
 * The leading part of every ledger item id of one destination: `ohmycoins-alerting:slack#<hash>`. Powertools
 * stores `<keyPrefix>#<hash of the key>`, so only the prefix can name the destination, and it must: each
 * notifier role may touch only items whose id starts with its own destination (`dynamodb:LeadingKeys`).
 */
export const ledgerKeyPrefix = (destination: string): string => `${LEDGER_KEY_PREFIX}:${destination}`;

/** Delivery keys are `<MessageId>#<routeKey>` and a route key starts with its destination (`slack:alerts`). */
export function destinationOfKey(key: string): string {
  const route = key.slice(key.lastIndexOf('#') + 1);
  const colon = route.indexOf(':');
  return colon < 0 ? route : route.slice(0, colon);
}

/**
 * DynamoDB through Powertools Idempotency (conditional writes, in-progress records with expiry, TTL).
 * When the table cannot be reached the delivery goes ahead: a possible duplicate beats a lost alert.
 */
export function dynamoLedger(tableName: string, log: Log): DeliveryLedger {
  type Idempotent = (input: { key: string }, deliver: () => Promise<void>) => Promise<unknown>;
  // One persistence layer per destination: Powertools fixes the key prefix per layer.
  const byDestination = new Map<string, Promise<Idempotent>>();
  const load = async (destination: string): Promise<Idempotent> => {
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
    }, { persistenceStore, config, keyPrefix: ledgerKeyPrefix(destination) });
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
        const destination = destinationOfKey(key);
        let idempotent = byDestination.get(destination);
        if (!idempotent) byDestination.set(destination, (idempotent = load(destination)));
        await (await idempotent)({ key }, tracked);
        return ran ? 'delivered' : 'duplicate';
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'IdempotencyAlreadyInProgressError') return 'duplicate';
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
 * remembered — or, if it fails, released, so each alert can be tried again. Works over any ledger.
 */
export async function onceAll(
  ledger: DeliveryLedger,
  keys: readonly string[],
  deliver: (claimed: string[]) => Promise<void>,
): Promise<{ delivered: string[]; duplicates: string[] }> {
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
  await Promise.allSettled(claims.map((c) => c.done));
  return { delivered: claimed, duplicates: keys.filter((_, i) => !decisions[i]) };
}
