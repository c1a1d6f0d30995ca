import type { StageConfig } from '../config/stage.js';
import type { AlarmDefinition } from './types.js';

/**
 * The stage's alarm catalog: every definition with the stage's resources and overrides applied,
 * validated (an invalid definition throws with its id and the problem).
 * PLACEHOLDER until the catalog lands (issue 2).
 */
export function catalogFor(_config: StageConfig): AlarmDefinition[] {
  return [];
}
