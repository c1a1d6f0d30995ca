import type { Alert, ComparisonOperator } from '../model/alert.js';
import type { AlarmedMetric } from './alarmed-metric.js';
import { periodWords, plural, withUnit } from './format.js';

const OPERATOR_WORDS: Partial<Record<ComparisonOperator, string>> = {
  GreaterThanThreshold: 'above',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: 'below',
  LessThanOrEqualToThreshold: '≤',
};

const BAND_WORDS: Partial<Record<ComparisonOperator, string>> = {
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the anomaly band',
  GreaterThanUpperThreshold: 'above the anomaly band',
  LessThanLowerThreshold: 'below the anomaly band',
};

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
  const op = OPERATOR_WORDS[m.comparison];
  return op ? `${op} ${withUnit(m.toDisplay(m.threshold), m.unit)}` : undefined;
}

function bandCondition(m: AlarmedMetric): string {
  const words = (m.comparison && BAND_WORDS[m.comparison]) ?? 'outside the anomaly band';
  const width = m.bandWidth ?? 2;
  return `${words} (${plural(width, 'standard deviation')})`;
}

/** One-minute periods read as minutes; longer periods say how many datapoints must breach. */
function windowWords(m: AlarmedMetric): string {
  const { period, datapointsToAlarm: breaching, evaluationPeriods: of } = m;
  if (period === 60) return breaching === 1 && of === 1 ? 'in 1 minute' : `for ${breaching} of ${of} minutes`;
  if (m.kind === 'anomaly') return `for ${breaching} of ${of} periods of ${periodWords(period)}`;
  return `in ${periodWords(period)}, ${breaching} of ${of} datapoints`;
}
