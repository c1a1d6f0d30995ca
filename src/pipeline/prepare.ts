import { isHeartbeat } from '../alarms/heartbeat.js';
import { findDefinition } from '../alarms/index.js';
import { catalogIdOf } from '../alarms/naming.js';
import type { AlarmDefinition } from '../alarms/types.js';
import type { Silence, StageConfig } from '../config/stage.js';
import type { AnyDestination } from '../destinations/index.js';
import type { CloudWatchReader } from '../enrich/cloudwatch.js';
import { enrich } from '../enrich/index.js';
import { isAlert, type Alert, type Notice } from '../model/alert.js';
import type { Log } from '../model/log.js';
import type { AlertGroup, Notification, PreparedRecord, SnsOriginal } from '../model/prepared.js';
import { routeKey, type Route } from '../model/route.js';
import { parseEvent, parseSnsMessage } from '../parse/index.js';
import { route, routeUnrecognised } from '../route/index.js';
import { resolveSeverity, topicSeverity } from '../route/severity.js';
import { silenceFor, silenceLabel, type SilenceSource } from '../route/silence.js';
import { unwrap, type SnsEnvelope } from './envelope.js';
import { fallbackOf, formatGroups } from './format.js';
import { digestLinesOnly, planGroups } from './group.js';
import { inStateChangeOrder } from './sequence.js';

export interface PrepareContext {
  config: StageConfig;
  catalog: readonly AlarmDefinition[];
  /** The destinations this caller delivers; routes to others are left to their own functions. */
  destinations: readonly AnyDestination[];
  log: Log;
  /** Absent offline: enrichment then uses only what the payload carries. */
  cloudwatch?: CloudWatchReader;
  /** The enrichment clock: real time in Lambda; `render` uses the alert's own time so saved CloudWatch output lines up. */
  now?: (alert: Alert) => Date;
  /** Maintenance windows in force; absent: the stage config's own. */
  silences?: SilenceSource;
}

/** What one event becomes: each record as routed and enriched, and the messages to send for them. */
export interface Prepared {
  records: PreparedRecord[];
  notifications: Notification[];
}

function noticesOf(event: unknown): Array<{ notice: Notice; record: number; envelope?: SnsEnvelope }> {
  const records = unwrap(event);
  if (!records) return parseEvent(event).map(({ record, notice }) => ({ record, notice }));
  return records.map((r) => {
    if (r.kind === 'other') {
      const [parsed] = parseEvent({ Records: [r.value] });
      return { record: r.record, notice: parsed!.notice };
    }
    const { envelope } = r;
    const notice = parseSnsMessage(envelope.message, {
      subject: envelope.subject,
      messageId: envelope.messageId,
      topicArn: envelope.topicArn,
      timestamp: envelope.timestamp,
    });
    return { record: envelope.record, notice, envelope };
  });
}

const snsOf = (envelope: SnsEnvelope | undefined): SnsOriginal | undefined =>
  envelope && {
    messageId: envelope.messageId,
    topicArn: envelope.topicArn,
    subject: envelope.subject,
    message: envelope.message,
    timestamp: envelope.timestamp,
  };

/** The heartbeat goes where its alarm's severity goes, except where a destination takes it another way. */
function heartbeatRoutes(destinations: readonly AnyDestination[], routes: readonly Route[]): Route[] {
  return routes.flatMap((r) => {
    const d = destinations.find((x) => x.name === r.destination);
    if (!d?.heartbeatRoute) return [r];
    const instead = d.heartbeatRoute(r);
    return instead ? [instead] : [];
  });
}

interface Routed {
  record: PreparedRecord;
  definition?: AlarmDefinition;
  severitySource?: ReturnType<typeof resolveSeverity>['source'];
}

function routeNotice(record: number, notice: Notice, envelope: SnsEnvelope | undefined, ctx: PrepareContext, silences: readonly Silence[]): Routed {
  const { config, log, destinations } = ctx;
  // Each record is written out whole: spreading a shared base and adding keys is V8's slow path, once per record.
  const sns = snsOf(envelope);
  const sqs = envelope?.sqs;
  if (!isAlert(notice)) {
    log.error('Unrecognised notification', { record, problem: notice.problem, messageId: notice.source.messageId });
    return { record: { record, notice, sns, sqs, routes: routeUnrecognised(destinations, config.stage, topicSeverity(notice.source.topicArn)) } };
  }
  const definition = findDefinition(ctx.catalog, notice.alarmName, notice.description);
  const { severity, source } = resolveSeverity(notice.source.topicArn, definition);
  // Routing before enrichment: a function spends no CloudWatch calls on alerts it does not deliver.
  const routes = isHeartbeat(notice) ? heartbeatRoutes(destinations, route(destinations, config.stage, severity, notice.state)) : route(destinations, config.stage, severity, notice.state);
  if (routes.length === 0) {
    log.debug('No route for this alert in this function', { record, alarmName: notice.alarmName, state: notice.state, severity });
    return { record: { record, notice, sns, sqs, severity, routes } };
  }
  const catalogId = definition?.id ?? catalogIdOf(notice.alarmName, notice.description);
  // A window is maintenance of the platform, not of this pipeline: a silenced canary would look like a broken path.
  const silence = isHeartbeat(notice) ? undefined : silenceFor(notice, catalogId, silences, ctx.now?.(notice) ?? new Date());
  if (silence) {
    const silenced = silenceLabel(silence);
    const keys = routes.map(routeKey);
    log.info('Alert silenced by a maintenance window, not sent', { record, alarmName: notice.alarmName, state: notice.state, severity, destinations: keys, silenced });
    return { record: { record, notice, sns, sqs, severity, routes: [], silenced } };
  }
  return { record: { record, notice, sns, sqs, severity, routes }, definition, severitySource: source };
}

