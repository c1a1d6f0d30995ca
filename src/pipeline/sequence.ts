import { alarmKeyOf, epochMs } from '../formatters/facts.js';
import { isAlert, type Alert } from '../model/alert.js';
import type { Notification } from '../model/prepared.js';

/** The alarm a single message is about, or none (a digest, a notification that is not an alarm). */
function alarmOf(n: Notification): Alert | undefined {
  const [record, ...others] = n.sources;
  if (n.digest || !record || others.length || !isAlert(record.notice)) return undefined;
  return record.notice;
}

/**
 * The notifications in the order their state changes happened: when a batch holds several changes of one
 * alarm for one target (SQS does not keep order), they are put oldest first, each `after` the one before,
 * so the target never shows an older state as the current one. Everything else keeps its place.
 * PagerDuty's trigger and resolve share a target, so a resolve never overtakes its trigger.
 */
export function inStateChangeOrder(notifications: readonly Notification[]): Notification[] {
  // One message (a quiet batch, every PagerDuty invocation) has nothing to be ordered against.
  if (notifications.length < 2) return [...notifications];
  const chains = new Map<string, number[]>();
  notifications.forEach((n, i) => {
    const alarm = alarmOf(n);
    if (!alarm) return;
    const key = `${n.route.destination}\u0000${n.target}\u0000${alarmKeyOf(alarm)}`;
    chains.set(key, [...(chains.get(key) ?? []), i]);
  });
  const ordered: Notification[] = [...notifications];
  for (const places of chains.values()) {
    if (places.length < 2) continue;
    const time = (i: number) => epochMs(alarmOf(notifications[i]!)!.stateChangeTime) ?? Number.NEGATIVE_INFINITY;
    const byTime = [...places].sort((x, y) => time(x) - time(y) || x - y);
    let before: Notification | undefined;
    places.forEach((place, k) => {
      const n: Notification = { ...notifications[byTime[k]!]!, ...(before ? { after: before } : {}) };
      ordered[place] = n;
      before = n;
    });
  }
  return ordered;
}
