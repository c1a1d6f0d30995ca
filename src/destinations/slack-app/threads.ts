import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Log } from '../../model/log.js';
import { LEDGER_TTL_SECONDS, ledgerDocumentClient, ledgerKeyPrefix, type LedgerClientOptions } from '../../notify/ledger.js';
import type { StormTotals } from './storm-format.js';

/** Where one alarm's incident message is in Slack: its channel and the message's `ts`. */
export interface ThreadRef {
  channel: string;
  ts: string;
  /** The state change the message shows (CloudWatch's StateChangeTime): an older one only replies in its thread. */
  at?: string;
  /** The state it shows: an ALARM long after an OK is a new incident (incident.ts). */
  state?: string;
  /** The state change that opened it: tried again, it completes the thread instead of replying to itself. */
  opened?: string;
}

/** The channel's current alert storm: its message, when its last digest went out, and what it has counted so far. */
export interface StormRef {
  channel: string;
  ts: string;
  lastMs: number;
  totals: StormTotals;
  /** The digests already counted in the totals (their owners), so a digest tried again is not counted twice. */
  counted: string[];
  /** Counts the writes: two digests counted at once must not overwrite each other's totals. */
  version: number;
}

/** `conflict`: another digest wrote the storm since it was read (read it again); `unavailable`: not remembered. */
export type StormWrite = 'stored' | 'conflict' | 'unavailable';

/**
 * Who may post the first message for an alarm (or a storm) in a channel. `claimed`: this delivery; `held`: another
 * delivery claimed it and has not stored its message yet; `unavailable`: the store cannot tell (post anyway).
 */
export type ClaimResult = 'claimed' | 'held' | 'unavailable';

/**
 * Per (alarm, channel), the message its state changes update and reply under; per channel, the storm its digests
 * thread under. A reference that cannot be read (gone after its TTL, the table failing) is no reference: a new
 * message is posted, never a notification lost.
 */
export interface ThreadStore {
  get(alarmKey: string, channel: string): Promise<ThreadRef | undefined>;
  /** Replaces any earlier reference (and a claim): a new message stands for the incident from now on. */
  put(alarmKey: string, ref: ThreadRef): Promise<void>;
  storm(channel: string): Promise<StormRef | undefined>;
  /** Stores the storm; with `readVersion`, only if nobody wrote it since that version was read. */
  putStorm(ref: StormRef, readVersion?: number): Promise<StormWrite>;
  /**
   * Claims `id` (`threadId`, `stormId`) for `owner` before its first message is posted, so two deliveries at once
   * post one. A claim without a message older than `staleMs` (its owner died) may be taken over; its owner may claim
   * again; a storm whose last digest went out before `overBefore` is over, and a new one may be claimed in its place.
   */
  claim(id: string, owner: string, staleMs: number, overBefore?: number): Promise<ClaimResult>;
  /** Gives up a claim that has no message yet (the post failed), so another delivery need not wait for it to go stale. */
  release(id: string, owner: string): Promise<void>;
}

/**
 * On the ledger's table, under this destination's key prefix (its role may touch only items that start with it:
 * the table's leading-key condition); `#thread#` and `#storm#` keep them apart from ledger and alarm-state records.
 */
export const threadId = (alarmKey: string, channel: string): string => `${ledgerKeyPrefix('slack-app')}#thread#${alarmKey}#${channel}`;
export const stormId = (channel: string): string => `${ledgerKeyPrefix('slack-app')}#storm#${channel}`;

interface Claim {
  owner: string;
  claimedAt: number;
}

/** For tests and local runs: remembers within the process only, with the same claim rules as the table. */
export function memoryThreads(now: () => number = Date.now): ThreadStore & { refs: Map<string, ThreadRef>; storms: Map<string, StormRef>; claims: Map<string, Claim> } {
  const refs = new Map<string, ThreadRef>();
  const storms = new Map<string, StormRef>();
  const claims = new Map<string, Claim>();
  return {
    refs,
    storms,
    claims,
    get: async (alarmKey, channel) => refs.get(threadId(alarmKey, channel)),
    put: async (alarmKey, ref) => {
      claims.delete(threadId(alarmKey, ref.channel));
      refs.set(threadId(alarmKey, ref.channel), ref);
    },
    storm: async (channel) => storms.get(stormId(channel)),
    putStorm: async (ref, readVersion) => {
      if (readVersion !== undefined && storms.get(stormId(ref.channel))?.version !== readVersion) return 'conflict';
      claims.delete(stormId(ref.channel));
      storms.set(stormId(ref.channel), ref);
      return 'stored';
    },
    async claim(id, owner, staleMs, overBefore) {
      const held = claims.get(id);
      const storm = storms.get(id);
      if (storm && overBefore !== undefined && storm.lastMs < overBefore) storms.delete(id);
      if (refs.has(id) || storms.has(id) || (held && held.owner !== owner && held.claimedAt >= now() - staleMs)) return 'held';
      claims.set(id, { owner, claimedAt: now() });
      return 'claimed';
    },
    release: async (id, owner) => void (claims.get(id)?.owner === owner && claims.delete(id)),
  };
}

