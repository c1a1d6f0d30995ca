import type { Alert, AlarmState, Severity } from '../model/alert.js';
import type { EnrichedAlert, SeveritySource } from '../model/enriched.js';
import { affectedResource, comparisonSymbol, epochMs, metricNoun, titleOf } from './facts.js';
import { formatDuration, formatNumber } from '../enrich/format.js';

/**
 * Text mechanics shared by the formatters: escaping, truncation, numbers, state words, and the
 * one sentence that says what is wrong. Regexes live at module level: formatting runs per alert
 * in storms, so nothing here compiles a pattern per call.
 */

export const ELLIPSIS = '…';

const identity = (s: string): string => s;

// ---------------------------------------------------------------------------------------------
// Escaping

const SLACK_CONTROL = /[&<>]/;
const SLACK_CONTROL_ALL = /[&<>]/g;
const SLACK_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const toEntity = (c: string): string => SLACK_ENTITY[c] ?? c;

/**
 * Slack's three control characters as entities, so `<!channel>` or `<https://x|y>` in alarm text stay text;
 * control and invisible characters go too (`safeText`).
 */
export const escapeSlack = (raw: string): string => {
  const s = safeText(raw);
  return SLACK_CONTROL.test(s) ? s.replace(SLACK_CONTROL_ALL, toEntity) : s;
};

