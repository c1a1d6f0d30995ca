import { isLoopback, parseUrl, type EndpointPolicy } from '../../config/endpoints.js';

/** Slack's Web API; `SLACK_API_URL` replaces it only with a stand-in on the loopback interface, in tests. */
export const SLACK_API_URL = 'https://slack.com/api/';

/** Refuses any base URL but Slack's own (the bot token goes with every request). */
export function checkSlackApiUrl(raw: string, policy: EndpointPolicy): string {
  const url = parseUrl(raw, 'Slack API URL');
  const base = raw.endsWith('/') ? raw : `${raw}/`;
  if (policy.allowLoopback && isLoopback(url)) return base;
  if (base !== SLACK_API_URL) throw new Error(`Slack API URL must be ${SLACK_API_URL}`);
  return base;
}
