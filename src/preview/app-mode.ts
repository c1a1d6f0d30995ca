import { withSlackApp, type AnyDestination } from '../destinations/index.js';
import type { SlackAppMessage } from '../destinations/slack-app/format.js';
import { memoryThreads } from '../destinations/slack-app/threads.js';
import type { AppChannels } from '../destinations/slack/routes.js';
import type { Destination } from '../destinations/types.js';
import type { EnrichedAlert, Graph } from '../model/enriched.js';
import { COMPARISONS } from '../model/comparison.js';
import { drawSampleGraph, type SeriesPoint } from './sample-graph.js';

/**
 * Slack app mode as the gallery shows it. No stage puts a channel in app mode yet (`slackApp.channels` is empty
 * in both stage files), so the gallery puts every Slack channel there, under channel IDs made up for it.
 */
export const PREVIEW_APP_CHANNELS: AppChannels = {
  production: { 'alerts-critical': 'C0PREVIEWCRIT', alerts: 'C0PREVIEWALRT' },
  staging: { 'alerts-staging': 'C0PREVIEWSTAG' },
};

export const APP_MODE_LABEL =
  'Slack app mode, as it would look with every Slack channel in app mode (channel IDs made up for the preview: ' +
  'no stage file puts a channel in app mode yet)';

export const SAMPLE_GRAPH_NOTE =
  'Sample graph: drawn by the preview from the sample datapoints (the threshold in red, the state change dashed). ' +
  'In Slack this is CloudWatch\'s own picture of the alarm\'s metric (GetMetricWidgetImage), uploaded into the thread.';

/** The series a sample's saved get-metric-data output holds (its first result). */
export function seriesOf(metrics: unknown): SeriesPoint[] {
  const result = (metrics as { MetricDataResults?: Array<{ Timestamps?: unknown[]; Values?: unknown[] }> } | undefined)?.MetricDataResults?.[0];
  const times = result?.Timestamps ?? [];
  return times.flatMap((t, i) => {
    const at = Date.parse(String(t));
    const value = result?.Values?.[i];
    return Number.isNaN(at) || typeof value !== 'number' ? [] : [{ at, value }];
  });
}

/**
 * The gallery's stand-in for the graph enrichment draws: for an ALARM (the change that opens an incident and
 * uploads the graph), the sample's datapoints drawn with the threshold; without datapoints, the graph that could
 * not be drawn. Other states carry none.
 */
export function sampleGraph(e: EnrichedAlert, points: readonly SeriesPoint[]): Graph | undefined {
  if (e.alert.state !== 'ALARM') return undefined;
  const title = `${e.catalog?.title ?? e.alert.alarmName} (sample graph)`;
  if (points.length === 0) return { title, missing: 'this sample has no datapoints for the preview to draw' };
  const trigger = e.alert.trigger;
  const comparison = trigger?.comparison ? COMPARISONS[trigger.comparison] : undefined;
  const breaching = comparison?.kind === 'threshold' && (comparison.symbol === '<' || comparison.symbol === '≤') ? 'below' : 'above';
  return { title, png: drawSampleGraph({ points, threshold: trigger?.threshold, breaching, changedAt: Date.parse(e.alert.stateChangeTime) }) };
}

/**
 * The registry with every Slack channel in app mode: the real app-mode destination, unpaced (the recorder is
 * in-process), its incidents remembered in memory, and the sample graph given to its formatter as enrichment would.
 */
export function appModeDestinations(points: readonly SeriesPoint[]): readonly AnyDestination[] {
  // Each notifier (one per incident drawn) starts with a channel of its own.
  return withSlackApp(PREVIEW_APP_CHANNELS, { pacing: { postIntervalMs: 0, updateIntervalMs: 0 }, threads: () => memoryThreads() }).map((d) => {
    if (d.name !== 'slack-app') return d;
    const app = d as Destination<SlackAppMessage>;
    // The payload is what the notifier receives, not the requests `render` prints.
    const { request: _request, ...rest } = app;
    return { ...rest, format: (alert, route) => app.format(alert.graph ? alert : { ...alert, graph: sampleGraph(alert, points) }, route) } satisfies Destination<SlackAppMessage>;
  });
}
