import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { lazyCloudWatchReader, sdkCloudWatchReader } from '../../src/enrich/cloudwatch.js';
import { enrich, type EnrichContext } from '../../src/enrich/index.js';
import { fileCloudWatchReader } from '../../src/enrich/offline.js';
import type { Alert } from '../../src/model/alert.js';
import { startFakeCloudWatch, type FakeCloudWatch } from '../support/fake-cloudwatch.js';
import { compositeAlarm, config, ecsCpuAlarm, ecsCpuHigh, ecsCpuOk } from './fixtures.js';

/**
 * enrich end to end: the real SDK CloudWatchClient talks to a fake CloudWatch on 127.0.0.1, which
 * answers, throttles, fails or hangs, one behaviour per operation.
 */

const ALARM_AT = new Date('2024-05-14T09:42:27.394Z');
const OK_AT = new Date('2024-05-14T09:59:27.405Z');
const epoch = (d: Date) => d.getTime() / 1000;

let fake: FakeCloudWatch;
let client: CloudWatchClient;

beforeAll(async () => {
  fake = await startFakeCloudWatch();
  client = new CloudWatchClient({
    endpoint: fake.url,
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDFAKEFORTESTS', secretAccessKey: 'fake-secret-for-tests' },
  });
});

afterAll(async () => {
  client.destroy();
  await fake.close();
});

afterEach(() => {
  fake.requests.length = 0;
});

/** The last hour of CPU, one value a minute, climbing past 80 % over the last 8 minutes. */
function cpuMetricData(end: Date) {
  const values = [...Array<number>(52).fill(40), 55, 70, 85, 90, 95, 97.1, 96, 93.4];
  const start = epoch(end) - 3600;
  return { MetricDataResults: [{ Id: 'm1', Label: 'CPUUtilization', Timestamps: values.map((_, i) => start + i * 60), Values: values, StatusCode: 'Complete' }], Messages: [] };
}

function historyItem(at: Date, from: string, to: string) {
  return {
    AlarmName: 'ohmycoins-production-ecs-cpu-high',
    AlarmType: 'MetricAlarm',
    Timestamp: epoch(at),
    HistoryItemType: 'StateUpdate',
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({ version: '1.0', oldState: { stateValue: from }, newState: { stateValue: to } }),
  };
}

function answerAll(now: Date, history = [historyItem(ALARM_AT, 'OK', 'ALARM'), historyItem(new Date('2024-05-14T03:00:00Z'), 'OK', 'ALARM')]) {
  fake.setBehaviour('GetMetricData', { kind: 'ok', body: cpuMetricData(now) });
  fake.setBehaviour('DescribeAlarmHistory', { kind: 'ok', body: { AlarmHistoryItems: history } });
}

function context(overrides: Partial<EnrichContext> = {}) {
  const warnings: Array<{ message: string; extra?: Record<string, unknown> }> = [];
  const ctx: EnrichContext = {
    config,
    definition: ecsCpuHigh,
    severity: 'critical',
    severitySource: 'topic',
    cloudwatch: sdkCloudWatchReader(client),
    now: new Date(ALARM_AT.getTime() + 10_000),
    logger: { warn: (message, extra) => warnings.push({ message, extra }) },
    ...overrides,
  };
  return { ctx, warnings };
}

