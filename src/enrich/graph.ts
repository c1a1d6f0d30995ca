/**
 * The alarm's graph: its own metric (or metric math) over the last 3 hours as CloudWatch draws it
 * (GetMetricWidgetImage), with the threshold line and the ALARM time marked. `graphRequest` builds what to draw
 * (pure); `drawGraph` asks CloudWatch within the enrichment budget and never throws: what could not be drawn is
 * said in words for on-call (`missing`).
 */
import type { CloudWatchClient, GetMetricWidgetImageCommandInput, GetMetricWidgetImageCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { Alert } from '../model/alert.js';
import type { Graph, GraphRequest } from '../model/enriched.js';
import type { AlarmedMetric, SeriesQuery } from './alarmed-metric.js';
import { failureReason, startBudget } from './budget.js';
import { lazyCloudWatchClient, type CloudWatchClientOptions } from './cloudwatch.js';
import type { EnrichLogger } from './index.js';
import { containerQuota, limitedCall, QuotaReservedError } from './quota.js';

/** The one CloudWatch call a graph takes, behind an interface tests replace. */
export interface MetricWidgetImages {
  /** `signal` aborts the HTTP call when the budget is spent. */
  getMetricWidgetImage(input: GetMetricWidgetImageCommandInput, signal?: AbortSignal): Promise<GetMetricWidgetImageCommandOutput>;
}

const HOURS = 3;
const WINDOW_MS = HOURS * 3_600_000;
/** Wide enough to read on a desktop, small enough (about 20 to 40 KB) to load quickly on a phone. */
const SIZE = { width: 600, height: 300 };
const RED = '#d62728';

/** CloudWatch's `metrics` row: `[namespace, name, dim, value, …, options]`, or `[{expression, …}]` for math. */
function row(q: SeriesQuery, alarmedId: string, period: number): unknown[] {
  // The inputs of metric math are drawn only through the alarmed series, as the alarm sees them.
  const shown = q.id === alarmedId ? {} : { visible: false };
  if (!q.metric) return [{ expression: q.expression, id: q.id, ...(q.label ? { label: q.label } : {}), ...shown }];
  const dims = Object.entries(q.metric.dimensions).flat();
  return [q.metric.namespace, q.metric.name, ...dims, { id: q.id, stat: q.stat ?? 'Average', period, ...shown }];
}

/** Where a line of `value` is crossed: shaded on the alarming side. */
const fillOf = (comparison: string | undefined): 'above' | 'below' | undefined =>
  comparison?.startsWith('Greater') ? 'above' : comparison?.startsWith('Less') ? 'below' : undefined;

/** The line is drawn in the metric's raw units: its unit is named only when the catalog shows the raw value as is. */
const thresholdLabel = (metric: AlarmedMetric, threshold: number): string =>
  metric.unit && metric.toDisplay(threshold) === threshold ? `threshold ${threshold} ${metric.unit}` : `threshold ${threshold}`;

/**
 * The last 3 hours, so the ALARM time is in view; an alert delivered late (a retry, a redrive) is drawn over the
 * 3 hours around its ALARM instead, which a relative window would have scrolled away.
 */
function windowOf(alarmAt: Date, now: Date): { start: string; end: string } {
  const age = now.getTime() - alarmAt.getTime();
  if (Number.isNaN(age) || (age >= 0 && age <= WINDOW_MS - 15 * 60_000)) return { start: `-PT${HOURS}H`, end: 'P0D' };
  const end = new Date(alarmAt.getTime() + 30 * 60_000);
  return { start: new Date(end.getTime() - WINDOW_MS).toISOString(), end: end.toISOString() };
}

/** What enrichment calls for a destination that draws graphs (the destination passes it, so only its bundle holds it). */
export type GraphRequestOf = typeof graphRequest;

/** What to draw for an ALARM of a metric, math or anomaly alarm; undefined for anything else (a graph of OK is not worth a call). */
export function graphRequest(alert: Alert, metric: AlarmedMetric | undefined, title: string, budgetMs: number, now: Date): GraphRequest | undefined {
  if (alert.state !== 'ALARM' || !metric || metric.queries.length === 0) return undefined;
  const alarmAt = new Date(alert.stateChangeTime);
  const metrics = metric.queries.map((q) => row(q, metric.alarmedId, metric.period));
  if (metric.kind === 'anomaly') {
    metrics.push([{ expression: `ANOMALY_DETECTION_BAND(${metric.alarmedId}, ${metric.bandWidth ?? 2})`, id: 'band', label: 'expected band' }]);
  }
  const fill = fillOf(metric.comparison);
  const horizontal = metric.threshold === undefined ? [] : [{ label: thresholdLabel(metric, metric.threshold), value: metric.threshold, color: RED, ...(fill ? { fill } : {}) }];
  const vertical = Number.isNaN(alarmAt.getTime()) ? [] : [{ label: 'ALARM', value: alarmAt.toISOString(), color: RED }];
  const widget = {
    title: `${title}: ${metric.label}`,
    view: 'timeSeries',
    stacked: false,
    metrics,
    ...(alert.region ? { region: alert.region } : {}),
    period: metric.period,
    ...windowOf(alarmAt, now),
    annotations: { horizontal, vertical },
    legend: { position: 'bottom' },
    ...SIZE,
  };
  return { title: `${title}, last ${HOURS} h`, metricWidget: JSON.stringify(widget), budgetMs };
}

/** The PNG, or why there is none ("graph not drawn: CloudWatch timed out"). Never throws, never waits past the budget. */
export async function drawGraph(request: GraphRequest, images: MetricWidgetImages, log?: EnrichLogger): Promise<Graph> {
  const { title } = request;
  const budget = startBudget(request.budgetMs);
  const outcome = await budget.run((signal) => images.getMetricWidgetImage({ MetricWidget: request.metricWidget, OutputFormat: 'png' }, signal));
  budget.done();
  if (!outcome.ok) {
    if (outcome.error instanceof QuotaReservedError) return { title, missing: 'graph not drawn: CloudWatch quota reserved during an alert storm' };
    const reason = failureReason(outcome);
    log?.warn('CloudWatch call failed during enrichment', { operation: 'GetMetricWidgetImage', reason, budgetMs: request.budgetMs, error: String(outcome.error) });
    return { title, missing: `graph not drawn: ${reason}` };
  }
  const png = outcome.value.MetricWidgetImage;
  if (!png?.byteLength) return { title, missing: 'graph not drawn: CloudWatch returned no image' };
  return { title, png };
}

/** Over a real client; the client's module is already loaded by whoever built it. */
export function sdkMetricWidgetImages(client: CloudWatchClient): MetricWidgetImages {
  return {
    async getMetricWidgetImage(input, signal) {
      const { GetMetricWidgetImageCommand } = await import('@aws-sdk/client-cloudwatch');
      return client.send(new GetMetricWidgetImageCommand(input), { abortSignal: signal });
    },
  };
}

/** Creates its client on first use: nothing is loaded by a function until it draws. */
export function lazyMetricWidgetImages(config: CloudWatchClientOptions = {}): MetricWidgetImages {
  let images: Promise<MetricWidgetImages> | undefined;
  const get = () => (images ??= lazyCloudWatchClient(config).then(sdkMetricWidgetImages));
  return { getMetricWidgetImage: async (input, signal) => (await get()).getMetricWidgetImage(input, signal) };
}

/** This container's graphs, within its share of GetMetricWidgetImage's quota (quota.ts). */
export function imagesWithinQuota(destination: { queued: boolean }, images: MetricWidgetImages, now?: () => number): MetricWidgetImages {
  return { getMetricWidgetImage: limitedCall(containerQuota(destination, now), 'GetMetricWidgetImage', (input, signal) => images.getMetricWidgetImage(input, signal)) };
}
