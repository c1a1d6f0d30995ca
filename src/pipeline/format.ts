import type { AnyDestination } from '../destinations/index.js';
import type { Stage, Unrecognised } from '../model/alert.js';
import type { Log } from '../model/log.js';
import type { AlertGroup, Notification, PreparedRecord } from '../model/prepared.js';
import { routeUnrecognised } from '../route/index.js';
import { topicSeverity } from '../route/severity.js';

export interface FormatContext {
  stage: Stage;
  destinations: readonly AnyDestination[];
  log: Log;
}

function destinationOf(group: AlertGroup, destinations: readonly AnyDestination[]): AnyDestination {
  const d = destinations.find((x) => x.name === group.route.destination);
  if (!d) throw new Error(`no destination "${group.route.destination}"`);
  return d;
}

/**
 * The one place a group becomes its destination's payload: an alert, a notification that is not an alarm,
 * or a digest. Throws when a formatter does (see `formatGroups` for the fallback).
 */
export function formatGroup(group: AlertGroup, ctx: Omit<FormatContext, 'log'>): Notification {
  const d = destinationOf(group, ctx.destinations);
  const { route, sources } = group;
  const target = d.targetOf(route, ctx.stage);
  if (group.digest && sources.length > 1 && d.formatDigest) {
    const alerts = sources.filter((r) => r.notice.kind !== 'unrecognised').map(alertOf);
    const unreadable = sources.flatMap((r) => (r.notice.kind === 'unrecognised' ? [r.notice] : []));
    if (unreadable.length && !d.formatUnrecognised) throw new Error(`${d.name} does not show notifications that are not alarms`);
    return { route, digest: true, sources, target, payload: d.formatDigest(alerts, route, ctx.stage, unreadable) };
  }
  const [record] = sources;
  if (!record || sources.length > 1) throw new Error(`a single message stands for ${sources.length} records`);
  if (record.notice.kind === 'unrecognised') {
    if (!d.formatUnrecognised) throw new Error(`${d.name} does not show notifications that are not alarms`);
    return { route, digest: false, sources, target, payload: d.formatUnrecognised(record.notice, route, ctx.stage) };
  }
  return { route, digest: false, sources, target, payload: d.format(alertOf(record), route) };
}

function alertOf(r: PreparedRecord) {
  if (!r.alert) throw new Error(`record ${r.record} was not enriched`);
  return r.alert;
}

/** The record as a labelled fallback: the raw notification, routed as a notification we could not read. */
export function fallbackOf(record: PreparedRecord, error: unknown, ctx: FormatContext): PreparedRecord {
  const problem = `could not be formatted (${error instanceof Error ? error.message : String(error)})`;
  ctx.log.error('Formatting failed, sending the raw notification', { record: record.record, problem });
  const { sns, notice } = record;
  const fallback: Unrecognised = {
    kind: 'unrecognised',
    problem,
    raw: sns?.message ?? JSON.stringify(notice),
    subject: sns?.subject,
    source: { messageId: sns?.messageId, topicArn: sns?.topicArn, receivedAt: sns?.timestamp },
  };
  const routes = routeUnrecognised(ctx.destinations, ctx.stage, topicSeverity(fallback.source.topicArn));
  return { ...record, notice: fallback, severity: undefined, alert: undefined, routes };
}

/**
 * Every group as a notification. A formatter bug must not lose an alert: a digest that cannot be built goes out
 * as single messages, and an alert that cannot be formatted goes out as its raw notification, labelled.
 */
export function formatGroups(groups: readonly AlertGroup[], ctx: FormatContext): Notification[] {
  return groups.flatMap((group): Notification[] => {
    try {
      return [formatGroup(group, ctx)];
    } catch (error) {
      if (group.digest) return formatGroups(group.sources.map((r) => ({ route: group.route, digest: false, sources: [r] })), ctx);
      const record = group.sources[0]!;
      if (record.notice.kind === 'unrecognised') throw error;
      const fallback = fallbackOf(record, error, ctx);
      return formatGroups(fallback.routes.map((route) => ({ route, digest: false, sources: [fallback] })), ctx);
    }
  });
}
