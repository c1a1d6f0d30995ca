import type { ComparisonOperator } from './alert.js';

export type Comparison =
  /** "> 80 %" in a threshold, "above 80 %" in a sentence (≥ and ≤ have no shorter word than their symbol). */
  | { kind: 'threshold'; symbol: '>' | '≥' | '<' | '≤'; word: string; breaches: (value: number, threshold: number) => boolean }
  /** Anomaly detection: the side of the band on which a value breaches. */
  | { kind: 'band'; side: 'outside' | 'above' | 'below' };

/** How each CloudWatch comparison reads and decides; every layer that states or applies one reads it here. */
export const COMPARISONS: Readonly<Record<ComparisonOperator, Comparison>> = {
  GreaterThanThreshold: { kind: 'threshold', symbol: '>', word: 'above', breaches: (v, t) => v > t },
  GreaterThanOrEqualToThreshold: { kind: 'threshold', symbol: '≥', word: '≥', breaches: (v, t) => v >= t },
  LessThanThreshold: { kind: 'threshold', symbol: '<', word: 'below', breaches: (v, t) => v < t },
  LessThanOrEqualToThreshold: { kind: 'threshold', symbol: '≤', word: '≤', breaches: (v, t) => v <= t },
  LessThanLowerOrGreaterThanUpperThreshold: { kind: 'band', side: 'outside' },
  LessThanLowerThreshold: { kind: 'band', side: 'below' },
  GreaterThanUpperThreshold: { kind: 'band', side: 'above' },
};

export const isComparison = (value: unknown): value is ComparisonOperator => typeof value === 'string' && Object.hasOwn(COMPARISONS, value);

/** A comparison against a fixed threshold, the only kind the catalog defines. */
export const isThresholdComparison = (value: unknown): value is ComparisonOperator => isComparison(value) && COMPARISONS[value].kind === 'threshold';

export const isBandComparison = (c: ComparisonOperator): boolean => COMPARISONS[c]?.kind === 'band';

/** `>`, `≥`, `<`, `≤`; a band comparison as its side: `outside the band`. An unknown operator as it was sent. */
export function comparisonSymbol(c: ComparisonOperator): string {
  const comparison: Comparison | undefined = COMPARISONS[c];
  if (!comparison) return c;
  return comparison.kind === 'threshold' ? comparison.symbol : `${comparison.side} the band`;
}
