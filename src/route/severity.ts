import type { AlarmDefinition } from '../alarms/types.js';
import { SEVERITIES, type Severity } from '../model/alert.js';
import type { SeveritySource } from '../model/enriched.js';
import type { TopicSeverity } from '../model/route.js';

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
  const fromTopic = topicSeverity(topicArn);
  if (fromTopic !== 'unknown') return { severity: fromTopic, source: 'topic' };
  if (definition) return { severity: definition.severity, source: 'catalog' };
  return { severity: 'warning', source: 'default' };
}

/** The severity the topic's name carries (`…-alerts-critical`), or `unknown` for any other topic or none. */
export function topicSeverity(topicArn: string | undefined): TopicSeverity {
  const named = topicArn?.match(TOPIC_SEVERITY)?.[1];
  return named && SEVERITIES.includes(named as Severity) ? (named as Severity) : 'unknown';
}

/** The topic's name, the last part of its ARN (`ohmycoins-production-alerts-critical`). */
export const topicNameOf = (topicArn: string): string => topicArn.slice(topicArn.lastIndexOf(':') + 1);
