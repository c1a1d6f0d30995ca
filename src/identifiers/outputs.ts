import type { StageResources } from '../config/stage.js';
import { convert } from './convert.js';
import { FIELDS, IDENTIFIER_FIELDS, isIdentifierField, type IdentifierField } from './fields.js';

/** Terraform outputs that cannot become the stage's identifiers; the message lists every problem. */
export class IdentifierImportError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot import the stage's identifiers:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'IdentifierImportError';
  }
}

/** Which Terraform output feeds each identifier. */
export type OutputMap = Record<IdentifierField, string>;

export const DEFAULT_OUTPUT_MAP = Object.fromEntries(IDENTIFIER_FIELDS.map((f) => [f, FIELDS[f].output])) as OutputMap;

/** `--map <output>=<field>` options over the defaults; an unknown field or a field mapped twice is an error. */
export function outputMap(options: readonly string[]): OutputMap {
  const map = { ...DEFAULT_OUTPUT_MAP };
  const problems: string[] = [];
  const mapped = new Set<string>();
  for (const option of options) {
    const m = option.match(/^([^=\s]+)=([^=\s]+)$/);
    if (!m) {
      problems.push(`--map "${option}": expected <terraform output>=<field>, e.g. lb_arn=loadBalancerFullName`);
      continue;
    }
    const [, output, field] = m as unknown as [string, string, string];
    if (!isIdentifierField(field)) problems.push(`--map "${option}": unknown field "${field}" (fields: ${IDENTIFIER_FIELDS.join(', ')})`);
    else if (mapped.has(field)) problems.push(`--map "${option}": ${field} is mapped twice`);
    else {
      mapped.add(field);
      map[field] = output;
    }
  }
  if (problems.length > 0) throw new IdentifierImportError(problems);
  return map;
}

/** `terraform output -json` prints `{ "<name>": { "sensitive": false, "type": "string", "value": "..." } }`. */
function outputValues(json: unknown): Map<string, unknown> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new IdentifierImportError(['the outputs file is not a JSON object of outputs (expected what `terraform output -json` prints)']);
  }
  const values = new Map<string, unknown>();
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(json)) {
    if (entry && typeof entry === 'object' && 'value' in entry) values.set(name, (entry as { value: unknown }).value);
    else problems.push(`output "${name}" has no "value" (expected what \`terraform output -json\` prints)`);
  }
  if (problems.length > 0) throw new IdentifierImportError(problems);
  return values;
}

/**
 * The stage's identifiers from Terraform's outputs. Outputs the map does not use are ignored (the core stack
 * exports more than the alarms need); a mapped output that is absent, or whose value is not the identifier,
 * is named in the error together with the field it feeds.
 */
export function identifiersFromOutputs(json: unknown, map: OutputMap, region: string): StageResources {
  const values = outputValues(json);
  const problems: string[] = [];
  const resources: Partial<StageResources> = {};
  for (const field of IDENTIFIER_FIELDS) {
    const output = map[field];
    const isDefault = output === DEFAULT_OUTPUT_MAP[field];
    if (!values.has(output)) {
      const hint = isDefault ? `, or name the output that holds it with --map <output>=${field}` : '';
      problems.push(`output "${output}" (for ${field}, the ${FIELDS[field].expects}) is missing${hint}`);
      continue;
    }
    const converted = convert(field, values.get(output), region);
    if (converted.ok) resources[field] = converted.value;
    else problems.push(`output "${output}" (for ${field}): ${converted.problem}`);
  }
  const cluster = resources.ecsClusterName;
  const serviceArn = values.get(map.ecsServiceName);
  const arnCluster = typeof serviceArn === 'string' ? serviceArn.match(/:service\/([^/]+)\/[^/]+$/)?.[1] : undefined;
  if (cluster && arnCluster && arnCluster !== cluster) {
    problems.push(`output "${map.ecsServiceName}": the service is in cluster "${arnCluster}", not in "${cluster}"`);
  }
  if (problems.length > 0) throw new IdentifierImportError(problems);
  return resources as StageResources;
}
