/**
 * What the storm delivered, counted twice over: from the pipeline's own delivery log (one "Delivered" entry per
 * SNS MessageId and destination, the evidence on-call has) and from what the stand-ins received. Where the two
 * disagree the worse reading wins, so a digest that lists an alert twice, or a post nobody logged, shows up.
 */
import type { DeadLetter } from '../../src/notify/dead-letter.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { route, routeKey } from '../../src/route/index.js';
import type { LogEntry, StormLatency } from './index.js';
import type { StormMessage } from './scenario.js';
import type { StandIns } from './stand-ins.js';
import type { NotifierName } from './topology.js';

export interface StormAccount {
  /** Distinct notifications published (duplicates not counted) and distinct alarms. */
  events: number;
  alarms: number;
  /** Extra SNS deliveries injected (same MessageId). */
  snsDuplicates: number;
  /** (MessageId, destination) pairs the route table (or `destinationsOf`) asks for. */
  routed: number;
  delivered: number;
  deadLettered: number;
  /** Routed, and not sent because a newer state of the same alarm had already gone to that target. */
  superseded: number;
  /** Routed, but neither delivered, superseded nor dead-lettered. */
  lost: number;
  /** The same (MessageId, destination) delivered more than once; a digest counts once per alert it lists. */
  duplicates: number;
  /** Deliveries nobody asked for. */
  unexpected: number;
  /** Posts Slack accepted, and how they split. */
  slackMessages: number;
  slackDigests: number;
  slackSingles: number;
  /** Every request to Slack, including those answered 429. */
  slackRequests: number;
  slackRateLimited: number;
  /** Most accepted posts to one webhook within any 1-second window. */
  slackMaxPerSecond: number;
  /** Most requests (accepted or not) to one webhook within any 1-second window. */
  slackMaxRequestsPerSecond: number;
  /** Longest publication → Slack-received time of any alert (batching window included). */
  slackMaxDelayMs: number;
  pagerDutyTriggers: number;
  pagerDutyResolves: number;
  /** Longest publication → PagerDuty-received time of a critical ALARM (a page). */
  criticalPageMaxDelayMs: number;
  /** Longest publication → PagerDuty-received time of a critical OK (a resolve). */
  criticalResolveMaxDelayMs: number;
  emails: number;
  /** Mails that stand for several alerts. */
  emailDigests: number;
  /** Human-readable findings when the two readings disagree. */
  problems: string[];
}

/** The storm's figures as `npm run bench -- --json` reports them, for today's storm and the ten-times one. */
export const stormFields = (a: StormAccount) => ({
  events: a.events,
  alarms: a.alarms,
  lost: a.lost,
  duplicates: a.duplicates,
  slackMessages: a.slackMessages,
  slackMaxPerSecond: a.slackMaxPerSecond,
  criticalPageMaxDelayMs: a.criticalPageMaxDelayMs,
});

export interface AccountInput {
  messages: StormMessage[];
  standIns: StandIns;
  logs: LogEntry[];
  deadLetters: DeadLetter[];
  platformDeadLetters: Array<{ fn: NotifierName; messageId: string; why: string }>;
  snsDuplicates: number;
  latency: StormLatency;
  /** The destination keys a message must reach: by default what the route table asks for (tests pass the requirement). */
  destinationsOf?: (message: StormMessage) => readonly string[];
}

const routedByTable = (m: StormMessage): string[] => route(DESTINATIONS, 'production', m.alarm.severity, m.state).map(routeKey);

const pairKey = (messageId: string, destination: string) => `${messageId}#${destination}`;

/** Most timestamps within any window of `windowMs` (each window starts at one of them). */
export function maxInWindow(times: readonly number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! < sorted[i]! - windowMs + 1) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const DIGEST_COUNT = /· ([\d,.\s]+) notifications/;

/** The alerts a Slack post stands for: a digest's header counts them, any other post is one alert. */
function alertsIn(body: unknown): { digest: boolean; alerts: number } {
  const message = body as { text?: string; blocks?: Array<{ type?: string; text?: { text?: string } }> };
  if (!message.text?.startsWith('🚨 Alert storm')) return { digest: false, alerts: 1 };
  const header = message.blocks?.find((b) => b.type === 'header')?.text?.text ?? '';
  const count = Number(header.match(DIGEST_COUNT)?.[1]?.replace(/\D/g, '') ?? NaN);
  return { digest: true, alerts: Number.isFinite(count) ? count : 1 };
}

const EMAIL_DIGEST_COUNT = /one mail for ([\d,]+) notifications/;

