import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

/**
 * How long a delivery is remembered: as long as a copy can come back. The dead-letter queue keeps a letter
 * 14 days and `redrive` may replay it on the last one; a day more covers a redrive that starts late or runs
 * long. SNS and Lambda retries (hours) and the destination queues (4 days) end well before.
 */
export const LEDGER_TTL_SECONDS = 15 * 24 * 3600;

/**
 * How long one invocation's claim on a key holds. Longer than what runs under it, a delivery with all its
 * retries (DEFAULT_RETRY.deadlineMs, 20 s) and the ledger call recording it (LEDGER_CALL_BUDGET_MS), so a
 * live claim is never taken over. No longer than the function timeout (30 s), so a claim left by an
 * invocation that died, or by our own write whose answer was lost, has lapsed when SQS shows the message
 * again (after its 180 s visibility timeout) or Lambda retries an SNS invocation (a minute or more later).
 */
export const LEDGER_CLAIM_MS = 30_000;

/**
 * Every ledger call (claim, record, release, alarm state) gives up after this per attempt, connecting
 * included: a table that hangs must not hold a delivery until the function times out.
 */
export const LEDGER_ATTEMPT_TIMEOUT_MS = 1_000;
/** Attempts per ledger call, the first included: one retry rides out a reset or a lone 500. */
export const LEDGER_MAX_ATTEMPTS = 2;
/**
 * The longest one ledger call can take: every attempt timing out, plus the SDK's wait before its retry
 * (at most 1 s, after throttling). Three calls (alarm state, claim, record) and a delivery's retry deadline
 * fit in the function timeout.
 */
export const LEDGER_CALL_BUDGET_MS = LEDGER_MAX_ATTEMPTS * LEDGER_ATTEMPT_TIMEOUT_MS + 1_000;

export interface LedgerClientOptions {
  /** Per attempt; tests shorten it. */
  attemptTimeoutMs?: number;
  /** Tests point the client at a stand-in; otherwise the SDK's own (AWS_ENDPOINT_URL_DYNAMODB, the region's). */
  endpoint?: string;
}

/** The DynamoDB client settings every ledger call uses: bounded attempts, each with a hard timeout. */
function ledgerClientConfig(options: LedgerClientOptions = {}): DynamoDBClientConfig {
  const timeout = options.attemptTimeoutMs ?? LEDGER_ATTEMPT_TIMEOUT_MS;
  return {
    maxAttempts: LEDGER_MAX_ATTEMPTS,
    // Without throwOnRequestTimeout the SDK only warns when requestTimeout passes, and keeps waiting.
    requestHandler: { connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true },
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
}

/**
 * One client per container for everything on the ledger's table (the ledger, the alarm states, Slack's thread
 * references), loaded on first use: one socket pool and one set of middleware instead of one per store.
 */
const tableClients = new Map<string, Promise<DynamoDBClient>>();

export function ledgerTableClient(options: LedgerClientOptions = {}): Promise<DynamoDBClient> {
  const key = `${options.endpoint ?? ''}|${options.attemptTimeoutMs ?? LEDGER_ATTEMPT_TIMEOUT_MS}`;
  let client = tableClients.get(key);
  if (!client) {
    client = import('@aws-sdk/client-dynamodb').then(({ DynamoDBClient }) => new DynamoDBClient(ledgerClientConfig(options)));
    tableClients.set(key, client);
  }
  return client;
}

/** The same client, with items as plain objects. */
export async function ledgerDocumentClient(options: LedgerClientOptions = {}): Promise<DynamoDBDocumentClient> {
  const [client, { DynamoDBDocumentClient }] = await Promise.all([ledgerTableClient(options), import('@aws-sdk/lib-dynamodb')]);
  return DynamoDBDocumentClient.from(client);
}

export interface LedgerOptions extends LedgerClientOptions {
  /** How long a claim holds (LEDGER_CLAIM_MS); tests shorten it. */
  claimMs?: number;
}

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
 * When the table cannot be reached, hangs (the timeout), throttles or fails, the delivery goes ahead with a
 * warning: a possible duplicate beats a lost alert.
 */
export function dynamoLedger(tableName: string, log: Log, options: LedgerOptions = {}): DeliveryLedger {
  const claimMs = options.claimMs ?? LEDGER_CLAIM_MS;
  type Idempotent = (input: { key: string }, deliver: () => Promise<void>) => Promise<unknown>;
  // One persistence layer per destination: Powertools fixes the key prefix per layer.
  const byDestination = new Map<string, Promise<Idempotent>>();
  const load = async (destination: string): Promise<Idempotent> => {
    const [{ makeIdempotent, IdempotencyConfig }, { DynamoDBPersistenceLayer }] = await Promise.all([
      import('@aws-lambda-powertools/idempotency'),
      import('@aws-lambda-powertools/idempotency/dynamodb'),
    ]);
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: await ledgerTableClient(options) });
    const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: LEDGER_TTL_SECONDS, throwOnNoIdempotencyKey: true });
    // Without a Lambda context Powertools writes claims that never lapse before the TTL: a copy arriving after
    // a crash mid-delivery would be put off as "in progress" until then. Every claim lapses after claimMs.
    config.registerLambdaContext({ getRemainingTimeInMillis: () => claimMs } as Parameters<typeof config.registerLambdaContext>[0]);
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
