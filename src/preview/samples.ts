import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CloudWatchReader } from '../enrich/cloudwatch.js';
import { fileCloudWatchReader } from '../enrich/offline.js';
import { catalogFor } from '../alarms/index.js';
import { stageConfig } from '../config/stages/index.js';
import { STAGES, type AlarmState, type Stage } from '../model/alert.js';
import { catalogCase, SAMPLE_CHANGED_AT } from './catalog.js';

/**
 * The events the gallery draws: every sample in test/events, plus states the samples lack, generated
 * from them (the OK that resolves each ALARM, one INSUFFICIENT_DATA) and a notification the parser
 * cannot read. Generated events change only what CloudWatch would change for that state.
 */

export interface Sample {
  /** Stable slug: `ecs-cpu-alarm`, `ecs-cpu-alarm--ok`. */
  id: string;
  /** Where it came from: `test/events/ecs-cpu-alarm.json`, or how it was generated. */
  origin: string;
  /** A Lambda event (`{"Records":[…]}`) as SNS delivers it. */
  event: unknown;
  /**
   * Saved `aws cloudwatch get-metric-data` / `describe-alarm-history` output for the sample
   * (`test/fixtures/cloudwatch/<id>.metrics.json`, `.history.json`), so trend and history show offline.
   */
  cloudwatch?: { metrics?: unknown; history?: unknown };
  /** A sample built per stage (from that stage's catalog) rather than renamed from one event. */
  stages?: Partial<Record<Stage, { event: unknown; cloudwatch?: { metrics?: unknown; history?: unknown } }>>;
  /**
   * The ALARM that opened the incident this sample continues (an OK's ALARM): Slack app mode draws the incident
   * after both, its message rewritten by the later change and the changes in its thread.
   */
  opening?: Sample;
}

type Json = Record<string, unknown>;

interface SnsRecord {
  Sns: { Message: string; Subject?: string; MessageId?: string };
}

const records = (event: unknown): SnsRecord[] =>
  ((event as { Records?: unknown[] } | null)?.Records ?? []).filter(
    (r): r is SnsRecord => typeof (r as SnsRecord | null)?.Sns?.Message === 'string',
  );

/** The CloudWatch notification inside each record, when it is one. */
function alarmMessages(event: unknown): Json[] {
  return records(event).flatMap((r) => {
    try {
      const m = JSON.parse(r.Sns.Message) as Json;
      return m && typeof m === 'object' && typeof m.NewStateValue === 'string' ? [m] : [];
    } catch {
      return [];
    }
  });
}

export const isAlarmSample = (s: Sample, state: AlarmState): boolean => alarmMessages(s.event).some((m) => m.NewStateValue === state);

const alarmNames = (s: Sample): string[] => alarmMessages(s.event).map((m) => String(m.AlarmName));

const CLOUDWATCH_TIME = /([+-]\d{2})(\d{2})$/;

/** CloudWatch's `2024-05-14T09:42:27.394+0000`, moved by `ms`, in the same spelling. */
function later(time: unknown, ms: number): unknown {
  if (typeof time !== 'string') return time;
  const t = Date.parse(time.replace(CLOUDWATCH_TIME, '$1:$2'));
  return Number.isNaN(t) ? time : new Date(t + ms).toISOString().replace('Z', '+0000');
}

const REASON: Record<Exclude<AlarmState, 'ALARM'>, string> = {
  OK: 'Threshold Crossed: the most recent datapoints were not breaching the threshold (minimum 1 datapoint for ALARM -> OK transition).',
  INSUFFICIENT_DATA: 'Insufficient Data: 3 datapoints were unknown.',
};

const MINUTES = { OK: 17, INSUFFICIENT_DATA: 5 } as const;

