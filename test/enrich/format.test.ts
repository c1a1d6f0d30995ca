import { describe, expect, it } from 'vitest';
import { displayUnitOf, formatDuration, formatNumber, periodWords } from '../../src/enrich/format.js';

describe('numbers', () => {
  it.each([
    [99.50160229693434, '99.5'],
    [45628, '45,628'],
    [2, '2'],
    [0.020599444741798756, '0.0206'],
    [-3.14159, '-3.14'],
    [0, '0'],
  ])('writes %d as %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });
});

describe('durations', () => {
  it.each([
    [45_000, '45 s'],
    [17 * 60_000, '17 min'],
    [125 * 60_000, '2 h 5 min'],
    [27 * 3_600_000, '1 d 3 h'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('periods and units', () => {
  it('writes periods in the largest whole unit', () => {
    expect([60, 300, 3600, 90].map(periodWords)).toEqual(['1 minute', '5 minutes', '1 hour', '90 seconds']);
  });

  it("maps CloudWatch's unit names to display units, a count to none", () => {
    expect(['Percent', 'Seconds', 'Count', 'Bytes', null].map(displayUnitOf)).toEqual(['%', 's', '', 'bytes', '']);
  });
});
