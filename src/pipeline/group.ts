import type { AnyDestination } from '../destinations/index.js';
import type { AlertGroup, PreparedRecord } from '../model/prepared.js';
import { routeKey, type Route } from '../model/route.js';

/**
 * From this many alerts for one route in one batch (one Slack channel, the mail), a destination that has a
 * digest gets one digest instead of one message each: an incoming webhook takes about one message per second,
 * and on-call reads a grouped picture faster than a wall of posts or mails. PagerDuty has no digest: pages are
 * never grouped or held back.
 */
export const DIGEST_MIN_ALERTS = 4;

/**
 * Decides, once and before enrichment, how the records go out: for each route, one message per record, or one
 * digest of all of them. Notifications that are not alarms count and go into the digest like alarms where the
 * destination shows them (so a flood of them never holds back an alarm behind a second per post), else alone.
 */
export function planGroups(records: readonly PreparedRecord[], destinations: readonly AnyDestination[]): AlertGroup[] {
  const singles: AlertGroup[] = [];
  // Each route's records, appended in place: a storm's batch of a hundred records is not copied per record.
  const byRoute = new Map<string, { route: Route; sources: PreparedRecord[] }>();
  for (const record of records) {
    for (const route of record.routes) {
      const destination = destinations.find((d) => d.name === route.destination);
      const unreadable = record.notice.kind === 'unrecognised';
      if (!destination?.formatDigest || (unreadable && !destination.formatUnrecognised)) {
        singles.push({ route, digest: false, sources: [record] });
        continue;
      }
      const key = routeKey(route);
      let group = byRoute.get(key);
      if (!group) byRoute.set(key, (group = { route, sources: [] }));
      group.sources.push(record);
    }
  }
  // Appended after the singles in place: this runs for every batch, most of them a single record.
  for (const g of byRoute.values()) {
    if (g.sources.length >= DIGEST_MIN_ALERTS) singles.push({ route: g.route, digest: true, sources: g.sources });
    else for (const r of g.sources) singles.push({ route: g.route, digest: false, sources: [r] });
  }
  return singles;
}

/**
 * The records that show only as digest lines: a digest shows no trend or history, and a hundred parallel
 * CloudWatch reads in a storm would only be throttled, so these are enriched from their payload alone.
 */
export function digestLinesOnly(groups: readonly AlertGroup[]): Set<PreparedRecord> {
  // Most batches have no digest at all.
  if (!groups.some((g) => g.digest)) return new Set();
  const inDigest = new Set<PreparedRecord>();
  const onTheirOwn = new Set<PreparedRecord>();
  for (const g of groups) for (const r of g.sources) (g.digest ? inDigest : onTheirOwn).add(r);
  return new Set([...inDigest].filter((r) => !onTheirOwn.has(r)));
}
