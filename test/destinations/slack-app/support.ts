import { testEvent } from '../../delivery/harness.js';
import type { AppChannels } from '../../../src/destinations/slack/routes.js';

/** #alerts-critical in app mode in production, by a made-up channel ID; everything else keeps its webhook. */
export const APP: AppChannels = { production: { 'alerts-critical': 'C0CRITICAL1' }, staging: {} };
export const CHANNEL = 'C0CRITICAL1';
export const TOKEN = 'xoxb-1111-2222-standintoken';
export const NO_PACING = { postIntervalMs: 0, updateIntervalMs: 0 };

/**
 * test/events/ecs-cpu-alarm.json (OK → ALARM) or ecs-cpu-ok.json (ALARM → OK) of ohmycoins-production-ecs-cpu-high,
 * moved to another instant as a new SNS message: the same alarm changing state again later.
 */
export function change(state: 'ALARM' | 'OK', at?: string, messageId?: string) {
  const event = testEvent(state === 'ALARM' ? 'ecs-cpu-alarm.json' : 'ecs-cpu-ok.json');
  const sns = event.Records[0]!.Sns;
  if (at) {
    const message = JSON.parse(String(sns.Message)) as Record<string, unknown>;
    message.StateChangeTime = at.replace('Z', '+0000');
    sns.Message = JSON.stringify(message);
    sns.Timestamp = at;
  }
  if (messageId) sns.MessageId = messageId;
  return event;
}

/** Each `change` of the flap, in order: ALARM, OK, ALARM again, OK again. */
export const FLAP = [
  () => change('ALARM'),
  () => change('OK'),
  () => change('ALARM', '2024-05-14T10:05:00.000Z', '0d8a4c1e-flap-alarm'),
  () => change('OK', '2024-05-14T10:20:00.000Z', '5b7e2f90-flap-ok'),
];
