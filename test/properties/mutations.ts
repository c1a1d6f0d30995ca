/**
 * Events for property-based tests: real payloads (test/fixtures/corpus and test/events) with fields mutated the way
 * broken or hostile publishers mutate them: huge strings, Slack control sequences, nulls, wrong types, deep
 * nesting, any Unicode, truncated JSON, messages past SNS's 256 KB.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { CORPUS_FILES, loadCorpusEvent } from '../support/corpus.js';

/** One SNS message to start from, or an event that carries no SNS record (a Lambda alarm action). */
export type Seed = { name: string; message: string; subject?: string; topicArn?: string } | { name: string; event: unknown };

function seedsOf(name: string, event: unknown): Seed[] {
  const records = (event as { Records?: unknown[] }).Records;
  if (!Array.isArray(records)) return [{ name, event }];
  return records.flatMap((r, i): Seed[] => {
    const sns = (r as { Sns?: { Message?: unknown; Subject?: unknown; TopicArn?: unknown } }).Sns;
    if (typeof sns?.Message !== 'string') return [];
    return [{ name: `${name}#${i}`, message: sns.Message, subject: typeof sns.Subject === 'string' ? sns.Subject : undefined, topicArn: typeof sns.TopicArn === 'string' ? sns.TopicArn : undefined }];
  });
}

const EVENTS_DIR = new URL('../events/', import.meta.url);

export const SEEDS: Seed[] = [
  ...readdirSync(EVENTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => seedsOf(`test/events/${f}`, JSON.parse(readFileSync(new URL(f, EVENTS_DIR), 'utf8')))),
  ...CORPUS_FILES.filter((f) => f !== 'PRX-Infrastructure__history_data.json').flatMap((f) => seedsOf(f, loadCorpusEvent(f))),
];

/** Seeds that are CloudWatch alarms (SNS payloads or EventBridge events), by index. */
const ALARM_SEEDS: number[] = SEEDS.flatMap((seed, i) =>
  'message' in seed && /"AlarmName"|"alarmName"|CloudWatch Alarm State Change/.test(seed.message) ? [i] : [],
);

/** Text people type into alarm descriptions, weighted towards what breaks Slack, mail clients and JSON. */
const FRAGMENTS = [
  '<!channel>', '<!here>', '<!everyone>', '<@U024BE7LH>', '<@W0123ABCD|boss>', '<#C024BE7LH>', '<!subteam^S0123|oncall>',
  '<https://evil.example|click here>', '<mailto:x@evil.example>', '*bold*', '_it_', '~del~', '`code`', '```block```', '> quote',
  '&', '&amp;', '&lt;', '|', '\n', '\r\n', '\t', '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\u202e', '\ufeff',
  '🔥', '👩‍👩‍👧‍👦', 'é', 'e\u0301', '日本語', 'עברית', '\ud83d', '\ude00', 'Zalgơ̸̢̗', '"', '\\', '{"nested":"json"}', '%s%n', '${x}',
];

const fragment = fc.constantFrom(...FRAGMENTS);

export const hostileText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fragment, fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.string({ maxLength: 30 })), { maxLength: Math.max(1, Math.ceil(maxLength / 8)) })
    .map((parts) => parts.join('').slice(0, maxLength));

/** A long string built from a repeated hostile piece: 20,000-character descriptions and the like. */
export const hugeText = (min: number, max: number): fc.Arbitrary<string> =>
  fc.tuple(hostileText(60), fc.integer({ min, max })).map(([piece, length]) => (piece || 'x').repeat(Math.ceil(length / Math.max(1, (piece || 'x').length))).slice(0, length));

/** An object nested `depth` levels deep. */
const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { n: value };
  return value;
};

/** What a field may be replaced with. */
export const replacement = (hugeMax: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileText(300) },
    { weight: 1, arbitrary: hugeText(3_000, hugeMax) },
    { weight: 2, arbitrary: fc.constantFrom(null, '', 0, -1, 1.7976931348623157e308, -0, true, false, [], {}, 'ALARM', 'OK', 'INSUFFICIENT_DATA', 'NaN', 'arn:aws:cloudwatch:::alarm:') },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 5, max: 60 }).map(nested) },
  );

type Path = Array<string | number>;

