/**
 * A DynamoDB stand-in: a real HTTP server on 127.0.0.1 speaking DynamoDB's JSON protocol (POST /,
 * `X-Amz-Target: DynamoDB_20120810.<Operation>`, `application/x-amz-json-1.0`), so the real SDK client and
 * Powertools Idempotency talk to it as to the service. One table keyed by the string attribute `id`.
 *
 * It knows the item operations the ledger and the alarm-state store make: PutItem, GetItem, UpdateItem
 * (`SET` only) and DeleteItem, with condition expressions (attribute_exists, attribute_not_exists,
 * comparisons, AND, OR, NOT, parentheses), ReturnValues ALL_OLD and ReturnValuesOnConditionCheckFailure.
 * Anything else is answered with a ValidationException, so a library change is noticed.
 *
 * Faults, for the next calls of one operation (or any):
 * - `write-then-500`: the call takes effect, the answer is a 500 InternalServerError (the SDK retries);
 * - `write-then-reset`: the call takes effect, the connection is dropped before any answer;
 * - `hang`: no effect, no answer, until the client gives up;
 * - `throttle`: no effect, 400 ProvisionedThroughputExceededException (or ThrottlingException);
 * - `refuse`: no effect, the connection is dropped and the stand-in stops listening: every later connection
 *   is refused until `accept()`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Operation = 'PutItem' | 'GetItem' | 'UpdateItem' | 'DeleteItem';
export type Fault = 'write-then-500' | 'write-then-reset' | 'hang' | 'throttle' | 'refuse';
export type Throttling = 'ProvisionedThroughputExceededException' | 'ThrottlingException';

type AttributeValue = { S: string } | { N: string } | { BOOL: boolean } | { NULL: true } | { M: Item } | { L: AttributeValue[] };
type Item = Record<string, AttributeValue>;

export interface Call {
  operation: string;
  /** The item's `id`, when the call names one. */
  id?: string;
  fault?: Fault;
}

