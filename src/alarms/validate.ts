import type { AlarmOverride, StageConfig } from '../config/stage.js';
import { SEVERITIES } from '../model/alert.js';
import { isThresholdComparison } from '../model/comparison.js';
import { runbookPath } from './define.js';
import { MAX_DESCRIPTION_LENGTH, alarmDescription } from './description.js';
import { STATISTICS, isPercentile } from './metric.js';
import { alarmName } from './naming.js';
import type { AlarmDefinition, AlarmMetric } from './types.js';

/**
 * An invalid catalog or stage configuration. `sls package` loads the catalog through infra/serverless.ts, so this
 * error fails the build; its message lists every problem, each naming the definition (or field) and what is wrong.
 */
export class CatalogError extends Error {
  constructor(
    readonly stage: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid alarm catalog for stage "${stage}":\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MATH_ID = /^[a-z][a-zA-Z0-9_]*$/;
const MAX_ALARM_NAME = 255;
const MAX_EVALUATION_SECONDS = 86_400;
const MISSING_DATA = new Set(['missing', 'breaching', 'notBreaching', 'ignore']);
const SERVICES = new Set(['ecs', 'alb', 'rds', 'elasticache']);
const OVERRIDE_FIELDS: ReadonlyArray<keyof AlarmOverride> = ['enabled', 'severity', 'threshold', 'evaluationPeriods', 'datapointsToAlarm'];

const isPositiveInteger = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** CloudWatch accepts 10, 20 and 30 s (high-resolution metrics) and any multiple of 60 s. */
const isValidPeriod = (seconds: number): boolean =>
  [10, 20, 30].includes(seconds) || (Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0);

/** Problems in the stage's own settings that alarms, topics and runbook links depend on. */
export function stageConfigProblems(config: StageConfig): string[] {
  const problems: string[] = [];
  for (const [field, value] of Object.entries(config.resources)) {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`resources.${field}: must be a non-empty string, got ${show(value)}`);
  }
  const { loadBalancerFullName: lb, targetGroupFullName: tg } = config.resources;
  // A common slip is pasting the ARN: CloudWatch's dimension is the ARN's suffix only.
  if (typeof lb === 'string' && lb && !/^app\/[^/]+\/[0-9a-f]+$/.test(lb)) {
    problems.push(`resources.loadBalancerFullName: "${lb}" is not of the form app/<name>/<id> (the ARN suffix CloudWatch uses)`);
  }
  if (typeof tg === 'string' && tg && !/^targetgroup\/[^/]+\/[0-9a-f]+$/.test(tg)) {
    problems.push(`resources.targetGroupFullName: "${tg}" is not of the form targetgroup/<name>/<id> (the ARN suffix CloudWatch uses)`);
  }
  if (!/^https:\/\/\S+\/$/.test(config.runbookBaseUrl)) {
    problems.push(`runbookBaseUrl: "${config.runbookBaseUrl}" must be an https URL ending with "/" (runbook paths are appended to it)`);
  }
  const seen = new Set<string>();
  for (const address of config.emailSubscribers) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) problems.push(`emailSubscribers: "${address}" is not an email address`);
    if (seen.has(address.toLowerCase())) problems.push(`emailSubscribers: "${address}" is listed twice`);
    seen.add(address.toLowerCase());
  }
  return problems;
}

/** Problems in `config.alarms`: ids the catalog does not have, fields it does not know, values of the wrong kind. */
export function overrideProblems(config: StageConfig, catalogIds: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(catalogIds);
  for (const [id, override] of Object.entries(config.alarms)) {
    const where = `alarm override "${id}"`;
    if (!known.has(id)) {
      problems.push(`${where}: no catalog definition has this id (known ids: ${catalogIds.join(', ')})`);
      continue;
    }
    if (!override || typeof override !== 'object') {
      problems.push(`${where}: must be an object of ${OVERRIDE_FIELDS.join(', ')}, got ${show(override)}`);
      continue;
    }
    for (const [field, value] of Object.entries(override)) {
      if (!OVERRIDE_FIELDS.includes(field as keyof AlarmOverride)) {
        problems.push(`${where}: unknown field "${field}" (allowed: ${OVERRIDE_FIELDS.join(', ')})`);
      } else if (field === 'enabled' && typeof value !== 'boolean') {
        problems.push(`${where}: enabled must be true or false, got ${show(value)}`);
      } else if (field === 'severity' && !SEVERITIES.includes(value as never)) {
        problems.push(`${where}: severity must be one of ${SEVERITIES.join(', ')}, got ${show(value)}`);
      } else if (field === 'threshold' && (typeof value !== 'number' || !Number.isFinite(value))) {
        problems.push(`${where}: threshold must be a finite number, got ${show(value)}`);
      } else if ((field === 'evaluationPeriods' || field === 'datapointsToAlarm') && !isPositiveInteger(value)) {
        problems.push(`${where}: ${field} must be a whole number ≥ 1, got ${show(value)}`);
      }
    }
  }
  return problems;
}

