import { isHeartbeat } from '../alarms/heartbeat.js';
import type { EnrichedAlert, Link } from '../model/enriched.js';
import { descriptionOf, dimensionsText, metricText, titleOf } from './facts.js';
import { firstSentence, oneLine, stateEmoji, stateLabel, stateWord, whatIsWrong } from './text.js';

/**
 * What one alert's message says, in the order every destination says it: headline, one sentence of what is wrong
 * and how bad, the impact, the trend, the history, the links (runbook first), a context line; then the detail
 * (CloudWatch's reason, metric and dimensions, the rest of the description, composite children past the first
 * few). Raw text: each formatter escapes and fits it for its own medium. Nothing is said twice.
 */

export interface Headline {
  emoji: string;
  /** `ALARM`, `Resolved`, `OK`, `INSUFFICIENT DATA`. */
  state: string;
  severity: string;
  title: string;
  stage: string;
}

export function headlineOf(e: EnrichedAlert): Headline {
  return { emoji: stateEmoji(e.alert.state, e.severity), state: stateLabel(e.alert), severity: e.severity, title: oneLine(titleOf(e)), stage: e.stage };
}

const SENTENCE_END = /[.!?…]$/;
const sentence = (s: string): string => (SENTENCE_END.test(s) ? s : `${s}.`);

/**
 * What is wrong and how bad, in one sentence: for a metric in ALARM the value against the threshold in words
 * ("Now 100 %, 20 points above the threshold: average CPUUtilization above 80 % for 5 of 5 minutes."), else
 * the shared sentence (composite children, resolution and its duration, missing data).
 */
export function statusSentence(e: EnrichedAlert): string {
  const a = e.alert;
  // The canary's metric and threshold are a device, not news: say what the message is instead.
  if (isHeartbeat(a)) return a.state === 'ALARM' ? HEARTBEAT_ALARM : HEARTBEAT_OK;
  if (a.state !== 'ALARM' || a.composite || !e.current || !e.thresholdText) return whatIsWrong(e);
  const how = e.current.distance ? `, ${e.current.distance}` : '';
  return sentence(`Now ${e.current.text}${how}: ${e.thresholdText}`);
}

const HEARTBEAT_ALARM = 'Scheduled test of the paging path: the canary alarm was set to ALARM and returns to OK by itself.';
const HEARTBEAT_OK = 'Scheduled test of the paging path: the canary alarm is back to OK.';

/** The catalog's sentence of what this means for users, said for an ALARM only. */
export const impactOf = (e: EnrichedAlert): string | undefined => (e.alert.state === 'ALARM' && e.catalog?.meaning ? oneLine(e.catalog.meaning) : undefined);

/** "Last 60 min" and the phone-sized cells, when there is a trend. */
export function trendLineOf(e: EnrichedAlert): { label: string; cells: string } | undefined {
  return e.trend ? { label: `Last ${oneLine(e.trend.span)}`, cells: oneLine(e.trend.cells) } : undefined;
}

/** "fired 3 times in the last 24 h", "… · flapping". */
export function historyLineOf(e: EnrichedAlert): { summary: string; flapping: boolean } | undefined {
  return e.history ? { summary: oneLine(e.history.summary), flapping: e.history.flapping } : undefined;
}

/** Composite children named in the sentence and linked in the links line; the rest are detail. */
export const CHILDREN_SHOWN = 3;

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Every link of the message in order, runbook first; `short` is the label for a one-line list. */
export function linksOf(e: EnrichedAlert, maxChildren: number = CHILDREN_SHOWN): Array<Link & { short: string }> {
  const l = e.links;
  const out: Array<Link & { short: string }> = [];
  const add = (url: string | undefined, label: string, short: string) => {
    if (url && !out.some((x) => x.url === url)) out.push({ url, label, short });
  };
  add(l.runbook ?? e.catalog?.runbookUrl, 'Runbook', 'Runbook');
  add(l.alarm, 'CloudWatch alarm', 'Alarm');
  add(l.metrics, 'Metric graph', 'Graph');
  add(l.dashboard, 'Dashboard', 'Dashboard');
  for (const r of l.resources) add(r.url, oneLine(r.label), r.kind ? capitalised(r.kind) : oneLine(r.label));
  for (const c of orderedChildren(e).slice(0, maxChildren)) add(c.url, `Child alarm ${oneLine(c.name)}`, oneLine(c.name));
  return out;
}

/** A composite's children, those in ALARM first (they are why it fired), each with its alarm link. */
export function orderedChildren(e: EnrichedAlert): Array<{ name: string; state: string; timestamp?: string; url?: string }> {
  const children = e.alert.composite?.triggeringChildren ?? [];
  const byName = new Map(e.links.children.map((l) => [l.label, l.url]));
  return children
    .map((c, i) => ({ name: c.name, state: String(c.state), timestamp: c.timestamp, url: byName.get(c.name) ?? e.links.children[i]?.url }))
    .sort((x, y) => Number(y.state === 'ALARM') - Number(x.state === 'ALARM'));
}

/** `ohmycoins-production-alb-5xx · eu-west-1 · 123456789012 · owner backend`: who to ask is a catalog fact too. */
export function contextOf(e: EnrichedAlert): string[] {
  const a = e.alert;
  const owner = e.catalog?.owner ? [`owner ${oneLine(e.catalog.owner)}`] : [];
  return [oneLine(a.alarmName) || 'unnamed alarm', a.region || 'unknown region', a.account || 'unknown account', ...owner];
}

const RUNBOOK_MENTION = /\s*Runbook:\s*\S+/g;

/**
 * The alarm description without what the message already says: the catalog tag, the impact sentence and the
 * runbook link the catalog writes into every description. Empty when nothing else is left.
 */
export function descriptionRest(e: EnrichedAlert): string {
  let rest = descriptionOf(e.alert);
  const meaning = e.catalog?.meaning?.trim();
  if (meaning) rest = rest.replaceAll(meaning, ' ');
  return oneLine(rest.replace(RUNBOOK_MENTION, ' '));
}

export interface DetailLine {
  label: string;
  text: string;
  /** `alarm`: the same at every state change (metric, dimensions, rule); `change`: what this change says. */
  of: 'alarm' | 'change';
}

/**
 * The detail, most useful first: what the description adds (the alarm author's own words, rare for catalog
 * alarms), the metric and its dimensions (or the composite's rule and the children past the first few), then
 * CloudWatch's reason, which restates value and threshold in its own words. A thread reply in Slack's app mode, the end of
 * the message in webhook mode, the details section of a mail.
 */
export function detailOf(e: EnrichedAlert): DetailLine[] {
  const a = e.alert;
  const lines: DetailLine[] = [];
  const description = descriptionRest(e);
  if (description) lines.push({ label: 'Description', text: description, of: 'alarm' });
  if (a.composite) {
    lines.push({ label: 'Rule', text: oneLine(a.composite.rule), of: 'alarm' });
    const rest = orderedChildren(e).slice(CHILDREN_SHOWN);
    if (rest.length) lines.push({ label: `${rest.length} more`, text: rest.map((c) => `${stateWord(c.state)} ${oneLine(c.name)}`).join(', '), of: 'change' });
  } else {
    lines.push({ label: 'Metric', text: oneLine(metricText(a)), of: 'alarm' });
    const dims = dimensionsText(a);
    if (dims) lines.push({ label: 'Dimensions', text: oneLine(dims), of: 'alarm' });
  }
  if (a.reason) lines.push({ label: 'CloudWatch', text: firstSentence(a.reason), of: 'change' });
  return lines;
}