export interface DynamoDBStandIn {
  /** `http://127.0.0.1:<port>`: the client's `endpoint`. */
  endpoint: string;
  /** Every call that arrived, in order, with the fault it met. */
  calls: Call[];
  /** The items, unmarshalled, in insertion order. */
  items(): Array<Record<string, unknown>>;
  item(id: string): Record<string, unknown> | undefined;
  /** Stores an item as it is (unmarshalled: strings, numbers, booleans, maps). */
  seed(item: Record<string, unknown>): void;
  /** The next `times` calls of `operation` (`*`: any) meet `fault`. `Infinity` for "from now on". */
  fail(operation: Operation | '*', fault: Fault, times?: number): void;
  /** Which error `throttle` answers. */
  throttleWith(name: Throttling): void;
  /** Stops listening and drops every connection: connections are refused. */
  refuse(): Promise<void>;
  /** Listens again on the same port, with no faults left. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

// --- attribute values -------------------------------------------------------------------------------------

function toAttribute(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  if (value && typeof value === 'object') return { M: marshall(value as Record<string, unknown>) };
  return { NULL: true };
}

function fromAttribute(a: AttributeValue): unknown {
  if ('S' in a) return a.S;
  if ('N' in a) return Number(a.N);
  if ('BOOL' in a) return a.BOOL;
  if ('M' in a) return unmarshall(a.M);
  if ('L' in a) return a.L.map(fromAttribute);
  return null;
}

const marshall = (o: Record<string, unknown>): Item =>
  Object.fromEntries(Object.entries(o).flatMap(([k, v]) => (v === undefined ? [] : [[k, toAttribute(v)]])));
const unmarshall = (item: Item): Record<string, unknown> => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttribute(v)]));

class ValidationError extends Error {}

// --- condition expressions ----------------------------------------------------------------------------------

interface Scope {
  names: Record<string, string>;
  values: Item;
}

const TOKEN = /\s*(<>|<=|>=|[()=<>,]|[#:]?[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(expression);
    if (!match) throw new ValidationError(`cannot read expression at: ${expression.slice(TOKEN.lastIndex)}`);
    tokens.push(match[1]!);
  }
  return tokens;
}

function attributeName(token: string, scope: Scope): string {
  if (!token.startsWith('#')) return token;
  const name = scope.names[token];
  if (name === undefined) throw new ValidationError(`undefined attribute name ${token}`);
  return name;
}

function operand(token: string, item: Item | undefined, scope: Scope): AttributeValue | undefined {
  if (token.startsWith(':')) {
    const value = scope.values[token];
    if (value === undefined) throw new ValidationError(`undefined attribute value ${token}`);
    return value;
  }
  return item?.[attributeName(token, scope)];
}

/** DynamoDB compares numbers as numbers and strings by code point; values of different types never match. */
function compare(a: AttributeValue | undefined, op: string, b: AttributeValue | undefined): boolean {
  if (!a || !b) return false;
  let order: number;
  if ('N' in a && 'N' in b) order = Math.sign(Number(a.N) - Number(b.N));
  else if ('S' in a && 'S' in b) order = a.S < b.S ? -1 : a.S > b.S ? 1 : 0;
  else if (op === '=' || op === '<>') order = JSON.stringify(a) === JSON.stringify(b) ? 0 : 1;
  else return false;
  switch (op) {
    case '=': return order === 0;
    case '<>': return order !== 0;
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
    default: throw new ValidationError(`unknown comparator ${op}`);
  }
}

function evaluate(expression: string, item: Item | undefined, scope: Scope): boolean {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token.toUpperCase() !== expected)) throw new ValidationError(`expected ${expected ?? 'more'} in ${expression}`);
    return token;
  };
  const or = (): boolean => {
    let value = and();
    while (peek()?.toUpperCase() === 'OR') (take(), (value = and() || value));
    return value;
  };
  const and = (): boolean => {
    let value = not();
    while (peek()?.toUpperCase() === 'AND') (take(), (value = not() && value));
    return value;
  };
  const not = (): boolean => {
    if (peek()?.toUpperCase() === 'NOT') return take(), !not();
    return primary();
  };
  const primary = (): boolean => {
    const token = take();
    if (token === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token === 'attribute_exists' || token === 'attribute_not_exists') {
      take('(');
      const name = attributeName(take(), scope);
      take(')');
      return (item?.[name] !== undefined) === (token === 'attribute_exists');
    }
    const comparator = take();
    return compare(operand(token, item, scope), comparator, operand(take(), item, scope));
  };
  const value = or();
  if (at !== tokens.length) throw new ValidationError(`unexpected ${tokens[at]} in ${expression}`);
  return value;
}

/** `SET a = :a, #b = :b`: the only update the ledger and the alarm-state store write. */
function applySet(expression: string, item: Item, scope: Scope): Item {
  const match = /^\s*SET\s+(.*)$/is.exec(expression);
  if (!match) throw new ValidationError(`only SET updates are supported: ${expression}`);
  const updated = { ...item };
  for (const assignment of match[1]!.split(',')) {
    const [name, value, ...rest] = assignment.split('=').map((s) => s.trim());
    if (!name || !value?.startsWith(':') || rest.length > 0) throw new ValidationError(`unsupported assignment ${assignment}`);
    updated[attributeName(name, scope)] = operand(value, undefined, scope)!;
  }
  return updated;
}

// --- the server -----------------------------------------------------------------------------------------------

interface Request {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  ConditionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
  ReturnValues?: string;
  ReturnValuesOnConditionCheckFailure?: string;
}

type Answer = { status: number; body: unknown };

const PREFIX = 'com.amazonaws.dynamodb.v20120810#';
const error = (status: number, type: string, message: string, extra: object = {}): Answer => ({ status, body: { __type: type, message, ...extra } });

