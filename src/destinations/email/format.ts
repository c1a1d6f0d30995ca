import { isLinkable } from '../../util/links.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { affectedResource, descriptionOf, dimensionsText, metricText, titleOf, utcText } from '../../formatters/facts.js';
import {
  currentWords,
  fit,
  isResolution,
  INVISIBLE_MARK,
  oneLine,
  safeText,
  severitySourceWords,
  stateLabel,
  stateWord,
  stripControl,
  thresholdWords,
  wellFormed,
  whatIsWrong,
} from '../../formatters/text.js';

/** What the email notifier publishes to the email topic (SNS `Subject` and `Message`). */
export interface EmailMessage {
  subject: string;
  body: string;
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
  return { subject: subjectOf(e), body: capBytes(wellFormed(bodyOf(e))) };
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

/** Readable ASCII: accents dropped (é → e), typographic punctuation folded, invisible characters `?`, anything else a space. */
export function asciiLine(s: string): string {
  return safeText(s.slice(0, 500))
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

function bodyOf(e: EnrichedAlert): string {
  const a = e.alert;
  const b = new Body();
  const title = fit(oneLine(titleOf(e)), 200);
  const top = `${stateLabel(a)} [${e.severity}] ${title} - ${e.stage}`;
  b.line(top);
  b.line('='.repeat(Math.min(top.length, WIDTH)));
  b.line();
  b.wrap(whatIsWrong(e), '');
  if (a.state === 'ALARM' && e.catalog?.meaning) {
    b.line();
    b.wrap(`Impact: ${e.catalog.meaning}`, '');
  }

  b.heading('Details');
  const change = a.previousState ? `${stateWord(a.previousState)} -> ${stateWord(a.state)}` : stateWord(a.state);
  b.kv('State', `${change} at ${utcText(a.stateChangeTime)}`);
  b.kv('Severity', e.severity);
  if (a.composite) b.kv('Rule', fit(a.composite.rule, LONG_TEXT));
  else {
    b.kv('Metric', metricText(a));
    const dims = dimensionsText(a);
    if (dims) b.kv('Dimensions', fit(dims, LONG_TEXT));
    b.kv('Threshold', thresholdWords(e) ?? 'not stated');
    b.kv('Current value', currentWords(e) ?? 'unknown');
  }
  const resource = affectedResource(a);
  if (resource) b.kv('Resource', resource);
  b.kv('Stage', e.stage);
  b.kv('Region', a.region || 'unknown');
  b.kv('Account', a.account || 'unknown');
  if (e.catalog?.owner) b.kv('Owner', e.catalog.owner);
  b.kv('Alarm', fit(a.alarmName, 1000));

  if (e.trend) {
    b.heading('Trend, last 60 minutes');
    b.line(`  ${fit(oneLine(e.trend.sparkline), 500)}`);
  }
  if (e.history) {
    const summary = `${fit(e.history.summary, 500).replace(FINAL_STOP, '')}.${e.history.flapping ? ' The alarm is flapping.' : ''}`;
    if (e.trend) b.wrap(`History: ${summary}`, '  ');
    else {
      b.heading('History');
      b.wrap(summary.charAt(0).toUpperCase() + summary.slice(1), '  ');
    }
  }
  if (a.composite) children(b, e);
  if (a.reason) {
    b.heading('Reason (CloudWatch)');
    b.wrap(fit(a.reason, LONG_TEXT), '  ');
  }
  const description = descriptionOf(a);
  if (description && description !== e.catalog?.meaning) {
    b.heading('Description');
    b.wrap(fit(description, LONG_TEXT), '  ');
  }
  if (e.notes.length) {
    b.heading('Not available');
    for (const n of e.notes.slice(0, MAX_NOTES)) b.wrap(fit(n, 500), '    ', '  - ');
    if (e.notes.length > MAX_NOTES) b.line(`  - ...and ${e.notes.length - MAX_NOTES} more`);
  }
  links(b, e);
  b.line();
  b.line('-- ');
  const why = isResolution(a) ? 'this resolves the earlier ALARM' : severitySourceWords(e.severitySource);
  b.line(`Sent by ohmycoins-alerting (${e.stage}); ${why}.`);
  return b.toString();
}

function children(b: Body, e: EnrichedAlert): void {
  const all = e.alert.composite?.triggeringChildren ?? [];
  const urls = new Map(e.links.children.map((l) => [l.label, l.url]));
  b.heading('Triggering alarms');
  for (const c of all.slice(0, MAX_CHILDREN)) {
    const since = c.timestamp ? ` since ${utcText(c.timestamp)}` : '';
    b.line(`  - ${stateWord(c.state)}: ${fit(oneLine(c.name), 256)}${since}`);
    const url = urls.get(c.name);
    if (linkable(url)) b.line(`    ${url}`);
  }
  if (all.length > MAX_CHILDREN) b.line(`  - ...and ${all.length - MAX_CHILDREN} more`);
}

function links(b: Body, e: EnrichedAlert): void {
  const l = e.links;
  const all: Array<[string, string | undefined]> = [
    ['CloudWatch alarm', l.alarm],
    ['Metric graph', l.metrics],
    ['Dashboard', l.dashboard],
    ['Runbook', l.runbook ?? e.catalog?.runbookUrl],
    ...l.resources.slice(0, MAX_RESOURCES).map((r): [string, string] => [oneLine(r.label), r.url]),
  ];
  let first = true;
  for (const [label, url] of all) {
    if (!linkable(url)) continue;
    if (first) b.heading('Links');
    else b.line();
    first = false;
    b.line(`  ${fit(label, 200)}:`);
    b.line(`  ${url}`);
  }
}

/** The per-field caps keep bodies small; this is the guarantee for the SNS message limit. */
export function capBytes(body: string): string {
  if (Buffer.byteLength(body, 'utf8') <= EMAIL_LIMITS.bodyBytes) return body;
  const note = '\n\n[truncated: the alert was too long for an email]';
  // At most 4 UTF-8 bytes per UTF-16 unit pair, 3 per lone unit: this many units always fit.
  return fit(body, Math.floor((EMAIL_LIMITS.bodyBytes - note.length) / 3)) + note;
}
