/**
 * Slack-only work per rich catalog alarm, in this process (one core): every catalog alarm of production going
 * into ALARM, through `prepare()` as the Slack function runs it (parse, route, enrichment with trend and history
 * from saved CloudWatch answers, Block Kit), and the payload serialised as it is posted. The CloudWatch answers
 * are built once, before timing: what is timed is our code, not the SDK's.
 */
import { alarmName } from '../src/alarms/naming.js';
import { catalogFor } from '../src/alarms/index.js';
import { stageConfig } from '../src/config/stages/index.js';
import { slack } from '../src/destinations/slack/index.js';
import { fileCloudWatchReader } from '../src/enrich/offline.js';
import { quietLog } from '../src/model/log.js';
import { prepare, type PrepareContext } from '../src/pipeline/prepare.js';
import { rateOf } from './rate.js';
import { catalogCase, SAMPLE_CHANGED_AT } from '../src/preview/catalog.js';

export interface SlackThroughput {
  /** Alarms per second of wall time. */
  perSecond: number;
  /** Alarms per second of CPU time of the whole process (GC helper threads included). */
  perCpuSecond: number;
  alarms: number;
  seconds: number;
  /** Distinct catalog alarms cycled through. */
  catalogAlarms: number;
}

export async function slackThroughput(seconds = 3, warmupSeconds = 1): Promise<SlackThroughput> {
  const config = stageConfig('production');
  const catalog = catalogFor(config);
  const at = new Date(SAMPLE_CHANGED_AT);
  const cases = catalog.map((d) => {
    const { event, cloudwatch } = catalogCase(config, d, 'ALARM', SAMPLE_CHANGED_AT);
    const context: PrepareContext = {
      config,
      catalog,
      destinations: [slack],
      log: quietLog,
      cloudwatch: fileCloudWatchReader(cloudwatch.metrics, cloudwatch.history),
      now: () => at,
    };
    return { name: alarmName(config.stage, d.id), event, context };
  });

  let bytes = 0;
  const once = async (c: (typeof cases)[number]): Promise<void> => {
    const { notifications } = await prepare(c.event, c.context);
    if (notifications.length !== 1) throw new Error(`${c.name}: ${notifications.length} Slack notifications, expected 1`);
    bytes += JSON.stringify(notifications[0]!.payload).length;
  };
  for (const c of cases) await once(c);

  const rate = await rateOf(async () => {
    for (const c of cases) await once(c);
    return cases.length;
  }, seconds, warmupSeconds);
  if (bytes === 0) throw new Error('no payload was serialised');
  return {
    perSecond: rate.perSecond,
    perCpuSecond: rate.perCpuSecond,
    alarms: rate.items,
    seconds: rate.seconds,
    catalogAlarms: cases.length,
  };
}
