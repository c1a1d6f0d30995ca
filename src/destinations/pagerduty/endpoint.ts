import { isLoopback, parseUrl, type EndpointPolicy } from '../../config/endpoints.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** The Change Events API lives beside the Events API: same host, so a stand-in or proxy serves both. */
export const changeUrlOf = (eventsUrl: string): string => new URL('/v2/change/enqueue', eventsUrl).toString();

export function checkPagerDutyUrl(raw: string, policy: EndpointPolicy): string {
  const url = parseUrl(raw, 'PagerDuty endpoint');
  if (policy.allowLoopback && isLoopback(url)) return raw;
  if (url.protocol !== 'https:') throw new Error(`PagerDuty endpoint must use https (got ${url.protocol}//${url.host})`);
  return raw;
}
