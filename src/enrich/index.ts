/**
 * enrich: an Alert becomes an EnrichedAlert that says what is wrong, how bad, since when and what to do.
 * Payload-derived parts (threshold in words, current value, catalog facts, links) are computed locally;
 * trend and history come from CloudWatch within one shared time budget. Never throws, never waits past
 * the budget: a part that fails is left out and named in `notes`.
 */
import type { AlarmDefinition } from '../alarms/types.js';
import type { StageConfig } from '../config/stage.js';
import type { Alert, Severity } from '../model/alert.js';
import type { CatalogFacts, EnrichedAlert, SeveritySource } from '../model/enriched.js';
import { alarmedMetric, type AlarmedMetric } from './alarmed-metric.js';
import { failureReason, startBudget, type Outcome } from './budget.js';
import { NotProvidedError, type CloudWatchReader } from './cloudwatch.js';
import { QuotaReservedError } from './quota.js';
import { currentValue, latestReasonValue } from './current.js';
import type { GraphRequestOf } from './graph.js';
import { historyQuery, summariseHistory } from './history.js';
import { deepLinks } from './links.js';
import { thresholdInWords } from './threshold.js';
import { seriesOf, trendOf, trendQuery, trendWindow } from './trend.js';

/** The one logging call enrich makes; Powertools Logger and the pipeline's `Log` satisfy it. */
export interface EnrichLogger {
  warn(message: string, extra?: Record<string, unknown>): void;
}

export interface EnrichContext {
  config: StageConfig;
  /** The catalog definition the route step found (by catalog id in the description, else by name). */
  definition?: AlarmDefinition;
  severity: Severity;
  severitySource: SeveritySource;
  /** Absent offline (`render` without files): trend and history are then left out without a note. */
  cloudwatch?: CloudWatchReader;
  /** End of the trend and history windows; `render` passes the alert's time to show a past alert as it was. */
  now?: Date;
  /** Total for all CloudWatch calls; defaults to `config.enrichment.budgetMs`. */
  budgetMs?: number;
  /** The destination shows the alarm's graph (`draw-graph`): how it says what CloudWatch is to draw. */
  graph?: GraphRequestOf;
  logger?: EnrichLogger;
}

const consoleLogger: EnrichLogger = {
  warn: (message, extra) => console.warn(JSON.stringify({ level: 'WARN', message, ...extra })),
};

export async function enrich(alert: Alert, ctx: EnrichContext): Promise<EnrichedAlert> {
  const log = ctx.logger ?? consoleLogger;
  const enriched: EnrichedAlert = {
    alert,
    stage: ctx.config.stage,
    severity: ctx.severity,
    severitySource: ctx.severitySource,
    links: { resources: [], children: [] },
    notes: [...(alert.notes ?? [])],
  };
  // A bug in one part costs that part only.
  const part = <T>(name: string, compute: () => T): T | undefined => {
    try {
      return compute();
    } catch (error) {
      enriched.notes.push(`${name} left out: enrichment error`);
      log.warn('Enrichment part failed', { part: name, alarmName: alert.alarmName, error: describe(error) });
      return undefined;
    }
  };

  try {
    const definition = ctx.definition;
    const metric = part('metric details', () => alarmedMetric(alert, definition));
    const catalog = definition && part('catalog facts', () => catalogFacts(definition, ctx.config));
    if (catalog) enriched.catalog = catalog;
    else if (!definition) enriched.notes.push('not in the alarm catalog: no runbook or owner');
    assign(enriched, 'thresholdText', part('threshold', () => thresholdInWords(alert, metric)));
    const reasonValue = metric && part('current value', () => latestReasonValue(alert));
    if (metric && reasonValue !== undefined) assign(enriched, 'current', part('current value', () => currentValue(alert, metric, reasonValue)));
    const links = part('links', () => deepLinks({ alert, config: ctx.config, metric, ours: definition !== undefined, runbookUrl: catalog?.runbookUrl }));
    if (links) enriched.links = links;
    if (ctx.graph) {
      const budgetMs = ctx.budgetMs ?? ctx.config.enrichment.budgetMs;
      const title = catalog?.title ?? alert.alarmName;
      assign(enriched, 'graphRequest', part('graph', () => ctx.graph?.(alert, metric, title, budgetMs, ctx.now ?? new Date())));
    }

    if (ctx.cloudwatch) await fromCloudWatch(enriched, metric, ctx, ctx.cloudwatch, log, part);
  } catch (error) {
    enriched.notes.push('enrichment incomplete: enrichment error');
    log.warn('Enrichment failed', { alarmName: alert.alarmName, error: describe(error) });
  }
  return enriched;
}

