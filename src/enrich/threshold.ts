import type { Alert } from '../model/alert.js';
import { COMPARISONS } from '../model/comparison.js';
import type { AlarmedMetric } from './alarmed-metric.js';
import { periodWords, plural, withUnit } from './format.js';

/**
 * The alarm condition as a sentence:
 * "5xx responses (ELB + targets, sum) above 10 in 5 minutes, 1 of 1 datapoints",
 * "p99 TargetResponseTime ≥ 2 s for 3 of 5 minutes",
 * "average CPUUtilization outside the anomaly band (2 standard deviations) for 3 of 3 periods of 5 minutes",
 * or, for a composite alarm, its rule.
 */
export function thresholdInWords(alert: Alert, metric: AlarmedMetric | undefined): string | undefined {
  if (alert.composite) return `alarm rule: ${alert.composite.rule}`;
  if (!metric) return undefined;
  const condition = metric.kind === 'anomaly' ? bandCondition(metric) : thresholdCondition(metric);
  if (!condition) return undefined;
  const missing = metric.treatMissingData === 'breaching' ? '; missing data counts as breaching' : '';
  return `${metric.label} ${condition} ${windowWords(metric)}${missing}`;
}

function thresholdCondition(m: AlarmedMetric): string | undefined {
  if (m.threshold === undefined || !m.comparison) return undefined;
  const c = COMPARISONS[m.comparison];
  return c?.kind === 'threshold' ? `${c.word} ${withUnit(m.toDisplay(m.threshold), m.unit)}` : undefined;
}

function bandCondition(m: AlarmedMetric): string {
  const c = m.comparison && COMPARISONS[m.comparison];
  const side = c && c.kind === 'band' ? c.side : 'outside';
  const width = m.bandWidth ?? 2;
  return `${side} the anomaly band (${plural(width, 'standard deviation')})`;
}

/** One-minute periods read as minutes; longer periods say how many datapoints must breach. */
function windowWords(m: AlarmedMetric): string {
  const { period, datapointsToAlarm: breaching, evaluationPeriods: of } = m;
  if (period === 60) return breaching === 1 && of === 1 ? 'in 1 minute' : `for ${breaching} of ${of} minutes`;
  if (m.kind === 'anomaly') return `for ${breaching} of ${of} periods of ${periodWords(period)}`;
  return `in ${periodWords(period)}, ${breaching} of ${of} datapoints`;
}
