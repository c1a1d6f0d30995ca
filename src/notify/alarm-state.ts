import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Log } from '../model/log.js';
import { LEDGER_TTL_SECONDS, ledgerDocumentClient, ledgerKeyPrefix, type LedgerClientOptions } from './ledger.js';

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
 * - `same`: the same instant again (a Lambda retry, a redrive, another copy of the message): deliver it; the
 *   delivery ledger and PagerDuty's dedup_key keep it from doubling.
 * - `stale`: a later state change came first: nobody gets it (PagerDuty would reopen a resolved incident, Slack
 *   and email would show a recovered alarm as firing).
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
      const verdict = judge(old, ms);
      if (verdict === 'newer') stored.set(id, { ms, messageId: change.messageId });
      return verdict;
    },
  };
}

/** Only an older change is held back: the same instant again (a retry, another copy) is not older, and goes out. */
function judge(old: Stored | undefined, ms: number): 'newer' | 'same' | 'stale' {
  if (!old || old.ms < ms) return 'newer';
  return old.ms === ms ? 'same' : 'stale';
}

/**
 * Shares the delivery ledger's table, under the destination's own key prefix (each role may touch only items
 * that start with it: the ledger table's leading-key condition); `#state#` keeps it apart from ledger records.
 * `routeKey` names where it is delivered: `<destination>:<target>`.
 */
export const alarmStateId = (alarmKey: string, routeKey: string): string =>
  `${ledgerKeyPrefix(routeKey.split(':')[0]!)}#state#${alarmKey}#${routeKey}`;

/**
 * The state never moves back: the write succeeds on a new item, a later change or the same instant again;
 * DynamoDB decides, so of two invocations racing, the older change cannot win.
 */
const CONDITION = 'attribute_not_exists(#id) OR #ms <= :ms';

/** On the ledger's table, with the ledger's timeouts and TTL. */
export function dynamoAlarmStates(tableName: string, log: Log, options: LedgerClientOptions = {}): AlarmStateStore {
  let client: Promise<DynamoDBDocumentClient> | undefined;
  const load = () => ledgerDocumentClient(options);
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
        return judge(before, ms) === 'same' ? 'same' : 'newer';
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return 'stale';
        log.warn('Alarm state store unavailable: delivering without ordering', { alarmKey, routeKey, error: (error as Error).message });
        return 'unavailable';
      }
    },
  };
}
