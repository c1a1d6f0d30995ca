import type { SlackMessage } from './format.js';
import { escapeHtml, link } from '../../util/html.js';
import { mrkdwnHtml, plainTextHtml, slackTextHtml } from './mrkdwn-html.js';
import type { Preview } from '../types.js';
import { slackText } from './text.js';

/**
 * Block Kit → HTML, drawn the way Slack's desktop client draws an incoming-webhook message: app name and
 * APP badge, top-level blocks, then each attachment behind its colour bar. It reads the payload as
 * untyped JSON so a block it does not know is labelled, never dropped silently.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A text object (`plain_text` or `mrkdwn`). */
export function textObjectHtml(t: unknown): string {
  if (!isObject(t) || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? mrkdwnHtml(t.text) : plainTextHtml(t.text);
}

const unsupported = (what: string): string =>
  `<span class="s-unsupported">${escapeHtml(what)}: not drawn by the preview</span>`;

/** Images are never loaded (the page makes no request): a labelled box stands in. */
const imageBox = (e: Json, className: string): string =>
  `<span class="${className}" title="${escapeHtml(str(e.image_url) ?? '')}">🖼 ${escapeHtml(str(e.alt_text) ?? 'image')}</span>`;

function elementHtml(e: unknown): string {
  if (!isObject(e)) return '';
  switch (e.type) {
    case 'button': {
      const style = e.style === 'primary' || e.style === 'danger' ? ` s-btn-${e.style}` : '';
      const label = textObjectHtml(e.text);
      const url = str(e.url);
      return url ? link(url, label, `s-btn${style}`) : `<span class="s-btn${style}">${label}</span>`;
    }
    case 'image':
      return imageBox(e, 's-thumb');
    default:
      return unsupported(`"${String(e.type)}" element`);
  }
}

function sectionHtml(b: Json): string {
  const text = b.text ? `<div class="s-text">${textObjectHtml(b.text)}</div>` : '';
  const fields = list(b.fields);
  const grid = fields.length ? `<div class="s-fields">${fields.map((f) => `<div class="s-field">${textObjectHtml(f)}</div>`).join('')}</div>` : '';
  const accessory = b.accessory ? `<div class="s-accessory">${elementHtml(b.accessory)}</div>` : '';
  return `<div class="s-block s-section"><div class="s-section-main">${text}${grid}</div>${accessory}</div>`;
}

function contextHtml(b: Json): string {
  const elements = list(b.elements).map((e) =>
    isObject(e) && e.type === 'image' ? imageBox(e, 's-context-img') : `<span class="s-context-el">${textObjectHtml(e)}</span>`,
  );
  return `<div class="s-block s-context">${elements.join('')}</div>`;
}

export function blockHtml(block: unknown): string {
  if (!isObject(block)) return `<div class="s-block">${unsupported('a block that is not an object')}</div>`;
  switch (block.type) {
    case 'header':
      return `<div class="s-block s-header">${textObjectHtml(block.text)}</div>`;
    case 'section':
      return sectionHtml(block);
    case 'context':
      return contextHtml(block);
    case 'actions':
      return `<div class="s-block s-actions">${list(block.elements).map(elementHtml).join('')}</div>`;
    case 'divider':
      return '<hr class="s-block s-divider">';
    case 'image':
      return `<div class="s-block s-image">${block.title ? `<div class="s-image-title">${textObjectHtml(block.title)}</div>` : ''}${imageBox(block, 's-image-box')}</div>`;
    default:
      return `<div class="s-block">${unsupported(`"${String(block.type)}" block`)}</div>`;
  }
}

// Slack's legacy colour names, and a grey for anything it would not read as a colour.
const NAMED_COLOUR: Record<string, string> = { good: '#2EB886', warning: '#DAA038', danger: '#A30200' };
const HEX = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i;

export function barColour(color: unknown): string {
  const c = str(color) ?? '';
  const hex = c.match(HEX)?.[1];
  return hex ? `#${hex}` : (NAMED_COLOUR[c] ?? '#DDDDDD');
}

export interface SlackFrame {
  /** `#alerts-critical`. */
  channel: string;
  /** "10:06 AM", shown next to the app name. */
  time?: string;
}

const APP_NAME = 'ohmycoins alerts';

export interface PostFrame {
  time?: string;
  /** Rewritten by chat.update: Slack says "(edited)" after it. */
  edited?: boolean;
  /** Extra classes on the message (`slack-parent`, `slack-reply`). */
  className?: string;
}

/** The blocks (or the text, when there are none) and the attachments of a message, as Slack lays them out. */
export function slackContentHtml(m: SlackMessage): string {
  const message = m as unknown as Json;
  const blocks = list(message.blocks);
  // Slack shows `text` in the message only when there are no blocks; otherwise it is the notification.
  const top = blocks.length ? blocks.map(blockHtml).join('') : `<div class="s-block s-text">${mrkdwnHtml(str(message.text) ?? '')}</div>`;
  const attachments = list(message.attachments)
    .filter(isObject)
    .map(
      (a) =>
        `<div class="s-attachment"><div class="s-bar" style="background:${barColour(a.color)}"></div>` +
        `<div class="s-attachment-body">${list(a.blocks).map(blockHtml).join('')}</div></div>`,
    )
    .join('');
  return top + attachments;
}

/** One message as the app posts it: avatar, name, APP badge, time, then `content`. */
export function slackPostHtml(content: string, frame: PostFrame = {}): string {
  const time = frame.time ? `<span class="slack-time">${escapeHtml(frame.time)}</span>` : '';
  const edited = frame.edited ? '<span class="slack-edited">(edited)</span>' : '';
  return (
    `<div class="slack-msg${frame.className ? ` ${frame.className}` : ''}"><div class="slack-avatar" aria-hidden="true">OA</div><div class="slack-content">` +
    `<div class="slack-meta"><span class="slack-name">${APP_NAME}</span><span class="slack-app">APP</span>${time}</div>` +
    `${content}${edited}</div></div>`
  );
}

export const slackChannelHtml = (channel: string): string =>
  `<div class="slack-channel"><span class="slack-hash">#</span>${escapeHtml(channel.replace(/^#/, ''))}</div>`;

/** The phone notification a new message raises: its `text`. */
export function slackPushHtml(m: SlackMessage, channel: string): string {
  return (
    `<div class="slack-push" title="What the phone notification shows (the message's text field)">` +
    `<span class="slack-push-app">Slack · ${escapeHtml(channel)}</span>${slackTextHtml(str((m as unknown as Json).text) ?? '')}</div>`
  );
}

/** The message as it appears in the channel, and below it the phone notification (`text`). */
export function slackMessageHtml(m: SlackMessage, frame: SlackFrame): string {
  return `<div class="slack">${slackChannelHtml(frame.channel)}${slackPostHtml(slackContentHtml(m), { time: frame.time })}${slackPushHtml(m, frame.channel)}</div>`;
}

/** How the preview gallery and the demo draw a Slack message. */
export const slackPreview: Preview<SlackMessage> = {
  html: (payload, { target, time }) => slackMessageHtml(payload, { channel: target, time }),
  text: slackText,
};