/** The same alarm some minutes later in `state`: what CloudWatch sends then, datapoints and all removed. */
export function variant(sample: Sample, state: Exclude<AlarmState, 'ALARM'>): Sample {
  const event = structuredClone(sample.event);
  for (const r of records(event)) {
    let m: Json;
    try {
      m = JSON.parse(r.Sns.Message) as Json;
    } catch {
      continue;
    }
    if (typeof m.NewStateValue !== 'string') continue;
    const from = m.NewStateValue;
    m.OldStateValue = state === 'OK' ? 'ALARM' : 'OK';
    m.NewStateValue = state;
    m.NewStateReason = state === 'OK' && m.AlarmRule ? `${String(m.AlarmName)} is no longer in ALARM: its rule is false.` : REASON[state];
    // The ALARM's datapoints would be read as the current value; a real OK carries its own, unknown here.
    delete m.NewStateReasonData;
    m.StateChangeTime = later(m.StateChangeTime, MINUTES[state] * 60_000);
    if (Array.isArray(m.TriggeringChildren)) {
      for (const c of m.TriggeringChildren as Array<{ State?: { Value?: string; Timestamp?: unknown } }>) {
        if (c.State) c.State = { Value: state === 'OK' ? 'OK' : c.State.Value, Timestamp: later(c.State.Timestamp, MINUTES[state] * 60_000) };
      }
    }
    r.Sns.Message = JSON.stringify(m);
    if (r.Sns.Subject) r.Sns.Subject = r.Sns.Subject.replace(new RegExp(`^${from}:`), `${state}:`);
    if (r.Sns.MessageId) r.Sns.MessageId = `${r.Sns.MessageId.slice(0, -3)}${state === 'OK' ? '0ac' : '1d5'}`;
  }
  return { id: `${sample.id}--${state.toLowerCase().replace('_', '-')}`, origin: `${sample.origin}, as ${state} (generated)`, event };
}

/** An alarm notification cut short in transit: the parser cannot read it, so it goes out as a labelled fallback. */
export function garbledSample(from: Sample): Sample {
  const event = structuredClone(from.event);
  const [first] = records(event);
  if (first) first.Sns.Message = first.Sns.Message.slice(0, Math.floor(first.Sns.Message.length * 0.6));
  return { id: 'truncated-alarm-json', origin: `${from.origin}, its message cut at 60 % (generated)`, event: { Records: records(event).slice(0, 1) } };
}

const STAGE_IN_NAMES = /ohmycoins-(staging|production)/g;

const asStage = (value: unknown, stage: Stage): unknown => JSON.parse(JSON.stringify(value).replace(STAGE_IN_NAMES, `ohmycoins-${stage}`));

/** The sample as the given stage would send it: alarm names, topics and resource names of that stage. */
export const forStage = (sample: Sample, stage: Stage): unknown => sample.stages?.[stage]?.event ?? asStage(sample.event, stage);

/** The sample's saved get-metric-data output as the given stage would return it, if it has any. */
export function savedMetricsFor(sample: Sample, stage: Stage): unknown {
  const own = sample.stages?.[stage];
  if (own) return own.cloudwatch?.metrics;
  return sample.cloudwatch?.metrics && asStage(sample.cloudwatch.metrics, stage);
}

