import { describe, expect, it } from 'vitest';
import { clip } from '../../src/parse/read.js';

describe('clip', () => {
  it('keeps short text as it is, control characters turned into spaces', () => {
    expect(clip('line one\nline two')).toBe('line one line two');
  });

  it('never leaves half of a surrogate pair when it cuts next to an emoji', () => {
    const clipped = clip(`${'a'.repeat(58)}😀 alarm`, 60);
    expect(clipped).toBe(`${'a'.repeat(58)}…`);
    expect(clipped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
