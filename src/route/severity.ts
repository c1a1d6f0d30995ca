import type { AlarmDefinition } from '../alarms/types.js';
import { SEVERITIES, type Severity } from '../model/alert.js';
import type { SeveritySource } from '../model/enriched.js';

const TOPIC_SEVERITY = /-alerts-(critical|warning|info)$/;

export interface ResolvedSeverity {
  severity: Severity;
  source: SeveritySource;
}

/**
 * The topic an alarm published to is the deployed truth (its actions were wired from the catalog at deploy
 * time); the catalog definition covers alarms published elsewhere; anything unknown is a warning, which is
 * seen in Slack but pages nobody.
 */
export function resolveSeverity(topicArn: string | undefined, definition: AlarmDefinition | undefined): ResolvedSeverity {
  const fromTopic = topicArn?.match(TOPIC_SEVERITY)?.[1];
  if (fromTopic && SEVERITIES.includes(fromTopic as Severity)) return { severity: fromTopic as Severity, source: 'topic' };
  if (definition) return { severity: definition.severity, source: 'catalog' };
  return { severity: 'warning', source: 'default' };
}
