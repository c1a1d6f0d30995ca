/**
 * The storm: an availability zone goes and 100 alarms send 1,000 notifications within a minute. Built from
 * the production catalog (real names, descriptions with the catalog tag, metrics, thresholds) so every message
 * goes the real way through parse, route, enrich and format. Deterministic for a seed.
 */
import { alarmName, severityTopicName } from '../../src/alarms/naming.js';
import { catalogFor } from '../../src/alarms/index.js';
import type { AlarmDefinition, SingleMetric } from '../../src/alarms/types.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { triggerOf } from '../../src/preview/catalog.js';
import type { AlarmState, Severity } from '../../src/model/alert.js';

export const STORM_ACCOUNT = '123456789012';
export const STORM_REGION = 'eu-west-1';
/** Simulated time 0 is this instant; alarm timestamps are derived from it. */
export const STORM_EPOCH_MS = Date.parse('2024-05-14T09:40:00.000Z');

export interface StormShape {
  seed: number;
  alarms: number;
  notifications: number;
  /** Alarms that change state over and over during the storm; the rest fire, maybe recover, maybe fire again. */
  flapping: number;
  /** Every notification is published within this many ms of the first. */
  withinMs: number;
  /** Share of SNS deliveries (per message and subscription) that arrive a second time, same MessageId. */
  duplicateRate: number;
  /** A duplicate arrives up to this long after the first copy. */
  duplicateDelayMaxMs: number;
  /**
   * How alarms beyond the catalog's own are named: `zone`, the same check on other resources of the zone
   * (`…-02`, `…-03`); `fleet`, the catalog's checks on every service, database and cache of a larger estate
   * (`ohmycoins-production-ecs-cpu-high-pricing-03`), each with that resource's dimensions.
   */
  naming?: 'zone' | 'fleet';
}

export const STORM: StormShape = {
  seed: 20240514,
  alarms: 100,
  notifications: 1_000,
  flapping: 30,
  withinMs: 60_000,
  duplicateRate: 0.02,
  duplicateDelayMaxMs: 3_000,
};

/** Issue 13's storm, ten times today's: 1,000 alarms of a whole estate, 10,000 notifications, 5 % delivered twice. */
export const STORM10K: StormShape = {
  seed: 20261202,
  alarms: 1_000,
  notifications: 10_000,
  flapping: 300,
  withinMs: 60_000,
  duplicateRate: 0.05,
  duplicateDelayMaxMs: 3_000,
  naming: 'fleet',
};

export interface StormAlarm {
  name: string;
  severity: Severity;
  definition: AlarmDefinition;
  flapping: boolean;
}

