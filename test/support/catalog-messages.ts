import { catalogFor } from '../../src/alarms/index.js';
import type { AlarmDefinition } from '../../src/alarms/types.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { fileCloudWatchReader } from '../../src/enrich/offline.js';
import type { AlarmState, Stage } from '../../src/model/alert.js';
import type { EnrichedAlert } from '../../src/model/enriched.js';
import { quietLog } from '../../src/model/log.js';
import { prepare } from '../../src/pipeline/prepare.js';
import { catalogCase, SAMPLE_CHANGED_AT as CATALOG_CHANGED_AT } from '../../src/preview/catalog.js';

/** Every catalog alarm of the stage (disabled ones too: their alarms may still exist). */
export const catalogOf = (stage: Stage): AlarmDefinition[] => catalogFor(stageConfig(stage));

/** One catalog alarm in `state`, through parse → route → enrich against the generated CloudWatch answers. */
export async function catalogAlert(stage: Stage, d: AlarmDefinition, state: AlarmState): Promise<EnrichedAlert | undefined> {
  const config = stageConfig(stage);
  const { event, cloudwatch } = catalogCase(config, d, state, CATALOG_CHANGED_AT);
  const reader = fileCloudWatchReader(cloudwatch.metrics, cloudwatch.history);
  const { records } = await prepare(event, {
    config,
    catalog: catalogFor(config),
    destinations: DESTINATIONS,
    log: quietLog,
    cloudwatch: reader,
    now: () => new Date(CATALOG_CHANGED_AT),
  });
  return records[0]?.alert;
}
