import type { Alert, Severity, Stage } from './alert.js';

/** Where the severity came from, in the order the router tries them. */
export type SeveritySource = 'topic' | 'catalog' | 'default';

/** What the alarm catalog knows about an alarm (see `src/alarms/`). */
export interface CatalogFacts {
  id: string;
  title: string;
  /** One sentence: what this means for users. */
  meaning: string;
  owner: string;
  runbookUrl: string;
}

export interface Link {
  label: string;
  url: string;
  /** What the link opens without its name ("ECS service"), for a line of short labels; the name is said elsewhere. */
  kind?: string;
}

export interface DeepLinks {
  alarm?: string;
  /** Metric graph over the alarm window. */
  metrics?: string;
  dashboard?: string;
  runbook?: string;
  /** The affected resource(s): ECS service and its logs, target group, RDS instance, cache cluster. */
  resources: Link[];
  /** Composite alarms: each triggering child. */
  children: Link[];
}

export interface CurrentValue {
  value: number;
  /** "93.4 %", "12 errors", "8.2 GB". */
  text: string;
  /** "13.4 points above the threshold", "1.8 GB below". */
  distance?: string;
}

export interface Trend {
  /** Compact text sparkline of the last 60 minutes, e.g. `▁▂▃▅▇█ 93.4 (threshold 80 ┄)`. */
  sparkline: string;
  /**
   * The same window in at most `TREND_CELLS` cells, each the worst value of its periods (highest for a high alarm,
   * lowest for a low one): what fits one line of a phone.
   */
  cells: string;
  /** What the cells span, for a short label: "60 min". */
  span: string;
  from: string;
  to: string;
  min: number;
  max: number;
  /** Index in the sparkline's values above (or below, for low alarms) the threshold. */
  points: number;
}

export interface History {
  /** "fired 4 times in the last 24 h". */
  summary: string;
  firedLast24h: number;
  flapping: boolean;
  /** On OK: how long the alarm had been in ALARM, e.g. "17 min". */
  alarmDuration?: string;
}

/**
 * The alarm's own metric (or metric math) over the last 3 hours as CloudWatch draws it (GetMetricWidgetImage),
 * with the threshold line and the ALARM time marked; or, when it could not be drawn, why (said in the thread).
 * Only for a destination that can show an image without a public URL (Slack app mode: `draw-graph`).
 */
export type Graph = { title: string } & ({ png: Uint8Array } | { missing: string });

/**
 * What CloudWatch is to draw for a `Graph`: GetMetricWidgetImage's `MetricWidget` (JSON), built in enrichment from
 * the alarm's own metric. It is drawn when it is shown (src/enrich/graph.ts `drawGraph`), within `budgetMs`.
 */
export interface GraphRequest {
  title: string;
  /** The `MetricWidget` parameter as sent. */
  metricWidget: string;
  /** The enrichment budget: drawing never waits longer. */
  budgetMs: number;
}

/** An alert with everything on-call needs to act on it. Parts that could not be fetched are absent and named in `notes`. */
export interface EnrichedAlert {
  alert: Alert;
  stage: Stage;
  severity: Severity;
  severitySource: SeveritySource;
  catalog?: CatalogFacts;
  /** "5xx responses (ELB + targets, sum) above 10 in 5 minutes, 1 of 1 datapoints". */
  thresholdText?: string;
  current?: CurrentValue;
  trend?: Trend;
  history?: History;
  links: DeepLinks;
  /** A graph drawn ahead (samples, previews); the pipeline sends `graphRequest` and draws it where it is shown. */
  graph?: Graph;
  /** Present only when the destination draws graphs (`draw-graph`) and the alert is a change into ALARM of a metric alarm. */
  graphRequest?: GraphRequest;
  /** Short notes for on-call about what is missing and why ("trend unavailable: CloudWatch timed out"). */
  notes: string[];
}
