import { catalogFor } from '../src/alarms/index.js';
import { albMetrics } from '../src/alarms/alb.js';
import { formatThreshold } from '../src/alarms/description.js';
import { ecsMetrics } from '../src/alarms/ecs.js';
import { withStatistic, type MetricRead } from '../src/alarms/metric.js';
import { dashboardName } from '../src/alarms/naming.js';
import type { AlarmDefinition, SingleMetric } from '../src/alarms/types.js';
import type { StageConfig } from '../src/config/stage.js';
import type { Fragment } from './cfn.js';
import { LOGICAL_IDS } from './names.js';

// CloudWatch dashboard body structure: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html

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

export interface MetricWidget {
  type: 'metric';
  x: number;
  y: number;
  width: number;
  height: number;
  properties: {
    title: string;
    region: string;
    view: 'timeSeries';
    stacked: false;
    period: number;
    metrics: WidgetMetric[];
    annotations: { horizontal: HorizontalAnnotation[] };
    yAxis?: Partial<Record<Axis, { label?: string; min?: number; max?: number; showUnits?: boolean }>>;
  };
}

export interface DashboardBody {
  start: string;
  widgets: MetricWidget[];
}

type WidgetContent = Pick<MetricWidget['properties'], 'title' | 'period' | 'metrics' | 'annotations' | 'yAxis'>;

const row = (m: MetricRead, options: RenderOptions): MetricRow => [
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
function alarmRows(def: AlarmDefinition, yAxis: Axis = 'left'): WidgetMetric[] {
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

/** The alarm's threshold as a horizontal line, in the unit the widget draws. Disabled alarms draw none. */
const annotations = (defs: AlarmDefinition[], yAxis: Axis = 'left'): HorizontalAnnotation[] =>
  defs
    .filter((d) => d.enabled)
    .map((d) => ({ value: d.toDisplay ? d.toDisplay(d.threshold) : d.threshold, label: `${d.id} ${formatThreshold(d)}`, yAxis }));

function single(def: AlarmDefinition): SingleMetric {
  if (def.metric.type !== 'metric') throw new Error(`Dashboard: alarm "${def.id}" must watch a single metric to draw its other statistics`);
  return def.metric;
}

const percentAxis = { left: { min: 0, max: 100, label: '%', showUnits: false } };

type Lookup = (id: string) => AlarmDefinition;

const WIDGETS: Array<(def: Lookup, config: StageConfig) => WidgetContent> = [
  (def) => {
    const alarms = [def('ecs-cpu-high'), def('ecs-memory-high')];
    return { title: 'ECS CPU & memory', period: 60, metrics: alarms.flatMap((d) => alarmRows(d)), annotations: { horizontal: annotations(alarms) }, yAxis: percentAxis };
  },
  (def) => {
    const p99 = def('alb-p99-latency-high');
    const latency = single(p99);
    return {
      title: 'ALB target response time (avg / p95 / p99)',
      period: 60,
      metrics: [
        row(withStatistic(latency, 'Average'), { label: 'average' }),
        row(withStatistic(latency, 'p95'), { label: 'p95' }),
        row(latency, { label: 'p99 (alarmed)', period: p99.periodSeconds }),
      ],
      annotations: { horizontal: annotations([p99]) },
      yAxis: { left: { min: 0, label: 'seconds', showUnits: false } },
    };
  },
  (def, config) => {
    const m = albMetrics(config.resources);
    const errors = def('alb-5xx');
    // The whole widget uses the 5xx alarm's period, so the threshold line compares with like-for-like sums.
    return {
      title: 'HTTP responses 2xx / 4xx / 5xx (per 5 min)',
      period: errors.periodSeconds,
      metrics: [
        row(m.target2xx, { label: '2xx (targets)' }),
        row(m.target4xx, { label: '4xx (targets)' }),
        row(m.elb4xx, { label: '4xx (load balancer)' }),
        ...alarmRows(errors),
      ],
      annotations: { horizontal: annotations([errors]) },
      yAxis: { left: { min: 0, label: 'responses', showUnits: false } },
    };
  },
  (def) => {
    const left = [def('rds-cpu-high'), def('rds-connections-high')];
    const right = [def('rds-storage-low'), def('rds-freeable-memory-low')];
    return {
      title: 'RDS PostgreSQL',
      period: 60,
      metrics: [...left.flatMap((d) => alarmRows(d, 'left')), ...right.flatMap((d) => alarmRows(d, 'right'))],
      annotations: { horizontal: [...annotations(left, 'left'), ...annotations(right, 'right')] },
      yAxis: { left: { min: 0, label: '% / connections', showUnits: false }, right: { min: 0, label: 'GiB', showUnits: false } },
    };
  },
  (def) => {
    const alarms = [def('redis-cpu-high'), def('redis-memory-high'), def('redis-hit-rate-low')];
    return { title: 'ElastiCache Redis', period: 60, metrics: alarms.flatMap((d) => alarmRows(d)), annotations: { horizontal: annotations(alarms) }, yAxis: percentAxis };
  },
  (def, config) => {
    const m = ecsMetrics(config.resources);
    const alb = albMetrics(config.resources);
    const alarms = [def('ecs-no-running-tasks'), def('alb-unhealthy-targets')];
    return {
      title: 'ECS task counts',
      period: 60,
      metrics: [
        row(m.desiredTasks, { label: 'desired tasks' }),
        row(m.pendingTasks, { label: 'pending tasks' }),
        ...alarmRows(def('ecs-no-running-tasks')),
        row(alb.healthyTargets, { label: 'healthy targets (ALB)' }),
        ...alarmRows(def('alb-unhealthy-targets')),
      ],
      annotations: { horizontal: annotations(alarms) },
      yAxis: { left: { min: 0, label: 'tasks', showUnits: false } },
    };
  },
];

const WIDTH = 12;
const HEIGHT = 6;

/** The stage's dashboard, drawn from the same definitions (metrics, periods, thresholds) as its alarms. */
export function dashboardBodyFor(config: StageConfig, catalog: readonly AlarmDefinition[]): DashboardBody {
  const placed = new Set<string>();
  const def: Lookup = (id) => {
    const found = catalog.find((d) => d.id === id);
    if (!found) throw new Error(`Dashboard: no catalog definition "${id}" (renamed? update infra/dashboard.ts)`);
    placed.add(id);
    return found;
  };
  const widgets = WIDGETS.map((build, i): MetricWidget => ({
    type: 'metric',
    x: (i % 2) * WIDTH,
    y: Math.floor(i / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: { region: config.region, view: 'timeSeries', stacked: false, ...build(def, config) },
  }));
  const unplaced = catalog.filter((d) => !placed.has(d.id)).map((d) => d.id);
  if (unplaced.length > 0) throw new Error(`Dashboard: alarms ${unplaced.join(', ')} are on no widget; place them in infra/dashboard.ts`);
  return { start: '-PT6H', widgets };
}

export const dashboardBody = (config: StageConfig): DashboardBody => dashboardBodyFor(config, catalogFor(config));

export function dashboardResources(config: StageConfig, catalog: readonly AlarmDefinition[]): Fragment {
  return {
    Resources: {
      [LOGICAL_IDS.dashboard]: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: { DashboardName: dashboardName(config.stage), DashboardBody: JSON.stringify(dashboardBodyFor(config, catalog)) },
      },
    },
    Outputs: { DashboardName: { Description: `CloudWatch dashboard of ${config.stage}`, Value: { Ref: LOGICAL_IDS.dashboard } } },
  };
}
