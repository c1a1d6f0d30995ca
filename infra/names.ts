import type { Severity } from '../src/model/alert.js';

/** CloudFormation logical ids shared by the alarm resources and the notifier functions. */
export const LOGICAL_IDS = {
  alertsKey: 'AlertsKey',
  emailTopic: 'EmailTopic',
  dashboard: 'Dashboard',
} as const;

const TOPIC_IDS: Record<Severity, string> = {
  critical: 'AlertsTopicCritical',
  warning: 'AlertsTopicWarning',
  info: 'AlertsTopicInfo',
};

export const severityTopicLogicalId = (severity: Severity): string => TOPIC_IDS[severity];
