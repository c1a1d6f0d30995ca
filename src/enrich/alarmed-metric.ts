import type { AlarmDefinition } from '../alarms/types.js';
import type { Alert, ComparisonOperator, MetricRef } from '../model/alert.js';
import { isBandComparison } from '../model/comparison.js';
import { displayUnitOf } from './format.js';

/** One query computing (part of) the alarmed series, in the alarm's own ids. */
export interface SeriesQuery {
  id: string;
  expression?: string;
  label?: string;
  metric?: MetricRef;
  stat?: string;
}

/**
 * What an alarm watches, merged from the alert (what actually fired: numbers, metrics) and the
 * catalog definition (words: label, display unit, conversion). Every enrichment part reads this.
 */
export interface AlarmedMetric {
  kind: 'metric' | 'math' | 'anomaly';
  /** "p99 TargetResponseTime", "5xx responses (ELB + targets, sum)". */
  label: string;
  /** Seconds. */
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparison?: ComparisonOperator;
  /** Raw metric units; absent for anomaly-band alarms. */
  threshold?: number;
  /** Standard deviations of an anomaly band. */
  bandWidth?: number;
  treatMissingData?: string;
  /** Display unit after `toDisplay`. */
  unit: string;
  toDisplay: (raw: number) => number;
  /** Inputs first, the alarmed series last (its id is `alarmedId`). */
  queries: SeriesQuery[];
  alarmedId: string;
  /** True when values add up over time (Sum, SampleCount or math over them): a shorter period is not comparable to the threshold. */
  additive: boolean;
}

const STAT_WORDS: Record<string, string> = {
  Average: 'average',
  Sum: 'total',
  Minimum: 'min',
  Maximum: 'max',
  SampleCount: 'count of',
};

/** "average CPUUtilization", "p99 TargetResponseTime". */
function statLabel(stat: string | undefined, metricName: string): string {
  const word = stat ? (STAT_WORDS[stat] ?? stat) : undefined;
  return word ? `${word} ${metricName}` : metricName;
}

const BAND = /ANOMALY_DETECTION_BAND\s*\(\s*[A-Za-z]\w*\s*(?:,\s*([0-9.]+)\s*)?\)/i;
const ADDITIVE_STATS = new Set(['Sum', 'SampleCount']);

/** The alarmed metric of a metric, metric-math or anomaly alarm; undefined for composites or when nothing is known. */
export function alarmedMetric(alert: Alert, definition?: AlarmDefinition): AlarmedMetric | undefined {
  if (alert.kind === 'composite') return undefined;
  const trigger = alert.trigger ?? {};
  const fromAlert = queriesFromAlert(alert);
  const series = fromAlert ?? (definition ? queriesFromDefinition(definition) : undefined);
  if (!series) return undefined;

  const alarmed = series.queries.find((q) => q.id === series.alarmedId);
  const band = series.bandId ? series.queries.find((q) => q.id === series.bandId) : undefined;
  const comparison = trigger.comparison ?? definition?.comparison;
  const isAnomaly = band !== undefined || (comparison !== undefined && isBandComparison(comparison));
  const stats = series.queries.map((q) => q.stat).filter((s): s is string => s !== undefined);

  return {
    kind: isAnomaly ? 'anomaly' : alarmed?.expression ? 'math' : 'metric',
    label: labelFor(alarmed, definition),
    period: trigger.period ?? series.period ?? definition?.periodSeconds ?? 60,
    evaluationPeriods: trigger.evaluationPeriods ?? definition?.evaluationPeriods ?? 1,
    datapointsToAlarm: trigger.datapointsToAlarm ?? trigger.evaluationPeriods ?? definition?.datapointsToAlarm ?? 1,
    comparison,
    threshold: isAnomaly ? undefined : (trigger.threshold ?? definition?.threshold),
    bandWidth: band?.expression ? bandWidthOf(band.expression) : undefined,
    treatMissingData: trigger.treatMissingData ?? definition?.treatMissingData,
    unit: definition ? definition.displayUnit : displayUnitOf(trigger.unit ?? firstUnit(alert)),
    toDisplay: definition?.toDisplay ?? ((raw) => raw),
    queries: series.queries.filter((q) => q.id !== series.bandId),
    alarmedId: series.alarmedId,
    additive: stats.length === 0 ? Boolean(alarmed?.expression) : stats.some((s) => ADDITIVE_STATS.has(s)),
  };
}

interface Series {
  queries: SeriesQuery[];
  alarmedId: string;
  bandId?: string;
  /** Seconds, from the queries when the trigger has no top-level period (EventBridge events). */
  period?: number;
}

function queriesFromAlert(alert: Alert): Series | undefined {
  const t = alert.trigger;
  if (!t) return undefined;
  if (t.metric) return { queries: [{ id: 'm1', metric: t.metric, stat: t.statistic }], alarmedId: 'm1' };
  if (!t.queries?.length) return undefined;
  const queries: SeriesQuery[] = t.queries.map((q) => ({ id: q.id, expression: q.expression, label: q.label, metric: q.metric, stat: q.stat }));
  const bandId = t.thresholdMetricId ?? t.queries.find((q) => q.expression && BAND.test(q.expression))?.id;
  const returned = t.queries.filter((q) => q.returnData && q.id !== bandId);
  const alarmed = returned[0] ?? t.queries.find((q) => q.id !== bandId);
  if (!alarmed) return undefined;
  const period = t.queries.find((q) => q.period !== undefined)?.period;
  return { queries: moveLast(queries, alarmed.id), alarmedId: alarmed.id, bandId, period };
}

function queriesFromDefinition(d: AlarmDefinition): Series {
  const m = d.metric;
  if (m.type === 'metric') {
    return {
      queries: [{ id: 'm1', metric: { namespace: m.namespace, name: m.name, dimensions: m.dimensions }, stat: m.statistic }],
      alarmedId: 'm1',
    };
  }
  const inputs: SeriesQuery[] = m.metrics.map((i) => ({
    id: i.id,
    metric: { namespace: i.namespace, name: i.name, dimensions: i.dimensions },
    stat: i.statistic,
  }));
  const taken = new Set(inputs.map((i) => i.id));
  let id = 'alarmed';
  for (let n = 2; taken.has(id); n++) id = `alarmed${n}`;
  return { queries: [...inputs, { id, expression: m.expression, label: m.label }], alarmedId: id };
}

function labelFor(alarmed: SeriesQuery | undefined, definition?: AlarmDefinition): string {
  if (definition) {
    const m = definition.metric;
    return m.type === 'math' ? m.label : statLabel(m.statistic, m.name);
  }
  if (!alarmed) return 'the metric';
  if (alarmed.metric) return statLabel(alarmed.stat, alarmed.metric.name);
  return alarmed.label || alarmed.expression || alarmed.id;
}

function bandWidthOf(expression: string): number {
  const width = BAND.exec(expression)?.[1];
  return width ? Number(width) : 2;
}

function firstUnit(alert: Alert): string | undefined {
  return alert.trigger?.queries?.find((q) => q.unit)?.unit;
}

function moveLast(queries: SeriesQuery[], id: string): SeriesQuery[] {
  return [...queries.filter((q) => q.id !== id), ...queries.filter((q) => q.id === id)];
}
