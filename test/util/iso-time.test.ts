import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimeOf } from '../../src/util/iso-time.js';

/** fast-check's seed, fixed so that a failure replays exactly; printed so the run says which one it used. */
const SEED = 20_261_202;
console.log(`fast-check seed ${SEED}`);

describe('isoTimeOf', () => {
  it('writes a time as RFC 3339 in UTC with milliseconds', () => {
    expect(isoTimeOf(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTimeOf(1_715_678_511_792)).toBe('2024-05-14T09:21:51.792Z');
    // Leap days: 2000 is a leap year (divisible by 400), 2100 is not.
    expect(isoTimeOf(951_782_400_000)).toBe('2000-02-29T00:00:00.000Z');
    expect(isoTimeOf(4_107_542_400_000)).toBe('2100-03-01T00:00:00.000Z');
    expect(isoTimeOf(253_402_300_799_999)).toBe('9999-12-31T23:59:59.999Z');
  });

  it('writes years outside 0000–9999 and times before 1970 as Date does', () => {
    expect(isoTimeOf(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoTimeOf(253_402_300_800_000)).toBe('+010000-01-01T00:00:00.000Z');
    expect(() => isoTimeOf(Number.NaN)).toThrow(RangeError);
  });

  it('agrees with Date#toISOString for any time in milliseconds', () => {
    fc.assert(
      // Mostly years 0000–9999 (the arithmetic), some of Date's whole range (handed to Date).
      fc.property(fc.oneof(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 })), (ms) => {
        expect(isoTimeOf(ms)).toBe(new Date(ms).toISOString());
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });
});
