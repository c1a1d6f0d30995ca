import { isLinkable } from '../../util/links.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { titleOf, utcText } from '../../formatters/facts.js';
import { contextOf, detailOf, headlineOf, historyLineOf, impactOf, linksOf, orderedChildren, statusSentence, trendLineOf } from '../../formatters/message.js';
import {
  fit,
  isResolution,
  INVISIBLE_MARK,
  oneLine,
  safeText,
  severitySourceWords,
  stateLabel,
  stripControl,
  stateWord,
  wellFormed,
} from '../../formatters/text.js';

/**
 * The SNS Publish input without its `TopicArn`, which the notifier adds (and `render` fills in from the stage):
 * a plain-text mail, `Subject` and `Message`.
 */
export interface EmailMessage {
  Subject: string;
  Message: string;
}

/**
 * SNS wants a subject under 100 characters without line breaks or control characters (older
 * documentation: ASCII); the message is at most 256 KB with its envelope, so the body keeps 200 KB.
 */
export const EMAIL_LIMITS = { subject: 99, bodyBytes: 200 * 1024 } as const;

const WIDTH = 72;
const LABEL_WIDTH = 16;
const LONG_TEXT = 4000;
const MAX_CHILDREN = 50;
const MAX_NOTES = 20;
const MAX_RESOURCES = 20;

export function formatEmail(e: EnrichedAlert): EmailMessage {
  return { Subject: subjectOf(e), Message: capBytes(wellFormed(bodyOf(e))) };
}

// -----------------------------------------------------------------------------------------------
// Subject

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
const SINGLE_QUOTES = /[\u2018-\u201b\u2032]/g;
const DOUBLE_QUOTES = /[\u201c-\u201f\u2033\u00ab\u00bb]/g;
const HORIZONTAL_ELLIPSIS = /\u2026/g;
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]+/g;
const SPACE_RUNS = / {2,}/g;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Readable ASCII: accents dropped (é → e), typographic punctuation folded, invisible characters `?`, anything else a space. */
export function asciiLine(s: string): string {
  const head = s.slice(0, 500);
  // Printable ASCII (nearly every title) has nothing to fold: only its spaces are tidied.
  if (PRINTABLE_ASCII.test(head)) return head.replace(SPACE_RUNS, ' ').trim();
  return safeText(head)
    .replaceAll(INVISIBLE_MARK, '?')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(DASHES, '-')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(HORIZONTAL_ELLIPSIS, '...')
    .replace(NOT_PRINTABLE_ASCII, ' ')
    .replace(SPACE_RUNS, ' ')
    .trim();
}

/** `ALARM [critical] production: ECS CPU high`, never empty, never over the limit. */
function subjectOf(e: EnrichedAlert): string {
  const prefix = `${stateLabel(e.alert)} [${e.severity}] ${e.stage}: `;
  const title = asciiLine(titleOf(e)) || asciiLine(e.alert.alarmName) || e.catalog?.id || 'CloudWatch alarm';
  const room = EMAIL_LIMITS.subject - prefix.length;
  return prefix + (title.length <= room ? title : `${title.slice(0, room - 3).trimEnd()}...`);
}

// -----------------------------------------------------------------------------------------------
// Body

const FINAL_STOP = /\.$/;
export const linkable = (url: string | undefined): url is string => isLinkable(url);
const VALUE_INDENT = ' '.repeat(LABEL_WIDTH + 2);

/** A plain-text body built line by line (string appends: this runs for every mailed alert). */
export class Body {
  private text = '';

  line(s = ''): void {
    this.text += `${s}\n`;
  }

  heading(title: string): void {
    this.text += `\n${title}\n${'-'.repeat(title.length)}\n`;
  }

