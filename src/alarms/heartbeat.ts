import type { Stage } from '../model/alert.js';
import { alarmName } from './naming.js';

/**
 * The canary alarm the heartbeat sets to ALARM and back to OK on a schedule, so a test notification takes the
 * whole paging path. It is not a catalog alarm: its description carries this tag instead of `[alarm-id:…]`,
 * and everything that formats or routes an alert asks `isHeartbeat` first.
 */
export const HEARTBEAT_TAG = '[heartbeat]';

/** The label every destination shows where the alarm's title would be. */
export const HEARTBEAT_LABEL = 'TEST — heartbeat, nobody needs to act';

export const HEARTBEAT_ID = 'heartbeat';

export const heartbeatAlarmName = (stage: Stage): string => alarmName(stage, HEARTBEAT_ID);

const NAME = /^ohmycoins-(?:staging|production)-heartbeat$/;

/** By its tag, or by its name when the description did not come along (an OK without one). */
export const isHeartbeat = (alert: { alarmName: string; description?: string | null }): boolean =>
  (alert.description ?? '').includes(HEARTBEAT_TAG) || NAME.test(alert.alarmName);

/** The CloudWatch metric a destination function writes when it delivered a heartbeat. */
export const HEARTBEAT_METRIC = { namespace: 'ohmycoins/alerting', name: 'HeartbeatDelivered' } as const;
