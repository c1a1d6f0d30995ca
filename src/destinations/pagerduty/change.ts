import { HEARTBEAT_LABEL } from '../../alarms/heartbeat.js';
import { isoTime } from '../../formatters/facts.js';
import { fit, oneLine } from '../../formatters/text.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { isLinkable } from '../../util/links.js';
import { PAGERDUTY_LIMITS, ROUTING_KEY_PLACEHOLDER, type PagerDutyLink } from './format.js';

/**
 * A Change Events API request (`POST https://events.pagerduty.com/v2/change/enqueue`): it shows on the
 * service's timeline and notifies nobody. It has no `event_action` and no `dedup_key`: there is nothing to resolve.
 */
export interface PagerDutyChange {
  routing_key: string;
  payload: {
    summary: string;
    source?: string;
    timestamp?: string;
    custom_details?: Record<string, unknown>;
  };
  links?: PagerDutyLink[];
  /** Never set: what tells a change from an Events API event. */
  event_action?: never;
}

export const isChange = <E extends { event_action?: string }>(body: E | PagerDutyChange): body is PagerDutyChange => body.event_action === undefined;

/**
 * The heartbeat's ALARM as a change event on the routing key pages use: it proves the key and the path
 * without opening an incident.
 */
export function formatHeartbeatChange(e: EnrichedAlert): PagerDutyChange {
  const a = e.alert;
  const timestamp = isoTime(a.stateChangeTime);
  const links = [e.links.alarm].filter((u): u is string => isLinkable(u, { maxLength: 2048 })).map((href) => ({ href, text: 'Canary alarm' }));
  return {
    routing_key: ROUTING_KEY_PLACEHOLDER,
    payload: {
      summary: fit(oneLine(`${e.stage} · ${HEARTBEAT_LABEL}`), PAGERDUTY_LIMITS.summary),
      source: fit(oneLine(a.alarmName), 255),
      ...(timestamp ? { timestamp } : {}),
      custom_details: {
        what: 'Scheduled heartbeat: the canary alarm went to ALARM and returns to OK by itself. No incident is opened.',
        stage: e.stage,
        alarm_name: fit(oneLine(a.alarmName), 255),
        reason: fit(oneLine(a.reason), 1000),
      },
    },
    ...(links.length ? { links } : {}),
  };
}