/** One SNS message: what CloudWatch published, when (simulated ms), to which severity topic. */
export interface StormMessage {
  messageId: string;
  alarm: StormAlarm;
  state: AlarmState;
  previous: AlarmState;
  /** Simulated ms at which SNS received it. */
  publishedAt: number;
  /** The alarm's StateChangeTime as an ISO instant (what a PagerDuty trigger carries as its timestamp). */
  changedAt: string;
  topicArn: string;
  subject: string;
  /** The SNS `Message`: the CloudWatch alarm JSON. */
  message: string;
  timestamp: string;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// A quarter critical (they page), half warning, a quarter info.
const SEVERITY_OF = (i: number): Severity => (i % 4 === 0 ? 'critical' : i % 4 === 3 ? 'info' : 'warning');

/** CloudWatch publishes a little after the state change it reports. */
const STATE_CHANGE_TO_PUBLISH_MS = 150;

const cloudWatchTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

const COMPARISON_WORDS: Record<string, string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** CloudWatch's own wording for a state change. */
function reason(state: AlarmState, d: AlarmDefinition, at: number): string {
  if (state === 'INSUFFICIENT_DATA') return `Insufficient Data: ${d.evaluationPeriods} datapoints were unknown.`;
  const words = COMPARISON_WORDS[d.comparison] ?? 'greater than';
  const above = d.comparison.startsWith('Greater');
  const breaching = above ? d.threshold * 1.25 + 1 : d.threshold * 0.5;
  const healthy = above ? d.threshold * 0.5 : d.threshold * 1.5 + 1;
  const point = (v: number) => `[${Number(v.toPrecision(4))} (${new Date(at).toISOString().slice(8, 10)}/05/24 ${new Date(at).toISOString().slice(11, 19)})]`;
  return state === 'ALARM'
    ? `Threshold Crossed: 1 out of the last ${d.evaluationPeriods} datapoints ${point(breaching)} was ${words} the threshold (${d.threshold}) (minimum 1 datapoint for OK -> ALARM transition).`
    : `Threshold Crossed: no datapoints were ${words} the threshold (${d.threshold}). The most recent datapoints which were not ${words} the threshold: ${point(healthy)}.`;
}

function alarmMessage(alarm: StormAlarm, state: AlarmState, previous: AlarmState, at: number): string {
  const d = alarm.definition;
  const topic = `arn:aws:sns:${STORM_REGION}:${STORM_ACCOUNT}:${severityTopicName('production', alarm.severity)}`;
  return JSON.stringify({
    AlarmName: alarm.name,
    AlarmDescription: `${d.meaning} Runbook: https://github.com/ohmycoins/ohmycoins-alerting/blob/main/${d.runbook} [alarm-id:${d.id}]`,
    AWSAccountId: STORM_ACCOUNT,
    AlarmConfigurationUpdatedTimestamp: cloudWatchTime(STORM_EPOCH_MS - 86_400_000),
    NewStateValue: state,
    NewStateReason: reason(state, d, at),
    StateChangeTime: cloudWatchTime(at),
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:${STORM_REGION}:${STORM_ACCOUNT}:alarm:${alarm.name}`,
    OldStateValue: previous,
    OKActions: [topic],
    AlarmActions: [topic],
    InsufficientDataActions: [],
    Trigger: triggerOf(d),
  });
}

/** Distinct sorted times in [from, to). */
function times(random: () => number, n: number, from: number, to: number): number[] {
  const picked = new Set<number>();
  while (picked.size < n) picked.add(Math.floor(from + random() * (to - from)));
  return [...picked].sort((a, b) => a - b);
}

/** The services, databases and caches of a larger estate: the fleet storm's alarms watch each of them. */
const SERVICES = ['backend', 'api', 'orders', 'wallet', 'pricing', 'ledger', 'payments', 'quotes', 'auth', 'kyc', 'settlement', 'market-data', 'webhooks', 'reporting', 'search', 'notifications'];

/** Which dimension names the resource a catalog alarm watches (the others, cluster and load balancer, are shared). */
const RESOURCE_DIMENSION: Record<string, (resource: string, copy: number) => string> = {
  ServiceName: (r) => `ohmycoins-production-${r}`,
  DBInstanceIdentifier: (r) => `ohmycoins-production-${r}-db`,
  CacheClusterId: (r) => `ohmycoins-production-${r}-redis-001`,
  TargetGroup: (r, copy) => `targetgroup/ohmycoins-production-${r}/${(0x3f6e9d2c8b1a7e54n + BigInt(copy) * 0x9e3779b1n).toString(16).slice(-16)}`,
};

/** The catalog alarm `definition` on another resource: its name under the stage's rule, its own dimensions. */
function onResource(definition: AlarmDefinition, copy: number): { name: string; definition: AlarmDefinition } {
  const resource = `${SERVICES[copy % SERVICES.length]}-${String(Math.floor(copy / SERVICES.length) + 1).padStart(2, '0')}`;
  const metric = definition.metric as SingleMetric;
  const dimensions = Object.fromEntries(Object.entries(metric.dimensions).map(([k, v]) => [k, RESOURCE_DIMENSION[k]?.(resource, copy) ?? v]));
  return { name: alarmName('production', `${definition.id}-${resource}`), definition: { ...definition, metric: { ...metric, dimensions } } };
}

export function stormAlarms(shape: StormShape = STORM): StormAlarm[] {
  const templates = catalogFor(stageConfig('production')).filter((d) => d.metric.type === 'metric');
  return Array.from({ length: shape.alarms }, (_, i) => {
    const template = templates[i % templates.length]!;
    const copy = Math.floor(i / templates.length);
    // The catalog alarm itself, then the same check on other resources: of the zone (`…-02`, `…-03`), or of the fleet.
    const fleet = shape.naming === 'fleet' && copy > 0 ? onResource(template, copy) : undefined;
    const definition = fleet?.definition ?? template;
    const name = fleet?.name ?? (copy === 0 ? alarmName('production', template.id) : `${alarmName('production', template.id)}-${String(copy + 1).padStart(2, '0')}`);
    // Flappers spread over the catalog and the severities: every `step`-th alarm, `shape.flapping` of them.
    const step = Math.max(1, Math.floor(shape.alarms / Math.max(1, shape.flapping)));
    const flapping = i % step === Math.min(1, step - 1) && Math.floor(i / step) < shape.flapping;
    return { name, severity: SEVERITY_OF(i), definition, flapping };
  });
}

/** What SNS received for one state change of `alarm`, published at `at` (simulated ms); the MessageId comes later. */
function published(alarm: StormAlarm, state: AlarmState, previous: AlarmState, at: number): Omit<StormMessage, 'messageId'> {
  const wall = STORM_EPOCH_MS + at;
  return {
    alarm,
    state,
    previous,
    publishedAt: at,
    topicArn: `arn:aws:sns:${STORM_REGION}:${STORM_ACCOUNT}:${severityTopicName('production', alarm.severity)}`,
    subject: `${state}: "${alarm.name}" in EU (Ireland)`.slice(0, 100),
    changedAt: new Date(wall - STATE_CHANGE_TO_PUBLISH_MS).toISOString(),
    message: alarmMessage(alarm, state, previous, wall - STATE_CHANGE_TO_PUBLISH_MS),
    timestamp: new Date(wall).toISOString(),
  };
}

/** Every notification of the storm, in order of publication. */
export function stormMessages(shape: StormShape = STORM): StormMessage[] {
  const random = prng(shape.seed);
  const alarms = stormAlarms(shape);
  const steady = alarms.filter((a) => !a.flapping);
  const flappers = alarms.filter((a) => a.flapping);
  // Steady alarms: one to four notifications (fire, recover, fire again...); flappers share the rest.
  const counts = new Map<StormAlarm, number>(steady.map((a) => [a, 1 + Math.floor(random() * 4)]));
  let left = shape.notifications - [...counts.values()].reduce((s, n) => s + n, 0);
  flappers.forEach((a, i) => {
    const share = Math.round(left / (flappers.length - i));
    counts.set(a, share);
    left -= share;
  });
  const out: Array<Omit<StormMessage, 'messageId'>> = [];
  for (const alarm of alarms) {
    const n = counts.get(alarm)!;
    const start = Math.floor(random() * (alarm.flapping ? shape.withinMs / 6 : shape.withinMs / 4));
    // Some alarms first lose their data (the zone's metrics stop), the rest breach.
    const noDataFirst = !alarm.flapping && random() < 0.08;
    let previous: AlarmState = 'OK';
    times(random, n, start, shape.withinMs).forEach((at, k) => {
      const state: AlarmState = k === 0 && noDataFirst ? 'INSUFFICIENT_DATA' : previous === 'ALARM' ? 'OK' : 'ALARM';
      out.push(published(alarm, state, previous, at));
      previous = state;
    });
  }
  out.sort((a, b) => a.publishedAt - b.publishedAt);
  return out.map((m) => ({ ...m, messageId: uuid(random) }));
}

export interface OutageShape {
  seed: number;
  /** Critical alarms that fire, one ALARM each, within `fireWithinMs`. */
  alarms: number;
  /** How many of them recover (one OK each), between `recoverFromMs` and `recoverToMs`. */
  recovering: number;
  fireWithinMs: number;
  recoverFromMs: number;
  recoverToMs: number;
}

/** An outage's traffic: critical alarms firing, some of them recovering while a destination is still down. */
export function outageMessages(shape: OutageShape): StormMessage[] {
  const random = prng(shape.seed);
  const templates = catalogFor(stageConfig('production')).filter((d) => d.metric.type === 'metric');
  const message = (alarm: StormAlarm, state: AlarmState, previous: AlarmState, at: number): StormMessage => ({
    messageId: uuid(random),
    ...published(alarm, state, previous, at),
  });
  const out: StormMessage[] = [];
  for (let i = 0; i < shape.alarms; i++) {
    const definition = templates[i % templates.length]!;
    const alarm: StormAlarm = { name: `${alarmName('production', definition.id)}-${String(i + 1).padStart(2, '0')}`, severity: 'critical', definition, flapping: false };
    out.push(message(alarm, 'ALARM', 'OK', Math.floor(random() * shape.fireWithinMs)));
    if (i < shape.recovering) {
      out.push(message(alarm, 'OK', 'ALARM', Math.floor(shape.recoverFromMs + random() * (shape.recoverToMs - shape.recoverFromMs))));
    }
  }
  return out.sort((a, b) => a.publishedAt - b.publishedAt);
}
