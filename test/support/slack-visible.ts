import type { SlackMessage } from '../../src/destinations/slack/format.js';

/**
 * What a person sees of a Slack message, as Slack draws it: mrkdwn markers gone, a link as its label (its URL
 * not counted), a date as its fallback text, entities as the character they stand for. Each block starts a line,
 * each line break in a text starts another, each field is its own line, a context block's elements share one.
 */

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

const LINK = /<([^<>|]*)\|([^<>]*)>/g;
const BARE_LINK = /<([^<>|]*)>/g;
const MARKERS = /(^|[\s(])[*_~`]+|[*_~`]+(?=$|[\s).,:;!?])/gm;

/** A mrkdwn string as the reader sees it. */
export function visibleMrkdwn(text: string): string {
  return text
    .replace(LINK, (_m, _url: string, label: string) => label)
    .replace(BARE_LINK, (_m, url: string) => (url.startsWith('!') ? '' : url))
    .replace(MARKERS, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const visiblePlain = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function textOf(t: unknown): string {
  if (!isObj(t) || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? visibleMrkdwn(t.text) : visiblePlain(t.text);
}

/** The visible lines of one block. */
function blockLines(b: unknown): string[] {
  if (!isObj(b)) return [];
  switch (b.type) {
    case 'header':
      return [textOf(b.text)];
    case 'section':
      return [...(b.text ? textOf(b.text).split('\n') : []), ...list(b.fields).flatMap((f) => textOf(f).split('\n'))];
    case 'context':
      return [list(b.elements).map(textOf).join(' ')].flatMap((l) => l.split('\n'));
    default:
      return [`(${String(b.type)})`];
  }
}

/** Every visible line of the message: top-level blocks, then each attachment's. */
export function visibleLines(m: SlackMessage): string[] {
  const blocks = [...list(m.blocks), ...list(m.attachments).flatMap((a) => (isObj(a) ? list(a.blocks) : []))];
  return blocks.flatMap(blockLines);
}

/** Visible characters (code points) over all lines, line breaks not counted. */
export const visibleCharacters = (m: SlackMessage): number => visibleLines(m).reduce((n, l) => n + [...l].length, 0);

/**
 * Sentences of at least four words said more than once (case and spacing folded): the same words twice in one
 * message is what a reader notices, short fragments like "OK" are not sentences.
 */
export function repeatedSentences(lines: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const line of lines) {
    for (const raw of line.split(/(?<=[.!?])\s+/)) {
      const s = raw.replace(/^[A-Za-z ]{1,20}:\s+/, '').trim().toLowerCase().replace(/\s+/g, ' ');
      if (s.split(' ').length < 4) continue;
      if (seen.has(s)) repeated.push(s);
      seen.add(s);
    }
  }
  return repeated;
}
