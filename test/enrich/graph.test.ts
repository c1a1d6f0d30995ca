/**
 * The alarm's graph (issue 12): CloudWatch draws the alarm's own metric or metric math over the last 3 hours, with
 * the threshold line and the ALARM time marked; only for a change into ALARM; within the enrichment budget; and
 * when it cannot be drawn, why, in words for on-call. Drawn through the real SDK client against a CloudWatch stand-in.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alarmedMetric } from '../../src/enrich/alarmed-metric.js';
import { drawGraph, graphRequest, imagesWithinQuota, sdkMetricWidgetImages } from '../../src/enrich/graph.js';
import { enrich } from '../../src/enrich/index.js';
import type { Alert } from '../../src/model/alert.js';
import { startFakeCloudWatch, type FakeCloudWatch } from '../support/fake-cloudwatch.js';
import { SMALL_PNG, widgetImageBody } from '../support/png.js';
import { alb5xx, anomalyAlarm, compositeAlarm, config, ecsCpuAlarm, ecsCpuHigh, ecsCpuOk, mathAlarm } from './fixtures.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// 15 minutes after the ECS CPU alarm fired at 09:42:27 UTC.
const NOW = new Date('2024-05-14T09:57:27.394Z');
const widgetOf = (alert: Alert, definition = ecsCpuHigh, now = NOW) => {
  const request = graphRequest(alert, alarmedMetric(alert, definition), definition.title, 1500, now);
  return request && { ...request, widget: JSON.parse(request.metricWidget) as Record<string, unknown> };
};

describe('what CloudWatch is asked to draw', () => {
  it('an ALARM: its metric over the last 3 hours, the threshold line shaded on the alarming side, the ALARM time marked', () => {
    const request = widgetOf(ecsCpuAlarm())!;
    expect(request.title).toBe('Backend CPU high, last 3 h');
    expect(request.budgetMs).toBe(1500);
    expect(request.widget).toEqual({
      title: 'Backend CPU high: average CPUUtilization',
      view: 'timeSeries',
      stacked: false,
      metrics: [['AWS/ECS', 'CPUUtilization', 'ServiceName', 'ohmycoins-production-backend', 'ClusterName', 'ohmycoins-production', { id: 'm1', stat: 'Average', period: 60 }]],
      region: 'eu-west-1',
      period: 60,
      start: '-PT3H',
      end: 'P0D',
      annotations: {
        horizontal: [{ label: 'threshold 80 %', value: 80, color: '#d62728', fill: 'above' }],
        vertical: [{ label: 'ALARM', value: '2024-05-14T09:42:27.394Z', color: '#d62728' }],
      },
      legend: { position: 'bottom' },
      width: 600,
      height: 300,
    });
  });

  it('metric math: the alarmed expression drawn, its inputs fetched but hidden', () => {
    const alert = mathAlarm();
    const request = graphRequest(alert, alarmedMetric(alert), 'TotalNetworkTrafficTooHigh', 1500, new Date('2019-10-02T18:00:00Z'))!;
    const widget = JSON.parse(request.metricWidget) as { metrics: unknown[]; period: number; annotations: { horizontal: unknown[] } };
    expect(widget.metrics).toEqual([
      ['AWS/EC2', 'NetworkIn', 'InstanceId', 'i-12345678901234567', { id: 'm1', stat: 'Maximum', period: 300, visible: false }],
      ['AWS/EC2', 'NetworkOut', 'InstanceId', 'i-12345678901234567', { id: 'm2', stat: 'Maximum', period: 300, visible: false }],
      [{ expression: 'SUM(METRICS())', id: 'e1', label: 'Total Network Traffic' }],
    ]);
    expect(widget.period).toBe(300);
    // No catalog unit: the raw number alone.
    expect(widget.annotations.horizontal).toEqual([{ label: 'threshold 10000', value: 10000, color: '#d62728', fill: 'above' }]);
  });

  it('a catalog math alarm from its definition when the notification names no metrics', () => {
    const alert = ecsCpuAlarm({ alarmName: 'ohmycoins-production-alb-5xx', trigger: { comparison: 'GreaterThanThreshold', threshold: 10 } });
    const widget = JSON.parse(graphRequest(alert, alarmedMetric(alert, alb5xx), alb5xx.title, 1500, NOW)!.metricWidget) as { metrics: unknown[][] };
    expect(widget.metrics.at(-1)).toEqual([{ expression: 'elb + target', id: 'alarmed', label: '5xx responses (ELB + targets, sum)' }]);
    expect(widget.metrics.slice(0, -1).every((row) => JSON.stringify(row.at(-1)).includes('"visible":false'))).toBe(true);
  });

  it('an anomaly alarm: the expected band instead of a threshold line', () => {
    const alert = anomalyAlarm();
    const widget = JSON.parse(graphRequest(alert, alarmedMetric(alert), alert.alarmName, 1500, new Date('2019-10-03T16:10:00Z'))!.metricWidget) as {
      metrics: unknown[];
      annotations: { horizontal: unknown[]; vertical: unknown[] };
    };
    expect(widget.metrics).toEqual([
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-12345678901234567', { id: 'm1', stat: 'Average', period: 300 }],
      [{ expression: 'ANOMALY_DETECTION_BAND(m1, 0.8)', id: 'band', label: 'expected band' }],
    ]);
    expect(widget.annotations.horizontal).toEqual([]);
    expect(widget.annotations.vertical).toEqual([{ label: 'ALARM', value: '2019-10-03T16:00:04.653Z', color: '#d62728' }]);
  });

  it('delivered late (a retry hours later): the 3 hours around the ALARM, which a relative window would have scrolled away', () => {
    const widget = widgetOf(ecsCpuAlarm(), ecsCpuHigh, new Date('2024-05-14T15:00:00Z'))!.widget;
    expect([widget.start, widget.end]).toEqual(['2024-05-14T07:12:27.394Z', '2024-05-14T10:12:27.394Z']);
  });

  it('nothing for an OK (a graph of a recovery is not worth a call), nor for a composite alarm (it has no metric)', () => {
    expect(widgetOf(ecsCpuOk())).toBeUndefined();
    expect(widgetOf(ecsCpuAlarm({ state: 'INSUFFICIENT_DATA' }))).toBeUndefined();
    const composite = compositeAlarm();
    expect(graphRequest(composite, alarmedMetric(composite), composite.alarmName, 1500, NOW)).toBeUndefined();
  });

  it('is asked for by enrichment only for a destination that draws graphs', async () => {
    const base = { config, definition: ecsCpuHigh, severity: 'critical' as const, severitySource: 'catalog' as const, now: NOW };
    expect((await enrich(ecsCpuAlarm(), { ...base, graph: graphRequest })).graphRequest?.title).toBe('Backend CPU high, last 3 h');
    expect((await enrich(ecsCpuAlarm(), base)).graphRequest).toBeUndefined();
    expect((await enrich(ecsCpuOk(), { ...base, graph: graphRequest })).graphRequest).toBeUndefined();
  });
});

describe('drawing it, within the budget', () => {
  let cloudwatch: FakeCloudWatch;
  let images: ReturnType<typeof sdkMetricWidgetImages>;
  const warnings: Array<Record<string, unknown>> = [];
  const log = { warn: (message: string, extra?: Record<string, unknown>) => void warnings.push({ message, ...extra }) };
  const request = () => ({ ...widgetOf(ecsCpuAlarm())!, budgetMs: 300 });

  beforeEach(async () => {
    cloudwatch = await startFakeCloudWatch();
    warnings.length = 0;
    const client = new CloudWatchClient({ endpoint: cloudwatch.url, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } });
    images = sdkMetricWidgetImages(client);
  });
  afterEach(async () => cloudwatch.close());

  it('returns the PNG CloudWatch drew, having sent the widget as built', async () => {
    cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'ok', body: widgetImageBody() });
    const graph = await drawGraph(request(), images, log);
    expect(graph).toEqual({ title: 'Backend CPU high, last 3 h', png: SMALL_PNG });
    expect(cloudwatch.requests.map((r) => [r.operation, r.body.MetricWidget, r.body.OutputFormat])).toEqual([['GetMetricWidgetImage', request().metricWidget, 'png']]);
  });

  it('throttled: says so, and logs it', async () => {
    cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'throttle' });
    expect(await drawGraph(request(), images, log)).toEqual({ title: 'Backend CPU high, last 3 h', missing: 'graph not drawn: CloudWatch throttled' });
    expect(warnings).toMatchObject([{ operation: 'GetMetricWidgetImage', reason: 'CloudWatch throttled' }]);
  });

  it('hanging: gives up at the budget, cancels the request and says CloudWatch timed out', async () => {
    cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'hang' });
    expect(await drawGraph(request(), images, log)).toEqual({ title: 'Backend CPU high, last 3 h', missing: 'graph not drawn: CloudWatch timed out' });
    await expect.poll(() => cloudwatch.requests[0]?.aborted).toBe(true);
  });

  it('access denied (a role without cloudwatch:GetMetricWidgetImage) and an empty image are said as such', async () => {
    cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'error', status: 403, code: 'AccessDenied', message: 'not authorized' });
    expect(await drawGraph(request(), images, log)).toMatchObject({ missing: 'graph not drawn: CloudWatch access denied' });
    cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'ok', body: {} });
    expect(await drawGraph(request(), images, log)).toMatchObject({ missing: 'graph not drawn: CloudWatch returned no image' });
  });

  it('within the container\'s share of the 20-a-second quota: a second graph at the same instant is not asked for', async () => {
    cloudwatch.setBehaviour('GetMetricWidgetImage', { kind: 'ok', body: widgetImageBody() });
    const limited = imagesWithinQuota({ queued: true }, images, () => 0);

    expect(await drawGraph(request(), limited, log)).toMatchObject({ png: SMALL_PNG });
    expect(await drawGraph(request(), limited, log)).toEqual({
      title: 'Backend CPU high, last 3 h',
      missing: 'graph not drawn: CloudWatch quota reserved during an alert storm',
    });
    expect(cloudwatch.requests).toHaveLength(1);
  });
});
