import { breaks, escapeHtml, link, safeHref } from '../../util/html.js';

/**
 * Slack text → HTML, treating the text as data: Slack's own entities are decoded, everything is escaped,
 * and only then is mrkdwn applied, so no character from an alarm can become markup. Slack's `<…>` syntax
 * (links, mentions, dates) and code are cut out first and held as placeholders, so emphasis never reaches
 * into a URL or a code span.
 */

const SLACK_ENTITIES = /&(amp|lt|gt);/g;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** Slack decodes exactly these three entities in text it receives (single pass: `&amp;lt;` stays `&lt;`). */
export const decodeSlack = (s: string): string => s.replace(SLACK_ENTITIES, (_, name: string) => DECODED[name] ?? _);

/** Slack text as inert HTML: its entities decoded, then every special character escaped. */
export const slackTextHtml = (s: string): string => escapeHtml(decodeSlack(s));

/** A `plain_text` object's text. */
export const plainTextHtml = (s: string): string => breaks(slackTextHtml(s));

// Private-use characters mark held fragments; any in the input are replaced first so they cannot forge one.
const RESERVED = /[\uE000\uE001]/g;
const HELD = /\uE000(\d+)\uE001/g;

const CODE_BLOCK = /```([\s\S]*?)```/g;
const CODE_SPAN = /`([^`\n]+)`/g;
const SPECIAL = /<([^<>\n]+)>/g;

// Slack opens emphasis only at a word edge and never across a line; the text here is already escaped.
const BOLD = /(^|[^\p{L}\p{N}*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\p{L}\p{N}*])/gu;
const ITALIC = /(^|[^\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu;
const STRIKE = /(^|[^\p{L}\p{N}~])~(?=[^\s~])([^~\n]*?[^\s~])~(?![\p{L}\p{N}~])/gu;

/** `*bold*`, `_italic_`, `~strike~` in escaped text. */
export function emphasis(html: string): string {
  return html
    .replace(BOLD, '$1<b>$2</b>')
    .replace(ITALIC, '$1<i>$2</i>')
    .replace(STRIKE, '$1<s>$2</s>');
}

const BROADCAST = /^!(channel|here|everyone)$/;

/** One `<…>` token: a link, a mention or a date; undefined when Slack would not read it as one. */
function special(inner: string): string | undefined {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('!date^')) {
    // Slack shows the date in the reader's time zone; the fallback is what a client that cannot shows.
    const title = 'Slack shows this in the reader’s time zone';
    return `<time class="s-date" title="${title}">${slackTextHtml(label ?? target)}</time>`;
  }
  const broadcast = target.match(BROADCAST);
  if (broadcast) return `<span class="s-mention s-broadcast">@${broadcast[1]}</span>`;
  if (target.startsWith('!subteam^')) return `<span class="s-mention">${slackTextHtml(label ?? '@team')}</span>`;
  if (target.startsWith('@')) return `<span class="s-mention">@${slackTextHtml((label ?? target.slice(1)).replace(/^@/, ''))}</span>`;
  if (target.startsWith('#')) return `<span class="s-mention">#${slackTextHtml(label ?? target.slice(1))}</span>`;
  const url = decodeSlack(target);
  if (!safeHref(url)) return undefined;
  return link(url, label === undefined ? slackTextHtml(target) : emphasis(slackTextHtml(label)), 's-link');
}

/** A `mrkdwn` text object's text as Slack draws it. */
export function mrkdwnHtml(text: string): string {
  const held: string[] = [];
  const hold = (html: string): string => `\uE000${held.push(html) - 1}\uE001`;
  let s = text.replace(RESERVED, '\uFFFD');
  s = s.replace(CODE_BLOCK, (_, code: string) => hold(`<pre class="s-pre">${slackTextHtml(code.replace(/^\n/, ''))}</pre>`));
  s = s.replace(CODE_SPAN, (_, code: string) => hold(`<code class="s-code">${slackTextHtml(code)}</code>`));
  s = s.replace(SPECIAL, (whole, inner: string) => hold(special(inner) ?? slackTextHtml(whole)));
  const html = breaks(emphasis(slackTextHtml(s)));
  return html.replace(HELD, (_, i: string) => held[Number(i)] ?? '');
}
