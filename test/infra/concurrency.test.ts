/**
 * CloudWatch's quotas are per account and Region: the containers the stage can run at once, as deployed, times
 * each container's rate must stay within them (GetMetricData 50, DescribeAlarmHistory 3 a second, CloudWatch
 * service quotas), whatever Lambda scales to.
 */
import { describe, expect, it } from 'vitest';
import { serverlessFragment } from '../../infra/serverless.js';
import { ENRICHING_CONTAINERS_MAX } from '../../src/config/concurrency.js';
import { containerLimits } from '../../src/enrich/quota.js';
import { DESTINATIONS } from '../../src/destinations/index.js';

type Fn = { reservedConcurrency?: number; events?: Array<{ sns?: unknown; sqs?: { maximumConcurrency?: number } }> };

/** At most how many containers of one function run at once, from what is deployed. */
function maxContainers(fn: Fn): number {
  if (fn.reservedConcurrency !== undefined) return fn.reservedConcurrency;
  const events = fn.events ?? [];
  // Without reserved concurrency, only a queue whose pollers are bounded bounds the function.
  if (events.some((e) => e.sns) || events.some((e) => e.sqs && e.sqs.maximumConcurrency === undefined)) return Number.POSITIVE_INFINITY;
  return events.reduce((n, e) => n + (e.sqs?.maximumConcurrency ?? 0), 0);
}

describe.each(['staging', 'production'])('%s: the notifier functions that read CloudWatch', (stage) => {
  const functions = serverlessFragment(stage).functions as Record<string, Fn>;
  const notifiers = DESTINATIONS.filter((d) => functions[d.name]);

  it('are bounded, all of them and the queued ones, by the counts the quota limiter divides by', () => {
    const all = notifiers.reduce((n, d) => n + maxContainers(functions[d.name]!), 0);
    const queued = notifiers.filter((d) => d.queued).reduce((n, d) => n + maxContainers(functions[d.name]!), 0);
    expect(all).toBeLessThanOrEqual(ENRICHING_CONTAINERS_MAX.all);
    expect(queued).toBeLessThanOrEqual(ENRICHING_CONTAINERS_MAX.queued);
  });

  it('stay within the documented quotas together', () => {
    const page = containerLimits(ENRICHING_CONTAINERS_MAX, false);
    const queued = containerLimits(ENRICHING_CONTAINERS_MAX, true);
    const sustained = (op: 'GetMetricData' | 'DescribeAlarmHistory') =>
      notifiers.reduce((n, d) => n + maxContainers(functions[d.name]!) * ((d.queued ? queued : page)[op]?.perSecond ?? 0), 0);
    expect(sustained('GetMetricData')).toBeLessThanOrEqual(50);
    expect(sustained('DescribeAlarmHistory')).toBeLessThanOrEqual(3);
  });
});
