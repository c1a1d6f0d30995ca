/**
 * How the AWS console wants its URLs (hosts per partition: `src/model/aws.ts`). Checked against public console
 * links (see docs/enrichment.md):
 * - the CloudWatch console's `#...` routes take names percent-encoded with `$` in place of `%`
 *   (`ecs/api high` → `ecs$2Fapi$20high`); log groups are encoded twice (`/ecs/x` → `$252Fecs$252Fx`);
 * - metric graphs (`#metricsV2?graph=...`) are JSURL: `~(key~value)` objects, `~(~a~b)` arrays,
 *   `'` before strings, with other characters written `*hh` (or `**hhhh` above U+00FF) and `$` as `!`.
 */
import { cloudWatchHome, type Partition } from '../model/aws.js';

/** `https://<host>/cloudwatch/home?region=<r>#<route>`. */
export function cloudWatchUrl(partition: Partition, region: string, route: string): string | undefined {
  const home = cloudWatchHome(partition, region);
  return home && `${home}#${route}`;
}

/** The console's own escaping for names inside a `#` route. */
export const consoleEncode = (name: string): string => encodeURIComponent(name).replaceAll('%', '$');

/** Log group and stream names inside `#logsV2:` routes are escaped twice. */
export const consoleEncodeTwice = (name: string): string => encodeURIComponent(encodeURIComponent(name)).replaceAll('%', '$');

export type Jsurl = string | number | boolean | null | undefined | Jsurl[] | { [key: string]: Jsurl };

/** JSURL, the notation of the CloudWatch console's `graph=` parameter. `undefined` object members are left out. */
export function jsurl(value: Jsurl): string {
  if (value === null || value === undefined) return '~null';
  if (typeof value === 'boolean') return value ? '~true' : '~false';
  if (typeof value === 'number') return Number.isFinite(value) ? `~${jsurlText(String(value))}` : '~null';
  if (typeof value === 'string') return `~'${jsurlText(value)}`;
  // Loops rather than map/join: a graph link is built for every alert.
  if (Array.isArray(value)) {
    let items = '';
    for (const item of value) items += jsurl(item);
    return `~(${items || '~'})`;
  }
  let members = '';
  for (const k in value) {
    const v = value[k];
    if (v !== undefined) members += `${members ? '~' : ''}${jsurlText(k)}${jsurl(v)}`;
  }
  return `~(${members})`;
}

/** `[\w.-]`: the characters JSURL writes as they are. */
function isPlain(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x2e || // .
    code === 0x2d // -
  );
}

/** `*hh` for each unit below U+0100, written once: spaces, slashes and colons are escaped in every link. */
const LATIN1_ESCAPES: readonly string[] = Array.from({ length: 0x100 }, (_, code) => `*${code.toString(16).padStart(2, '0')}`);

/** `$` as `!`, other characters as `*hh`, or `**hhhh` above U+00FF (per UTF-16 unit). */
function jsurlEscape(code: number): string {
  if (code === 0x24) return '!';
  return code < 0x100 ? LATIN1_ESCAPES[code]! : `**${code.toString(16).padStart(4, '0')}`;
}

/**
 * The text with JSURL's escapes, in one pass over its units. Most keys and many values (`timeSeries`, `stat`,
 * numbers) need none and come back as they are; times need one per colon.
 */
function jsurlText(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (isPlain(code)) continue;
    out += s.slice(from, i) + jsurlEscape(code);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
