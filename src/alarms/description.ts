import type { StageConfig } from '../config/stage.js';
import { comparisonSymbol } from '../model/comparison.js';
import { catalogTag } from './naming.js';
import type { AlarmDefinition } from './types.js';

/** CloudWatch's limit on AlarmDescription. */
export const MAX_DESCRIPTION_LENGTH = 1024;

export const runbookUrl = (config: Pick<StageConfig, 'runbookBaseUrl'>, def: Pick<AlarmDefinition, 'runbook'>): string =>
  `${config.runbookBaseUrl}${def.runbook}`;

/**
 * The deployed AlarmDescription: what it means, where the runbook is, and the catalog tag last so the pipeline
 * finds the definition again (`catalogIdOf`).
 */
export const alarmDescription = (config: Pick<StageConfig, 'runbookBaseUrl'>, def: AlarmDefinition): string =>
  `${def.meaning} Runbook: ${runbookUrl(config, def)} ${catalogTag(def.id)}`;

const round = (n: number): string => String(Math.round(n * 100) / 100);

/** A threshold as a person reads it: "> 80 %", "< 10 GiB", "> 2 s". */
export function formatThreshold(def: Pick<AlarmDefinition, 'comparison' | 'threshold' | 'displayUnit' | 'toDisplay'>): string {
  const value = def.toDisplay ? def.toDisplay(def.threshold) : def.threshold;
  return `${comparisonSymbol(def.comparison)} ${round(value)} ${def.displayUnit}`;
}

const duration = (seconds: number): string =>
  seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

/** The evaluation window: "5 of 5 × 1 min" (M of N periods). */
export const formatWindow = (def: Pick<AlarmDefinition, 'datapointsToAlarm' | 'evaluationPeriods' | 'periodSeconds'>): string =>
  `${def.datapointsToAlarm} of ${def.evaluationPeriods} × ${duration(def.periodSeconds)}`;
