import type { Log } from '../model/log.js';
import { inSequence, type AlertGroup, type Notification, type PreparedRecord } from '../model/prepared.js';
import { routeKey, type Route } from '../model/route.js';
import { sha256Hex } from '../util/sha256.js';
import type { DeadLetterQueue } from './dead-letter.js';
import { alarmKeyOf } from '../formatters/facts.js';
import type { AlarmStateStore } from './alarm-state.js';
import { onceAll, type DeliveryLedger } from './ledger.js';
import { withRetry, type RetryDeps, type RetryPolicy } from './retry.js';
import type { Notifier } from './types.js';

/**
 * `retrying`: a transient failure within the retry window; the caller puts the record back for later
 * (src/notify/redelivery.ts). `failed`: safe nowhere, the caller must fail so the platform retries.
 */
export type DeliveryOutcome = 'sent' | 'dry-run' | 'duplicate' | 'superseded' | 'retrying' | 'dead-lettered' | 'failed';

export interface DeliveryReport {
  record: number;
  destination: string;
  target: string;
  outcome: DeliveryOutcome;
  attempts: number;
  error?: string;
}

export interface DeliverDeps {
  stage: string;
  /** By destination name. */
  notifiers: Readonly<Record<string, Notifier>>;
  /**
   * Builds a group's message again for the records left once the ledger dropped those another invocation
   * already delivered (SNS delivers at least once, and two pollers may hold copies), so no alert shows twice.
   */
  reformat: (group: AlertGroup) => Notification;
  ledger: DeliveryLedger;
  /**
   * Per (alarm, route), the latest state change handed to delivery: an older notification is not sent (PagerDuty
   * must never get a trigger after its resolve; Slack and email would show a late ALARM as current). Absent: no
   * ordering (tests of other stages).
   */
  states?: AlarmStateStore;
  deadLetters: DeadLetterQueue;
  retry: RetryPolicy;
  retryDeps?: RetryDeps;
  /**
   * When set, a transient failure of an alert younger than `windowMs` is reported `retrying` instead of being
   * dead-lettered: the notifier functions try it again later. Absent (redrive), every failure stays a letter.
   */
  retryLater?: { windowMs: number; now?: () => number };
  log: Log;
}

/** The idempotency key of one delivery: the SNS MessageId (or the message's hash when there is none) and the destination. */
export function deliveryKey(record: PreparedRecord, route: Route): string {
  // An empty MessageId is no id: two different messages without one must not look like copies of each other.
  const id = record.sns?.messageId || record.notice.source.messageId || sha256Hex(record.sns?.message ?? JSON.stringify(record.notice));
  return `${id}#${routeKey(route)}`;
}

function logContext(record: PreparedRecord, n: Notification) {
  const { notice } = record;
  return {
    record: record.record,
    messageId: record.sns?.messageId,
    alarmName: notice.kind === 'unrecognised' ? undefined : notice.alarmName,
    state: notice.kind === 'unrecognised' ? undefined : notice.state,
    severity: record.severity,
    destination: routeKey(n.route),
    target: n.target,
  };
}

interface Failure {
  reason: string;
  permanent: boolean;
  attempts: number;
}

async function send(n: Notification, deps: DeliverDeps, context: object): Promise<{ attempts: number; dryRun: boolean }> {
  const name = n.route.destination;
  const notifier = deps.notifiers[name];
  if (!notifier) throw Object.assign(new Error(`no notifier for ${name}`), { failure: { reason: `no notifier for ${name}`, permanent: true, attempts: 0 } });
  let dryRun = false;
  const outcome = await withRetry(async (signal) => void (dryRun = Boolean(await notifier.send(n, signal))), deps.retry, {
    ...deps.retryDeps,
    onRetry: (attempt, error, delayMs) => deps.log.warn('Delivery failed, retrying', { ...context, attempt, delayMs: Math.round(delayMs), error: error.message }),
  });
  if (!outcome.ok) {
    const failure: Failure = { reason: outcome.error?.message ?? 'unknown error', permanent: outcome.error?.permanent ?? false, attempts: outcome.attempts };
    throw Object.assign(new Error(failure.reason), { failure });
  }
  return { attempts: outcome.attempts, dryRun };
}

