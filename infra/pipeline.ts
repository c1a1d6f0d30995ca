// OWNED BY THE LEAD (notifier functions: roles, DLQ, idempotency table, subscriptions). Composed into buildResources.
import { SEVERITIES, type Stage } from '../src/model/alert.js';
import { ROUTES, type DestinationType } from '../src/route/routes.js';
import { severityTopicName } from '../src/alarms/naming.js';
import { severityTopicLogicalId } from './names.js';

/** CloudFormation resources of the notification pipeline itself. */
export function pipelineResources(_stage: Stage): Record<string, unknown> {
  return {};
}

/**
 * The SNS subscriptions of each notifier function, derived from the route table: a function listens only to
 * the severity topics whose routes can reach its destination in this stage, so staging's PagerDuty
 * function listens to nothing at all.
 */
export function functionSubscriptions(stage: Stage): Record<DestinationType, unknown[]> {
  const subscribe = (type: DestinationType) =>
    SEVERITIES.filter((severity) => Object.values(ROUTES[stage][severity]).some((ds) => ds.some((d) => d.type === type))).map(
      (severity) => ({ sns: { arn: { Ref: severityTopicLogicalId(severity) }, topicName: severityTopicName(stage, severity) } }),
    );
  return { slack: subscribe('slack'), pagerduty: subscribe('pagerduty'), email: subscribe('email') };
}