/** The alerts a mail stands for: a storm digest says how many, any other mail is one alert. */
function alertsInEmail(message: string | undefined): { digest: boolean; alerts: number } {
  const count = message?.match(EMAIL_DIGEST_COUNT)?.[1];
  return count === undefined ? { digest: false, alerts: 1 } : { digest: true, alerts: Number(count.replace(/\D/g, '')) };
}

export function account(input: AccountInput): StormAccount {
  const { messages, standIns, logs, latency } = input;
  const problems: string[] = [];
  const byId = new Map(messages.map((m) => [m.messageId, m]));

  const expected = new Map<string, { message: StormMessage; destination: string }>();
  const destinationsOf = input.destinationsOf ?? routedByTable;
  for (const message of messages) {
    for (const destination of destinationsOf(message)) expected.set(pairKey(message.messageId, destination), { message, destination });
  }

  const sent = new Map<string, number>();
  const sentAt = new Map<string, number>();
  for (const e of logs) {
    if (e.message !== 'Delivered' || e.fields.outcome !== 'sent') continue;
    const key = pairKey(String(e.fields.messageId), String(e.fields.destination));
    sent.set(key, (sent.get(key) ?? 0) + 1);
    if (!sentAt.has(key)) sentAt.set(key, e.at);
  }
  // Superseded counts only where a later state change of that alarm was sent to the same destination (and this
  // one was not: a late copy of a delivered message is just a copy); any other is lost, and a problem.
  const claimedSuperseded = logs.filter((e) => e.fields.outcome === 'superseded').map((e) => pairKey(String(e.fields.messageId), String(e.fields.destination)));
  // What was sent, per alarm: a storm has thousands of deliveries, so each question looks at one alarm's only.
  const sentByAlarm = new Map<string | undefined, Array<{ destination: string; changedAt: number }>>();
  for (const k of sent.keys()) {
    const [id, destination] = k.split('#') as [string, string];
    const other = byId.get(id);
    const list = sentByAlarm.get(other?.alarm.name) ?? [];
    list.push({ destination, changedAt: other ? Date.parse(other.changedAt) : Number.NaN });
    sentByAlarm.set(other?.alarm.name, list);
  }
  const overtaken = (key: string): boolean => {
    const [id, destination] = key.split('#') as [string, string];
    const m = byId.get(id);
    const target = destination.split(':')[0]!;
    return (sentByAlarm.get(m?.alarm.name) ?? []).some((o) => o.destination.startsWith(target) && o.changedAt > Date.parse(m!.changedAt));
  };
  const superseded = new Set(claimedSuperseded.filter((k) => !sent.has(k) && overtaken(k)));
  for (const k of new Set(claimedSuperseded)) if (!sent.has(k) && !superseded.has(k)) problems.push(`${k} was held back as superseded, but no later state of its alarm was sent there`);
  const dead = new Set(input.deadLetters.map((l) => pairKey(l.sns.messageId ?? '', l.destination)));
  for (const p of input.platformDeadLetters) {
    for (const [key, { destination }] of expected) if (key.startsWith(`${p.messageId}#`) && destination.startsWith(p.fn)) dead.add(key);
  }

  const lostPairs = [...expected.keys()].filter((k) => !sent.has(k) && !dead.has(k) && !superseded.has(k));
  const unexpected = [...sent.keys()].filter((k) => !expected.has(k));
  const loggedTwice = [...sent.values()].reduce((n, count) => n + count - 1, 0);
  const sentOf = (prefix: string) => [...sent.keys()].filter((k) => k.split('#')[1]!.startsWith(prefix)).length;

  // Slack, as the stand-in saw it.
  const accepted = standIns.slack.filter((r) => r.status === 200);
  const covered = accepted.map((r) => alertsIn(r.body));
  const slackCovered = covered.reduce((n, c) => n + c.alerts, 0);
  const slackSent = sentOf('slack:');
  const webhooks = [...new Set(standIns.slack.map((r) => r.webhook))];
  const perWebhook = (rs: typeof standIns.slack) => Math.max(0, ...webhooks.map((w) => maxInWindow(rs.filter((r) => r.webhook === w).map((r) => r.at))));
  if (slackCovered !== slackSent) problems.push(`Slack received posts standing for ${slackCovered} alerts; the delivery log shows ${slackSent} delivered`);

  // PagerDuty: a trigger names its alarm and state-change time, so each is matched to its message.
  const triggers = standIns.pagerDuty.filter((r) => r.body.event_action === 'trigger');
  const resolves = standIns.pagerDuty.filter((r) => r.body.event_action === 'resolve');
  const firstPage = new Map<string, number>();
  const pagesOf = new Map<string, number>();
  const byChange = new Map<string, StormMessage[]>();
  for (const x of messages) byChange.set(x.changedAt, [...(byChange.get(x.changedAt) ?? []), x]);
  for (const t of triggers) {
    const m = (byChange.get(t.body.payload?.timestamp ?? '') ?? []).find((x) => t.body.dedup_key?.endsWith(`:alarm:${x.alarm.name}`));
    if (!m) {
      problems.push(`PagerDuty received a trigger for ${t.body.dedup_key} at ${t.body.payload?.timestamp} that matches no message`);
      continue;
    }
    pagesOf.set(m.messageId, (pagesOf.get(m.messageId) ?? 0) + 1);
    if (!firstPage.has(m.messageId)) firstPage.set(m.messageId, t.at);
  }
  const pageDuplicates = [...pagesOf.values()].reduce((n, c) => n + c - 1, 0);
  const pagerDutySent = sentOf('pagerduty:');
  if (triggers.length + resolves.length !== pagerDutySent) problems.push(`PagerDuty received ${triggers.length + resolves.length} events; the delivery log shows ${pagerDutySent}`);
  const emailSent = sentOf('email');
  const mails = standIns.email.map((e) => alertsInEmail(e.input.Message));
  const emailCovered = mails.reduce((n, m) => n + m.alerts, 0);
  if (emailCovered !== emailSent) problems.push(`SNS received mails standing for ${emailCovered} alerts; the delivery log shows ${emailSent}`);

  // A page that a newer state overtook is not owed (PagerDuty must never get a trigger after its resolve).
  const owed = (m: StormMessage, destination: string) => !superseded.has(pairKey(m.messageId, destination));
  const criticalAlarms = messages.filter((m) => m.alarm.severity === 'critical' && m.state === 'ALARM' && owed(m, 'pagerduty:trigger'));
  const pageDelays = criticalAlarms.map((m) => (firstPage.get(m.messageId) ?? Number.POSITIVE_INFINITY) - m.publishedAt);
  // A resolve names only the alarm; it was received one round trip before its delivery was logged.
  const resolveDelays = messages
    .filter((m) => m.alarm.severity === 'critical' && m.state === 'OK' && owed(m, 'pagerduty:resolve'))
    .map((m) => (sentAt.get(pairKey(m.messageId, 'pagerduty:resolve')) ?? Number.POSITIVE_INFINITY) - latency.pagerDutyMs - m.publishedAt);
  const slackDelays = [...sentAt].filter(([k]) => k.includes('#slack:')).map(([k, at]) => at - latency.slackMs - byId.get(k.split('#')[0]!)!.publishedAt);

  // Where the two readings differ, the worse one counts.
  const duplicates =
    Math.max(loggedTwice, 0) +
    Math.max(0, slackCovered - slackSent) +
    Math.max(0, pageDuplicates) +
    Math.max(0, triggers.length + resolves.length - pagerDutySent) +
    Math.max(0, emailCovered - emailSent);
  const unaccounted = Math.max(0, slackSent - slackCovered) + Math.max(0, pagerDutySent - triggers.length - resolves.length) + Math.max(0, emailSent - emailCovered);
  const maxOf = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);

  return {
    events: messages.length,
    alarms: new Set(messages.map((m) => m.alarm.name)).size,
    snsDuplicates: input.snsDuplicates,
    routed: expected.size,
    delivered: [...sent.keys()].filter((k) => expected.has(k)).length,
    deadLettered: [...dead].filter((k) => expected.has(k)).length,
    superseded: [...superseded].filter((k) => expected.has(k)).length,
    lost: lostPairs.length + unaccounted,
    duplicates,
    unexpected: unexpected.length,
    slackMessages: accepted.length,
    slackDigests: covered.filter((c) => c.digest).length,
    slackSingles: covered.filter((c) => !c.digest).length,
    slackRequests: standIns.slack.length,
    slackRateLimited: standIns.slack.length - accepted.length,
    slackMaxPerSecond: perWebhook(accepted),
    slackMaxRequestsPerSecond: perWebhook(standIns.slack),
    slackMaxDelayMs: maxOf(slackDelays),
    pagerDutyTriggers: triggers.length,
    pagerDutyResolves: resolves.length,
    criticalPageMaxDelayMs: maxOf(pageDelays),
    criticalResolveMaxDelayMs: maxOf(resolveDelays),
    emails: standIns.email.length,
    emailDigests: mails.filter((m) => m.digest).length,
    problems: [
      ...problems,
      ...lostPairs.slice(0, 5).map((k) => `lost: ${expected.get(k)!.message.alarm.name} ${expected.get(k)!.message.state} → ${expected.get(k)!.destination}`),
      ...unexpected.slice(0, 5).map((k) => `unexpected delivery ${k}`),
    ],
  };
}
