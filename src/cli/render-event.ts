import { catalogFor } from '../alarms/index.js';
import type { StageConfig } from '../config/stage.js';
import type { CloudWatchReader } from '../enrich/cloudwatch.js';
import type { AlertKind, AlarmState, Severity } from '../model/alert.js';
import { prepare } from '../pipeline/prepare.js';
import type { Log, Payload, PreparedRecord } from '../pipeline/types.js';
import type { DestinationType } from '../route/index.js';

/** The document `npm run render` prints: what each destination would receive, with secrets redacted. */
export interface RenderDocument {
  alerts: Array<{
    kind: AlertKind | 'unrecognised';
    alarmName: string | null;
    state: AlarmState | null;
    previousState: AlarmState | null;
    severity: Severity | null;
    region: string | null;
    account: string | null;
    silenced?: string;
  }>;
  notifications: Array<{ destination: DestinationType; target: string; payload: Payload }>;
  errors: Array<{ record: number; message: string }>;
}

const REDACTED = '<redacted>';

/** Secrets never reach the payload the formatters build; the PagerDuty routing key is a placeholder there. */
function redact(payload: Payload): Payload {
  return 'routing_key' in payload ? { ...payload, routing_key: REDACTED } : payload;
}

function summary(r: PreparedRecord): RenderDocument['alerts'][number] {
  const n = r.notice;
  if (n.kind === 'unrecognised') {
    return { kind: 'unrecognised', alarmName: null, state: null, previousState: null, severity: null, region: null, account: null };
  }
  return {
    kind: n.kind,
    alarmName: n.alarmName,
    state: n.state,
    previousState: n.previousState ?? null,
    severity: r.severity ?? null,
    region: n.region,
    account: n.account,
    ...(r.silenced ? { silenced: r.silenced } : {}),
  };
}

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs parse → route → enrich → format for every destination, sending nothing. */
export async function renderEvent(event: unknown, config: StageConfig, options: { cloudwatch?: CloudWatchReader; log?: Log } = {}): Promise<RenderDocument> {
  const records = await prepare(event, {
    config,
    catalog: catalogFor(config),
    log: options.log ?? quiet,
    cloudwatch: options.cloudwatch,
    // Offline, "now" is the moment the alarm changed state: saved metrics and history line up with it.
    now: (alert) => (Number.isNaN(Date.parse(alert.stateChangeTime)) ? new Date() : new Date(alert.stateChangeTime)),
  });
  return {
    alerts: records.map(summary),
    notifications: records.flatMap((r) =>
      r.notifications.map((n) => ({ destination: n.destination.type, target: n.target, payload: redact(n.payload) })),
    ),
    errors: records.flatMap((r) => (r.notice.kind === 'unrecognised' ? [{ record: r.record, message: r.notice.problem }] : [])),
  };
}
