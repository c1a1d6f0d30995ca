/**
 * What the pipeline costs, built from what the bench measures: each function bundle, as deployed, replays its
 * storm invocations against AWS stand-ins that count every API call (scripts/bench.ts). Per function and per
 * record it receives: invocations, billed handler time, SQS, DynamoDB, CloudWatch and SNS requests. A stage's
 * mix of records per function comes from its route tables and catalog; prices are list prices for eu-west-1.
 */
import { catalogFor } from '../src/alarms/index.js';
import { stageConfig } from '../src/config/stages/index.js';
import { deployedIn, hasRetryQueue, topicsFor } from '../infra/pipeline.js';
import { DESTINATIONS } from '../src/destinations/index.js';
import type { AlarmState, Stage } from '../src/model/alert.js';
import { route } from '../src/route/index.js';

/** USD, eu-west-1, on-demand list prices without free tiers (a shared account has usually spent them). */
export const PRICES = {
  region: 'eu-west-1',
  checked: '2026-12-02',
  /** x86_64, first tier. */
  lambdaPerGbSecond: 0.0000166667,
  lambdaPerRequest: 0.2 / 1e6,
  /** Standard queues, per 64 KB request. */
  sqsPerRequest: 0.4 / 1e6,
  /** On-demand, standard table class (after the November 2024 halving). */
  dynamoPerWriteUnit: 0.7068 / 1e6,
  dynamoPerReadUnit: 0.1415 / 1e6,
  /** GetMetricData: per metric requested. */
  cloudwatchPerMetric: 0.01 / 1000,
  /** DescribeAlarmHistory and the other API requests. */
  cloudwatchPerRequest: 0.01 / 1000,
  snsPerPublish: 0.5 / 1e6,
  snsPerEmail: 2 / 100_000,
} as const;

/** Memory every notifier function is given (serverless.yml `provider.memorySize`). */
export const FUNCTION_MEMORY_MB = 128;

/**
 * Lambda polls each queue it reads with long polls, found empty when nothing waits: five pollers, 20-second
 * polls, 15 ReceiveMessage a minute per queue. A queued function reads its own queue (its retries stay in it);
 * PagerDuty, which SNS invokes, reads its retry queue.
 */
export const IDLE_RECEIVES_PER_QUEUE_MONTH = 15 * 60 * 24 * 30;

/** What one function did replaying its share of the storm, as measured. */
export interface FunctionUsage {
  /** SNS messages it received (records over all its invocations). */
  records: number;
  invocations: number;
  /** Handler time over all invocations (Slack's pacing waits included), plus the network it would wait for. */
  billedMs: number;
  /** Containers started, and the load time each cold start bills. */
  coldStarts: number;
  initMs: number;
  /** Reads a queue: SNS sends each record, Lambda receives and deletes each batch. */
  queued: boolean;
  /** Calls counted by the stand-ins, by operation (`DynamoDB_20120810.PutItem`, `AmazonSQS.SendMessage`, ...). */
  calls: Record<string, number>;
  cloudwatchMetrics: number;
  snsPublishes: number;
  emailRecipients: number;
}

export interface Usage1000 {
  lambdaRequests: number;
  lambdaGbSeconds: number;
  sqsRequests: number;
  dynamoWrites: number;
  dynamoReads: number;
  cloudwatchMetrics: number;
  cloudwatchRequests: number;
  snsPublishes: number;
  snsEmails: number;
}

const WRITES = /\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/;
const READS = /\.(GetItem|Query|Scan|BatchGetItem)$/;
const sum = (calls: Record<string, number>, match: (op: string) => boolean) =>
  Object.entries(calls).reduce((n, [op, c]) => (match(op) ? n + c : n), 0);

