import { isLinkable } from '../../util/links.js';
import type { Alert, Severity } from '../../model/alert.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { sha256Hex } from '../../util/sha256.js';
import {
  affectedResource,
  alarmKeyOf,
  cloudWatchConsoleUrl,
  dimensionsText,
  isoTime,
  metricText,
  metricsOf,
  serviceOf,
  titleOf,
} from '../../formatters/facts.js';
import { descriptionRest, impactOf, statusSentence } from '../../formatters/message.js';
import { alarmDuration, fit, hasUnsafeText, oneLine, severitySourceWords, shortStatus, stateWord, stripControl } from '../../formatters/text.js';

/** Replaced by the notifier with the integration key from SSM; `render` shows it as `<redacted>`. */
export const ROUTING_KEY_PLACEHOLDER = '<routing-key>';

/** PagerDuty's documented limits (the published schema encodes none of them). */
export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, eventBytes: 512 * 1024 } as const;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyLink {
  href: string;
  text: string;
}

export interface PagerDutyPayload {
  summary: string;
  source: string;
  severity: PagerDutySeverity;
  timestamp?: string;
  component?: string;
  group?: string;
  class?: string;
  custom_details?: Record<string, unknown>;
}

export interface PagerDutyTrigger {
  routing_key: string;
  event_action: 'trigger';
  dedup_key: string;
  payload: PagerDutyPayload;
  client?: string;
  client_url?: string;
  links?: PagerDutyLink[];
}

/** What the Events API documents for a resolve: nothing but the key of the alert to close. */
export interface PagerDutyResolve {
  routing_key: string;
  event_action: 'resolve';
  dedup_key: string;
}

/** The Events API v2 request body (`POST https://events.pagerduty.com/v2/enqueue`). */
export type PagerDutyEvent = PagerDutyTrigger | PagerDutyResolve;

const SEVERITY: Record<Severity, PagerDutySeverity> = { critical: 'critical', warning: 'warning', info: 'info' };

/** Keep a readable prefix of a long key, made unique again by the hash of the whole. */
const HASHED_PREFIX = PAGERDUTY_LIMITS.dedupKey - 1 - 64;

/**
 * The same key for every state of one alarm, so OK resolves what ALARM opened: the alarm ARN
 * (built from partition, account, region and name when the payload has none), hashed when longer
 * than PagerDuty's 255 characters or when it holds line breaks, controls or invisible characters
 * (a readable prefix without them, then the hash of the whole ARN: still one key per alarm).
 */
