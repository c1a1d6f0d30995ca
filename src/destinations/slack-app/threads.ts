import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Log } from '../../model/log.js';
import { LEDGER_TTL_SECONDS, ledgerClientConfig, ledgerKeyPrefix, type LedgerClientOptions } from '../../notify/ledger.js';

/** Where one alarm's incident message is in Slack: its channel and the message's `ts`. */
export interface ThreadRef {
  channel: string;
  ts: string;
}

/**
 * Per (alarm, channel), the message its state changes update and reply under. A reference that cannot be read
 * (gone after its TTL, the table failing) is no reference: a new message is posted, never a notification lost.
 */
export interface ThreadStore {
  get(alarmKey: string, channel: string): Promise<ThreadRef | undefined>;
  /** Replaces any earlier reference: a new message stands for the incident from now on. */
  put(alarmKey: string, ref: ThreadRef): Promise<void>;
}

/** For tests and local runs: remembers within the process only. */
export function memoryThreads(): ThreadStore & { refs: Map<string, ThreadRef> } {
  const refs = new Map<string, ThreadRef>();
  return {
    refs,
    get: async (alarmKey, channel) => refs.get(threadId(alarmKey, channel)),
    put: async (alarmKey, ref) => void refs.set(threadId(alarmKey, ref.channel), ref),
  };
}

/**
 * On the ledger's table, under this destination's key prefix (its role may touch only items that start with it:
 * the table's leading-key condition); `#thread#` keeps it apart from ledger and alarm-state records.
 */
export const threadId = (alarmKey: string, channel: string): string => `${ledgerKeyPrefix('slack-app')}#thread#${alarmKey}#${channel}`;

/** With the ledger's timeouts and TTL: an incident quiet for longer starts a new message. */
export function dynamoThreads(tableName: string, log: Log, options: LedgerClientOptions = {}): ThreadStore {
  let client: Promise<DynamoDBDocumentClient> | undefined;
  const load = async () => {
    const [{ DynamoDBClient }, { DynamoDBDocumentClient }] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/lib-dynamodb')]);
    return DynamoDBDocumentClient.from(new DynamoDBClient(ledgerClientConfig(options)));
  };
  const db = () => (client ??= load());
  return {
    async get(alarmKey, channel) {
      try {
        const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
        const { Item } = await (await db()).send(new GetCommand({ TableName: tableName, Key: { id: threadId(alarmKey, channel) }, ConsistentRead: true }));
        // DynamoDB deletes expired items some time after their TTL: one past it is gone already.
        if (!Item || typeof Item.ts !== 'string' || Number(Item.expiration) * 1000 < Date.now()) return undefined;
        return { channel: String(Item.channel), ts: Item.ts };
      } catch (error) {
        log.warn('Slack thread store unavailable: posting a new message', { alarmKey, channel, error: (error as Error).message });
        return undefined;
      }
    },
    async put(alarmKey, ref) {
      try {
        const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
        const Item = { id: threadId(alarmKey, ref.channel), channel: ref.channel, ts: ref.ts, expiration: Math.round(Date.now() / 1000) + LEDGER_TTL_SECONDS };
        await (await db()).send(new PutCommand({ TableName: tableName, Item }));
      } catch (error) {
        // Posted, not remembered: the next change of this alarm posts a new message instead of updating this one.
        log.warn('Slack thread store unavailable: the next change will post a new message', { alarmKey, channel: ref.channel, error: (error as Error).message });
      }
    },
  };
}
