/**
 * The delivery ledger's DynamoDB table, faked behind aws-sdk-client-mock: the four item operations Powertools
 * Idempotency uses, with the conditional write it relies on (and `ReturnValuesOnConditionCheckFailure: ALL_OLD`).
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

/** Just the attribute types Powertools writes (strings, numbers, the stored response map). */
function toAttribute(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value && typeof value === 'object') return { M: marshall(value as Record<string, unknown>) };
  return { NULL: true };
}

function fromAttribute(a: AttributeValue): unknown {
  if (a.S !== undefined) return a.S;
  if (a.N !== undefined) return Number(a.N);
  if (a.BOOL !== undefined) return a.BOOL;
  if (a.M !== undefined) return unmarshall(a.M);
  return null;
}

const marshall = (o: Record<string, unknown>): Item =>
  Object.fromEntries(Object.entries(o).flatMap(([k, v]) => (v === undefined ? [] : [[k, toAttribute(v)]])));
const unmarshall = (item: Item): Record<string, unknown> => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttribute(v)]));

/** Powertools' "may I claim this key" condition; the fake refuses any other so a library change is noticed. */
const CLAIM_CONDITION =
  'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)';

export interface FakeLedgerTable {
  mock: AwsClientStub<DynamoDBClient>;
  /** The table's items, unmarshalled, by `id`. */
  items(): Array<Record<string, unknown>>;
  /** Puts an item as it is (a record a crashed invocation left behind, say). */
  seed(item: Record<string, unknown>): void;
  /** From now on every call fails with this error (the table is unreachable, throttled, deleted). */
  failWith(error: Error, commands?: Array<'put' | 'update' | 'delete' | 'get'>): void;
  restore(): void;
}

export function fakeLedgerTable(tableName: string): FakeLedgerTable {
  const table = new Map<string, Item>();
  const failing = new Map<string, Error>();
  const mock = mockClient(DynamoDBClient);
  const idOf = (key: Item | undefined) => String(unmarshall(key ?? {}).id);
  const check = (op: string, input: { TableName?: string }) => {
    const error = failing.get(op);
    if (error) throw error;
    if (input.TableName !== tableName) throw new Error(`fake DynamoDB: unexpected table ${input.TableName}`);
  };

  mock.on(PutItemCommand).callsFake((input) => {
    check('put', input);
    const id = idOf({ id: input.Item!.id! });
    const existing = table.get(id);
    if (existing && input.ConditionExpression) {
      if (input.ConditionExpression !== CLAIM_CONDITION) throw new Error(`fake DynamoDB: unknown condition ${input.ConditionExpression}`);
      const names = input.ExpressionAttributeNames as Record<string, string>;
      const values = unmarshall(input.ExpressionAttributeValues!) as Record<string, number | string>;
      const old = unmarshall(existing);
      const expired = Number(old[names['#expiry']!]) < Number(values[':now']);
      const inProgressLapsed =
        old[names['#status']!] === values[':inprogress'] &&
        old[names['#in_progress_expiry']!] !== undefined &&
        Number(old[names['#in_progress_expiry']!]) < Number(values[':now_in_millis']);
      if (!expired && !inProgressLapsed) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: { httpStatusCode: 400 },
          ...(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? { Item: existing } : {}),
        });
      }
    }
    table.set(id, input.Item!);
    return {};
  });

  mock.on(UpdateItemCommand).callsFake((input) => {
    check('update', input);
    const id = idOf(input.Key);
    const names = input.ExpressionAttributeNames as Record<string, string>;
    const item = table.get(id) ?? { ...input.Key };
    const values = input.ExpressionAttributeValues ?? {};
    // `SET #a = :a, #b = :b`: the only update expression Powertools writes.
    for (const assignment of (input.UpdateExpression ?? '').replace(/^SET /, '').split(',')) {
      const [name, value] = assignment.split('=').map((s: string) => s.trim());
      item[names[name!]!] = values[value!]!;
    }
    table.set(id, item);
    return {};
  });

  mock.on(DeleteItemCommand).callsFake((input) => {
    check('delete', input);
    table.delete(idOf(input.Key));
    return {};
  });

  mock.on(GetItemCommand).callsFake((input) => {
    check('get', input);
    const item = table.get(idOf(input.Key));
    return item ? { Item: item } : {};
  });

  return {
    mock,
    items: () => [...table.values()].map((i) => unmarshall(i)),
    seed: (item) => void table.set(String(item.id), marshall(item)),
    failWith: (error, commands = ['put', 'update', 'delete', 'get']) => commands.forEach((c) => failing.set(c, error)),
    restore: () => mock.restore(),
  };
}