export function dedupKeyOf(alert: Alert): string {
  const key = alarmKeyOf(alert);
  const unsafe = hasUnsafeText(key);
  if (!unsafe && key.length <= PAGERDUTY_LIMITS.dedupKey) return key;
  const hash = sha256Hex(key);
  const readable = unsafe ? oneLine(key) : key;
  const last = readable.charCodeAt(HASHED_PREFIX - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? HASHED_PREFIX - 1 : HASHED_PREFIX; // keep surrogate pairs whole
  return `${readable.slice(0, cut)}#${hash}`;
}

export function formatPagerDuty(e: EnrichedAlert, action: 'trigger' | 'resolve'): PagerDutyEvent {
  const dedup_key = dedupKeyOf(e.alert);
  if (action === 'resolve') return { routing_key: ROUTING_KEY_PLACEHOLDER, event_action: 'resolve', dedup_key };

  const a = e.alert;
  const consoleUrl = [e.links.alarm, cloudWatchConsoleUrl(a)].find(linkable);
  const timestamp = isoTime(a.stateChangeTime);
  const event: PagerDutyTrigger = {
    routing_key: ROUTING_KEY_PLACEHOLDER,
    event_action: 'trigger',
    dedup_key,
    payload: {
      summary: summaryOf(e),
      source: short(affectedResource(a) ?? ([a.region, a.account].filter(Boolean).join('/') || 'cloudwatch')),
      severity: SEVERITY[e.severity],
      ...(timestamp ? { timestamp } : {}),
      component: short(serviceOf(a)),
      group: e.stage,
      class: short(e.catalog?.id ?? metricsOf(a)[0]?.name ?? a.kind),
      custom_details: detailsOf(e),
    },
    client: 'Amazon CloudWatch',
    ...(consoleUrl ? { client_url: consoleUrl } : {}),
  };
  const links = linksOf(e);
  if (links.length) event.links = links;
  return event;
}

/** PagerDuty's title and the phone's push line: kept short so neither is cut. */
export const SUMMARY_MAX = 120;

/**
 * `production · API returning 5xx errors — 12.5 errors (2.5 errors above the threshold)`: the stable part first,
 * so PagerDuty's grouping and a phone's push line read the same title every time, then the value.
 */
function summaryOf(e: EnrichedAlert): string {
  return fit(oneLine(`${e.stage} · ${titleOf(e)} — ${shortStatus(e)}`), SUMMARY_MAX);
}

// Caps that keep the whole event far below 512 KB whatever the alarm carries. Control characters
// are removed, so a UTF-16 unit costs at most 3 bytes of JSON; the text fields below total under
// 135,000 units (3 × 4,000 + ~20 × 1,000 + 50 children × 940 + 10 notes × 500 + 20 links × 2,304),
// i.e. under 410 KB.
const LONG = 4000;
const MEDIUM = 1000;
const MAX_CHILDREN = 50;
const MAX_NOTES = 10;
const MAX_LINKS = 20;
const MAX_HREF = 2048;

const short = (s: string, max = MEDIUM): string => fit(oneLine(s), max);
const long = (s: string): string => fit(stripControl(s), LONG);

/** Each fact once: the sentence carries value and threshold, the detail lines what the description adds. */
function detailsOf(e: EnrichedAlert): Record<string, unknown> {
  const a = e.alert;
  const d: Record<string, unknown> = {
    what_is_wrong: short(statusSentence(e)),
    state: a.previousState ? `${stateWord(a.previousState)} -> ${stateWord(a.state)}` : stateWord(a.state),
    severity: `${e.severity} (${severitySourceWords(e.severitySource)})`,
    stage: e.stage,
    alarm_name: short(a.alarmName),
  };
  const set = (key: string, value: string | undefined, cap: (s: string) => string = short) => {
    if (value) d[key] = cap(value);
  };
  set('impact', impactOf(e));
  set('trend', e.trend?.sparkline);
  set('history', e.history && `${e.history.summary}${e.history.flapping ? ' (flapping)' : ''}`);
  set('alarm_duration', a.state === 'OK' ? alarmDuration(e) : undefined);
  set('description', descriptionRest(e), long);
  set('reason', a.reason, long);
  set('owner', e.catalog?.owner);
  if (e.notes.length) d.notes = e.notes.slice(0, MAX_NOTES).map((n) => short(n, 500));
  if (a.composite) {
    set('composite_rule', a.composite.rule, long);
    d.triggering_children = a.composite.triggeringChildren.slice(0, MAX_CHILDREN).map((c) => ({
      name: short(c.name, 256),
      state: short(String(c.state), 40),
      ...(c.timestamp ? { since: isoTime(c.timestamp) ?? short(c.timestamp, 40) } : {}),
      arn: short(c.arn, 600),
    }));
  } else {
    set('metric', metricText(a));
    set('dimensions', dimensionsText(a), long);
  }
  set('alarm_arn', a.alarmArn);
  set('region', a.region);
  set('account', a.account);
  return d;
}

const linkable = (url: string | undefined): url is string => isLinkable(url, { maxLength: MAX_HREF });

function linksOf(e: EnrichedAlert): PagerDutyLink[] {
  const l = e.links;
  const candidates: Array<[string | undefined, string]> = [
    [l.runbook ?? e.catalog?.runbookUrl, 'Runbook'],
    [l.alarm, 'CloudWatch alarm'],
    [l.metrics, 'Metric graph'],
    [l.dashboard, 'Dashboard'],
    ...l.resources.map((r): [string, string] => [r.url, r.label]),
    ...l.children.map((c): [string, string] => [c.url, `Child alarm ${c.label}`]),
  ];
  const out: PagerDutyLink[] = [];
  for (const [href, text] of candidates) {
    if (out.length === MAX_LINKS) break;
    if (linkable(href)) out.push({ href, text: short(text, 256) });
  }
  return out;
}
