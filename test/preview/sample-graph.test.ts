import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawSampleGraph } from '../../src/preview/sample-graph.js';

/** The chunks of a PNG, by type, after checking its signature. */
function chunks(png: Uint8Array): Map<string, Buffer> {
  const b = Buffer.from(png);
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out = new Map<string, Buffer>();
  for (let at = 8; at < b.length; ) {
    const length = b.readUInt32BE(at);
    out.set(b.subarray(at + 4, at + 8).toString('latin1'), b.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  return out;
}

describe('the sample graph', () => {
  const end = Date.parse('2026-11-30T09:42:00Z');
  // An hour at 40, the last 5 minutes at 100; threshold 80.
  const points = Array.from({ length: 60 }, (_, i) => ({ at: end - i * 60_000, value: i < 5 ? 100 : 40 }));
  const png = drawSampleGraph({ points, threshold: 80, changedAt: end - 4 * 60_000 });

  it('is an indexed PNG 600 × 240', () => {
    const c = chunks(png);
    expect([...c.keys()]).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    const header = c.get('IHDR')!;
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).toEqual([600, 240, 8, 3]);
  });

  it('draws the threshold as a red line across, where 80 falls on a scale of 0 to 115', () => {
    const rows = inflateSync(chunks(png).get('IDAT')!);
    const pixel = (x: number, y: number) => rows[y * 601 + 1 + x];
    // Plot area rows 14 to 220 (206 px): 80 of 115 is 143.3 px above row 220, row 76.7; the line is 2 px thick.
    expect(pixel(300, 77)).toBe(4);
    expect(pixel(300, 76)).toBe(4);
    // Above it the breaching side is shaded, below it is white.
    expect(pixel(300, 40)).toBe(5);
    expect(pixel(300, 110)).toBe(0);
  });
});
