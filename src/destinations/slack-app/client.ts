import type { Logger, LogLevel, WebClient } from '@slack/web-api';
import type { Log } from '../../model/log.js';
import type { HttpSend } from '../../notify/http.js';

/** The WebClient's own log goes to ours, below our lines: it repeats what the delivery log says. */
function clientLogger(log: Log): Logger {
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => log.debug('Slack Web API client', { message: msg.map(String).join(' ') }),
    error: (...msg: unknown[]) => log.debug('Slack Web API client', { message: msg.map(String).join(' ') }),
    setLevel: () => {},
    getLevel: () => 'debug' as LogLevel,
    setName: () => {},
  };
}

let sdk: Promise<typeof import('@slack/web-api')> | undefined;

/**
 * The official client, loaded on first use, as every Web API call here makes it: our retry stage decides about
 * retries (and honours Retry-After), so the client tries once and hands a 429 back at once; it sends only with our
 * HTTP, bound to `signal` (the attempt's, or the upload's), and only to the checked base URL.
 */
export async function webClient(token: string, to: { apiUrl: string; http: HttpSend; log: Log; signal: AbortSignal }): Promise<WebClient> {
  const { WebClient: Client } = await (sdk ??= import('@slack/web-api'));
  return new Client(token, {
    slackApiUrl: to.apiUrl,
    allowAbsoluteUrls: false,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: (url, init) => to.http(url, { ...init, body: init?.body as string | undefined, signal: to.signal }),
    logger: clientLogger(to.log),
  });
}