const MESSAGES: Record<DeliveryOutcome, string> = {
  sent: 'Delivered',
  'dry-run': 'Dry run: printed, not sent',
  duplicate: 'Already delivered: skipped duplicate',
  superseded: 'Superseded: a newer state of this alarm was already delivered; not sent',
  'dead-lettered': 'Dead-lettered for redrive',
  retrying: 'Delivery failed: will be tried again',
  failed: 'Delivery failed',
};

const failureOf = (error: unknown): Failure =>
  (error as { failure?: Failure }).failure ?? { reason: error instanceof Error ? error.message : String(error), permanent: false, attempts: 0 };

/**
 * The records of a notification that are still current for its route, and those a newer state of their alarm
 * overtook. Records of one alarm are judged in state-change order; different alarms at once.
 */
async function inOrder(n: Notification, deps: DeliverDeps): Promise<{ current: PreparedRecord[]; superseded: PreparedRecord[] }> {
  const { states } = deps;
  if (!states) return { current: [...n.sources], superseded: [] };
  const byAlarm = new Map<string, PreparedRecord[]>();
  for (const r of n.sources) {
    const key = r.notice.kind === 'unrecognised' ? `record:${r.record}` : alarmKeyOf(r.notice);
    byAlarm.set(key, [...(byAlarm.get(key) ?? []), r]);
  }
  const superseded = new Set<PreparedRecord>();
  // Order is kept per target: PagerDuty's trigger and resolve routes reach one service, so they share it.
  const where = `${n.route.destination}:${n.target}`;
  let unavailable = false;
  await Promise.all(
    [...byAlarm.entries()].map(async ([alarmKey, records]) => {
      const sorted = records.filter((r) => r.notice.kind !== 'unrecognised').sort((a, b) => changeMs(a) - changeMs(b));
      for (const r of sorted) {
        if (r.notice.kind === 'unrecognised') continue;
        // One store failure is enough to know: the rest of this message does not spend its time budget asking.
        const change = { stateChangeTime: r.notice.stateChangeTime, state: r.notice.state, messageId: deliveryKey(r, n.route) };
        const verdict = unavailable ? 'unavailable' : await states.advance(alarmKey, where, change);
        if (verdict === 'unavailable') unavailable = true;
        if (verdict === 'stale') superseded.add(r);
        // The store failing must not stop a page: it goes out, possibly out of order, and says so.
        else if (verdict === 'unavailable' || verdict === 'unknown') deps.log.warn('Alarm state order unknown: delivering anyway', { ...logContext(r, n), verdict });
      }
    }),
  );
  return { current: n.sources.filter((r) => !superseded.has(r)), superseded: n.sources.filter((r) => superseded.has(r)) };
}

function changeMs(r: PreparedRecord): number {
  const t = r.notice.kind === 'unrecognised' ? NaN : Date.parse(r.notice.stateChangeTime);
  return Number.isNaN(t) ? 0 : t;
}

/** One message for one or more records, sent only for the records still current. */
async function deliverOne(n: Notification, deps: DeliverDeps): Promise<DeliveryReport[]> {
  const { current, superseded } = await inOrder(n, deps);
  const skipped = superseded.map((r): DeliveryReport => {
    deps.log.info(MESSAGES.superseded, { ...logContext(r, n), outcome: 'superseded' });
    return { record: r.record, destination: routeKey(n.route), target: n.target, outcome: 'superseded', attempts: 0 };
  });
  if (current.length === 0) return skipped;
  const group = current.length === n.sources.length ? n : deps.reformat({ route: n.route, digest: n.digest && current.length > 1, sources: current });
  return [...skipped, ...(await deliverCurrent(group, deps))];
}

