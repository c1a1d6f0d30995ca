/**
 * Alerts per second through parse → route → enrich (offline: no CloudWatch) → format for every destination,
 * on the corpus of real payloads (test/fixtures/corpus), in this process (one core). The path is `prepare()`,
 * the handlers' own, with production routing; each recognised alert is then also formatted for the destinations
 * its route did not ask for, so every alert is formatted for Slack, PagerDuty and email once each. The events are
 * handed in: the bench runs this bundled (bench/throughput-child.ts), away from the files.
 */
import { catalogFor } from '../src/alarms/index.js';
import { stageConfig } from '../src/config/stages/index.js';
import { DESTINATIONS } from '../src/destinations/index.js';
import { quietLog } from '../src/model/log.js';
import type { Route } from '../src/model/route.js';
import { formatGroup } from '../src/pipeline/format.js';
import { prepare, type PrepareContext } from '../src/pipeline/prepare.js';
import { rateOf } from './rate.js';

/**
 * One route of each destination production routes to, so every alert is formatted once for each (Slack app mode
 * is opt-in per channel: a stage without app channels has no route to it).
 */
const EVERY_DESTINATION: Route[] = DESTINATIONS.flatMap((d) => d.routes.alarms.production.critical.ALARM.slice(0, 1));

export interface FormatThroughput {
  /** Records per second of wall time. */
  perSecond: number;
  /** Records per second of CPU time of the whole process (V8's GC helper threads included): the stricter "one core" reading. */
  perCpuSecond: number;
  records: number;
  seconds: number;
  corpusFiles: number;
  corpusRecords: number;
}

export async function formatThroughput(events: readonly unknown[], seconds = 3, warmupSeconds = 1): Promise<FormatThroughput> {
  const config = stageConfig('production');
  // Logging is I/O, not formatting: the corpus's non-alarm payloads would otherwise write an error line each.
  const ctx: PrepareContext = { config, catalog: catalogFor(config), destinations: DESTINATIONS, log: quietLog };

  const once = async (event: unknown): Promise<number> => {
    const { records, notifications } = await prepare(event, ctx);
    for (const r of records) {
      if (!r.alert) continue;
      const done = new Set(notifications.filter((n) => n.sources.includes(r)).map((n) => n.route.destination));
      for (const route of EVERY_DESTINATION) {
        if (!done.has(route.destination)) formatGroup({ route, digest: false, sources: [r] }, { stage: config.stage, destinations: DESTINATIONS });
      }
    }
    return records.length;
  };

  let corpusRecords = 0;
  for (const e of events) corpusRecords += await once(e);

  const rate = await rateOf(async () => {
    let records = 0;
    for (const e of events) records += await once(e);
    return records;
  }, seconds, warmupSeconds);
  return {
    perSecond: rate.perSecond,
    perCpuSecond: rate.perCpuSecond,
    records: rate.items,
    seconds: rate.seconds,
    corpusFiles: events.length,
    corpusRecords,
  };
}
