import { isLinkable } from '../../util/links.js';
import type { ContextBlock, HeaderBlock, MrkdwnElement, PlainTextElement, SectionBlock } from '@slack/types';
import type { AlarmState, Severity } from '../../model/alert.js';
import { epochMs, utcText } from '../../formatters/facts.js';
import { escapeSlack, fit, formatNumber, neutraliseMrkdwn, oneLine } from '../../formatters/text.js';

/**
 * Block Kit building blocks that keep Slack's limits by construction: every text that comes from
 * an alarm goes through `escapeSlack`/`neutraliseMrkdwn` and `fit`, every link through `mdLink`.
 */

/** Slack's published limits (characters); `text` is our own cap for the top-level notification text. */
export const SLACK_LIMITS = {
  text: 3000,
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
} as const;

/** Colour bar: red/amber/blue for ALARM by severity, green for OK, grey for no data or unknown input. */
export const COLOUR = {
  critical: '#D1242F',
  warning: '#F29D0B',
  info: '#2F81F7',
  ok: '#2EB67D',
  grey: '#8B949E',
} as const;

export function colourOf(state: AlarmState, severity: Severity): string {
  if (state === 'ALARM') return COLOUR[severity];
  return state === 'OK' ? COLOUR.ok : COLOUR.grey;
}

export const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text: text || '-', emoji: true });

/** `verbatim` stops Slack from turning bare URLs, channel names and `@here` in alarm text into live links. */
export const md = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text: text || '-', verbatim: true });

/** Alarm text as plain_text: escaped (Slack still decodes the three entities) and cut to `max`. */
export const userPlain = (raw: string, max: number): PlainTextElement => plain(fit(raw, max, escapeSlack));

export const header = (raw: string): HeaderBlock => ({
  type: 'header',
  text: userPlain(oneLine(raw), SLACK_LIMITS.headerText),
});

/** A section of our own mrkdwn (callers have escaped what came from the alarm). */
export const section = (mrkdwn: string): SectionBlock => ({ type: 'section', text: md(mrkdwn) });

export const plainSection = (raw: string, max: number = SLACK_LIMITS.sectionText): SectionBlock => ({
  type: 'section',
  text: userPlain(raw, max),
});

export const context = (elements: Array<PlainTextElement | MrkdwnElement>): ContextBlock => ({
  type: 'context',
  elements: elements.slice(0, SLACK_LIMITS.contextElements),
});

/** A `*Label*` field whose value is alarm text, neutralised and cut to the field limit. */
export const field = (label: string, raw: string): MrkdwnElement =>
  md(`*${label}*\n${fit(raw, SLACK_LIMITS.fieldText - label.length - 3, neutraliseMrkdwn)}`);

/** A field whose value is our own short mrkdwn (dates, links). */
export const fieldMd = (label: string, mrkdwn: string): MrkdwnElement => md(`*${label}*\n${mrkdwn}`);

/** Slack renders the time in the reader's zone; the fallback is UTC for clients that cannot. */
export function slackDate(time: string): string {
  const ms = epochMs(time);
  if (ms === undefined) return fit(time, 100, neutraliseMrkdwn);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${utcText(time)}>`;
}

// Already-encoded URLs from enrichment pass through untouched (never encoded twice); anything
// that could end or split the `<url|label>` syntax, or raw surrogates, disqualify the URL instead.
const LABEL_BREAKERS = /[|\r\n]+/g;

/** `<url|label>` from one of our URLs, or undefined when the URL is missing, unsafe or too long (dropped, never cut). */
export function mdLink(url: string | undefined, label: string, maxLength: number = SLACK_LIMITS.buttonUrl): string | undefined {
  // `<`, `>` and `|` end or split a mrkdwn link.
  if (!isLinkable(url, { alsoForbidden: '<>|', maxLength: SLACK_LIMITS.buttonUrl })) return undefined;
  const text = fit(oneLine(label.replace(LABEL_BREAKERS, ' ')), 150, neutraliseMrkdwn) || 'link';
  const out = `<${url}|${text}>`;
  return out.length <= maxLength ? out : undefined;
}

const MORE_RESERVE = 40;
const MAX_LINE = SLACK_LIMITS.sectionText - MORE_RESERVE;

/**
 * Lines (our own mrkdwn, each a whole unit of markup) packed into at most `maxSections` sections,
 * the first line of each after the heading's newline. Lines that do not fit are counted in
 * "…and N more", never cut, so no link or date is broken. `total` counts lines the caller already
 * left out.
 */
export function packLines(
  heading: string,
  lines: readonly string[],
  maxSections: number,
  total: number = lines.length,
  separator = '\n',
): SectionBlock[] {
  const sections: SectionBlock[] = [];
  let current = heading;
  let fresh = true;
  let used = 0;
  for (const line of lines) {
    if (line.length > MAX_LINE - heading.length - 1) continue;
    const candidate = current ? `${current}${fresh ? '\n' : separator}${line}` : line;
    if (candidate.length <= MAX_LINE) {
      current = candidate;
      fresh = false;
      used++;
      continue;
    }
    if (sections.length + 1 >= maxSections) break;
    sections.push(section(current));
    current = line;
    used++;
  }
  const rest = total - used;
  if (rest > 0) current += `${current ? separator : ''}…and ${formatNumber(rest)} more`;
  if (current) sections.push(section(current));
  return sections;
}
