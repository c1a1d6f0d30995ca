/**
 * CloudWatch's API quotas are per account and Region, shared by every container of every notifier function (and
 * by consoles, dashboards and other tools in the account). Each container holds a token bucket per operation,
 * sized so that the deployed maximum of containers together stays within the pipeline's share of the quota:
 * `perSecond = quota × share / containers`. A call with no token is not made: the reader rejects at once with
 * `QuotaReservedError`, and enrichment notes the part as not fetched. A throttled answer empties the bucket, so
 * a container that met the quota's edge leaves it alone until its next token (throttled calls are not retried).
 */
import { ENRICHING_CONTAINERS_MAX } from '../config/concurrency.js';
import { isThrottling } from './budget.js';
import { NotProvidedError, type CloudWatchReader } from './cloudwatch.js';

/**
 * Default quotas, transactions per second per account and Region, from "CloudWatch service quotas"
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html, read 2026-12-02):
 * GetMetricData 50 TPS without Metrics Insights queries (adjustable), DescribeAlarmHistory 3 TPS (with
 * DeleteAlarms, DisableAlarmActions, EnableAlarmActions, SetAlarmState; not adjustable), GetMetricWidgetImage
 * 20 TPS (not adjustable). Above them CloudWatch answers 400 `Throttling` / `ThrottlingException`, "Rate exceeded".
 */
export const CLOUDWATCH_TPS = {
  GetMetricData: 50,
  DescribeAlarmHistory: 3,
  GetMetricWidgetImage: 20,
} as const;

export type CloudWatchOperation = keyof typeof CLOUDWATCH_TPS;

/**
 * The share of each quota the notifier functions may use together. The rest is left to people: an incident is
 * when everyone opens the dashboards and alarm histories, which read the same quotas.
 */
export const PIPELINE_SHARE = 0.5;

export interface BucketSpec {
  perSecond: number;
  /** Tokens the bucket holds at most. */
  burst: number;
  /** Tokens a new container starts with. */
  initial: number;
}

/** Operations this container does not call at all are absent: their part is left out, as offline. */
export type QuotaLimits = Partial<Record<CloudWatchOperation, BucketSpec>>;

/** How many containers read CloudWatch at once, as deployed: all of them, and those of the queued functions. */
export interface Containers {
  all: number;
  queued: number;
}

/**
 * One container's buckets. Each holds one call, refilled at the container's share of the quota:
 * `quota × PIPELINE_SHARE / containers`. GetMetricData (the trend) is read by every container: 25 a second over
 * 106 containers is a call every 4.2 s each, and a new container starts with one. DescribeAlarmHistory's 3 a second
 * cannot be raised and cannot be split over a hundred page containers (a storm starts dozens within a second):
 * only the queued functions' few pollers read it (Slack and email singles, where people read the context), and
 * the page path (`queued: false`) leaves the history out; PagerDuty's incident for the alarm lists its
 * re-triggers. GetMetricWidgetImage (graphs for the Slack app) likewise belongs to the queued functions.
 */
export function containerLimits(containers: Containers, queued: boolean): QuotaLimits {
  const spec = (operation: CloudWatchOperation, among: number): BucketSpec => ({
    perSecond: (CLOUDWATCH_TPS[operation] * PIPELINE_SHARE) / Math.max(1, among),
    burst: 1,
    initial: 1,
  });
  const trend = { GetMetricData: spec('GetMetricData', containers.all) };
  if (!queued) return trend;
  return {
    ...trend,
    DescribeAlarmHistory: spec('DescribeAlarmHistory', containers.queued),
    GetMetricWidgetImage: spec('GetMetricWidgetImage', containers.queued),
  };
}

/** A call not made: this container has spent its share of the operation's quota for now. */
export class QuotaReservedError extends Error {
  override readonly name = 'QuotaReservedError';
  constructor(readonly operation: CloudWatchOperation) {
    super(`${operation} not called: CloudWatch quota reserved during an alert storm`);
  }
}

export interface QuotaLimiter {
  /** Whether this container calls `operation` at all. */
  serves(operation: CloudWatchOperation): boolean;
  /** Takes a token for one call of `operation`; false when none is left (the call must not be made). */
  take(operation: CloudWatchOperation): boolean;
  /** CloudWatch throttled a call anyway: spend what is left, so the next call waits for a fresh token. */
  throttled(operation: CloudWatchOperation): void;
}

export function quotaLimiter(limits: QuotaLimits, now: () => number = Date.now): QuotaLimiter {
  const start = now();
  const buckets = new Map(Object.entries(limits).map(([op, spec]) => [op, { spec: spec!, tokens: spec!.initial, at: start }]));
  const refill = (operation: CloudWatchOperation) => {
    const b = buckets.get(operation)!;
    const t = now();
    b.tokens = Math.min(b.spec.burst, b.tokens + ((t - b.at) / 1000) * b.spec.perSecond);
    b.at = t;
    return b;
  };
  return {
    serves: (operation) => buckets.has(operation),
    take(operation) {
      if (!buckets.has(operation)) return false;
      const b = refill(operation);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    throttled(operation) {
      if (buckets.has(operation)) refill(operation).tokens = 0;
    },
  };
}

/** `call` made only with a token from `limiter` (any CloudWatch call: the readers below, a graph's image). */
export function limitedCall<I, O>(limiter: QuotaLimiter, operation: CloudWatchOperation, call: (input: I, signal?: AbortSignal) => Promise<O>) {
  return async (input: I, signal?: AbortSignal): Promise<O> => {
    if (!limiter.serves(operation)) throw new NotProvidedError(`${operation} is not read by this function`);
    if (!limiter.take(operation)) throw new QuotaReservedError(operation);
    try {
      return await call(input, signal);
    } catch (error) {
      if (isThrottling(error)) limiter.throttled(operation);
      throw error;
    }
  };
}

/** `reader`, calling CloudWatch only with a token from `limiter`. */
export function quotaLimitedReader(reader: CloudWatchReader, limiter: QuotaLimiter): CloudWatchReader {
  return {
    getMetricData: limitedCall(limiter, 'GetMetricData', (i, s) => reader.getMetricData(i, s)),
    describeAlarmHistory: limitedCall(limiter, 'DescribeAlarmHistory', (i, s) => reader.describeAlarmHistory(i, s)),
  };
}

/** This container's limiter, as deployed: its share of each quota among the most containers infra allows. */
export const containerQuota = (destination: { queued: boolean }, now?: () => number): QuotaLimiter =>
  quotaLimiter(containerLimits(ENRICHING_CONTAINERS_MAX, destination.queued), now);