/** The sample's saved CloudWatch output as the given stage would return it, if it has any. */
export function cloudWatchFor(sample: Sample, stage: Stage): CloudWatchReader | undefined {
  const own = sample.stages?.[stage];
  if (own) return own.cloudwatch && fileCloudWatchReader(own.cloudwatch.metrics, own.cloudwatch.history);
  const saved = sample.cloudwatch;
  if (!saved) return undefined;
  return fileCloudWatchReader(saved.metrics && asStage(saved.metrics, stage), saved.history && asStage(saved.history, stage));
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

async function savedCloudWatch(dir: string | undefined, id: string): Promise<Sample['cloudwatch']> {
  if (!dir) return undefined;
  const [metrics, history] = await Promise.all([readJson(join(dir, `${id}.metrics.json`)), readJson(join(dir, `${id}.history.json`))]);
  return metrics === undefined && history === undefined ? undefined : { metrics, history };
}

export interface LoadOptions {
  label?: string;
  /** Where saved CloudWatch output for the samples lives. */
  cloudwatchDir?: string;
  /** Add the generated states and the unreadable notification (default true). */
  generated?: boolean;
}

/** Every `*.json` of `dir` (sorted), then the generated states and the unreadable notification. */
export async function loadSamples(dir: string, options: LoadOptions = {}): Promise<Sample[]> {
  const label = options.label ?? dir;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const samples: Sample[] = [];
  for (const file of files) {
    const id = basename(file, '.json');
    const event = JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown;
    const cloudwatch = await savedCloudWatch(options.cloudwatchDir, id);
    samples.push({ id, origin: `${label}/${file}`, event, ...(cloudwatch ? { cloudwatch } : {}) });
  }
  const firing = samples.filter((s) => isAlarmSample(s, 'ALARM'));
  const opened = samples.map((s) => {
    const names = alarmNames(s);
    const opening = isAlarmSample(s, 'OK') ? firing.find((f) => sameAlarms(alarmNames(f), names)) : undefined;
    return opening ? { ...s, opening } : s;
  });
  return options.generated === false ? opened : [...opened, ...generated(opened)];
}

const sameAlarms = (a: readonly string[], b: readonly string[]) => a.length > 0 && a.length === b.length && a.every((n) => b.includes(n));

export function generated(samples: readonly Sample[]): Sample[] {
  const out: Sample[] = [];
  const resolved = new Set(samples.filter((s) => isAlarmSample(s, 'OK')).flatMap(alarmNames));
  const firing = samples.filter((s) => isAlarmSample(s, 'ALARM'));
  for (const s of firing) if (!alarmNames(s).every((n) => resolved.has(n))) out.push({ ...variant(s, 'OK'), opening: s });
  const single = firing.find((s) => alarmMessages(s.event).some((m) => (m.Trigger as Json | undefined)?.MetricName));
  if (single) out.push(variant(single, 'INSUFFICIENT_DATA'));
  if (firing[0]) out.push(garbledSample(firing[0]));
  return out;
}

const CATALOG_STATES: readonly AlarmState[] = ['ALARM', 'OK', 'INSUFFICIENT_DATA'];
const OPENED_AT = new Date(Date.parse(SAMPLE_CHANGED_AT) - 17 * 60_000).toISOString();

/**
 * Every catalog alarm in every state, each stage from its own catalog (severity, thresholds, names): breaching
 * in ALARM, healthy in OK, its datapoints stopped in INSUFFICIENT_DATA, with the hour of datapoints and the day's
 * history enrichment would read.
 */
export function catalogSamples(stages: readonly Stage[] = STAGES): Sample[] {
  const catalogs = stages.map((stage) => ({ stage, config: stageConfig(stage), catalog: catalogFor(stageConfig(stage)) }));
  const ids = [...new Set(catalogs.flatMap((c) => c.catalog.map((d) => d.id)))];
  return ids.flatMap((id) =>
    CATALOG_STATES.map((state): Sample => {
      const own: NonNullable<Sample['stages']> = {};
      const opening: NonNullable<Sample['stages']> = {};
      for (const { stage, config, catalog } of catalogs) {
        const d = catalog.find((x) => x.id === id);
        if (!d) continue;
        own[stage] = catalogCase(config, d, state, SAMPLE_CHANGED_AT);
        // The OK's history has the alarm in ALARM since 17 minutes before: that ALARM opened the incident.
        if (state === 'OK') opening[stage] = catalogCase(config, d, 'ALARM', OPENED_AT);
      }
      const first = Object.values(own)[0]!;
      const slug = `catalog-${id}--${state.toLowerCase().replace('_', '-')}`;
      const opened = state === 'OK' ? { opening: { id: `${slug}--opened`, origin: `the alarm catalog, ${id} in ALARM 17 min before (generated)`, event: opening.production?.event ?? opening.staging?.event, stages: opening } } : {};
      return { id: slug, origin: `the alarm catalog, ${id} in ${state} (generated)`, event: first.event, stages: own, ...opened };
    }),
  );
}
