/**
 * Which URLs a message may carry as a link: http(s) only (no `javascript:`, no `data:`), and no character that
 * could end the link early or hide something in it — white space, C0 and C1 controls, lone surrogates. A
 * destination whose markup gives more characters a meaning names them (Slack's `<`, `>`, `|`).
 */
const FORBIDDEN = '\\s\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff';

// One pattern per scheme set and markup: destinations pass a handful of constant `alsoForbidden` strings, so
// these maps stay small; keyed without building a key string, as this runs for every link of every message.
const cache = { web: new Map<string, RegExp>(), mailto: new Map<string, RegExp>() };

function pattern(mailto: boolean, alsoForbidden: string): RegExp {
  const patterns = mailto ? cache.mailto : cache.web;
  let re = patterns.get(alsoForbidden);
  if (!re) {
    const schemes = mailto ? 'https?:\\/\\/|mailto:' : 'https?:\\/\\/';
    patterns.set(alsoForbidden, (re = new RegExp(`^(?:${schemes})[^${FORBIDDEN}${alsoForbidden}]+$`, 'i')));
  }
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
  return pattern(rules.mailto === true, rules.alsoForbidden ?? '').test(url);
}