// Slack mrkdwn has no escape for its markers; look-alikes keep the text readable and inert.
// `_` only opens or closes italics at a word edge, so `snake_case` names are left alone.
const MRKDWN_MARKER = /[*~`]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
const MARKER_LOOKALIKE: Record<string, string> = { '*': '∗', '~': '∼', '`': 'ˋ', _: 'ˍ' };
const toLookalike = (c: string): string => MARKER_LOOKALIKE[c] ?? c;

const MRKDWN_SPECIAL = /[&<>*~`_]/;

/** Alarm text made safe for a mrkdwn string: escaped, and unable to start bold, italics, strike or code. */
export const neutraliseMrkdwn = (s: string): string =>
  MRKDWN_SPECIAL.test(s) ? escapeSlack(s).replace(MRKDWN_MARKER, toLookalike) : safeText(s);

const BACKTICK = /`/g;
const LINE_BREAKS = /[\r\n]+/g;

/** Text for inside a mrkdwn code span or block: escaped, and no backtick can close the code early. */
export const codeSafe = (s: string): string => escapeSlack(s).replace(BACKTICK, 'ˋ');
export const codeSpanSafe = (s: string): string => codeSafe(s).replace(LINE_BREAKS, ' ');

// C0 and C1 controls except newline (NUL, BEL, ESC, CR, tab…), DEL, and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
// Characters that change how the text around them reads without being seen: bidi embeddings, overrides,
// isolates and marks (U+202E turns `usc-ecs` into `sce-csu`), and zero-width characters (two names that look alike).
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
const CONTROL_ANY = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const SPACES = / {2,}/g;

/** Shown where an invisible character was, so a name that would read as another visibly does not. */
export const INVISIBLE_MARK = '\ufffd';

/** Whether `s` holds a control (newline included) or an invisible character: what `safeText`/`oneLine` replace. */
export const hasUnsafeText = (s: string): boolean => UNSAFE_OR_NEWLINE.test(s);

/**
 * The one treatment of text from outside (alarm names, descriptions, reasons, labels) before any message shows
 * it: controls other than the newline become spaces, invisible characters U+FFFD. One character for one, so
 * it can run inside `fit` without changing what fits.
 */
export const safeText = (s: string): string => (UNSAFE.test(s) ? s.replace(CONTROL, ' ').replace(INVISIBLE, INVISIBLE_MARK) : s);

/** `safeText`, under the name the mail and PagerDuty formatters know: controls corrupt mail clients and PagerDuty's UI. */
export const stripControl = safeText;

/** One line: `safeText`, and every line break becomes a space too; runs of spaces collapse. */
export const oneLine = (s: string): string =>
  UNSAFE_OR_NEWLINE.test(s) || s.includes('  ') || s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32
    ? s.replace(CONTROL_ANY, ' ').replace(INVISIBLE, INVISIBLE_MARK).replace(SPACES, ' ').trim()
    : s;

// ---------------------------------------------------------------------------------------------
// Truncation

// ES2024, in Node ≥ 20; the TypeScript lib this project targets predates them.
type WellFormedString = { isWellFormed(): boolean; toWellFormed(): string };

/** Lone surrogates (a sender's own bad truncation) become U+FFFD: JSON consumers and mail clients reject them. */
export function wellFormed(s: string): string {
  const w = s as unknown as WellFormedString;
  return w.isWellFormed() ? s : w.toWellFormed();
}

/** Move a cut back by one when it would separate the halves of a surrogate pair. */
function safeCut(s: string, n: number): number {
  if (n <= 0) return 0;
  if (n >= s.length) return s.length;
  const c = s.charCodeAt(n - 1);
  return c >= 0xd800 && c <= 0xdbff ? n - 1 : n;
}

export interface Fitted {
  text: string;
  /** How many characters of the input made it into `text`. */
  shown: number;
}

/**
 * The longest prefix of `raw` (made well-formed) whose `transform` (escaping, which only grows text) fits in `max`
 * UTF-16 units, ending in "…" when cut. Cutting before transforming means an entity such as
 * `&amp;` is never split, and a surrogate pair never is either. Lengths are UTF-16 units, which
 * never undercount the characters Slack and PagerDuty count.
 */
export function fitPrefix(raw: string, max: number, transform: (s: string) => string = identity): Fitted {
  const s = wellFormed(raw);
  if (s.length <= max) {
    const whole = transform(s);
    if (whole.length <= max) return { text: whole, shown: s.length };
  }
  if (max < ELLIPSIS.length) return { text: '', shown: 0 };
  const room = max - ELLIPSIS.length;
  const attempt = (n: number): string => transform(s.slice(0, safeCut(s, n))).trimEnd();
  // Transforms never shrink text, so no prefix longer than `room` fits. Try the longest first
  // (the usual case: little to escape), then search between a prefix that fits (`lo`) and one
  // that does not (`hi`): interpolating where the output reaches `room` usually lands in two or
  // three tries; every other try bisects, so a skewed text still costs only logarithmic time.
  let hi = Math.min(s.length, room);
  const longest = attempt(hi);
  if (longest.length <= room) return { text: longest + ELLIPSIS, shown: safeCut(s, hi) };
  let hiLength = longest.length;
  let lo = 0;
  let loText = '';
  for (let step = 0; hi - lo > 1; step++) {
    const guess =
      step % 2 === 0 ? lo + Math.floor(((hi - lo) * (room - loText.length)) / (hiLength - loText.length)) : (lo + hi) >> 1;
    const mid = Math.min(hi - 1, Math.max(lo + 1, guess));
    const text = attempt(mid);
    if (text.length <= room) {
      lo = mid;
      loText = text;
    } else {
      hi = mid;
      hiLength = text.length;
    }
  }
  return { text: loText + ELLIPSIS, shown: safeCut(s, lo) };
}

/** `fitPrefix` without the count; allocation-free when the text fits, which is nearly always. */
export function fit(raw: string, max: number, transform: (s: string) => string = identity): string {
  const s = wellFormed(raw);
  if (s.length <= max) {
    const whole = transform(s);
    if (whole.length <= max) return whole;
  }
  return fitPrefix(s, max, transform).text;
}

// ---------------------------------------------------------------------------------------------
// Numbers

// One spelling of numbers and durations in every message: enrichment's (it also writes the current value).
export { formatDuration, formatNumber };

// ---------------------------------------------------------------------------------------------
// States

const STATE_WORD: Record<AlarmState, string> = { ALARM: 'ALARM', OK: 'OK', INSUFFICIENT_DATA: 'INSUFFICIENT DATA' };
const ALARM_EMOJI: Record<Severity, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

/** An OK ends an ALARM unless it only ends a data gap; an unknown previous state is treated as ALARM. */
export const isResolution = (a: Alert): boolean => a.state === 'OK' && a.previousState !== 'INSUFFICIENT_DATA';

/** What the state means to on-call: `ALARM`, `Resolved`, `OK`, `INSUFFICIENT DATA`. */
export const stateLabel = (a: Alert): string => (isResolution(a) ? 'Resolved' : STATE_WORD[a.state]);

/** A state the payload names but we do not know is shown as it came, on one line. */
export const stateWord = (state: AlarmState | string): string => STATE_WORD[state as AlarmState] ?? oneLine(String(state));

export function stateEmoji(state: AlarmState | string, severity: Severity): string {
  if (state === 'ALARM') return ALARM_EMOJI[severity];
  if (state === 'OK') return '✅';
  return '⚪';
}

const SEVERITY_SOURCE: Record<SeveritySource, string> = {
  topic: 'severity from the SNS topic',
  catalog: 'severity from the alarm catalog',
  default: 'default severity: neither topic nor catalog named one',
};

export const severitySourceWords = (s: SeveritySource): string => SEVERITY_SOURCE[s];

// ---------------------------------------------------------------------------------------------
// What is wrong

/** The threshold in words: the enrichment's text, else what the trigger says (`CPUUtilization > 80 Percent`). */
export function thresholdWords(e: EnrichedAlert): string | undefined {
  if (e.thresholdText) return e.thresholdText;
  const a = e.alert;
  const t = a.trigger;
  if (a.composite || !t?.comparison) return undefined;
  const symbol = comparisonSymbol(t.comparison);
  if (t.threshold === undefined) {
    return t.thresholdMetricId ? `${metricNoun(a)} ${symbol} (${t.thresholdMetricId})` : undefined;
  }
  const unit = t.unit && t.unit !== 'None' ? ` ${t.unit}` : '';
  return `${metricNoun(a)} ${symbol} ${formatNumber(t.threshold)}${unit}`;
}

/** `93.4 % (13.4 points above the threshold)`. */
export function currentWords(e: EnrichedAlert): string | undefined {
  const c = e.current;
  if (!c) return undefined;
  return c.distance ? `${c.text} (${c.distance})` : c.text;
}

const SENTENCE_END = /[.!?…]$/;
const FIRST_SENTENCE = /^(.*?[.!?])(?:\s|$)/s;
const sentence = (s: string): string => (SENTENCE_END.test(s) ? s : `${s}.`);

/** The first sentence of CloudWatch's reason, short enough to read at a glance. */
export function firstSentence(reason: string): string {
  const line = oneLine(reason.slice(0, 2000));
  return fit(line.match(FIRST_SENTENCE)?.[1] ?? line, 300);
}

/** Names of a composite's children in ALARM: `a, b and 3 more`. */
export function firingChildren(a: Alert): { count: number; names: string } {
  const firing = (a.composite?.triggeringChildren ?? []).filter((c) => c.state === 'ALARM');
  const shown = firing.slice(0, 3).map((c) => c.name);
  const more = firing.length - shown.length;
  return { count: firing.length, names: shown.join(', ') + (more > 0 ? ` and ${more} more` : '') };
}

/**
 * How long an alarm that just resolved had been in ALARM: the enrichment's history, else the two
 * state-change times the notification carried (EventBridge events have both).
 */
export function alarmDuration(e: EnrichedAlert): string | undefined {
  if (e.history?.alarmDuration) return e.history.alarmDuration;
  const a = e.alert;
  if (a.state !== 'OK' || a.previousState !== 'ALARM') return undefined;
  const start = epochMs(a.previousStateChangeTime);
  const end = epochMs(a.stateChangeTime);
  return start !== undefined && end !== undefined && end >= start ? formatDuration(end - start) : undefined;
}

/** What is wrong, in one sentence a person reads on a phone. Raw text: callers escape it. */
export function whatIsWrong(e: EnrichedAlert): string {
  const a = e.alert;
  const title = titleOf(e);
  if (a.state === 'OK') {
    const now = e.current ? `, now ${e.current.text}` : '';
    if (!isResolution(a)) return `${title} has data again and is within its threshold${now}.`;
    const d = alarmDuration(e);
    return `Resolved: ${title} ${d ? `was in ALARM for ${d}` : 'is back to OK'}${now}.`;
  }
  if (a.state === 'INSUFFICIENT_DATA') {
    return a.kind === 'composite'
      ? `${title} cannot be evaluated: its child alarms lack data.`
      : `${title} cannot be evaluated: CloudWatch has too little data (the metric may have stopped reporting).`;
  }
  if (a.composite) {
    const { count, names } = firingChildren(a);
    if (count === 0) return sentence(`${title} is in ALARM (rule ${a.composite.rule})`);
    return `${title}: ${count} of its alarms ${count === 1 ? 'is' : 'are'} in ALARM (${names}).`;
  }
  const resource = affectedResource(a);
  const subject = `${metricNoun(a)}${resource ? ` of ${resource}` : ''}`;
  if (e.current) {
    const how = e.current.distance ?? (a.kind === 'anomaly' ? 'outside the expected band' : undefined);
    return `${subject} is ${e.current.text}${how ? `, ${how}` : ''}.`;
  }
  const threshold = thresholdWords(e);
  if (threshold) return sentence(`${subject} crossed its threshold: ${threshold}`);
  return a.reason ? firstSentence(a.reason) : `${title} is in ALARM.`;
}

/** The few words after the title in a one-line notice: the value for ALARM, the duration for OK. */
export function shortStatus(e: EnrichedAlert): string {
  const a = e.alert;
  if (a.state === 'OK') {
    const d = alarmDuration(e);
    const was = isResolution(a) ? (d ? `was in ALARM for ${d}` : 'back to OK') : 'data is back';
    return e.current ? `${was}, now ${e.current.text}` : was;
  }
  if (a.state === 'INSUFFICIENT_DATA') return 'not enough data to evaluate';
  if (a.composite) {
    const { count, names } = firingChildren(a);
    return count ? `${count} in ALARM: ${names}` : `rule ${a.composite.rule}`;
  }
  return currentWords(e) ?? thresholdWords(e) ?? (a.reason ? firstSentence(a.reason) : 'in ALARM');
}
