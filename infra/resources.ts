import { catalogFor } from '../src/alarms/index.js';
import type { StageConfig } from '../src/config/stage.js';
import { stageConfig } from '../src/config/stages/index.js';
import type { Stage } from '../src/model/alert.js';
import { alarmResources } from './alarms.js';
import { merge, type Fragment } from './cfn.js';
import { dashboardResources } from './dashboard.js';
import { heartbeatResources } from './heartbeat.js';
import { identifiersAtDeploy, type FragmentWithParameters } from './identifiers.js';
import { pipelineResources } from './pipeline.js';
import { topicResources } from './topics.js';
import { watchResources } from './watch.js';

/**
 * Everything the alarm catalog deploys for a stage configuration: KMS key, severity and email topics, every
 * enabled alarm and the dashboard. Throws (failing `sls package`) when the catalog or configuration is invalid.
 */
export function catalogResources(config: StageConfig): Fragment {
  const catalog = catalogFor(config);
  return merge(topicResources(config), alarmResources(config, catalog), dashboardResources(config, catalog), watchResources(config, catalog));
}

/** The `resources` section of serverless.yml for a stage: the catalog's resources plus the pipeline's own and the heartbeat. */
export function buildResources(stage: Stage): FragmentWithParameters {
  const config = stageConfig(stage);
  return identifiersAtDeploy(config, merge(catalogResources(config), pipelineResources(stage), heartbeatResources(config)));
}