describe('enrich with CloudWatch answering', () => {
  it('gives a catalog alarm every part, with nothing to note', async () => {
    answerAll(ALARM_AT);
    const { ctx } = context();
    const e = await enrich(ecsCpuAlarm(), ctx);
    expect(e.catalog).toEqual({
      id: 'ecs-cpu-high',
      title: 'Backend CPU high',
      meaning: 'API requests slow down and tasks may be replaced.',
      owner: 'platform',
      runbookUrl: 'https://github.com/ohmycoins/ohmycoins-alerting/blob/main/docs/runbooks/ecs-cpu-high.md',
    });
    expect(e.thresholdText).toBe('average CPUUtilization above 80 % for 3 of 3 minutes');
    expect(e.current).toEqual({ value: 93.4, text: '93.4 %', distance: '13.4 points above the threshold' });
    expect(e.trend?.sparkline).toMatch(/^▁+▃▅▇▇████ {2}last 93\.4 % · max 97\.1 % · threshold 80 % \(▆\) · 6 of 60 min above$/);
    expect(e.history).toEqual({ summary: 'fired 2 times in the last 24 h', firedLast24h: 2, flapping: false });
    expect(e.links.runbook).toBe(e.catalog?.runbookUrl);
    expect(e.links.resources.map((l) => l.label)).toEqual(['ECS service ohmycoins-production-backend', 'logs /ecs/ohmycoins-production-backend']);
    expect(e.notes).toEqual([]);
  });

  it('asks CloudWatch over AWS JSON 1.0 for the metric and the alarm history', async () => {
    answerAll(ALARM_AT);
    await enrich(ecsCpuAlarm(), context().ctx);
    const byOperation = Object.fromEntries(fake.requests.map((r) => [r.operation, r]));
    expect(byOperation['GetMetricData']).toMatchObject({
      target: 'GraniteServiceVersion20100801.GetMetricData',
      contentType: 'application/x-amz-json-1.0',
      body: { MetricDataQueries: [{ Id: 'm1', MetricStat: { Metric: { MetricName: 'CPUUtilization' }, Period: 60, Stat: 'Average' }, ReturnData: true }] },
    });
    expect(byOperation['DescribeAlarmHistory']?.body).toMatchObject({ AlarmName: 'ohmycoins-production-ecs-cpu-high', HistoryItemType: 'StateUpdate' });
  });

  it('says on OK how long the alarm was in ALARM', async () => {
    answerAll(OK_AT, [historyItem(OK_AT, 'ALARM', 'OK'), historyItem(ALARM_AT, 'OK', 'ALARM')]);
    const e = await enrich(ecsCpuOk(), context({ now: new Date(OK_AT.getTime() + 5_000) }).ctx);
    expect(e.history?.alarmDuration).toBe('17 min');
    expect(e.current?.text).toBe('61.2 %');
  });

  it('takes the current value from the trend when the reason carries none', async () => {
    answerAll(ALARM_AT);
    const alert = ecsCpuAlarm({ reason: 'Threshold Crossed: no datapoints were received for 3 periods.', reasonData: { recentDatapoints: [] } });
    expect((await enrich(alert, context().ctx)).current?.text).toBe('93.4 %');
  });

  it('reads only the history of a composite alarm, which has no metric', async () => {
    answerAll(ALARM_AT, []);
    const e = await enrich(compositeAlarm(), context({ definition: undefined }).ctx);
    expect(fake.requests.map((r) => r.operation)).toEqual(['DescribeAlarmHistory']);
    expect(fake.requests[0]?.body['AlarmTypes']).toEqual(['MetricAlarm', 'CompositeAlarm']);
    expect(e.thresholdText).toBe('alarm rule: ALARM("Alarm1") AND ALARM("Alarm2")');
    expect(e.links.children.map((l) => l.label)).toEqual(['Alarm1', 'Alarm2']);
  });
});