function metricProblems(m: AlarmMetric): string[] {
  const problems: string[] = [];
  const reads = m.type === 'metric' ? [{ id: undefined, ...m }] : m.metrics;
  if (m.type === 'math') {
    if (!m.expression.trim()) problems.push('metric-math expression is empty');
    if (reads.length === 0) problems.push('metric-math expression has no input metrics');
    const ids = new Set<string>();
    for (const { id } of m.metrics) {
      if (!MATH_ID.test(id)) problems.push(`metric-math input id "${id}" must start with a lower-case letter and use only letters, digits and _`);
      if (ids.has(id)) problems.push(`metric-math input id "${id}" is used twice`);
      ids.add(id);
      if (!new RegExp(`\\b${id}\\b`).test(m.expression)) problems.push(`metric-math input "${id}" is not used by the expression "${m.expression}"`);
    }
  }
  for (const r of reads) {
    const name = `${r.namespace}/${r.name}`;
    if (!r.namespace || !r.name) problems.push(`a metric has no namespace or name (${show(name)})`);
    if (!STATISTICS.includes(r.statistic as never) && !isPercentile(r.statistic)) {
      problems.push(`${name}: statistic "${r.statistic}" is not one of ${STATISTICS.join(', ')} or a percentile such as p99`);
    }
    if (Object.keys(r.dimensions).length === 0) problems.push(`${name}: has no dimensions, so it would watch the whole account`);
    for (const [dim, value] of Object.entries(r.dimensions)) {
      if (typeof value !== 'string' || value.trim() === '') problems.push(`${name}: dimension ${dim} is empty (set it in the stage's resources)`);
    }
  }
  return problems;
}

/** Problems of the resolved definitions (defaults with the stage's overrides applied). */
export function definitionProblems(config: StageConfig, defs: readonly AlarmDefinition[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const mathIds = new Map<string, string>();
  for (const d of defs) {
    const add = (problem: string) => problems.push(`alarm "${d.id}": ${problem}`);
    if (!KEBAB.test(d.id)) add('id must be kebab-case (lower-case letters and digits joined by single hyphens)');
    if (seen.has(d.id)) add('id is defined twice');
    seen.add(d.id);
    const name = alarmName(config.stage, d.id);
    if (name.length > MAX_ALARM_NAME) add(`alarm name "${name}" is ${name.length} characters, over CloudWatch's ${MAX_ALARM_NAME}`);
    if (!d.title?.trim()) add('title is empty');
    if (!SEVERITIES.includes(d.severity)) add(`severity must be one of ${SEVERITIES.join(', ')}, got ${show(d.severity)}`);
    if (!SERVICES.has(d.service)) add(`service must be one of ${[...SERVICES].join(', ')}, got ${show(d.service)}`);
    if (!isThresholdComparison(d.comparison)) add(`comparison ${show(d.comparison)} is not a static-threshold comparison`);
    if (typeof d.threshold !== 'number' || !Number.isFinite(d.threshold)) add(`threshold must be a finite number, got ${show(d.threshold)}`);
    else if (d.displayUnit === '%' && (d.threshold < 0 || d.threshold > 100)) add(`threshold ${d.threshold} % is outside 0–100`);
    if (!isValidPeriod(d.periodSeconds)) add(`period ${show(d.periodSeconds)} s is not 10, 20, 30 or a multiple of 60`);
    if (!isPositiveInteger(d.evaluationPeriods)) add(`evaluationPeriods must be a whole number ≥ 1, got ${show(d.evaluationPeriods)}`);
    if (!isPositiveInteger(d.datapointsToAlarm)) add(`datapointsToAlarm must be a whole number ≥ 1, got ${show(d.datapointsToAlarm)}`);
    if (isPositiveInteger(d.evaluationPeriods) && isPositiveInteger(d.datapointsToAlarm) && d.evaluationPeriods < d.datapointsToAlarm) {
      add(`evaluationPeriods (${d.evaluationPeriods}) < datapointsToAlarm (${d.datapointsToAlarm}): the alarm could never fire`);
    }
    if (d.evaluationPeriods * d.periodSeconds > MAX_EVALUATION_SECONDS) {
      add(`evaluationPeriods × period = ${d.evaluationPeriods * d.periodSeconds} s, over CloudWatch's one day`);
    }
    if (!MISSING_DATA.has(d.treatMissingData)) add(`treatMissingData must be one of ${[...MISSING_DATA].join(', ')}, got ${show(d.treatMissingData)}`);
    if (!d.meaning?.trim()) add('meaning is empty');
    if (d.runbook !== runbookPath(d.id)) add(`runbook must be ${runbookPath(d.id)}, got ${show(d.runbook)}`);
    if (!d.owner?.trim()) add('owner is empty');
    if (typeof d.enabled !== 'boolean') add(`enabled must be true or false, got ${show(d.enabled)}`);
    const description = alarmDescription(config, d);
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      add(`description is ${description.length} characters, over CloudWatch's ${MAX_DESCRIPTION_LENGTH} (shorten the meaning)`);
    }
    for (const p of metricProblems(d.metric)) add(p);
    // The dashboard draws several alarms' expressions in one widget, so input ids must mean one metric each.
    if (d.metric.type === 'math') {
      for (const { id } of d.metric.metrics) {
        const owner = mathIds.get(id);
        if (owner && owner !== d.id) add(`metric-math input id "${id}" is also used by "${owner}"`);
        mathIds.set(id, d.id);
      }
    }
  }
  return problems;
}
