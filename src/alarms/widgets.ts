import { formatThreshold } from './description.js';
import type { MetricRead } from './metric.js';
import type { AlarmDefinition, SingleMetric } from './types.js';

/**
 * The vocabulary of dashboard widgets. Each service module draws its own (its metrics, its alarms' series and
 * threshold lines, as in cdk-monitoring-constructs); infra/dashboard.ts places them.
 * Body structure: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

export type Axis = 'left' | 'right';

export interface RenderOptions {
  id?: string;
  label?: string;
  stat?: string;
  period?: number;
  visible?: boolean;
  yAxis?: Axis;
}

/** `[namespace, metricName, dim1, value1, ..., options]`. */
export type MetricRow = [...string[], RenderOptions];
export type ExpressionRow = [{ expression: string; label: string; id: string; yAxis?: Axis; period?: number }];
export type WidgetMetric = MetricRow | ExpressionRow;

export interface HorizontalAnnotation {
  value: number;
  label: string;
  yAxis?: Axis;
}

export type AxisOptions = Partial<Record<Axis, { label?: string; min?: number; max?: number; showUnits?: boolean }>>;

/** What a widget shows; where it stands on the dashboard is the dashboard's business. */
export interface WidgetContent {
  title: string;
  period: number;
  metrics: WidgetMetric[];
  annotations: { horizontal: HorizontalAnnotation[] };
  yAxis?: AxisOptions;
}

/** Series and threshold lines a service adds to another service's widget. */
export type WidgetPart = Pick<WidgetContent, 'metrics' | 'annotations'>;

/** The stage's resolved definition of a catalog id; the dashboard notes which ones were drawn. */
export type Lookup = (id: string) => AlarmDefinition;

export const row = (m: MetricRead, options: RenderOptions): MetricRow => [
  m.namespace,
  m.name,
  ...Object.entries(m.dimensions).flat(),
  { stat: m.statistic, ...options },
];

/** Expression ids on a dashboard: letters, digits and _ only, starting lower-case. */
const idOf = (catalogId: string): string => catalogId.replace(/-/g, '_');

/**
 * An alarm's series as the alarm sees it: same metric, statistic and period. Math alarms draw their expression
 * over hidden inputs; byte metrics are divided into the display unit so the line and the threshold read alike.
 */
export function alarmRows(def: AlarmDefinition, yAxis: Axis = 'left'): WidgetMetric[] {
  const period = def.periodSeconds;
  if (def.metric.type === 'math') {
    return [
      ...def.metric.metrics.map((input) => row(input, { id: input.id, period, visible: false })),
      [{ expression: def.metric.expression, label: def.metric.label, id: idOf(def.id), yAxis }],
    ];
  }
  if (def.toDisplay) {
    const divisor = 1 / def.toDisplay(1);
    const raw = `${idOf(def.id)}_raw`;
    return [
      row(def.metric, { id: raw, period, visible: false }),
      [{ expression: `${raw} / ${divisor}`, label: `${def.metric.name} (${def.displayUnit})`, id: idOf(def.id), yAxis }],
    ];
  }
  return [row(def.metric, { label: def.metric.name, period, yAxis })];
}

/** The alarms' thresholds as horizontal lines, in the unit the widget draws. Disabled alarms draw none. */
export const thresholdLines = (defs: AlarmDefinition[], yAxis: Axis = 'left'): HorizontalAnnotation[] =>
  defs
    .filter((d) => d.enabled)
    .map((d) => ({ value: d.toDisplay ? d.toDisplay(d.threshold) : d.threshold, label: `${d.id} ${formatThreshold(d)}`, yAxis }));

/** The alarms' own series with their threshold lines, on one axis. */
export const alarmsWidget = (title: string, defs: AlarmDefinition[], yAxis: AxisOptions): WidgetContent => ({
  title,
  period: 60,
  metrics: defs.flatMap((d) => alarmRows(d)),
  annotations: { horizontal: thresholdLines(defs) },
  yAxis,
});

export function singleMetric(def: AlarmDefinition): SingleMetric {
  if (def.metric.type !== 'metric') throw new Error(`Dashboard: alarm "${def.id}" must watch a single metric to draw its other statistics`);
  return def.metric;
}

export const percentAxis: AxisOptions = { left: { min: 0, max: 100, label: '%', showUnits: false } };
