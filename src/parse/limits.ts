/**
 * Bounds on what the parser will read. Anything past them is reported, not parsed: a hostile or broken
 * publisher must not be able to make the alert Lambda spend unbounded time or stack on one message.
 */

/** SNS's maximum message size (256 KiB); a larger "message" did not come from SNS as it should. */
export const MAX_SNS_MESSAGE_BYTES = 262_144;

/** Real alarm payloads nest about 8 levels deep (Trigger.Metrics[].MetricStat.Metric.Dimensions[]); 32 is generous. */
export const MAX_JSON_DEPTH = 32;

/** The message's size in bytes when it is over SNS's limit, else `undefined`. */
export function oversizeBytes(text: string): number | undefined {
  // Every UTF-16 unit encodes to 1–3 bytes (a surrogate pair, 2 units, to 4): most messages are settled without counting.
  if (text.length * 3 <= MAX_SNS_MESSAGE_BYTES) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > MAX_SNS_MESSAGE_BYTES ? bytes : undefined;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text opens more than `max` objects/arrays inside one another, found by one pass over the text
 * (brackets inside strings do not count). Run before `JSON.parse` so deep input is never materialised.
 */
export function exceedsJsonDepth(text: string, max: number = MAX_JSON_DEPTH): boolean {
  // Hot path: a text with few opening brackets cannot nest deeply, and counting them (native indexOf) is far
  // cheaper than walking every character. Real alarms have 10–25.
  if (countUpTo(text, '{', max + 1) + countUpTo(text, '[', max + 1) <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Index of the first character that is not JSON whitespace, or -1 when there is none. */
export function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
}

/** Occurrences of `char` in `text`, counting no further than `limit`. */
function countUpTo(text: string, char: string, limit: number): number {
  let count = 0;
  for (let i = text.indexOf(char); i >= 0 && count < limit; i = text.indexOf(char, i + 1)) count++;
  return count;
}
