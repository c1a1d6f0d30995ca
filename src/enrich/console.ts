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
export const consoleEncode = (name: string): string => encodeURIComponent(name).replace(/%/g, '$');

/** Log group and stream names inside `#logsV2:` routes are escaped twice. */
export const consoleEncodeTwice = (name: string): string => encodeURIComponent(encodeURIComponent(name)).replace(/%/g, '$');

export type Jsurl = string | number | boolean | null | undefined | Jsurl[] | { [key: string]: Jsurl };

/** JSURL, the notation of the CloudWatch console's `graph=` parameter. `undefined` object members are left out. */
export function jsurl(value: Jsurl): string {
  if (value === null || value === undefined) return '~null';
  if (typeof value === 'boolean') return `~${value}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `~${jsurlText(String(value))}` : '~null';
  if (typeof value === 'string') return `~'${jsurlText(value)}`;
  if (Array.isArray(value)) return `~(${value.map(jsurl).join('') || '~'})`;
  let members = '';
  for (const k in value) {
    const v = value[k];
    if (v !== undefined) members += `${members ? '~' : ''}${jsurlText(k)}${jsurl(v)}`;
  }
  return `~(${members})`;
}

const JSURL_PLAIN = /^[\w.-]*$/;
const JSURL_ESCAPED = /[^\w.-]/g;

const jsurlEscape = (ch: string): string => {
  if (ch === '$') return '!';
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `*${code.toString(16).padStart(2, '0')}` : `**${code.toString(16).padStart(4, '0')}`;
};

// Most keys and many values (`timeSeries`, `stat`, numbers) need no escape: testing is cheaper than replacing.
const jsurlText = (s: string): string => (JSURL_PLAIN.test(s) ? s : s.replace(JSURL_ESCAPED, jsurlEscape));
