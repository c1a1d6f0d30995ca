import { SetAlarmStateCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { HEARTBEAT_LABEL } from '../alarms/heartbeat.js';
import type { Log } from '../model/log.js';

/**
 * One heartbeat: the canary alarm to ALARM, a pause so the ALARM is through every destination first, then OK.
 * CloudWatch notifies the canary's topic on each change, so both take the whole live path.
 */
export interface HeartbeatDeps {
  cloudwatch: CloudWatchClient;
  alarmName: string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  log: Log;
  /** Between ALARM and OK. */
  pauseMs: number;
}

export interface HeartbeatRun {
  alarmName: string;
  alarmAt: string;
  okAt: string;
}

/** Every state reason starts with the label, so whoever opens the alarm in the console reads that it is a test. */
export const heartbeatReason = (state: 'ALARM' | 'OK', at: Date): string =>
  state === 'ALARM'
    ? `${HEARTBEAT_LABEL}. Scheduled test fire at ${at.toISOString()}: ALARM set by the heartbeat, OK follows by itself.`
    : `${HEARTBEAT_LABEL}. Scheduled test fire: set back to OK at ${at.toISOString()}.`;

export async function fireHeartbeat(deps: HeartbeatDeps): Promise<HeartbeatRun> {
  const { cloudwatch, alarmName, log } = deps;
  const set = async (state: 'ALARM' | 'OK') => {
    const at = deps.now();
    await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: state, StateReason: heartbeatReason(state, at) }));
    log.info('Heartbeat state set', { alarmName, state, at: at.toISOString() });
    return at.toISOString();
  };
  const alarmAt = await set('ALARM');
  await deps.sleep(deps.pauseMs);
  const okAt = await set('OK');
  return { alarmName, alarmAt, okAt };
}
