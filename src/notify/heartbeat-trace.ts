import { HEARTBEAT_METRIC, isHeartbeat } from '../alarms/heartbeat.js';
import { isAlert } from '../model/alert.js';
import type { PreparedRecord } from '../model/prepared.js';
import type { DeliveryReport } from './index.js';

/**
 * The trace a delivered heartbeat leaves: one CloudWatch Embedded Metric Format line in the function's log,
 * which CloudWatch Logs turns into the `HeartbeatDelivered` metric (dimensions Stage and Destination) without
 * an API call or a permission. The missing-heartbeat alarms (infra/heartbeat.ts) watch it.
 */
export function heartbeatMetricLine(stage: string, destination: string, at: Date, state: string): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: HEARTBEAT_METRIC.namespace,
          Dimensions: [['Stage', 'Destination']],
          Metrics: [{ Name: HEARTBEAT_METRIC.name, Unit: 'Count' }],
        },
      ],
    },
    Stage: stage,
    Destination: destination,
    [HEARTBEAT_METRIC.name]: 1,
    state,
    message: 'Heartbeat delivered',
  });
}

/**
 * One line per heartbeat this invocation of `destination`'s function really sent (a duplicate was counted by
 * the invocation that sent it).
 */
export function traceHeartbeats(
  stage: string,
  destination: string,
  records: readonly PreparedRecord[],
  reports: readonly DeliveryReport[],
  write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
  now: () => Date = () => new Date(),
): number {
  let traced = 0;
  for (const report of reports) {
    if (report.outcome !== 'sent') continue;
    const notice = records.find((r) => r.record === report.record)?.notice;
    if (!notice || !isAlert(notice) || !isHeartbeat(notice)) continue;
    write(heartbeatMetricLine(stage, destination, now(), notice.state));
    traced++;
  }
  return traced;
}
