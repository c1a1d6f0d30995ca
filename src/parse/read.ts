/** Small readers for untrusted JSON: each returns a typed value or `undefined`, never throws. */

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const obj = (value: unknown): JsonObject | undefined => (isObject(value) ? value : undefined);

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A string with at least one character (CloudWatch sends `""` and `null` alike for "not set"). */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

const NONE: readonly unknown[] = [];
export const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : NONE);

const CONTROL_CHARS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** Payload text made safe for a one-line `problem` or note: control characters become spaces, long text is cut. */
export function clip(value: string, max = 60): string {
  const line = value.replace(CONTROL_CHARS, ' ');
  if (line.length <= max) return line;
  // Never cut between the halves of a surrogate pair (an emoji in an alarm name): half a character is invalid text.
  const end = /[\uD800-\uDBFF]/.test(line.charAt(max - 2)) ? max - 2 : max - 1;
  return `${line.slice(0, end)}…`;
}

/** `"value"` clipped, or a word for what it is when it is not a string. */
export function quote(value: unknown): string {
  return typeof value === 'string' ? `"${clip(value)}"` : describeType(value);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  const type = typeof value;
  return type === 'undefined' ? 'missing' : type === 'object' ? 'an object' : `a ${type}`;
}

/** JSON text of any value, for `Unrecognised.raw`; something readable even for values JSON cannot hold. */
export function safeStringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // circular, BigInt, too deep or a throwing getter: fall through to a plain description
  }
  try {
    return String(value);
  } catch {
    return `[unprintable ${describeType(value)}]`;
  }
}
