import { escapeHtml } from '../../util/html.js';
import { slackMessageHtml } from '../slack/preview.js';
import { slackText } from '../slack/text.js';
import type { Preview } from '../types.js';
import type { SlackAppMessage } from './format.js';

/** As the first delivery leaves it: the parent message, and the detail in its thread. */
export const slackAppPreview: Preview<SlackAppMessage> = {
  html: (payload, { target, time }) => {
    const replies = payload.detail ? [payload.detail] : [];
    const thread = replies.length
      ? `<div class="slack-thread"><div class="slack-thread-label">${escapeHtml(`Thread · ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`)}</div>` +
        `${replies.map((r) => slackMessageHtml(r, { channel: `${target} · thread`, time })).join('')}</div>`
      : '';
    return slackMessageHtml(payload.parent, { channel: target, time }) + thread;
  },
  text: (payload, style) =>
    [slackText(payload.parent, style), ...(payload.detail ? [`${style.dim('thread reply:')}\n${slackText(payload.detail, style)}`] : [])].join('\n'),
};