/** Usage per 1,000 records this function receives. Items are small (under 1 KB written, 4 KB read): one unit a request. */
export function usagePer1000(u: FunctionUsage): Usage1000 {
  const per = 1000 / Math.max(1, u.records);
  const platformSqs = u.queued ? u.records + 2 * u.invocations : 0;
  return {
    lambdaRequests: u.invocations * per,
    lambdaGbSeconds: ((u.billedMs + u.coldStarts * u.initMs) / 1000) * (FUNCTION_MEMORY_MB / 1024) * per,
    sqsRequests: (platformSqs + sum(u.calls, (op) => op.startsWith('AmazonSQS.'))) * per,
    dynamoWrites: sum(u.calls, (op) => WRITES.test(op)) * per,
    dynamoReads: sum(u.calls, (op) => READS.test(op)) * per,
    cloudwatchMetrics: u.cloudwatchMetrics * per,
    cloudwatchRequests: sum(u.calls, (op) => op.startsWith('GraniteServiceVersion20100801.') && !op.endsWith('.GetMetricData')) * per,
    snsPublishes: u.snsPublishes * per,
    snsEmails: u.snsPublishes * u.emailRecipients * per,
  };
}

export function priceOf(u: Usage1000): number {
  return (
    u.lambdaRequests * PRICES.lambdaPerRequest +
    u.lambdaGbSeconds * PRICES.lambdaPerGbSecond +
    u.sqsRequests * PRICES.sqsPerRequest +
    u.dynamoWrites * PRICES.dynamoPerWriteUnit +
    u.dynamoReads * PRICES.dynamoPerReadUnit +
    u.cloudwatchMetrics * PRICES.cloudwatchPerMetric +
    u.cloudwatchRequests * PRICES.cloudwatchPerRequest +
    u.snsPublishes * PRICES.snsPerPublish +
    u.snsEmails * PRICES.snsPerEmail
  );
}

/**
 * Of a stage's alerts, the share each function receives: every enabled catalog alarm going into ALARM and back to
 * OK, routed by the stage's tables (a function receives an alert when any of its routes takes it).
 */
export function shareByFunction(stage: Stage): Record<string, number> {
  const config = stageConfig(stage);
  const alarms = catalogFor(config).filter((d) => d.enabled);
  const states: AlarmState[] = ['ALARM', 'OK'];
  const total = alarms.length * states.length;
  return Object.fromEntries(
    DESTINATIONS.map((d) => {
      const reached = alarms.flatMap((a) => states.filter((s) => route([d], stage, a.severity, s).length > 0)).length;
      return [d.name, total ? reached / total : 0];
    }),
  );
}

export interface StageCost {
  stage: Stage;
  /** USD per 1,000 alerts published to the stage's topics. */
  per1000AlertsUsd: number;
  /** Queues Lambda polls whether or not anything arrives. */
  idleUsdPerMonth: number;
  monthlyUsd: Record<'100' | '10000' | '1000000', number>;
}

const ALERTS_PER_DAY = [100, 10_000, 1_000_000] as const;

export function stageCost(stage: Stage, per1000ByFunction: Record<string, number>): StageCost {
  const share = shareByFunction(stage);
  const per1000 = Object.entries(per1000ByFunction).reduce((usd, [fn, c]) => usd + (share[fn] ?? 0) * c, 0);
  // Only what the stage deploys is polled (Slack app mode has no queue where no channel uses it).
  const polled = (d: (typeof DESTINATIONS)[number]) => topicsFor(stage, d).length > 0 && (d.queued || hasRetryQueue(stage, d));
  const queues = deployedIn(stage, DESTINATIONS).filter(polled).length;
  const idle = queues * IDLE_RECEIVES_PER_QUEUE_MONTH * PRICES.sqsPerRequest;
  const monthly = (perDay: number) => Math.round(((perDay * 30) / 1000) * per1000 * 100 + idle * 100) / 100;
  return {
    stage,
    per1000AlertsUsd: per1000,
    idleUsdPerMonth: Math.round(idle * 100) / 100,
    monthlyUsd: Object.fromEntries(ALERTS_PER_DAY.map((n) => [String(n), monthly(n)])) as StageCost['monthlyUsd'],
  };
}
