import { STAGES, type Stage } from '../../model/alert.js';
import type { StageConfig } from '../stage.js';
import { production } from './production.js';
import { staging } from './staging.js';

const CONFIGS: Record<Stage, StageConfig> = { staging, production };

export const isStage = (value: unknown): value is Stage => STAGES.includes(value as Stage);

export function stageConfig(stage: string): StageConfig {
  if (!isStage(stage)) throw new Error(`Unknown stage "${stage}": expected one of ${STAGES.join(', ')}`);
  return CONFIGS[stage];
}
