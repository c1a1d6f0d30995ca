// PLACEHOLDER: the alarm catalog's resources land here (issue 2).
import type { Stage } from '../src/model/alert.js';
import { pipelineResources } from './pipeline.js';

export function buildResources(stage: Stage) {
  return { Resources: { ...pipelineResources(stage) }, Outputs: {} };
}
