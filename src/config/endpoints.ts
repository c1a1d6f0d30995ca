/**
 * Where notifications may be sent. Each destination checks its own endpoints (src/destinations/<name>/endpoint.ts):
 * a webhook URL or endpoint that points anywhere else (a typo, a tampered parameter) is refused before anything
 * is sent to it: alert text is not for strangers.
 */
export interface EndpointPolicy {
  /** Test-only: also allow plain http to the loopback interface (Slack and PagerDuty stand-ins). */
  allowLoopback: boolean;
}

export const endpointPolicy = (env: NodeJS.ProcessEnv): EndpointPolicy => ({
  allowLoopback: env.ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS === 'true',
});

export function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
}

export function parseUrl(raw: string, what: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new Error(`${what} is not a URL`);
  }
}
