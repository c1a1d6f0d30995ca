import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, firstNonSpace, MAX_JSON_DEPTH, MAX_SNS_MESSAGE_BYTES, oversizeBytes } from '../../src/parse/limits.js';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('oversizeBytes', () => {
  it('accepts a message of exactly 256 KiB', () => {
    expect(oversizeBytes('a'.repeat(MAX_SNS_MESSAGE_BYTES))).toBeUndefined();
  });

  it('reports the size of a message one byte over', () => {
    expect(oversizeBytes('a'.repeat(MAX_SNS_MESSAGE_BYTES + 1))).toBe(262_145);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 100,000 euro signs are 300,000 bytes.
    expect(oversizeBytes('€'.repeat(100_000))).toBe(300_000);
  });
});

describe('exceedsJsonDepth', () => {
  it(`allows ${MAX_JSON_DEPTH} levels`, () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
  });

  it('rejects one level more', () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('counts objects and arrays alike', () => {
    expect(exceedsJsonDepth('{"a":'.repeat(20) + '[' .repeat(13) + ']'.repeat(13) + '}'.repeat(20))).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ reason: '['.repeat(100), quoted: '\\"[[[[' + '{'.repeat(50) });
    expect(exceedsJsonDepth(text)).toBe(false);
  });

  it('counts depth, not the number of brackets', () => {
    expect(exceedsJsonDepth(JSON.stringify(Array.from({ length: 1000 }, () => [[1]])))).toBe(false);
  });
});

describe('firstNonSpace', () => {
  it('skips JSON whitespace', () => {
    expect(firstNonSpace(' \n\t\r{')).toBe(4);
  });

  it('is -1 for blank text', () => {
    expect(firstNonSpace(' \n ')).toBe(-1);
    expect(firstNonSpace('')).toBe(-1);
  });
});