  /** Word-wrapped; a word longer than the line (a URL) keeps a line of its own, unbroken. */
  wrap(text: string, indent: string, firstIndent = indent): void {
    const width = WIDTH - indent.length;
    if (text.length <= width && !text.includes('\n')) return this.line(firstIndent + oneLine(text));
    let prefix = firstIndent;
    for (const paragraph of stripControl(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        if (!word) continue;
        if (line && line.length + 1 + word.length > width) {
          this.line(prefix + line);
          prefix = indent;
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      this.line(prefix + line);
      prefix = indent;
    }
  }

  kv(label: string, value: string): void {
    this.wrap(value, VALUE_INDENT, `  ${`${label}:`.padEnd(LABEL_WIDTH)}`);
  }

  toString(): string {
    return this.text;
  }
}

/**
 * The same facts in the same order as the Slack message: headline, what is wrong, impact, trend, history, links
 * (by label and number), context; then the detail; then every URL on its own line in a numbered list at the
 * end, so no console URL interrupts the text.
 */
function bodyOf(e: EnrichedAlert): string {
  const a = e.alert;
  const b = new Body();
  const h = headlineOf(e);
  const top = `${h.state} [${h.severity}] ${fit(h.title, 200)} - ${h.stage}`;
  b.line(top);
  b.line('='.repeat(Math.min(top.length, WIDTH)));
  b.line();
  b.wrap(statusSentence(e), '');
  const impact = impactOf(e);
  if (impact) b.wrap(`Impact: ${fit(impact, 1000)}`, '');
  const trend = trendLineOf(e);
  if (trend) b.line(`${fit(trend.label, 40)}: ${fit(trend.cells, 40)}`);
  const history = historyLineOf(e);
  if (history) b.wrap(`History: ${fit(history.summary, 500).replace(FINAL_STOP, '')}${history.flapping ? ' (flapping)' : ''}`, '');
  const links = numberedLinks(e);
  if (links.length) b.wrap(`Links: ${links.map((l, i) => `${fit(l.short, 60)} [${i + 1}]`).join(', ')}`, '       ', '');
  b.wrap(contextOf(e).map((x) => fit(x, 300)).join(' · '), '');

  b.heading('Details');
  for (const { label, text } of detailOf(e)) b.kv(fit(label, 40), fit(text, LONG_TEXT));
  const change = a.previousState ? `${stateWord(a.previousState)} -> ${stateWord(a.state)}` : stateWord(a.state);
  b.kv('State', `${change} at ${utcText(a.stateChangeTime)}`);
  // Every period of the window, where the lines above show the phone-sized cells.
  if (e.trend) b.kv('Trend', fit(oneLine(e.trend.sparkline), 500));
  if (a.composite) children(b, e, links);
  if (e.notes.length) {
    b.heading('Not available');
    for (const n of e.notes.slice(0, MAX_NOTES)) b.wrap(fit(n, 500), '    ', '  - ');
    if (e.notes.length > MAX_NOTES) b.line(`  - ...and ${e.notes.length - MAX_NOTES} more`);
  }
  if (links.length) {
    b.heading('Links');
    links.forEach((l, i) => {
      b.line(`  [${i + 1}] ${fit(l.label, 200)}`);
      b.line(`      ${l.url}`);
    });
  }
  b.line();
  b.line('-- ');
  const why = isResolution(a) ? 'this resolves the earlier ALARM' : severitySourceWords(e.severitySource);
  b.line(`Sent by ohmycoins-alerting (${e.stage}); ${why}.`);
  return b.toString();
}

/** Every link of the message (all children of a composite, resources up to a cap), numbered in the body's order. */
function numberedLinks(e: EnrichedAlert) {
  return linksOf({ ...e, links: { ...e.links, resources: e.links.resources.slice(0, MAX_RESOURCES) } }, MAX_CHILDREN).filter((l) => linkable(l.url));
}

function children(b: Body, e: EnrichedAlert, links: ReadonlyArray<{ url: string }>): void {
  const all = orderedChildren(e);
  b.heading('Triggering alarms');
  for (const c of all.slice(0, MAX_CHILDREN)) {
    const since = c.timestamp ? ` since ${utcText(c.timestamp)}` : '';
    const n = c.url ? links.findIndex((l) => l.url === c.url) : -1;
    b.line(`  - ${stateWord(c.state)}: ${fit(oneLine(c.name), 256)}${since}${n >= 0 ? ` [${n + 1}]` : ''}`);
  }
  if (all.length > MAX_CHILDREN) b.line(`  - ...and ${all.length - MAX_CHILDREN} more`);
}

/** The per-field caps keep bodies small; this is the guarantee for the SNS message limit. */
export function capBytes(body: string): string {
  if (Buffer.byteLength(body, 'utf8') <= EMAIL_LIMITS.bodyBytes) return body;
  const note = '\n\n[truncated: the alert was too long for an email]';
  // At most 4 UTF-8 bytes per UTF-16 unit pair, 3 per lone unit: this many units always fit.
  return fit(body, Math.floor((EMAIL_LIMITS.bodyBytes - note.length) / 3)) + note;
}
