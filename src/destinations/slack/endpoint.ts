import { isLoopback, parseUrl, type EndpointPolicy } from '../../config/endpoints.js';

/** Throws a message that names the problem but never echoes the URL (it is a secret). */
export function checkSlackWebhookUrl(raw: string, policy: EndpointPolicy): string {
  const url = parseUrl(raw, 'Slack webhook');
  if (policy.allowLoopback && isLoopback(url)) return raw;
  if (url.protocol !== 'https:' || url.hostname !== 'hooks.slack.com' || !url.pathname.startsWith('/services/')) {
    throw new Error('Slack webhook must be an https://hooks.slack.com/services/... URL');
  }
  return raw;
}
