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

/** Where Slack's files.getUploadURLExternal sends the bytes of a file: its upload host, over https. */
export const SLACK_UPLOAD_HOST = 'files.slack.com';

/**
 * Refuses an upload URL anywhere but Slack's upload host: the graph of a production metric is not for strangers,
 * and a URL in an answer is checked as a stored one would be (loopback only under the test policy).
 */
export function checkUploadUrl(raw: string, policy: EndpointPolicy): string {
  const url = parseUrl(raw, 'Slack upload URL');
  if (policy.allowLoopback && isLoopback(url)) return url.href;
  if (url.protocol !== 'https:' || url.hostname !== SLACK_UPLOAD_HOST || url.username || url.password || url.port) {
    throw new Error(`Slack upload URL must be https://${SLACK_UPLOAD_HOST}/…`);
  }
  return url.href;
}