/** One message for one or more records (a digest stands for many); each record is remembered and reported on its own. */
async function deliverCurrent(n: Notification, deps: DeliverDeps): Promise<DeliveryReport[]> {
  const { sources } = n;
  const contexts = sources.map((r) => logContext(r, n));
  const keys = sources.map((r) => deliveryKey(r, n.route));
  const report = (r: PreparedRecord, outcome: DeliveryOutcome, attempts: number, error?: string): DeliveryReport => ({
    record: r.record,
    destination: routeKey(n.route),
    target: n.target,
    outcome,
    attempts,
    ...(error === undefined ? {} : { error }),
  });
  let result = { attempts: 0, dryRun: false };
  try {
    // SNS may deliver one message twice into the same batch: it is claimed, listed and reported once.
    const { delivered, inProgress } = await onceAll(deps.ledger, [...new Set(keys)], async (claimed) => {
      // A digest lists only the alerts claimed here, not those another invocation has already delivered.
      const firsts = claimed.map((key) => sources[keys.indexOf(key)]!);
      // One alert left is posted as itself; more stay a digest.
      const message = firsts.length < sources.length ? deps.reformat({ route: n.route, digest: n.digest && firsts.length > 1, sources: firsts }) : n;
      result = await send(message, deps, sources.length === 1 ? contexts[0]! : { destination: contexts[0]!.destination, target: n.target, digestOf: sources.length });
    });
    const sentAs: DeliveryOutcome = result.dryRun ? 'dry-run' : 'sent';
    const reported = new Set<string>();
    return sources.map((r, i) => {
      const first = delivered.includes(keys[i]!) && !reported.has(keys[i]!);
      if (first) reported.add(keys[i]!);
      // Another invocation's live claim (or our own lost write) is no proof of delivery: try again later.
      if (!first && inProgress.includes(keys[i]!)) {
        deps.log.warn(MESSAGES.retrying, { ...contexts[i], outcome: 'retrying', attempts: 0, permanent: false, error: 'claimed by another delivery still in progress' });
        return report(r, 'retrying', 0, 'claimed by another delivery still in progress');
      }
      const outcome = first ? sentAs : 'duplicate';
      const attempts = outcome === 'duplicate' ? 0 : result.attempts;
      deps.log.info(MESSAGES[outcome], { ...contexts[i], outcome, attempts, ...(sources.length > 1 ? { digestOf: sources.length } : {}) });
      return report(r, outcome, attempts);
    });
  } catch (error) {
    const failure = failureOf(error);
    return Promise.all(
      sources.map(async (r, i) => {
        if (!failure.permanent && withinRetryWindow(r, deps)) {
          deps.log.warn(MESSAGES.retrying, { ...contexts[i], outcome: 'retrying', attempts: failure.attempts, permanent: false, error: failure.reason });
          return report(r, 'retrying', failure.attempts, failure.reason);
        }
        deps.log.error('Delivery failed', { ...contexts[i], outcome: 'failed', attempts: failure.attempts, permanent: failure.permanent, error: failure.reason });
        const letter = failure.permanent || !deps.retryLater ? failure : { ...failure, reason: `${failure.reason} (still failing at the end of the retry window)` };
        const outcome = (await deadLetter(r, n, letter, deps)) ? 'dead-lettered' : 'failed';
        return report(r, outcome, failure.attempts, failure.reason);
      }),
    );
  }
}

/** When the alert was first published (SNS's time), else when its alarm changed state. */
function firstSeenMs(record: PreparedRecord): number | undefined {
  const at = Date.parse(record.sns?.timestamp ?? (record.notice.kind === 'unrecognised' ? '' : record.notice.stateChangeTime));
  return Number.isNaN(at) ? undefined : at;
}

function withinRetryWindow(record: PreparedRecord, deps: DeliverDeps): boolean {
  if (!deps.retryLater) return false;
  const first = firstSeenMs(record);
  // An alert whose age cannot be told is retried: the queue's own receive limit still ends it.
  return first === undefined || (deps.retryLater.now ?? Date.now)() - first < deps.retryLater.windowMs;
}

