import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Log } from '../model/log.js';
import { LEDGER_TTL_SECONDS, ledgerClientConfig, type LedgerClientOptions } from './ledger.js';

/** One state change of an alarm, as its notification tells it. */
export interface StateChange {
  /** CloudWatch's `StateChangeTime` (ISO 8601, `+0000` included). */
  stateChangeTime: string;
  state: string;
  /** The SNS MessageId: a retry of the same message carries the same one. */
  messageId: string;
}

/**
 * - `newer`: later than anything this (alarm, destination) was given: deliver it.
 * - `same`: the message already stored, come again (a Lambda retry, a redrive): deliver it, the delivery
 *   ledger keeps it from going out twice.
 * - `stale`: a later state change (or another message of the same one) came first: PagerDuty must not get it;
 *   Slack and email show it as late history or not at all.
 * - `unavailable`: the store failed or timed out; `unknown`: the time cannot be read. Deliver either way and
 *   log: a possible page out of order beats a lost one.
 */
export type Advance = 'newer' | 'same' | 'stale' | 'unavailable' | 'unknown';

/**
 * Per (alarm, destination), the state change last handed to delivery, so an older notification (SNS does
 * not keep order, a redrive replays old letters) never overrides a newer one. Call it before delivering:
 * the stored change is claimed atomically, and a retry of the same message is let through as `same`.
 */
export interface AlarmStateStore {
  advance(alarmKey: string, routeKey: string, change: StateChange): Promise<Advance>;
}

interface Stored {
  ms: number;
  messageId: string;
}

/** For tests and local runs: remembers within the process only. */
export function memoryAlarmStates(): AlarmStateStore {
  const stored = new Map<string, Stored>();
  return {
    async advance(alarmKey, routeKey, change) {
      const ms = Date.parse(change.stateChangeTime);
      if (Number.isNaN(ms)) return 'unknown';
      const id = alarmStateId(alarmKey, routeKey);
      const old = stored.get(id);
      const verdict = judge(old, ms, change.messageId);
      if (verdict === 'newer') stored.set(id, { ms, messageId: change.messageId });
      return verdict;
    },
  };
}

function judge(old: Stored | undefined, ms: number, messageId: string): 'newer' | 'same' | 'stale' {
  if (!old || old.ms < ms) return 'newer';
  return old.ms === ms && old.messageId === messageId ? 'same' : 'stale';
}

/** Shares the delivery ledger's table: the key cannot meet a ledger key, which starts with the key prefix. */
export const alarmStateId = (alarmKey: string, routeKey: string): string => `state#${alarmKey}#${routeKey}`;

/**
 * The state always moves forward: the write succeeds only on a new item, a later change, or the stored
 * message itself; DynamoDB decides, so two invocations racing cannot both win with different changes.
 */
const CONDITION = 'attribute_not_exists(#id) OR #ms < :ms OR (#ms = :ms AND #messageId = :messageId)';

/** On the ledger's table, with the ledger's timeouts and TTL. */
export function dynamoAlarmStates(tableName: string, log: Log, options: LedgerClientOptions = {}): AlarmStateStore {
  let client: Promise<DynamoDBDocumentClient> | undefined;
  const load = async () => {
    const [{ DynamoDBClient }, { DynamoDBDocumentClient }] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/lib-dynamodb')]);
    return DynamoDBDocumentClient.from(new DynamoDBClient(ledgerClientConfig(options)));
  };
  return {
    async advance(alarmKey, routeKey, change) {
      const ms = Date.parse(change.stateChangeTime);
      if (Number.isNaN(ms)) return 'unknown';
      try {
        const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
        client ??= load();
        const { Attributes: old } = await (await client).send(
          new UpdateCommand({
            TableName: tableName,
            Key: { id: alarmStateId(alarmKey, routeKey) },
            UpdateExpression: 'SET #time = :time, #ms = :ms, #state = :state, #messageId = :messageId, #expiration = :expiration',
            ConditionExpression: CONDITION,
            ExpressionAttributeNames: {
              '#id': 'id',
              '#time': 'stateChangeTime',
              '#ms': 'stateChangeMs',
              '#state': 'state',
              '#messageId': 'messageId',
              '#expiration': 'expiration',
            },
            ExpressionAttributeValues: {
              ':time': change.stateChangeTime,
              ':ms': ms,
              ':state': change.state,
              ':messageId': change.messageId,
              ':expiration': Math.round(Date.now() / 1000) + LEDGER_TTL_SECONDS,
            },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const before = old && { ms: Number(old.stateChangeMs), messageId: String(old.messageId) };
        return judge(before, ms, change.messageId) === 'same' ? 'same' : 'newer';
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return 'stale';
        log.warn('Alarm state store unavailable: delivering without ordering', { alarmKey, routeKey, error: (error as Error).message });
        return 'unavailable';
      }
    },
  };
}