/** With the ledger's timeouts and TTL: an incident quiet for longer starts a new message. */
export function dynamoThreads(tableName: string, log: Log, options: LedgerClientOptions = {}): ThreadStore {
  let client: Promise<DynamoDBDocumentClient> | undefined;
  const load = () => ledgerDocumentClient(options);
  const db = () => (client ??= load());
  const expiration = () => Math.round(Date.now() / 1000) + LEDGER_TTL_SECONDS;
  /** The item, unless absent, without a message yet, or past its TTL (DynamoDB deletes expired items some time after). */
  const read = async (id: string) => {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { Item } = await (await db()).send(new GetCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }));
    if (!Item || typeof Item.ts !== 'string' || Number(Item.expiration) * 1000 < Date.now()) return undefined;
    return Item;
  };
  const write = async (Item: Record<string, unknown>, condition: object = {}) => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const defined = Object.fromEntries(Object.entries(Item).filter(([, v]) => v !== undefined));
    await (await db()).send(new PutCommand({ TableName: tableName, Item: { ...defined, expiration: expiration() }, ...condition }));
  };
  const unavailable = (message: string, fields: object, error: unknown) => log.warn(message, { ...fields, error: (error as Error).message });
  return {
    async get(alarmKey, channel) {
      try {
        const item = await read(threadId(alarmKey, channel));
        if (!item) return undefined;
        return {
          channel: String(item.channel),
          ts: String(item.ts),
          ...(typeof item.at === 'string' ? { at: item.at } : {}),
          ...(typeof item.state === 'string' ? { state: item.state } : {}),
          ...(typeof item.opened === 'string' ? { opened: item.opened } : {}),
        };
      } catch (error) {
        unavailable('Slack thread store unavailable: posting a new message', { alarmKey, channel }, error);
        return undefined;
      }
    },
    async put(alarmKey, ref) {
      try {
        await write({ id: threadId(alarmKey, ref.channel), ...ref });
      } catch (error) {
        // Posted, not remembered: the next change of this alarm posts a new message instead of updating this one.
        unavailable('Slack thread store unavailable: the next change will post a new message', { alarmKey, channel: ref.channel }, error);
      }
    },
    async storm(channel) {
      try {
        const item = await read(stormId(channel));
        if (!item) return undefined;
        const counted = Array.isArray(item.counted) ? item.counted.map(String) : [];
        return { channel: String(item.channel), ts: String(item.ts), lastMs: Number(item.lastMs), totals: item.totals as StormTotals, counted, version: Number(item.version ?? 0) };
      } catch (error) {
        unavailable('Slack thread store unavailable: the digest opens a new storm message', { channel }, error);
        return undefined;
      }
    },
    async putStorm(ref, readVersion) {
      try {
        const condition =
          readVersion === undefined
            ? {}
            : { ConditionExpression: '#version = :read', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':read': readVersion } };
        await write({ id: stormId(ref.channel), ...ref }, condition);
        return 'stored';
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return 'conflict';
        unavailable('Slack thread store unavailable: the next digest opens a new storm message', { channel: ref.channel }, error);
        return 'unavailable';
      }
    },
    async claim(id, owner, staleMs, overBefore) {
      try {
        const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
        await (await db()).send(
          new PutCommand({
            TableName: tableName,
            Item: { id, owner, claimedAt: Date.now(), expiration: expiration() },
            // Free: never claimed, past its TTL, a claim with no message that is stale or our own, or a storm that is over.
            ConditionExpression:
              'attribute_not_exists(id) OR #expiration < :now OR (attribute_not_exists(#ts) AND (#claimedAt < :stale OR #owner = :owner)) OR #lastMs < :over',
            ExpressionAttributeNames: { '#expiration': 'expiration', '#ts': 'ts', '#claimedAt': 'claimedAt', '#owner': 'owner', '#lastMs': 'lastMs' },
            // An incident's reference has no lastMs: it is never "over" (-1 never compares greater).
            ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000), ':stale': Date.now() - staleMs, ':owner': owner, ':over': overBefore ?? -1 },
          }),
        );
        return 'claimed';
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return 'held';
        unavailable('Slack thread store unavailable: posting without a claim', { id }, error);
        return 'unavailable';
      }
    },
    async release(id, owner) {
      try {
        const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
        await (await db()).send(
          new DeleteCommand({
            TableName: tableName,
            Key: { id },
            ConditionExpression: 'attribute_not_exists(#ts) AND #owner = :owner',
            ExpressionAttributeNames: { '#ts': 'ts', '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        );
      } catch (error) {
        // Someone else's now, or stored meanwhile; or the table failing, and then it goes stale by itself.
        if ((error as Error).name !== 'ConditionalCheckFailedException') unavailable('Slack thread store unavailable: a claim is left to go stale', { id }, error);
      }
    },
  };
}