/** True when the letter is safe in the queue; false means the caller must fail so the platform retries. */
async function deadLetter(record: PreparedRecord, n: Notification, failure: Failure, deps: DeliverDeps): Promise<boolean> {
  const sns = record.sns ?? { message: record.notice.kind === 'unrecognised' ? record.notice.raw : JSON.stringify(record.notice) };
  const destination = routeKey(n.route);
  try {
    await deps.deadLetters.send({
      version: 1,
      stage: deps.stage,
      destination,
      target: n.target,
      reason: failure.reason,
      permanent: failure.permanent,
      attempts: failure.attempts,
      failedAt: new Date().toISOString(),
      sns,
    });
    deps.log.error('Dead-lettered for redrive', { record: record.record, messageId: sns.messageId, destination, outcome: 'dead-lettered', reason: failure.reason });
    return true;
  } catch (error) {
    deps.log.error('Dead-letter queue unavailable', { record: record.record, messageId: sns.messageId, destination, outcome: 'failed', error: (error as Error).message });
    return false;
  }
}

/**
 * Delivers every planned message at once (a later state change of one alarm after the earlier one): one slow or
 * failing destination never holds back another.
 * Never throws; a report with outcome `failed` means the alert is not safe anywhere yet.
 */
export async function deliver(notifications: readonly Notification[], deps: DeliverDeps): Promise<DeliveryReport[]> {
  // SNS may hand one message to a batch twice: a copy is not sent again, it shares its first's fate.
  const firsts = new Map<string, Notification>();
  const copies: Array<{ copy: Notification; of: Notification }> = [];
  for (const n of notifications) {
    const key = n.sources.length === 1 ? deliveryKey(n.sources[0]!, n.route) : undefined;
    const first = key === undefined ? undefined : firsts.get(key);
    if (first) copies.push({ copy: n, of: first });
    else if (key !== undefined) firsts.set(key, n);
  }
  const isCopy = new Set(copies.map((c) => c.copy));
  const settled = new Map<Notification, DeliveryReport[]>();
  const done: ReadonlySet<DeliveryOutcome> = new Set(['sent', 'dry-run', 'duplicate', 'superseded']);
  const through = (n: Notification) => (settled.get(n) ?? []).every((r) => done.has(r.outcome));
  const reports = await inSequence(
    notifications.filter((n) => !isCopy.has(n)),
    async (n) => {
      // A later state change of an alarm waits for the earlier one; if that one is not through, neither is this:
      // both come back later, in order, and the time budget is not spent twice.
      const out = n.after && !through(n.after) ? notYet(n, deps) : await deliverOne(n, deps);
      settled.set(n, out);
      return out;
    },
  );
  const ofCopies = copies.map(({ copy, of }) => {
    const first = settled.get(of)!;
    // Still to be tried (or safe nowhere): the copy too. Delivered, superseded or dead-lettered: covered by the first.
    const outcome: DeliveryOutcome = first.some((r) => r.outcome === 'retrying' || r.outcome === 'failed') ? first[0]!.outcome : 'duplicate';
    const r = copy.sources[0]!;
    deps.log.info(MESSAGES[outcome], { ...logContext(r, copy), outcome, attempts: 0, copyOf: of.sources[0]!.record });
    return [{ record: r.record, destination: routeKey(copy.route), target: copy.target, outcome, attempts: 0 } satisfies DeliveryReport];
  });
  return [...reports, ...ofCopies].flat();
}

function notYet(n: Notification, deps: DeliverDeps): DeliveryReport[] {
  const error = 'an earlier state change of this alarm is not delivered yet';
  return n.sources.map((r): DeliveryReport => {
    deps.log.warn(MESSAGES.retrying, { ...logContext(r, n), outcome: 'retrying', attempts: 0, permanent: false, error });
    return { record: r.record, destination: routeKey(n.route), target: n.target, outcome: 'retrying', attempts: 0, error };
  });
}
