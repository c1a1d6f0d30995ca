import { pipelineTopicName, ssmPrefix, WATCHDOG, watchedInSlack } from '../src/alarms/naming.js';
import { PAGERDUTY_RESERVED_CONCURRENCY } from '../src/config/concurrency.js';
import { stageConfig } from '../src/config/stages/index.js';
import { DESTINATIONS, type AnyDestination } from '../src/destinations/index.js';
import type { Stage } from '../src/model/alert.js';
import { getAtt, ref } from './cfn.js';
import { heartbeatFunction } from './heartbeat.js';
import { LOGICAL_IDS } from './names.js';
import { deployedIn, functionEvents, hasRetryQueue, PIPELINE_IDS } from './pipeline.js';
import { withPowertoolsLayer } from './powertools.js';
import { buildResources } from './resources.js';

/**
 * Production's pipeline alarms, from their own topic to Slack's critical channel. No ledger (a memory one: the
 * table may be what failed) and SNS's own retries, then the dead-letter queue.
 */
export function watchdogFunction(stage: Stage) {
  if (!watchedInSlack(stage)) return {};
  return {
    [WATCHDOG]: {
      handler: `src/handlers/${WATCHDOG}.handler`,
      description: "Posts the alerting pipeline's own alarms to Slack's critical channel",
      role: PIPELINE_IDS.role(WATCHDOG),
      environment: { LEDGER_TABLE: '' },
      events: [{ sns: { arn: ref(LOGICAL_IDS.pipelineTopic), topicName: pipelineTopicName(stage) } }],
      maximumRetryAttempts: 2,
      maximumEventAge: 3600,
      destinations: { onFailure: { type: 'sqs', arn: getAtt(PIPELINE_IDS.deadLetterQueue, 'Arn') } },
    },
  };
}

/**
 * One function per destination, from the registry: a destination that is down or slow never holds back another
 * (docs/architecture.md). A function invoked by SNS directly retries twice, then leaves the event in the
 * dead-letter queue (Lambda's on-failure destination), so even a crash loses nothing.
 */
export function notifierFunctions(stage: Stage, destinations: readonly AnyDestination[] = DESTINATIONS, deployed: (logicalId: string) => unknown = ref) {
  const events = functionEvents(stage, destinations);
  return Object.fromEntries(
    deployedIn(stage, destinations).map((d) => [
      d.name,
      {
        handler: `src/handlers/${d.name}.handler`,
        description: d.description,
        role: PIPELINE_IDS.role(d.name),
        events: events[d.name],
        ...(hasRetryQueue(stage, d) ? { environment: { RETRY_QUEUE_URL: deployed(PIPELINE_IDS.retryQueue(d.name)) } } : {}),
        // Bounds the containers that share CloudWatch's quotas (src/config/concurrency.ts), and keeps room for pages.
        ...(hasRetryQueue(stage, d) ? { reservedConcurrency: PAGERDUTY_RESERVED_CONCURRENCY } : {}),
        ...(d.queued
          ? {}
          : {
              maximumRetryAttempts: 2,
              maximumEventAge: 3600,
              destinations: { onFailure: { type: 'sqs', arn: getAtt(PIPELINE_IDS.deadLetterQueue, 'Arn') } },
            }),
      },
    ]),
  );
}

/** Everything serverless.yml takes from TypeScript for one stage. Throws (failing the build) on an invalid catalog. */
export function serverlessFragment(stage: string, options: { invokeLocal?: boolean } = {}) {
  const config = stageConfig(stage);
  const deployed = (logicalId: string) => (options.invokeLocal ? '' : ref(logicalId));
  const functions = { ...notifierFunctions(config.stage, DESTINATIONS, deployed), ...watchdogFunction(config.stage), heartbeat: heartbeatFunction(config.stage) };
  return {
    region: config.region,
    environment: {
      STAGE: config.stage,
      SSM_PREFIX: ssmPrefix(config.stage),
      POWERTOOLS_SERVICE_NAME: 'ohmycoins-alerting',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      EMAIL_TOPIC_ARN: deployed(LOGICAL_IDS.emailTopic),
      DLQ_URL: deployed(PIPELINE_IDS.deadLetterQueue),
      LEDGER_TABLE: deployed(PIPELINE_IDS.ledgerTable),
    },
    // Every function: the bundles leave Powertools out (serverless.yml), its layer provides it.
    resources: { ...buildResources(config.stage), extensions: withPowertoolsLayer(Object.keys(functions)) },
    functions,
  };
}
