import { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { heartbeatAlarmName } from '../alarms/heartbeat.js';
import { stageConfig } from '../config/stages/index.js';
import { fireHeartbeat, type HeartbeatRun } from '../heartbeat/fire.js';

/** Long enough for the ALARM to be delivered everywhere before the OK follows; the function's timeout allows it. */
export const HEARTBEAT_PAUSE_MS = 60_000;

/** Invoked by the stage's EventBridge Scheduler schedule (infra/heartbeat.ts). */
export function heartbeatHandler(cloudwatch = new CloudWatchClient({}), env: NodeJS.ProcessEnv = process.env, pauseMs = HEARTBEAT_PAUSE_MS) {
  const log = new Logger({ persistentKeys: { function: 'heartbeat' } });
  return async (): Promise<HeartbeatRun> =>
    fireHeartbeat({
      cloudwatch,
      alarmName: heartbeatAlarmName(stageConfig(env.STAGE ?? 'staging').stage),
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      log,
      pauseMs,
    });
}

export const handler = heartbeatHandler();