function pathsOf(value: unknown, path: Path = [], out: Path[] = [], depth = 0): Path[] {
  if (depth > 12 || value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, Array.isArray(value) ? Number(k) : k];
    out.push(p);
    pathsOf(v, p, out, depth + 1);
  }
  return out;
}

/**
 * `text` rewrites a string field (the alarm keeps its shape and is still recognised, so the formatters see the
 * hostile text); the others break the structure (the parser must label the result, not crash).
 */
type Mutation = { pick: number; op: 'text' | 'replace' | 'delete' | 'add'; value: unknown; text: string; where: 'replace' | 'before' | 'after'; key: string };

const mutation = (hugeMax: number): fc.Arbitrary<Mutation> =>
  fc.record({
    pick: fc.nat(),
    op: fc.oneof(
      { weight: 5, arbitrary: fc.constant('text' as const) },
      { weight: 2, arbitrary: fc.constant('replace' as const) },
      { weight: 1, arbitrary: fc.constantFrom('delete' as const, 'add' as const) },
    ),
    value: replacement(hugeMax),
    text: fc.oneof({ weight: 4, arbitrary: hostileText(400) }, { weight: 1, arbitrary: hugeText(2_000, hugeMax) }),
    where: fc.constantFrom('replace' as const, 'before' as const, 'after' as const),
    key: fc.oneof(fc.constantFrom('AlarmName', 'AlarmDescription', 'NewStateValue', 'Trigger', 'Dimensions', '__proto__', 'constructor'), fc.string({ maxLength: 12 })),
  });

const at = (root: unknown, path: Path): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);

function apply(root: unknown, m: Mutation): unknown {
  const paths = m.op === 'text' ? pathsOf(root).filter((p) => typeof at(root, p) === 'string') : pathsOf(root);
  if (paths.length === 0) return m.op === 'replace' ? m.value : root;
  const path = paths[m.pick % paths.length]!;
  const parent = at(root, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (m.op === 'text') {
    const old = parent[last] as string;
    parent[last] = m.where === 'replace' ? m.text : m.where === 'before' ? `${m.text}${old}` : `${old}${m.text}`;
  } else if (m.op === 'replace') parent[last] = m.value;
  else if (m.op === 'delete') Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
  else if (!Array.isArray(parent)) Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  return root;
}

/** A JSON value with some of its fields mutated (nested JSON strings such as NewStateReasonData included). */
function mutateJson(value: unknown, mutations: Mutation[], nestedToo: boolean): unknown {
  let root = structuredClone(value);
  if (nestedToo && root && typeof root === 'object' && typeof (root as Record<string, unknown>).NewStateReasonData === 'string') {
    try {
      const inner = mutateJson(JSON.parse((root as Record<string, string>).NewStateReasonData!), mutations.slice(0, 1), false);
      (root as Record<string, unknown>).NewStateReasonData = JSON.stringify(inner);
    } catch {
      // not JSON: left as it is
    }
  }
  for (const m of mutations) root = apply(root, m);
  return root;
}

/** How a message body is damaged. */
const messageMutation = (hugeMax: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('fields' as const), mutations: fc.array(mutation(hugeMax), { minLength: 1, maxLength: 5 }), nested: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), text: fc.oneof(hostileText(2_000), hugeText(1_000, hugeMax)) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  );

function mutateMessage(message: string, m: MessageMutation): string {
  if (m.kind === 'text') return m.text;
  if (m.kind === 'truncate') return message.slice(0, m.at % (message.length + 1));
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    // Plain text: the "fields" are its words.
    return `${message} ${m.mutations.map((x) => (x.op === 'text' ? x.text : typeof x.value === 'string' ? x.value : JSON.stringify(x.value))).join(' ')}`;
  }
  return JSON.stringify(mutateJson(parsed, m.mutations, m.nested)) ?? 'null';
}

type MessageMutation = typeof messageMutation extends (n: number) => fc.Arbitrary<infer T> ? T : never;

const STAGES = ['production', 'staging'] as const;
const topicArn = fc.oneof(
  fc.tuple(fc.constantFrom(...STAGES), fc.constantFrom('critical', 'warning', 'info')).map(([stage, s]) => `arn:aws:sns:eu-west-1:123456789012:ohmycoins-${stage}-alerts-${s}`),
  fc.constant(undefined),
  hostileText(80),
);

