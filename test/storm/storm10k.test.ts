/**
 * Issue 13's storm, ten times issue 7's, as a specification: 1,000 alarms of a whole estate send 10,000
 * notifications within a minute, 5 % of SNS deliveries arrive twice, and the real handlers deliver them in the
 * deployed topology (PagerDuty per message within its reserved concurrency, Slack and email from 5-second SQS
 * batches) on a simulated clock, enriching from a CloudWatch that enforces the account's documented quotas.
 * One run, about 20 to 50 s of real time on two shared cores; nothing here measures real time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../bench/storm/clock.js';
import { simulatedCloudWatch } from '../../bench/storm/cloudwatch.js';
import { runStorm, type StormRun } from '../../bench/storm/index.js';
import { STORM10K, stormMessages, type StormMessage } from '../../bench/storm/scenario.js';
import { expectNothingLost, expectNothingTwice, expectSlackPaced } from './invariants.js';
import { REQUIRED_ROUTES } from '../support/required-routes.js';

const required = (m: StormMessage) => REQUIRED_ROUTES.production[m.alarm.severity][m.state];
const messages = stormMessages(STORM10K);
const requiredCount = messages.reduce((n, m) => n + required(m).length, 0);

/**
 * CloudWatch's default quotas per account and Region, transactions per second, as "CloudWatch service quotas"
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html) states them.
 */
const DOCUMENTED_TPS = { GetMetricData: 50, DescribeAlarmHistory: 3, GetMetricWidgetImage: 20 };

let storm: StormRun;

beforeAll(async () => {
  storm = await runStorm({ shape: STORM10K, destinationsOf: required });
}, 300_000);

describe('an alert storm of 10,000 notifications from 1,000 alarms within a minute', () => {
  it('is the storm the issue describes', () => {
    expect(storm.account).toMatchObject({ events: 10_000, alarms: 1_000 });
    expect(Math.max(...messages.map((m) => m.publishedAt))).toBeLessThan(60_000);
    // Every notification has at least one subscription: 5 % of them, give or take the dice, arrive twice.
    expect(storm.account.snsDuplicates).toBeGreaterThanOrEqual(0.04 * 10_000);
    expect(storm.stuckTimers).toBe(0);
  });

  it('names its alarms under the stage rule, beyond the catalog: ohmycoins-production-<check>-<resource>', () => {
    const names = new Set(messages.map((m) => m.alarm.name));
    expect(names.size).toBe(1_000);
    for (const name of names) expect(name).toMatch(/^ohmycoins-production-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(names).toContain('ohmycoins-production-ecs-cpu-high');
    expect([...names].filter((n) => n.startsWith('ohmycoins-production-ecs-cpu-high-')).length).toBeGreaterThan(50);
  });

  it('loses nothing: every routed notification is delivered or overtaken by a newer state, none dead-lettered', () => {
    expectNothingLost(storm, requiredCount);
  });

  it('delivers nothing twice, although SNS delivered hundreds of messages twice', () => {
    expectNothingTwice(storm);
  });

  it('posts to each Slack channel at most once per second', () => {
    expectSlackPaced(storm);
  });

  it('pages every critical ALARM within 10 seconds of its publication', () => {
    const criticalAlarms = messages.filter((m) => m.alarm.severity === 'critical' && m.state === 'ALARM');
    const overtaken = new Set(
      storm.logs.filter((e) => e.fields.outcome === 'superseded' && e.fields.destination === 'pagerduty:trigger').map((e) => e.fields.messageId),
    );
    const paged = new Set(storm.logs.filter((e) => e.fields.outcome === 'sent' && e.fields.destination === 'pagerduty:trigger').map((e) => e.fields.messageId));
    for (const m of criticalAlarms) expect(paged.has(m.messageId) || overtaken.has(m.messageId)).toBe(true);
    expect(storm.account.criticalPageMaxDelayMs).toBeLessThanOrEqual(10_000);
    expect(storm.account.criticalResolveMaxDelayMs).toBeLessThanOrEqual(10_000);
  });

  it('keeps enrichment within CloudWatch quotas: at most 1 % of its calls throttled, never more a second than documented', () => {
    const { calls, throttled, maxPerSecond } = storm.cloudwatch;
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    const refused = Object.values(throttled).reduce((a, b) => a + b, 0);
    // It still enriches: the trend of hundreds of pages.
    expect(calls.GetMetricData).toBeGreaterThan(100);
    expect(refused).toBeLessThanOrEqual(0.01 * total);
    for (const [operation, tps] of Object.entries(DOCUMENTED_TPS)) expect(maxPerSecond[operation as keyof typeof maxPerSecond]).toBeLessThanOrEqual(tps);
  });

  it('says on a page why its trend is missing, when the quota was kept for the storm', () => {
    const pages = storm.received.pagerDuty.filter((r) => r.body.event_action === 'trigger').map((r) => JSON.stringify(r.body));
    expect(pages.some((p) => p.includes('trend not fetched: CloudWatch quota reserved during an alert storm'))).toBe(true);
  });
});

describe('the CloudWatch count itself', () => {
  it('throttles as CloudWatch does: a fourth DescribeAlarmHistory within one second is answered ThrottlingException', async () => {
    const clock = new VirtualClock();
    const cloudwatch = simulatedCloudWatch(clock, 250);
    const input = { AlarmName: 'ohmycoins-production-ecs-cpu-high' };
    const outcomes: string[] = [];
    const call = () => cloudwatch.reader.describeAlarmHistory(input).then(() => 'ok', (e: Error) => `${e.name}: ${e.message}`);
    clock.at(0, () => void Promise.all([call(), call(), call(), call()]).then((r) => outcomes.push(...r)));
    clock.at(1_000, () => void call().then((r) => outcomes.push(r)));
    await clock.run();
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ThrottlingException: Rate exceeded', 'ok']);
    expect(cloudwatch.count()).toMatchObject({ calls: { DescribeAlarmHistory: 5 }, throttled: { DescribeAlarmHistory: 1 }, maxPerSecond: { DescribeAlarmHistory: 3 } });
  });
});