export async function dynamoDBStandIn(tableName: string): Promise<DynamoDBStandIn> {
  const table = new Map<string, Item>();
  const faults: Array<{ operation: Operation | '*'; fault: Fault; left: number }> = [];
  const calls: Call[] = [];
  const sockets = new Set<Socket>();
  let throttling: Throttling = 'ProvisionedThroughputExceededException';
  let port = 0;

  const idOf = (key: Item | undefined): string => {
    const id = key?.id;
    if (!id || !('S' in id)) throw new ValidationError('the key must be the string attribute id');
    return id.S;
  };

  const faultFor = (operation: string): Fault | undefined => {
    const i = faults.findIndex((f) => f.left > 0 && (f.operation === '*' || f.operation === operation));
    if (i < 0) return undefined;
    faults[i]!.left -= 1;
    return faults[i]!.fault;
  };

  const conditionFailed = (request: Request, old: Item | undefined): Answer =>
    error(400, `${PREFIX}ConditionalCheckFailedException`, 'The conditional request failed', request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && old ? { Item: old } : {});

  const passes = (request: Request, old: Item | undefined) =>
    request.ConditionExpression === undefined ||
    evaluate(request.ConditionExpression, old, { names: request.ExpressionAttributeNames ?? {}, values: request.ExpressionAttributeValues ?? {} });

  function perform(operation: string, request: Request): Answer {
    if (request.TableName !== tableName) return error(400, `${PREFIX}ResourceNotFoundException`, 'Requested resource not found');
    const scope = { names: request.ExpressionAttributeNames ?? {}, values: request.ExpressionAttributeValues ?? {} };
    switch (operation) {
      case 'GetItem': {
        const item = table.get(idOf(request.Key));
        return { status: 200, body: item ? { Item: item } : {} };
      }
      case 'PutItem': {
        const id = idOf(request.Item);
        const old = table.get(id);
        if (!passes(request, old)) return conditionFailed(request, old);
        table.set(id, request.Item!);
        return { status: 200, body: request.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {} };
      }
      case 'UpdateItem': {
        const id = idOf(request.Key);
        const old = table.get(id);
        if (!passes(request, old)) return conditionFailed(request, old);
        table.set(id, applySet(request.UpdateExpression ?? '', old ?? { ...request.Key }, scope));
        return { status: 200, body: request.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {} };
      }
      case 'DeleteItem': {
        const id = idOf(request.Key);
        const old = table.get(id);
        if (!passes(request, old)) return conditionFailed(request, old);
        table.delete(id);
        return { status: 200, body: request.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {} };
      }
      default:
        return error(400, `${PREFIX}ValidationException`, `the stand-in does not know ${operation}`);
    }
  }

  const answer = (res: ServerResponse, { status, body }: Answer) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `stand-in-${calls.length}`, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_20120810\./, '');
      let request: Request;
      try {
        request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Request;
      } catch {
        return answer(res, error(400, `${PREFIX}SerializationException`, 'not JSON'));
      }
      const call: Call = { operation };
      const id = request.Key?.id ?? request.Item?.id;
      if (id && 'S' in id) call.id = id.S;
      const fault = faultFor(operation);
      if (fault) call.fault = fault;
      calls.push(call);

      if (fault === 'hang') return; // the socket stays open until the client gives up or the stand-in closes
      if (fault === 'refuse') return void (req.socket.destroy(), stopListening());
      if (fault === 'throttle') {
        const type = throttling === 'ThrottlingException' ? 'com.amazon.coral.availability#ThrottlingException' : `${PREFIX}ProvisionedThroughputExceededException`;
        return answer(res, error(400, type, 'Rate of requests exceeds the allowed throughput.'));
      }
      let result: Answer;
      try {
        result = perform(operation, request);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        result = error(400, `${PREFIX}ValidationException`, e.message);
      }
      if (fault === 'write-then-500') return answer(res, error(500, `${PREFIX}InternalServerError`, 'Internal server error'));
      if (fault === 'write-then-reset') return void req.socket.destroy();
      answer(res, result);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = () => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolve();
    });
  });
  let stopped: Promise<void> | undefined;
  const stopListening = () => {
    stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    return stopped;
  };

  await listen();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    items: () => [...table.values()].map(unmarshall),
    item: (id) => {
      const item = table.get(id);
      return item && unmarshall(item);
    },
    seed: (item) => void table.set(String(item.id), marshall(item)),
    fail: (operation, fault, times = 1) => void faults.push({ operation, fault, left: times }),
    throttleWith: (name) => void (throttling = name),
    refuse: () => stopListening(),
    accept: async () => {
      faults.length = 0;
      if (!stopped) return;
      await stopped;
      stopped = undefined;
      await listen();
    },
    close: () => stopListening(),
  };
}
