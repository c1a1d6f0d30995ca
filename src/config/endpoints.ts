/**
 * Where notifications may be sent. A webhook URL or endpoint that points anywhere else (a typo, a
 * tampered parameter) is refused before anything is sent to it: alert text is not for strangers.
 */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface EndpointPolicy {
  /** Test-only: also allow plain http to the loopback interface (Slack and PagerDuty stand-ins). */
  allowLoopback: boolean;
}

export const endpointPolicy = (env: NodeJS.ProcessEnv): EndpointPolicy => ({
  allowLoopback: env.ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS === 'true',
});

function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
}

function parse(raw: string, what: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new Error(`${what} is not a URL`);
  }
}

/** Throws a message that names the problem but never echoes the URL (it is a secret). */
export function checkSlackWebhookUrl(raw: string, policy: EndpointPolicy): string {
  const url = parse(raw, 'Slack webhook');
  if (policy.allowLoopback && isLoopback(url)) return raw;
  if (url.protocol !== 'https:' || url.hostname !== 'hooks.slack.com' || !url.pathname.startsWith('/services/')) {
    throw new Error('Slack webhook must be an https://hooks.slack.com/services/... URL');
  }
  return raw;
}

export function checkPagerDutyUrl(raw: string, policy: EndpointPolicy): string {
  const url = parse(raw, 'PagerDuty endpoint');
  if (policy.allowLoopback && isLoopback(url)) return raw;
  if (url.protocol !== 'https:') throw new Error(`PagerDuty endpoint must use https (got ${url.protocol}//${url.host})`);
  return raw;
}
