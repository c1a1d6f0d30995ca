import { formatEmailDigest } from '../formatters/email-digest.js';
import { formatSlackDigest } from '../formatters/slack-digest.js';
import type { Stage } from '../model/alert.js';
import type { EnrichedAlert } from '../model/enriched.js';
import { targetOf } from '../pipeline/format.js';
import type { Notification, Payload, PreparedRecord } from '../pipeline/types.js';
import { destinationKey, type Destination } from '../route/index.js';

/** One message to send, and the records (alerts) it stands for. */
export interface Delivery {
  notification: Notification;
  sources: PreparedRecord[];
  /**
   * A digest rebuilt for some of its sources: those left once the ledger has dropped alerts another invocation
   * already delivered (SNS delivers at least once, and two pollers may hold copies), so no alert is shown twice.
   */
  regroup?: (sources: PreparedRecord[]) => Notification;
}

/**
 * From this many alerts for one Slack channel (or for email) in one batch, that destination gets one digest
 * instead of one message each: an incoming webhook takes about one message per second, and on-call reads a
 * grouped picture faster than a wall of posts or mails. PagerDuty is never grouped (pages are not held back).
 */
export const DIGEST_MIN_ALERTS = 4;

type DigestFormatter = (alerts: EnrichedAlert[], stage: Stage, window: { from: string; to: string }) => Payload;

const DIGESTS: Partial<Record<Destination['type'], DigestFormatter>> = { slack: formatSlackDigest, email: formatEmailDigest };

export const hasDigest = (type: Destination['type']): boolean => DIGESTS[type] !== undefined;

function window(alerts: EnrichedAlert[]): { from: string; to: string } {
  const times = alerts.map((a) => a.alert.stateChangeTime).sort();
  return { from: times[0]!, to: times[times.length - 1]! };
}

export function planDeliveries(records: readonly PreparedRecord[], stage: Stage): Delivery[] {
  const single: Delivery[] = [];
  const byDestination = new Map<string, Array<{ record: PreparedRecord; notification: Notification }>>();
  for (const record of records) {
    for (const notification of record.notifications) {
      if (DIGESTS[notification.destination.type] && record.alert) {
        const key = destinationKey(notification.destination);
        byDestination.set(key, [...(byDestination.get(key) ?? []), { record, notification }]);
      } else {
        single.push({ notification, sources: [record] });
      }
    }
  }
  const grouped = [...byDestination.values()].flatMap((items): Delivery[] => {
    if (items.length < DIGEST_MIN_ALERTS) return items.map(({ record, notification }) => ({ notification, sources: [record] }));
    const { destination } = items[0]!.notification;
    const format = DIGESTS[destination.type]!;
    const digest = (records: PreparedRecord[]): Notification => {
      const alerts = records.map((r) => r.alert!);
      return { destination, target: targetOf(destination, stage), payload: format(alerts, stage, window(alerts)) };
    };
    const own = new Map(items.map((i) => [i.record, i.notification]));
    return [
      {
        notification: digest(items.map((i) => i.record)),
        sources: items.map((i) => i.record),
        // One alert left is posted as itself; more stay a digest.
        regroup: (records) => (records.length === 1 ? own.get(records[0]!)! : digest(records)),
      },
    ];
  });
  return [...single, ...grouped];
}
