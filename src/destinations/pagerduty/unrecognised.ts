import type { Stage, Unrecognised } from '../../model/alert.js';
import { isoTime } from '../../formatters/facts.js';
import { fit, formatNumber, oneLine } from '../../formatters/text.js';
import { topicNameOf } from '../../route/severity.js';
import { sha256Hex } from '../../util/sha256.js';
import { PAGERDUTY_LIMITS, ROUTING_KEY_PLACEHOLDER, type PagerDutyTrigger } from './format.js';

/** How much of the raw message a page carries: enough to recognise it, far below PagerDuty's 512 KB. */
export const EXCERPT_MAX = 2000;

// Control characters, the byte order mark and Unicode line separators, shown as JSON escapes so on-call
// sees what broke the message instead of losing it to whitespace.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;
const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
export const visible = (s: string): string => s.replace(INVISIBLE, hex);

/**
 * The key of a page for a message we could not read: the SHA-256 of the message itself, so SNS's duplicate
 * copies and Lambda's retries of one message open one incident, and different messages open their own.
 */
export const unreadableDedupKey = (raw: string): string => `unreadable:${sha256Hex(raw)}`;

/**
 * A page for something unreadable that came where critical alarms come: it may be one we failed to read,
 * and only a person can tell. There is nothing to resolve it with later; on-call resolves it by hand.
 */
export function formatPagerDutyUnrecognised(u: Unrecognised, stage: Stage): PagerDutyTrigger {
  const topic = u.source.topicArn ? topicNameOf(u.source.topicArn) : undefined;
  const where = topic ?? `ohmycoins-${stage}`;
  const problem = fit(oneLine(u.problem), 1000) || 'not a CloudWatch alarm notification';
  const timestamp = isoTime(u.source.receivedAt);
  const excerpt = fit(u.raw, EXCERPT_MAX, visible);
  const details: Record<string, unknown> = {
    problem,
    stage,
    raw_length: `${formatNumber(u.raw.length)} characters`,
    excerpt: u.raw ? excerpt : '(empty message)',
  };
  if (u.subject) details.subject = fit(oneLine(u.subject), 200);
  if (u.source.topicArn) details.topic_arn = fit(oneLine(u.source.topicArn), 600);
  if (u.source.messageId) details.message_id = fit(oneLine(u.source.messageId), 200);
  if (u.source.receivedAt) details.received_at = timestamp ?? fit(oneLine(u.source.receivedAt), 40);
  return {
    routing_key: ROUTING_KEY_PLACEHOLDER,
    event_action: 'trigger',
    dedup_key: unreadableDedupKey(u.raw),
    payload: {
      summary: fit(oneLine(`unreadable notification on ${where}: ${problem}`), PAGERDUTY_LIMITS.summary),
      source: fit(oneLine(where), 255),
      severity: 'critical',
      ...(timestamp ? { timestamp } : {}),
      group: stage,
      class: 'unreadable notification',
      custom_details: details,
    },
    client: 'ohmycoins-alerting',
  };
}
