import { escapeHtml } from '../../util/html.js';
import { slackMessageHtml } from '../slack/preview.js';
import { slackText } from '../slack/text.js';
import type { SlackMessage } from '../slack/format.js';
import type { Preview } from '../types.js';
import type { SlackAppMessage } from './format.js';
import { formatStormParent } from './storm-format.js';

/**
 * As the first delivery leaves it: the parent message, and the detail in its thread; for a storm digest, the
 * storm's message with the digest in its thread.
 */
function shown(payload: SlackAppMessage): { parent: SlackMessage; replies: SlackMessage[] } {
  if (payload.storm) return { parent: formatStormParent(payload.storm), replies: [payload.parent] };
  return { parent: payload.parent, replies: payload.detail ? [payload.detail] : [] };
}

export const slackAppPreview: Preview<SlackAppMessage> = {
  html: (payload, { target, time }) => {
    const { parent, replies } = shown(payload);
    const thread = replies.length
      ? `<div class="slack-thread"><div class="slack-thread-label">${escapeHtml(`Thread · ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`)}</div>` +
        `${replies.map((r) => slackMessageHtml(r, { channel: `${target} · thread`, time })).join('')}</div>`
      : '';
    return slackMessageHtml(parent, { channel: target, time }) + thread;
  },
  text: (payload, style) => {
    const { parent, replies } = shown(payload);
    return [slackText(parent, style), ...replies.map((r) => `${style.dim('thread reply:')}\n${slackText(r, style)}`)].join('\n');
  },
};
