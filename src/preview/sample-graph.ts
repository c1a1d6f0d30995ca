import { constants, crc32, deflateSync } from 'node:zlib';

/**
 * A stand-in for the graph CloudWatch draws (GetMetricWidgetImage) so the gallery's threads show where it goes:
 * the sample's own datapoints as a line, the threshold as a red line, the moment of the state change as a dashed
 * one. It is drawn here, by the preview, from the sample data; it is not CloudWatch's picture (no axes or labels).
 */

export interface SeriesPoint {
  /** Epoch milliseconds. */
  at: number;
  value: number;
}

export interface GraphSpec {
  points: readonly SeriesPoint[];
  threshold?: number;
  /** Which side of the threshold is breaching (shaded): above for a `Greater…` alarm, below for a `Less…` one. */
  breaching?: 'above' | 'below';
  /** Epoch milliseconds of the state change, marked with a dashed line. */
  changedAt?: number;
  width?: number;
  height?: number;
}

// One byte per pixel, an index into this palette: white, grid, axis, CloudWatch's blue, its red, a pale red band.
const PALETTE = [
  [0xff, 0xff, 0xff],
  [0xe9, 0xeb, 0xed],
  [0x87, 0x91, 0x96],
  [0x1f, 0x77, 0xb4],
  [0xd6, 0x27, 0x28],
  [0xfb, 0xe9, 0xe9],
] as const;
const [WHITE, GRID, AXIS, LINE, RED, BAND] = [0, 1, 2, 3, 4, 5] as const;

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(WHITE);
  }
  dot(x: number, y: number, colour: number, size = 1): void {
    const half = Math.floor(size / 2);
    for (let dy = -half; dy < size - half; dy++) {
      for (let dx = -half; dx < size - half; dx++) {
        const px = Math.round(x) + dx;
        const py = Math.round(y) + dy;
        if (px >= 0 && py >= 0 && px < this.width && py < this.height) this.pixels[py * this.width + px] = colour;
      }
    }
  }
  line(x0: number, y0: number, x1: number, y1: number, colour: number, size = 1, dash = 0): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let i = 0; i <= steps; i++) {
      if (dash && Math.floor(i / dash) % 2 === 1) continue;
      this.dot(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, colour, size);
    }
  }
  fill(x0: number, y0: number, x1: number, y1: number, colour: number): void {
    const [left, right] = [Math.max(0, Math.round(x0)), Math.min(this.width, Math.round(x1))];
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(this.height, Math.round(y1)); y++) this.pixels.fill(colour, y * this.width + left, y * this.width + right);
  }
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** An 8-bit indexed PNG (RFC 2083): signature, IHDR, PLTE, one IDAT of unfiltered rows, IEND. */
function encodePng(c: Canvas): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(c.width, 0);
  header.writeUInt32BE(c.height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const rows = Buffer.alloc((c.width + 1) * c.height);
  for (let y = 0; y < c.height; y++) rows.set(c.pixels.subarray(y * c.width, (y + 1) * c.width), y * (c.width + 1) + 1);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('PLTE', Uint8Array.from(PALETTE.flat())),
      // Long runs of one colour: run-length matching compresses them about as well as level 9, twenty times faster.
      chunk('IDAT', deflateSync(rows, { strategy: constants.Z_RLE })),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

/** The series drawn to scale in a 600 × 240 picture (CloudWatch's widget width), the breaching side shaded. */
export function drawSampleGraph(spec: GraphSpec): Uint8Array {
  const width = spec.width ?? 600;
  const height = spec.height ?? 240;
  const c = new Canvas(width, height);
  const pad = { left: 14, right: 14, top: 14, bottom: 20 };
  const points = [...spec.points].sort((a, b) => a.at - b.at);
  const values = [...points.map((p) => p.value), ...(spec.threshold === undefined ? [] : [spec.threshold])];
  const top = Math.max(...values, 0) * 1.15 || 1;
  const bottom = Math.min(0, ...values);
  const first = points[0]?.at ?? 0;
  const last = Math.max(points.at(-1)?.at ?? 1, spec.changedAt ?? 0, first + 1);
  const x = (at: number) => pad.left + ((at - first) / (last - first)) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - ((v - bottom) / (top - bottom)) * (height - pad.top - pad.bottom);

  for (let i = 0; i <= 4; i++) c.line(pad.left, y(bottom + ((top - bottom) * i) / 4), width - pad.right, y(bottom + ((top - bottom) * i) / 4), GRID);
  if (spec.threshold !== undefined) {
    const t = y(spec.threshold);
    if (spec.breaching === 'below') c.fill(pad.left, t, width - pad.right, height - pad.bottom, BAND);
    else c.fill(pad.left, pad.top, width - pad.right, t, BAND);
    c.line(pad.left, t, width - pad.right, t, RED, 2);
  }
  c.line(pad.left, height - pad.bottom, width - pad.right, height - pad.bottom, AXIS);
  if (spec.changedAt !== undefined) c.line(x(spec.changedAt), pad.top, x(spec.changedAt), height - pad.bottom, RED, 1, 4);
  for (let i = 1; i < points.length; i++) c.line(x(points[i - 1]!.at), y(points[i - 1]!.value), x(points[i]!.at), y(points[i]!.value), LINE, 2);
  if (points.length === 1) c.dot(x(points[0]!.at), y(points[0]!.value), LINE, 4);
  return encodePng(c);
}
