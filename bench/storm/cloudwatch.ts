/**
 * CloudWatch as the storm simulation sees it: one account and Region, every container's reads counted against
 * the documented per-operation quotas (`CLOUDWATCH_TPS`, src/enrich/quota.ts: GetMetricData 50,
 * DescribeAlarmHistory 3, GetMetricWidgetImage 20 calls a second, from "CloudWatch service quotas",
 * docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html). Strict, like the Slack stand-in:
 * a call when `quota` calls were already accepted within the last second is answered as CloudWatch answers
 * above a quota, HTTP 400 `ThrottlingException` "Rate exceeded", with no burst allowance beyond it. Accepted
 * reads find no datapoints and no history (enrichment notes the gap), after the assumed round trip.
 */
import type { CloudWatchReader } from '../../src/enrich/cloudwatch.js';
import { CLOUDWATCH_TPS, type CloudWatchOperation } from '../../src/enrich/quota.js';
import type { VirtualClock } from './clock.js';

export interface CloudWatchCount {
  /** Every call that reached CloudWatch, by operation. */
  calls: Record<CloudWatchOperation, number>;
  /** Of those, the ones answered ThrottlingException. */
  throttled: Record<CloudWatchOperation, number>;
  /** Most calls CloudWatch accepted for one operation within any 1-second window. */
  maxPerSecond: Record<CloudWatchOperation, number>;
}

export interface SimulatedCloudWatch {
  /** What every container's enrichment reads through (each wraps it in its own quota limiter). */
  reader: CloudWatchReader;
  count(): CloudWatchCount;
}

const perOperation = <T>(value: () => T) =>
  Object.fromEntries(Object.keys(CLOUDWATCH_TPS).map((op) => [op, value()])) as Record<CloudWatchOperation, T>;

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

export function simulatedCloudWatch(clock: VirtualClock, roundTripMs: number, quotas: Record<CloudWatchOperation, number> = CLOUDWATCH_TPS): SimulatedCloudWatch {
  const accepted = perOperation((): number[] => []);
  const calls = perOperation(() => 0);
  const throttled = perOperation(() => 0);
  const maxPerSecond = perOperation(() => 0);
  const metadata = { httpStatusCode: 200 };

  /** Admits one call of `operation` now, or throws as CloudWatch does, one round trip later. */
  async function admit(operation: CloudWatchOperation, signal?: AbortSignal): Promise<void> {
    const at = clock.now();
    const times = accepted[operation];
    calls[operation]++;
    // Accepted calls within (at - 1 s, at]: a window of one second ending now.
    let inWindow = 0;
    for (let i = times.length - 1; i >= 0 && times[i]! > at - 1_000; i--) inWindow++;
    const limited = inWindow >= quotas[operation];
    if (limited) throttled[operation]++;
    else {
      times.push(at);
      maxPerSecond[operation] = Math.max(maxPerSecond[operation], inWindow + 1);
    }
    clock.touch();
    await clock.sleep(roundTripMs, signal);
    if (limited) throw throttling();
  }

  return {
    reader: {
      getMetricData: async (_input, signal) => (await admit('GetMetricData', signal), { MetricDataResults: [], $metadata: metadata }),
      describeAlarmHistory: async (_input, signal) => (await admit('DescribeAlarmHistory', signal), { AlarmHistoryItems: [], $metadata: metadata }),
    },
    count: () => ({ calls: { ...calls }, throttled: { ...throttled }, maxPerSecond: { ...maxPerSecond } }),
  };
}
