import type { EmailMessage } from './format.js';
import { escapeHtml } from '../../util/html.js';
import type { Preview } from '../types.js';

/** The SNS email as a mail client shows it: SNS sends it from AWS Notifications and adds an unsubscribe footer. */
export function emailHtml(m: EmailMessage, frame: { topic: string; recipients: readonly string[]; region: string }): string {
  const to = frame.recipients.length ? frame.recipients.join(', ') : `the subscribers of ${frame.topic} (none configured in this stage)`;
  return (
    `<div class="mail">` +
    `<div class="mail-bar"><span class="mail-dot mail-red"></span><span class="mail-dot mail-yellow"></span>` +
    `<span class="mail-dot mail-green"></span><span class="mail-bar-title">Inbox — ${escapeHtml(m.Subject)}</span></div>` +
    `<div class="mail-toolbar"><span class="mail-tool">Reply</span><span class="mail-tool">Reply all</span>` +
    `<span class="mail-tool">Forward</span><span class="mail-tool">Archive</span></div>` +
    `<div class="mail-subject">${escapeHtml(m.Subject)}</div>` +
    `<div class="mail-head"><div class="mail-avatar" aria-hidden="true">AN</div><div class="mail-who">` +
    `<div class="mail-from"><b>AWS Notifications</b> <span class="mail-addr">&lt;no-reply@sns.amazonaws.com&gt;</span></div>` +
    `<div class="mail-to">To: ${escapeHtml(to)}</div></div></div>` +
    `<pre class="mail-body">${escapeHtml(m.Message)}</pre>` +
    `<pre class="mail-footer">--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n` +
    `https://sns.${escapeHtml(frame.region)}.amazonaws.com/unsubscribe.html?… (added by SNS)</pre>` +
    `</div>`
  );
}

/** How the preview gallery and the demo draw an email payload. */
export const emailPreview: Preview<EmailMessage> = {
  html: (payload, { target, recipients, region }) => emailHtml(payload, { topic: target, recipients, region }),
  text: (m, { bold }) => `${bold(`Subject: ${m.Subject}`)}\n\n${m.Message}`,
};