export interface GeneratedEvent {
  stage: (typeof STAGES)[number];
  event: unknown;
  /** The seeds the records came from, for the failure report. */
  from: string[];
}

function snsRecord(message: string, fields: { messageId: string; topicArn?: string; subject?: string | null }) {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${fields.topicArn ?? 'arn:aws:sns:eu-west-1:123456789012:t'}:sub`,
    Sns: { Type: 'Notification', MessageId: fields.messageId, TopicArn: fields.topicArn, Subject: fields.subject, Message: message, Timestamp: '2024-05-14T09:42:27.512Z' },
  };
}

function sqsRecord(sns: ReturnType<typeof snsRecord>['Sns'], i: number) {
  return {
    messageId: `sqs-${i}`,
    receiptHandle: `r-${i}`,
    body: JSON.stringify(sns),
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:ohmycoins-production-alerts-slack',
    awsRegion: 'eu-west-1',
  };
}

/**
 * Lambda events built from mutated seeds: 1–3 records, delivered by SNS or through SQS, with the topic
 * (hence the severity), the subject and the MessageId varied too. `hugeMax` bounds long strings.
 */
export function mutatedEvents(hugeMax = 25_000): fc.Arbitrary<GeneratedEvent> {
  const record = fc.record({
    // Mostly alarms (what the formatters must survive), the other payloads too.
    seed: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ALARM_SEEDS) }, { weight: 1, arbitrary: fc.nat({ max: SEEDS.length - 1 }) }),
    message: messageMutation(hugeMax),
    topicArn: fc.option(topicArn, { nil: null }),
    subject: fc.option(fc.oneof(hostileText(200), fc.constant(null)), { nil: undefined }),
    messageId: fc.oneof(fc.uuid(), fc.constant(''), hostileText(40)),
  });
  return fc
    .record({ stage: fc.constantFrom(...STAGES), records: fc.array(record, { minLength: 1, maxLength: 3 }), viaSqs: fc.boolean() })
    .map(({ stage, records, viaSqs }) => {
      const from: string[] = [];
      const built = records.map((r, i) => {
        const seed = SEEDS[r.seed]!;
        from.push(seed.name);
        if ('event' in seed) return { direct: mutateJson(seed.event, r.message.kind === 'fields' ? r.message.mutations : [], false) };
        const message = mutateMessage(seed.message, r.message);
        const sns = snsRecord(message, { messageId: r.messageId, topicArn: r.topicArn === null ? seed.topicArn : r.topicArn, subject: r.subject === undefined ? seed.subject : r.subject });
        return { sns, i };
      });
      // A Lambda alarm action is an event of its own, never batched with SNS records.
      const direct = built.find((b): b is { direct: unknown } => 'direct' in b);
      if (direct) return { stage, event: direct.direct, from: [from[built.indexOf(direct)]!] };
      const sns = built as Array<{ sns: ReturnType<typeof snsRecord>; i: number }>;
      return { stage, from, event: { Records: viaSqs ? sns.map((b) => sqsRecord(b.sns.Sns, b.i)) : sns.map((b) => b.sns) } };
    });
}

/** A message body of `bytes` (around SNS's 256 KB limit): a real alarm whose description fills it. */
export function oversizedEvents(): fc.Arbitrary<GeneratedEvent> {
  const alarms = SEEDS.filter((s): s is Extract<Seed, { message: string }> => 'message' in s && s.message.trimStart().startsWith('{"AlarmName"'));
  return fc
    .record({ seed: fc.nat({ max: alarms.length - 1 }), bytes: fc.integer({ min: 200_000, max: 320_000 }), piece: hostileText(40), stage: fc.constantFrom(...STAGES) })
    .map(({ seed, bytes, piece, stage }) => {
      const s = alarms[seed]!;
      const parsed = JSON.parse(s.message) as Record<string, unknown>;
      const filler = (piece || 'x').repeat(Math.ceil(bytes / Math.max(1, piece.length || 1))).slice(0, bytes);
      const message = JSON.stringify({ ...parsed, AlarmDescription: filler });
      return { stage, from: [s.name], event: { Records: [snsRecord(message, { messageId: 'big', topicArn: s.topicArn ?? `arn:aws:sns:eu-west-1:123456789012:ohmycoins-${stage}-alerts-critical` })] } };
    });
}
