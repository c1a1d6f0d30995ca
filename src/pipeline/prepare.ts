import { findDefinition } from '../alarms/index.js';
import { catalogIdOf } from '../alarms/naming.js';
import type { AlarmDefinition } from '../alarms/types.js';
import type { Silence, StageConfig } from '../config/stage.js';
import type { CloudWatchReader } from '../enrich/cloudwatch.js';
import { enrich } from '../enrich/index.js';
import { isAlert, type Alert, type Notice, type Unrecognised } from '../model/alert.js';
import { parseEvent, parseSnsMessage } from '../parse/index.js';
import { destinationKey, route, routeUnrecognised, type Destination, type DestinationType } from '../route/index.js';
import { resolveSeverity } from '../route/severity.js';
import { silenceFor, silenceLabel, type SilenceSource } from '../route/silence.js';
import { unwrap, type SnsEnvelope } from './envelope.js';
import { formatFor, formatUnrecognisedFor } from './format.js';
import type { Log, PreparedRecord } from './types.js';

export interface PrepareContext {
  config: StageConfig;
  catalog: readonly AlarmDefinition[];
  log: Log;
  /** Absent offline: enrichment then uses only what the payload carries. */
  cloudwatch?: CloudWatchReader;
  /** The enrichment clock: real time in Lambda; `render` uses the alert's own time so saved CloudWatch output lines up. */
  now?: (alert: Alert) => Date;
  /** The destination types this caller delivers; routes to others are left to their own functions. */
  handles?: readonly DestinationType[];
  /** Maintenance windows in force; absent: the stage config's own. */
  silences?: SilenceSource;
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

type SnsOriginal = PreparedRecord['sns'];

async function prepareNotice(record: number, notice: Notice, sns: SnsOriginal, ctx: PrepareContext, silences: readonly Silence[] = []): Promise<PreparedRecord> {
  const { config, log } = ctx;
  const handled = (d: Destination) => !ctx.handles || ctx.handles.includes(d.type);
  if (!isAlert(notice)) {
    log.error('Unrecognised notification', { record, problem: notice.problem, messageId: notice.source.messageId });
    const notifications = routeUnrecognised(config.stage)
      .filter(handled)
      .flatMap((d) => formatUnrecognisedFor(notice, d, config.stage) ?? []);
    return { record, notice, notifications, sns };
  }

  const definition = findDefinition(ctx.catalog, notice.alarmName, notice.description);
  const { severity, source } = resolveSeverity(notice.source.topicArn, definition);
  // Routing before enrichment: a function spends no CloudWatch calls on alerts it does not deliver.
  const destinations = route(config.stage, severity, notice.state).filter(handled);
  if (destinations.length === 0) {
    log.debug('No route for this alert in this function', { record, alarmName: notice.alarmName, state: notice.state, severity });
    return { record, notice, severity, notifications: [], sns };
  }
  const silence = silenceFor(notice, definition?.id ?? catalogIdOf(notice.alarmName, notice.description), silences, ctx.now?.(notice) ?? new Date());
  if (silence) {
    const silenced = silenceLabel(silence);
    log.info('Alert silenced by a maintenance window, not sent', { record, alarmName: notice.alarmName, state: notice.state, severity, destinations: destinations.map(destinationKey), silenced });
    return { record, notice, severity, notifications: [], sns, silenced };
  }
  const alert = await enrich(notice, { config, definition, severity, severitySource: source, cloudwatch: ctx.cloudwatch, now: ctx.now?.(notice), logger: log });
  return { record, notice, alert, severity, notifications: destinations.map((d) => formatFor(alert, d)), sns };
}

/** parse → route → enrich → format, for every record of the event. Never throws for bad input. */
export async function prepare(event: unknown, ctx: PrepareContext): Promise<PreparedRecord[]> {
  // A source that cannot answer must not stop delivery: the typed config's windows still apply.
  const silences = ctx.silences ? await ctx.silences.current().catch(() => ctx.config.silences) : ctx.config.silences;
  return Promise.all(
    noticesOf(event).map(async ({ record, notice, envelope }) => {
      const sns: SnsOriginal = envelope && {
        messageId: envelope.messageId,
        topicArn: envelope.topicArn,
        subject: envelope.subject,
        message: envelope.message,
        timestamp: envelope.timestamp,
      };
      try {
        return { ...(await prepareNotice(record, notice, sns, ctx, silences)), sqs: envelope?.sqs };
      } catch (error) {
        // A bug in enrichment or formatting must not lose the alert: it goes out as a labelled fallback.
        const problem = `could not be formatted (${error instanceof Error ? error.message : String(error)})`;
        ctx.log.error('Formatting failed, sending the raw notification', { record, problem });
        const fallback: Unrecognised = {
          kind: 'unrecognised',
          problem,
          raw: envelope?.message ?? JSON.stringify(notice),
          subject: envelope?.subject,
          source: { messageId: envelope?.messageId, topicArn: envelope?.topicArn, receivedAt: envelope?.timestamp },
        };
        return { ...(await prepareNotice(record, fallback, sns, ctx)), sqs: envelope?.sqs };
      }
    }),
  );
}
