import { describe, expect, it } from 'vitest';
import type { ComparisonOperator } from '../../src/model/alert.js';
import { COMPARISONS, comparisonSymbol, isBandComparison, isComparison, isThresholdComparison } from '../../src/model/comparison.js';

describe('comparisonSymbol', () => {
  it.each([
    ['GreaterThanThreshold', '>'],
    ['GreaterThanOrEqualToThreshold', '≥'],
    ['LessThanThreshold', '<'],
    ['LessThanOrEqualToThreshold', '≤'],
    ['LessThanLowerOrGreaterThanUpperThreshold', 'outside the band'],
    ['LessThanLowerThreshold', 'below the band'],
    ['GreaterThanUpperThreshold', 'above the band'],
  ] as const)('writes %s as "%s"', (op, symbol) => {
    expect(comparisonSymbol(op)).toBe(symbol);
  });

  it('writes an operator it does not know as it was sent', () => {
    expect(comparisonSymbol('GreaterThanOrEqualToUpperThreshold' as ComparisonOperator)).toBe('GreaterThanOrEqualToUpperThreshold');
  });
});

describe('COMPARISONS', () => {
  it('gives the strict comparisons words and keeps the symbol where no word is shorter', () => {
    const words = (['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const).map(
      (op) => {
        const c = COMPARISONS[op];
        return c.kind === 'threshold' ? c.word : undefined;
      },
    );
    expect(words).toEqual(['above', '≥', 'below', '≤']);
  });

  it('decides a breach at the threshold itself only for ≥ and ≤', () => {
    const at = (op: ComparisonOperator, value: number) => {
      const c = COMPARISONS[op];
      return c.kind === 'threshold' && c.breaches(value, 80);
    };
    expect([at('GreaterThanThreshold', 80), at('GreaterThanThreshold', 80.1)]).toEqual([false, true]);
    expect([at('GreaterThanOrEqualToThreshold', 80), at('GreaterThanOrEqualToThreshold', 79.9)]).toEqual([true, false]);
    expect([at('LessThanThreshold', 80), at('LessThanThreshold', 79.9)]).toEqual([false, true]);
    expect([at('LessThanOrEqualToThreshold', 80), at('LessThanOrEqualToThreshold', 80.1)]).toEqual([true, false]);
  });
});

describe('kinds of comparison', () => {
  it('knows the three anomaly band comparisons', () => {
    expect(isBandComparison('LessThanLowerOrGreaterThanUpperThreshold')).toBe(true);
    expect(isBandComparison('LessThanLowerThreshold')).toBe(true);
    expect(isBandComparison('GreaterThanUpperThreshold')).toBe(true);
    expect(isBandComparison('GreaterThanThreshold')).toBe(false);
  });

  it('accepts only CloudWatch operators, spelled exactly', () => {
    expect(isComparison('LessThanThreshold')).toBe(true);
    expect(isComparison('lessthanthreshold')).toBe(false);
    expect(isComparison('toString')).toBe(false);
    expect(isComparison(undefined)).toBe(false);
  });

  it('counts the four fixed-threshold operators as threshold comparisons, not the band ones', () => {
    expect(isThresholdComparison('GreaterThanOrEqualToThreshold')).toBe(true);
    expect(isThresholdComparison('LessThanOrEqualToThreshold')).toBe(true);
    expect(isThresholdComparison('GreaterThanUpperThreshold')).toBe(false);
    expect(isThresholdComparison('Above')).toBe(false);
  });
});
