import { catalogFor } from '../alarms/index.js';
import type { StageConfig } from '../config/stage.js';
import type { CloudWatchReader } from '../enrich/cloudwatch.js';
import { DESTINATIONS, type AnyDestination } from '../destinations/index.js';
import type { AlertKind, AlarmState, Severity } from '../model/alert.js';
import { quietLog, type Log } from '../model/log.js';
import type { PreparedRecord } from '../model/prepared.js';
import { prepare, type Prepared } from '../pipeline/prepare.js';

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
  /** `destination` is the destination's name (`slack`, `pagerduty`, `email`); `payload` the exact request body (email: the SNS Publish input). */
  notifications: Array<{ destination: string; target: string; payload: unknown }>;
  errors: Array<{ record: number; message: string }>;
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

export interface RenderOptions {
  cloudwatch?: CloudWatchReader;
  log?: Log;
  destinations?: readonly AnyDestination[];
  /** Where an email topic ARN set for the stage is read (`EMAIL_TOPIC_ARN`); defaults to the process's. */
  env?: NodeJS.ProcessEnv;
}

/** parse → route → enrich → format, offline: the notifications as the notifiers would receive them, nothing sent. */
export function prepareOffline(event: unknown, config: StageConfig, options: Omit<RenderOptions, 'env'> = {}): Promise<Prepared> {
  return prepare(event, {
    config,
    catalog: catalogFor(config),
    destinations: options.destinations ?? DESTINATIONS,
    log: options.log ?? quietLog,
    cloudwatch: options.cloudwatch,
    // Offline, "now" is the moment the alarm changed state: saved metrics and history line up with it.
    now: (alert) => (Number.isNaN(Date.parse(alert.stateChangeTime)) ? new Date() : new Date(alert.stateChangeTime)),
  });
}

/** Runs parse → route → enrich → format for every destination, sending nothing. */
export async function renderEvent(event: unknown, config: StageConfig, options: RenderOptions = {}): Promise<RenderDocument> {
  const destinations = options.destinations ?? DESTINATIONS;
  const { records, notifications } = await prepareOffline(event, config, options);
  return {
    alerts: records.map(summary),
    notifications: notifications.map((n) => {
      // Secrets never reach the payload the formatters build; a destination masks what looks like one anyway.
      const destination = destinations.find((d) => d.name === n.route.destination);
      const redacted: unknown = destination?.redact ? destination.redact(n.payload) : n.payload;
      const context = { stage: config.stage, region: config.region, env: options.env ?? process.env };
      const payload = destination?.request ? destination.request(redacted, context) : redacted;
      return { destination: n.route.destination, target: n.target, payload };
    }),
    errors: records.flatMap((r) => (r.notice.kind === 'unrecognised' ? [{ record: r.record, message: r.notice.problem }] : [])),
  };
}