describe('enrich with CloudWatch failing', () => {
  it('leaves trend and history out when CloudWatch throttles, and says so once', async () => {
    fake.setBehaviour('GetMetricData', { kind: 'throttle' });
    fake.setBehaviour('DescribeAlarmHistory', { kind: 'throttle' });
    const { ctx, warnings } = context();
    const e = await enrich(ecsCpuAlarm(), ctx);
    expect([e.trend, e.history]).toEqual([undefined, undefined]);
    expect(e.notes).toEqual(['trend and history unavailable: CloudWatch throttled']);
    expect(warnings.map((w) => w.extra?.['operation']).sort()).toEqual(['DescribeAlarmHistory', 'GetMetricData']);
  });

  it('keeps what the payload says when CloudWatch throttles', async () => {
    fake.setBehaviour('GetMetricData', { kind: 'throttle' });
    fake.setBehaviour('DescribeAlarmHistory', { kind: 'throttle' });
    const e = await enrich(ecsCpuAlarm(), context().ctx);
    expect([e.thresholdText, e.current?.text, e.catalog?.id]).toEqual(['average CPUUtilization above 80 % for 3 of 3 minutes', '93.4 %', 'ecs-cpu-high']);
    expect(e.links.alarm).toContain('#alarmsV2:alarm/ohmycoins-production-ecs-cpu-high');
  });

  it('leaves out only the part whose call failed with a server error', async () => {
    answerAll(ALARM_AT);
    fake.setBehaviour('GetMetricData', { kind: 'error', status: 500 });
    const { ctx, warnings } = context();
    const e = await enrich(ecsCpuAlarm(), ctx);
    expect(e.trend).toBeUndefined();
    expect(e.history?.firedLast24h).toBe(2);
    expect(e.notes).toEqual(['trend unavailable: CloudWatch error (500)']);
    expect(warnings).toHaveLength(1);
  });

  it('names a permissions problem as such', async () => {
    answerAll(ALARM_AT);
    fake.setBehaviour('DescribeAlarmHistory', { kind: 'error', status: 403, code: 'AccessDenied', message: 'not authorized' });
    const e = await enrich(ecsCpuAlarm(), context().ctx);
    expect(e.notes).toEqual(['history unavailable: CloudWatch access denied']);
  });

  it('aborts calls that hang past the budget and resolves without them', async () => {
    fake.setBehaviour('GetMetricData', { kind: 'hang' });
    fake.setBehaviour('DescribeAlarmHistory', { kind: 'hang' });
    const budgetMs = 400;
    const started = Date.now();
    const e = await enrich(ecsCpuAlarm(), context({ budgetMs }).ctx);
    // Loose on purpose: without the abort, this would wait for the fake forever.
    expect(Date.now() - started).toBeLessThan(budgetMs * 5);
    expect(e.notes).toEqual(['trend and history unavailable: CloudWatch timed out']);
    expect(e.current?.text).toBe('93.4 %');
    await vi.waitFor(() => expect(fake.requests.map((r) => r.aborted)).toEqual([true, true]));
  });

  it('leaves out a part whose computation fails, and delivers the rest', async () => {
    answerAll(ALARM_AT);
    const broken = { ...ecsCpuHigh, toDisplay: (): number => { throw new TypeError('bad conversion'); } };
    const { ctx, warnings } = context({ definition: broken });
    const e = await enrich(ecsCpuAlarm(), ctx);
    expect(e.thresholdText).toBeUndefined();
    expect(e.notes).toContain('threshold left out: enrichment error');
    expect(e.history?.firedLast24h).toBe(2);
    expect(warnings.some((w) => w.extra?.['part'] === 'threshold')).toBe(true);
  });
});

describe('lazy reader', () => {
  it('creates its SDK client on first use and reads through it', async () => {
    answerAll(ALARM_AT);
    const reader = lazyCloudWatchReader({ region: 'eu-west-1', endpoint: fake.url, maxAttempts: 1 });
    const e = await enrich(ecsCpuAlarm(), context({ cloudwatch: reader }).ctx);
    expect(e.history?.firedLast24h).toBe(2);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('enrich offline', () => {
  it('uses the payload alone without a reader, and does not note what it did not try', async () => {
    const e = await enrich(ecsCpuAlarm(), context({ cloudwatch: undefined }).ctx);
    expect([e.trend, e.history]).toEqual([undefined, undefined]);
    expect(e.current?.text).toBe('93.4 %');
    expect(e.notes).toEqual([]);
  });

  it('draws the trend from a saved get-metric-data file and stays quiet about the missing history file', async () => {
    const saved = {
      MetricDataResults: [{ Id: 'cpu', Timestamps: ['2024-05-14T09:41:00+00:00', '2024-05-14T09:40:00+00:00'], Values: [93.4, 88.1] }],
    };
    const e = await enrich(ecsCpuAlarm(), context({ cloudwatch: fileCloudWatchReader(saved) }).ctx);
    expect(e.trend?.sparkline).toMatch(/^·+▁█ {2}last 93\.4 %/);
    expect(e.notes).toEqual([]);
  });

  it('notes an alarm outside the catalog, and still derives everything the payload allows', async () => {
    const alert: Alert = ecsCpuAlarm({ alarmName: 'hand-made-cpu', description: undefined });
    const e = await enrich(alert, context({ cloudwatch: undefined, definition: undefined }).ctx);
    expect(e.notes).toEqual(['not in the alarm catalog: no runbook or owner']);
    expect([e.thresholdText, e.current?.text]).toEqual(['average CPUUtilization above 80 for 3 of 3 minutes', '93.4']);
    expect(e.links.alarm).toContain('#alarmsV2:alarm/hand-made-cpu');
  });

  it("carries parse's notes forward", async () => {
    const alert = ecsCpuAlarm({ notes: ['region unknown: used the topic region'] });
    expect((await enrich(alert, context({ cloudwatch: undefined }).ctx)).notes).toEqual(['region unknown: used the topic region']);
  });
});