/** How the graph is asked for, when a route of this record reaches a destination that shows the alarm's graph. */
const graphOf = (routes: readonly Route[], destinations: readonly AnyDestination[]) =>
  destinations.find((d) => d.graphRequest && routes.some((r) => r.destination === d.name))?.graphRequest;

async function enrichRouted({ record, definition, severitySource }: Routed, ctx: PrepareContext, withCloudWatch: boolean): Promise<PreparedRecord> {
  const { notice, severity } = record;
  if (!isAlert(notice) || !severity || !severitySource || record.routes.length === 0) return record;
  try {
    const alert = await enrich(notice, {
      config: ctx.config,
      definition,
      severity,
      severitySource,
      cloudwatch: withCloudWatch ? ctx.cloudwatch : undefined,
      now: ctx.now?.(notice),
      graph: graphOf(record.routes, ctx.destinations),
      logger: ctx.log,
    });
    // The record as routeNotice wrote it for a routed alert, and its alert: written out whole, not spread and extended.
    return { record: record.record, notice, sns: record.sns, sqs: record.sqs, severity, routes: record.routes, alert };
  } catch (error) {
    // A bug in enrichment must not lose the alert: it goes out as a labelled fallback.
    return fallbackOf(record, error, { stage: ctx.config.stage, destinations: ctx.destinations, log: ctx.log });
  }
}

/**
 * parse → route → group → enrich → format, for every record of the event. Never throws for bad input.
 * Several state changes of one alarm for one target come out oldest first, each `after` the one before.
 * Grouping comes before enrichment so that alerts shown only as digest lines spend no CloudWatch calls.
 */
export async function prepare(event: unknown, ctx: PrepareContext): Promise<Prepared> {
  // A source that cannot answer must not stop delivery: the typed config's windows still apply.
  const silences = ctx.silences ? await ctx.silences.current().catch(() => ctx.config.silences) : ctx.config.silences;
  const notices = noticesOf(event);
  // SNS and SQS never send an empty batch: one that arrives is a wiring fault, to be seen even though nothing is sent.
  if (notices.length === 0) ctx.log.error('event with no records');
  const routed = notices.map(({ record, notice, envelope }) => routeNotice(record, notice, envelope, ctx, silences));
  const planned = planGroups(routed.map((r) => r.record), ctx.destinations);
  const digestOnly = digestLinesOnly(planned);
  const records = await Promise.all(routed.map((r) => enrichRouted(r, ctx, !digestOnly.has(r.record))));
  const enriched = new Map(routed.map((r, i) => [r.record, records[i]!]));
  // Records whose enrichment failed are labelled fallbacks now, routed as such: one stays in a digest that its
  // new routes still reach (a storm stays one post); elsewhere it goes out on its own.
  const fallbacks = routed.filter((r) => isAlert(r.record.notice) && !isAlert(enriched.get(r.record)!.notice)).map((r) => enriched.get(r.record)!);
  const withEnriched = planned.map((g) => ({ ...g, sources: g.sources.map((r) => enriched.get(r)!) }));
  // Without a fallback (nearly always) every planned group stays as it is.
  if (fallbacks.length === 0) return { records, notifications: formatInOrder(withEnriched, ctx) };
  const takes = (r: PreparedRecord, g: AlertGroup) => g.digest && r.routes.some((x) => routeKey(x) === routeKey(g.route));
  const kept = withEnriched
    .map((g) => ({ ...g, sources: g.sources.filter((r) => !fallbacks.includes(r) || takes(r, g)) }))
    .filter((g) => g.sources.length > 0);
  const inDigest = (r: PreparedRecord, route: Route) => kept.some((g) => g.digest && g.sources.includes(r) && routeKey(g.route) === routeKey(route));
  const groups: AlertGroup[] = [
    ...kept,
    ...fallbacks.flatMap((r) => r.routes.filter((route) => !inDigest(r, route)).map((route) => ({ route, digest: false, sources: [r] }))),
  ];
  return { records, notifications: formatInOrder(groups, ctx) };
}

const formatInOrder = (groups: readonly AlertGroup[], ctx: PrepareContext): Notification[] =>
  inStateChangeOrder(formatGroups(groups, { stage: ctx.config.stage, destinations: ctx.destinations, log: ctx.log }));
