import { stageConfig } from '../src/config/stages/index.js';
import { buildResources } from './resources.js';
import { functionEvents } from './pipeline.js';

/** Everything serverless.yml takes from TypeScript for one stage. Throws (failing the build) on an invalid catalog. */
export function serverlessFragment(stage: string) {
  const config = stageConfig(stage);
  return {
    region: config.region,
    resources: buildResources(config.stage),
    events: functionEvents(config.stage),
  };
}
