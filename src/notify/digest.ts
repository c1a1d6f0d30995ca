import { formatSlackDigest } from '../formatters/slack-digest.js';
import type { Stage } from '../model/alert.js';
import type { EnrichedAlert } from '../model/enriched.js';
import { targetOf } from '../pipeline/format.js';
import type { Notification, PreparedRecord } from '../pipeline/types.js';
import { destinationKey } from '../route/index.js';

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
 * From this many alerts for one Slack channel in one batch, the channel gets one digest instead of one post
 * each: an incoming webhook takes about one message per second, and on-call reads a grouped picture faster
 * than a wall of posts. PagerDuty and email are never grouped (pages are not held back).
 */
export const DIGEST_MIN_ALERTS = 4;

function window(alerts: EnrichedAlert[]): { from: string; to: string } {
  const times = alerts.map((a) => a.alert.stateChangeTime).sort();
  return { from: times[0]!, to: times[times.length - 1]! };
}

export function planDeliveries(records: readonly PreparedRecord[], stage: Stage): Delivery[] {
  const single: Delivery[] = [];
  const bySlackChannel = new Map<string, Array<{ record: PreparedRecord; notification: Notification }>>();
  for (const record of records) {
    for (const notification of record.notifications) {
      if (notification.destination.type === 'slack' && record.alert) {
        const key = destinationKey(notification.destination);
        bySlackChannel.set(key, [...(bySlackChannel.get(key) ?? []), { record, notification }]);
      } else {
        single.push({ notification, sources: [record] });
      }
    }
  }
  const grouped = [...bySlackChannel.values()].flatMap((items): Delivery[] => {
    if (items.length < DIGEST_MIN_ALERTS) return items.map(({ record, notification }) => ({ notification, sources: [record] }));
    const { destination } = items[0]!.notification;
    const digest = (records: PreparedRecord[]): Notification => {
      const alerts = records.map((r) => r.alert!);
      return { destination, target: targetOf(destination, stage), payload: formatSlackDigest(alerts, stage, window(alerts)) };
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
