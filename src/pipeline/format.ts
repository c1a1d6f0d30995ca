import { emailTopicName } from '../alarms/naming.js';
import { formatEmail } from '../formatters/email.js';
import { formatPagerDuty } from '../formatters/pagerduty.js';
import { formatSlack, formatSlackUnrecognised } from '../formatters/slack.js';
import type { Stage, Unrecognised } from '../model/alert.js';
import type { EnrichedAlert } from '../model/enriched.js';
import type { Destination } from '../route/index.js';
import type { Notification } from './types.js';

export function targetOf(destination: Destination, stage: Stage): string {
  switch (destination.type) {
    case 'slack':
      return `#${destination.channel}`;
    case 'pagerduty':
      return `pagerduty:ohmycoins-${stage}`;
    case 'email':
      return emailTopicName(stage);
  }
}

export function formatFor(alert: EnrichedAlert, destination: Destination): Notification {
  const target = targetOf(destination, alert.stage);
  switch (destination.type) {
    case 'slack':
      return { destination, target, payload: formatSlack(alert) };
    case 'pagerduty':
      return { destination, target, payload: formatPagerDuty(alert, destination.action) };
    case 'email':
      return { destination, target, payload: formatEmail(alert) };
  }
}

/** Only Slack takes unrecognised notifications (see routeUnrecognised). */
export function formatUnrecognisedFor(notice: Unrecognised, destination: Destination, stage: Stage): Notification | undefined {
  if (destination.type !== 'slack') return undefined;
  return { destination, target: targetOf(destination, stage), payload: formatSlackUnrecognised(notice, stage) };
}
