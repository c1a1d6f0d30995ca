import type { AlarmOverride, StageConfig } from '../config/stage.js';
import { albAlarms, albMetrics } from './alb.js';
import { ecsAlarms, ecsMetrics } from './ecs.js';
import { redisAlarms, redisMetrics } from './elasticache.js';
import { readsOf, type MetricRead } from './metric.js';
import { catalogIdOf } from './naming.js';
import { rdsAlarms, rdsMetrics } from './rds.js';
import type { AlarmDefinition } from './types.js';
import { CatalogError, definitionProblems, overrideProblems, stageConfigProblems } from './validate.js';

export { CatalogError } from './validate.js';
export { alarmDescription, formatThreshold, formatWindow, runbookUrl } from './description.js';

/** One builder per AWS service; each reads the stage's resources and returns that service's definitions. */
const SERVICES = [ecsAlarms, albAlarms, rdsAlarms, redisAlarms] as const;

/** The catalog's defaults for this stage's resources, before overrides and validation. */
export const defaultCatalog = (config: StageConfig): AlarmDefinition[] => SERVICES.flatMap((build) => build(config));

function applyOverride(def: AlarmDefinition, o: AlarmOverride | undefined): AlarmDefinition {
  if (!o) return def;
  return {
    ...def,
    enabled: o.enabled ?? def.enabled,
    severity: o.severity ?? def.severity,
    threshold: o.threshold ?? def.threshold,
    evaluationPeriods: o.evaluationPeriods ?? def.evaluationPeriods,
    datapointsToAlarm: o.datapointsToAlarm ?? def.datapointsToAlarm,
  };
}

/**
 * The stage's alarm catalog: every definition with the stage's resources and overrides applied, validated.
 * Disabled definitions are included with `enabled: false` (the pipeline still recognises their alarms; infra
 * skips them). Throws a CatalogError naming each definition and its problem.
 */
export function catalogFor(config: StageConfig): AlarmDefinition[] {
  const defaults = defaultCatalog(config);
  const early = [...stageConfigProblems(config), ...overrideProblems(config, defaults.map((d) => d.id))];
  if (early.length > 0) throw new CatalogError(config.stage, early);
  const resolved = packagedCatalog(config);
  const problems = definitionProblems(config, resolved);
  if (problems.length > 0) throw new CatalogError(config.stage, problems);
  return resolved;
}

/**
 * The catalog as a deployed function holds it: the stage file and the catalog are compiled into its bundle, and
 * `sls package` built the same catalog through `catalogFor` and refused it if it was invalid, so a function does
 * not validate it again at every cold start (the validation is a sixth of what a function loads of its own code).
 */
export function packagedCatalog(config: StageConfig): AlarmDefinition[] {
  return defaultCatalog(config).map((d) => applyOverride(d, config.alarms[d.id]));
}

/** The definition an alarm came from, by the catalog tag in its description or else its name. */
export function findDefinition(catalog: readonly AlarmDefinition[], alarmName: string, description?: string | null): AlarmDefinition | undefined {
  const id = catalogIdOf(alarmName, description);
  return id === undefined ? undefined : catalog.find((d) => d.id === id);
}

/**
 * Every metric the catalog knows for this stage: what its alarms read, plus the context metrics the service
 * modules define for the dashboard (2xx/4xx counts, desired and pending tasks, healthy targets, ...).
 */
export function catalogMetrics(config: StageConfig): MetricRead[] {
  const r = config.resources;
  const context = [ecsMetrics(r), albMetrics(r), rdsMetrics(r), redisMetrics(r)].flatMap((set) => Object.values(set));
  return [...defaultCatalog(config).flatMap((d) => readsOf(d.metric)), ...context.flatMap(readsOf)];
}
