/**
 * A container's share of CloudWatch's account-wide quotas: 50 GetMetricData and 3 DescribeAlarmHistory a second
 * (CloudWatch service quotas), half of each for the pipeline, divided among the containers that can run at once.
 */
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../src/config/stages/index.js';
import { NotProvidedError, type CloudWatchReader } from '../../src/enrich/cloudwatch.js';
import { enrich } from '../../src/enrich/index.js';
import { containerLimits, quotaLimitedReader, quotaLimiter, QuotaReservedError } from '../../src/enrich/quota.js';
import { parseSnsMessage } from '../../src/parse/index.js';
import { isAlert } from '../../src/model/alert.js';
import { readFileSync } from 'node:fs';

const containers = { all: 106, queued: 6 };

function countingReader(answer: () => Promise<never> | Promise<{ $metadata: object }> = async () => ({ $metadata: {} })) {
  const calls = { getMetricData: 0, describeAlarmHistory: 0 };
  const reader = {
    getMetricData: async () => (calls.getMetricData++, answer()),
    describeAlarmHistory: async () => (calls.describeAlarmHistory++, answer()),
  } as unknown as CloudWatchReader;
  return { reader, calls };
}

describe('a container’s CloudWatch quota', () => {
  it('shares 25 GetMetricData a second among 106 containers, and only the queued functions’ 6 pollers read history', () => {
    const page = containerLimits(containers, false);
    const queued = containerLimits(containers, true);
    expect(page.GetMetricData?.perSecond).toBeCloseTo(25 / 106, 6);
    expect(page.DescribeAlarmHistory).toBeUndefined();
    expect(queued.DescribeAlarmHistory?.perSecond).toBeCloseTo(1.5 / 6, 6);
    expect(queued.GetMetricWidgetImage?.perSecond).toBeCloseTo(10 / 6, 6);
    // Together they stay within half of each quota.
    expect(106 * page.GetMetricData!.perSecond).toBeCloseTo(25, 6);
    expect(6 * queued.DescribeAlarmHistory!.perSecond).toBeCloseTo(1.5, 6);
  });

  it('makes one call at once, then one every 1 / rate seconds: a call every 4.24 s for GetMetricData', async () => {
    let now = 0;
    const { reader, calls } = countingReader();
    const limited = quotaLimitedReader(reader, quotaLimiter(containerLimits(containers, false), () => now));
    await limited.getMetricData({} as never);
    await expect(limited.getMetricData({} as never)).rejects.toBeInstanceOf(QuotaReservedError);
    now = 4_200;
    await expect(limited.getMetricData({} as never)).rejects.toBeInstanceOf(QuotaReservedError);
    now = 4_250;
    await limited.getMetricData({} as never);
    expect(calls.getMetricData).toBe(2);
  });

  it('never calls DescribeAlarmHistory on the page path: the part is left out, as offline', async () => {
    const { reader, calls } = countingReader();
    const limited = quotaLimitedReader(reader, quotaLimiter(containerLimits(containers, false), () => 0));
    await expect(limited.describeAlarmHistory({} as never)).rejects.toBeInstanceOf(NotProvidedError);
    expect(calls.describeAlarmHistory).toBe(0);
  });

  it('does not retry a throttled call, and waits for a fresh token after one', async () => {
    let now = 0;
    const throttling = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    const { reader, calls } = countingReader(() => Promise.reject(throttling));
    const limited = quotaLimitedReader(reader, quotaLimiter({ GetMetricData: { perSecond: 1, burst: 2, initial: 2 } }, () => now));
    await expect(limited.getMetricData({} as never)).rejects.toBe(throttling);
    // The second token was spent by the throttle: nothing more until the next one, a second later.
    await expect(limited.getMetricData({} as never)).rejects.toBeInstanceOf(QuotaReservedError);
    now = 1_000;
    await expect(limited.getMetricData({} as never)).rejects.toBe(throttling);
    expect(calls.getMetricData).toBe(2);
  });

  it('labels an alert whose trend it kept from CloudWatch', async () => {
    const event = JSON.parse(readFileSync('test/events/ecs-cpu-alarm.json', 'utf8')) as { Records: Array<{ Sns: { Message: string; MessageId: string; TopicArn: string } }> };
    const sns = event.Records[0]!.Sns;
    const alert = parseSnsMessage(sns.Message, { messageId: sns.MessageId, topicArn: sns.TopicArn });
    if (!isAlert(alert)) throw new Error('the sample event is an alarm');
    const { reader } = countingReader();
    const limiter = quotaLimiter(containerLimits(containers, false), () => 0);
    limiter.take('GetMetricData');
    const enriched = await enrich(alert, {
      config: stageConfig('production'),
      severity: 'critical',
      severitySource: 'topic',
      cloudwatch: quotaLimitedReader(reader, limiter),
      now: new Date(alert.stateChangeTime),
    });
    expect(enriched.notes).toContain('trend not fetched: CloudWatch quota reserved during an alert storm');
    expect(enriched.notes.join(' ')).not.toMatch(/history/);
  });
});
