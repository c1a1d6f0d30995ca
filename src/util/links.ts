/**
 * Which URLs a message may carry as a link: http(s) only (no `javascript:`, no `data:`), and no character that
 * could end the link early or hide something in it — white space, C0 and C1 controls, lone surrogates. A
 * destination whose markup gives more characters a meaning names them (Slack's `<`, `>`, `|`).
 */
const FORBIDDEN = '\\s\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff';

const cache = new Map<string, RegExp>();

function pattern(schemes: string, alsoForbidden: string): RegExp {
  const key = `${schemes}|${alsoForbidden}`;
  let re = cache.get(key);
  if (!re) cache.set(key, (re = new RegExp(`^(?:${schemes})[^${FORBIDDEN}${alsoForbidden}]+$`, 'i')));
  return re;
}

export interface LinkRules {
  /** Characters the destination's markup reserves, as a regular-expression class body (`<>|`). */
  alsoForbidden?: string;
  /** Also accept `mailto:` (the preview's email client). */
  mailto?: boolean;
  maxLength?: number;
}

export function isLinkable(url: string | undefined, rules: LinkRules = {}): url is string {
  if (url === undefined || (rules.maxLength !== undefined && url.length > rules.maxLength)) return false;
  return pattern(rules.mailto ? 'https?:\\/\\/|mailto:' : 'https?:\\/\\/', rules.alsoForbidden ?? '').test(url);
}
