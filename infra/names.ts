import type { Severity } from '../src/model/alert.js';

/** CloudFormation logical ids shared by the alarm resources and the notifier functions. */
export const LOGICAL_IDS = {
  alertsKey: 'AlertsKey',
  emailTopic: 'EmailTopic',
  /** Production: the pipeline's own alarms, for the watchdog function that posts them to Slack. */
  pipelineTopic: 'PipelineAlarmsTopic',
  dashboard: 'Dashboard',
} as const;

const TOPIC_IDS: Record<Severity, string> = {
  critical: 'AlertsTopicCritical',
  warning: 'AlertsTopicWarning',
  info: 'AlertsTopicInfo',
};

export const severityTopicLogicalId = (severity: Severity): string => TOPIC_IDS[severity];

// Added by the alarm catalog (issue 2): the other logical ids of the topics, alarms and dashboard.

export const ALERTS_KEY_ALIAS_LOGICAL_ID = 'AlertsKeyAlias';

export const topicPolicyLogicalId = (topicLogicalId: string): string => `${topicLogicalId}Policy`;

const pascal = (kebab: string): string =>
  kebab
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** `ecs-cpu-high` → `AlarmEcsCpuHigh`: stable as long as the catalog id is. */
export const alarmLogicalId = (catalogId: string): string => `Alarm${pascal(catalogId)}`;

/** Keyed by the address itself (not its position), so removing one subscriber leaves the others untouched. */
export function emailSubscriptionLogicalId(address: string): string {
  // FNV-1a: a short, stable, dependency-free fingerprint; logical ids allow only [A-Za-z0-9].
  let hash = 0x811c9dc5;
  for (const char of address.toLowerCase()) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `EmailSubscription${hash.toString(16).padStart(8, '0')}`;
}

/** `slack-app` → `SlackApp`: logical IDs take letters and digits only. */
export function logicalIdPart(s: string): string {
  return s
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
