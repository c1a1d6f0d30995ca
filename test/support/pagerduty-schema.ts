import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { PAGERDUTY_LIMITS, type PagerDutyEvent } from '../../src/destinations/pagerduty/format.js';

/**
 * PagerDuty's own OpenAPI description of the Events API v2 (a copy in test/fixtures/specs/, see its README),
 * reduced to the `POST /enqueue` request body with its `$ref`s inlined, plus the limits PagerDuty
 * documents but the schema does not encode. Reusable: `assertPagerDutyValid` throws one error
 * listing every problem.
 */

/** Kept in the repository so the suite runs in a clone with nothing beside it. */
export const PAGERDUTY_SPEC_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/specs/pagerduty-events-v2.openapiv3.json');

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (x: Json): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Inline local `#/...` references (the spec only has those), so Ajv sees a plain JSON Schema. */
function inlineRefs(node: Json, root: Obj, depth = 0): Json {
  if (depth > 50) throw new Error('PagerDuty spec: $ref nesting too deep (cycle?)');
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, root, depth + 1));
  if (!isObj(node)) return node;
  if (typeof node.$ref === 'string') {
    if (!node.$ref.startsWith('#/')) throw new Error(`PagerDuty spec: unsupported $ref ${node.$ref}`);
    const target = node.$ref
      .slice(2)
      .split('/')
      .reduce<Json>((at, key) => (isObj(at) ? at[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
    if (target === undefined) throw new Error(`PagerDuty spec: unresolved $ref ${node.$ref}`);
    return inlineRefs(target, root, depth + 1);
  }
  const out: Obj = {};
  // OpenAPI annotations that are not JSON Schema keywords.
  for (const [k, v] of Object.entries(node)) if (k !== 'example' && k !== 'examples' && k !== 'x-examples') out[k] = inlineRefs(v, root, depth + 1);
  return out;
}

/** The request body schema of `POST <path>`: `/enqueue` (alerts) or `/change/enqueue` (change events). */
export function enqueueRequestSchema(specPath = PAGERDUTY_SPEC_PATH, path: '/enqueue' | '/change/enqueue' = '/enqueue'): Obj {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Obj;
  const schema = (spec as { paths?: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: Json }> } } }> })
    .paths?.[path]?.post?.requestBody?.content?.['application/json']?.schema;
  if (!isObj(schema)) throw new Error(`PagerDuty spec ${specPath}: no request body schema for POST ${path}`);
  return inlineRefs(schema, spec) as Obj;
}

const validators = new Map<string, ValidateFunction>();

function validate(path: '/enqueue' | '/change/enqueue' = '/enqueue'): ValidateFunction {
  let validator = validators.get(path);
  if (!validator) {
    // `strict: false`: the published schema has enums without "type", which strict mode rejects.
    const ajv = new Ajv({ allErrors: true, strict: false });
    // ajv-formats is CommonJS; under NodeNext its default import is the module object.
    const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as FormatsPlugin;
    addFormats(ajv);
    validator = ajv.compile(enqueueRequestSchema(PAGERDUTY_SPEC_PATH, path));
    validators.set(path, validator);
  }
  return validator;
}

/** A Change Events API body against the published schema, plus the documented summary limit. */
export function changeEventViolations(body: unknown): string[] {
  const v = validate('/change/enqueue');
  const problems = v(body) ? [] : (v.errors ?? []).map(describe);
  const summary = isObj(body) && isObj(body.payload) ? body.payload.summary : undefined;
  if (typeof summary === 'string' && summary.length > PAGERDUTY_LIMITS.summary) problems.push(`payload.summary is ${summary.length} > ${PAGERDUTY_LIMITS.summary} characters`);
  return problems;
}

const describe = (e: ErrorObject): string => `${e.instancePath || '(event)'} ${e.message ?? e.keyword}`;

export function pagerDutyViolations(event: PagerDutyEvent): string[] {
  const v = validate();
  const problems = v(event) ? [] : (v.errors ?? []).map(describe);
  const bytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
  if (bytes > PAGERDUTY_LIMITS.eventBytes) problems.push(`event is ${bytes} bytes > ${PAGERDUTY_LIMITS.eventBytes}`);
  if (typeof event.dedup_key !== 'string' || event.dedup_key.length === 0) problems.push('dedup_key missing');
  else if (event.dedup_key.length > PAGERDUTY_LIMITS.dedupKey) {
    problems.push(`dedup_key is ${event.dedup_key.length} > ${PAGERDUTY_LIMITS.dedupKey} characters`);
  }
  if (event.event_action === 'trigger') {
    // The schema leaves payload optional; the API requires it for a trigger.
    if (!isObj(event.payload)) problems.push('trigger without payload');
    else if (event.payload.summary.length > PAGERDUTY_LIMITS.summary) {
      problems.push(`payload.summary is ${event.payload.summary.length} > ${PAGERDUTY_LIMITS.summary} characters`);
    }
  } else {
    const extra = Object.keys(event).filter((k) => !['routing_key', 'event_action', 'dedup_key'].includes(k));
    if (extra.length) problems.push(`resolve carries more than routing_key, event_action, dedup_key: ${extra.join(', ')}`);
  }
  return problems;
}

export function assertPagerDutyValid(event: PagerDutyEvent): void {
  const problems = pagerDutyViolations(event);
  if (problems.length) throw new Error(`PagerDuty event is invalid:\n- ${problems.join('\n- ')}`);
}
