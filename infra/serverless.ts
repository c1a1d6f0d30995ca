import { stageConfig } from '../src/config/stages/index.js';
import { ref } from './cfn.js';
import { LOGICAL_IDS } from './names.js';
import { functionEvents, PIPELINE_IDS } from './pipeline.js';
import { buildResources } from './resources.js';

/** Everything serverless.yml takes from TypeScript for one stage. Throws (failing the build) on an invalid catalog. */
export function serverlessFragment(stage: string, options: { invokeLocal?: boolean } = {}) {
  const config = stageConfig(stage);
  const deployed = (logicalId: string) => (options.invokeLocal ? '' : ref(logicalId));
  return {
    region: config.region,
    environment: {
      STAGE: config.stage,
      SSM_PREFIX: `/ohmycoins/${config.stage}`,
      POWERTOOLS_SERVICE_NAME: 'ohmycoins-alerting',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      EMAIL_TOPIC_ARN: deployed(LOGICAL_IDS.emailTopic),
      DLQ_URL: deployed(PIPELINE_IDS.deadLetterQueue),
      LEDGER_TABLE: deployed(PIPELINE_IDS.ledgerTable),
    },
    resources: buildResources(config.stage),
    events: functionEvents(config.stage),
  };
}
