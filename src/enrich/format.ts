/** Numbers, units, periods and durations as on-call reads them. Pure. */

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/** "45,628", "97.1", "2", "0.0206": precision that fits a chat line, no trailing zeros. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  // A regex, not toLocaleString: this runs for every number of every message.
  if (abs >= 1000) return String(Math.round(n)).replace(THOUSANDS, ',');
  if (abs >= 100) return String(Math.round(n));
  if (abs >= 10) return withoutTrailingZeros(n.toFixed(1));
  if (abs >= 1) return withoutTrailingZeros(n.toFixed(2));
  if (abs === 0) return '0';
  return String(Number(n.toPrecision(3)));
}

/**
 * `97.10` → `97.1`, `9.00` → `9`: what `String(Number(fixed))` gives for these few digits after the point,
 * without parsing the text back into a number.
 */
function withoutTrailingZeros(fixed: string): string {
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 0x30 /* 0 */) end--;
  if (fixed.charCodeAt(end - 1) === 0x2e /* . */) end--;
  return fixed.slice(0, end);
}

/** "80 %", "2 s", "12 errors", "10" (a bare count has no unit). */
export function withUnit(n: number, unit: string): string {
  return unit ? `${formatNumber(n)} ${unit}` : formatNumber(n);
}

const CLOUDWATCH_UNITS: Record<string, string> = {
  Percent: '%',
  Seconds: 's',
  Milliseconds: 'ms',
  Microseconds: 'µs',
  Bytes: 'bytes',
  Kilobytes: 'KB',
  Megabytes: 'MB',
  Gigabytes: 'GB',
  Count: '',
  'Count/Second': '/s',
  'Bytes/Second': 'bytes/s',
  None: '',
};

/** CloudWatch's unit names (`Percent`, `Count`, ...) as a display unit; unknown units pass through. */
export function displayUnitOf(unit: string | null | undefined): string {
  if (!unit) return '';
  return CLOUDWATCH_UNITS[unit] ?? unit;
}

/** "1 minute", "5 minutes", "1 hour", "90 seconds". */
export function periodWords(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** "45 s", "17 min", "2 h 5 min", "1 d 3 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Milliseconds since the epoch for the timestamps CloudWatch and the CLI print
 * (`2019-08-03T20:36:32.716+0000`, `...094000+00:00`, `...Z`), epoch seconds, or a Date.
 */
export function toEpochMs(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