type Part = <T>(name: string, compute: () => T) => T | undefined;

/** Trend and history in parallel under one deadline; the current value falls back to the trend's last point. */
async function fromCloudWatch(
  enriched: EnrichedAlert,
  metric: AlarmedMetric | undefined,
  ctx: EnrichContext,
  reader: CloudWatchReader,
  log: EnrichLogger,
  part: Part,
): Promise<void> {
  const { alert } = enriched;
  const now = ctx.now ?? new Date();
  const budgetMs = ctx.budgetMs ?? ctx.config.enrichment.budgetMs;
  const window = metric && part('trend', () => trendWindow(metric, now));
  const budget = startBudget(budgetMs);
  const [metrics, history] = await Promise.all([
    metric && window ? budget.run((signal) => reader.getMetricData(trendQuery(metric, window), signal)) : undefined,
    budget.run((signal) => reader.describeAlarmHistory(historyQuery(alert.alarmName, now), signal)),
  ]);
  budget.done();

  const failures = new Map<string, string[]>();
  const reserved: string[] = [];
  const failed = (what: string, operation: string, outcome: Outcome<unknown> & { ok: false }) => {
    if (outcome.error instanceof NotProvidedError) return;
    // Not a failure: the call was not made, by design, so it is noted on the alert but not logged as a warning.
    if (outcome.error instanceof QuotaReservedError) return void reserved.push(what);
    const reason = failureReason(outcome);
    failures.set(reason, [...(failures.get(reason) ?? []), what]);
    log.warn('CloudWatch call failed during enrichment', { operation, reason, alarmName: alert.alarmName, budgetMs, error: describe(outcome.error) });
  };

  if (metric && window && metrics) {
    if (metrics.ok) {
      const series = part('trend', () => seriesOf(metrics.value, metric, window));
      const trend = series && part('trend', () => trendOf(series, metric, window));
      if (trend) enriched.trend = trend;
      else if (series === undefined) enriched.notes.push('trend: no datapoints in the last 60 min');
      const latest = series?.filter((v): v is number => v !== undefined).pop();
      if (!enriched.current && latest !== undefined) assign(enriched, 'current', part('current value', () => currentValue(alert, metric, latest)));
    } else failed('trend', 'GetMetricData', metrics);
  }
  if (history.ok) assign(enriched, 'history', part('history', () => summariseHistory(history.value, alert, now)));
  else failed('history', 'DescribeAlarmHistory', history);

  for (const [reason, parts] of failures) enriched.notes.push(`${parts.join(' and ')} unavailable: ${reason}`);
  if (reserved.length) enriched.notes.push(`${reserved.join(' and ')} not fetched: CloudWatch quota reserved during an alert storm`);
}

function catalogFacts(d: AlarmDefinition, config: StageConfig): CatalogFacts {
  return { id: d.id, title: d.title, meaning: d.meaning, owner: d.owner, runbookUrl: joinUrl(config.runbookBaseUrl, d.runbook) };
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function assign<K extends keyof EnrichedAlert>(target: EnrichedAlert, key: K, value: EnrichedAlert[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function describe(error: unknown): { name?: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}

export type { CloudWatchReader } from './cloudwatch.js';
