import type { GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { alarmedMetric } from '../../src/enrich/alarmed-metric.js';
import { seriesOf, sparkline, trendOf, trendQuery, trendWindow } from '../../src/enrich/trend.js';
import { alb5xx, anomalyAlarm, ecsCpuAlarm, ecsCpuHigh } from './fixtures.js';

const NOW = new Date('2024-05-14T09:42:27.394Z');

describe('sparkline', () => {
  it('draws one block per value, lowest to highest', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7]).bars).toBe('▁▂▃▄▅▆▇█');
  });

  it('scales over the threshold too, and names the block the threshold falls on', () => {
    expect(sparkline([10, 20, 30], 40)).toEqual({ bars: '▁▃▆', thresholdBar: '█' });
  });

  it('leaves a threshold far outside the data off the scale so the curve keeps its shape', () => {
    expect(sparkline([10, 12, 14], 80)).toEqual({ bars: '▁▅█', thresholdBar: undefined });
  });

  it('marks periods without data with a visible gap', () => {
    expect(sparkline([1, undefined, 8]).bars).toBe('▁·█');
  });

  it('draws a flat series at the bottom', () => {
    expect(sparkline([5, 5, 5]).bars).toBe('▁▁▁');
  });
});

describe('trend window and query', () => {
  it('asks for the last 60 one-minute values of an averaged metric, aligned to whole minutes', () => {
    const w = trendWindow(alarmedMetric(ecsCpuAlarm(), ecsCpuHigh)!, NOW);
    expect(w).toEqual({ start: new Date('2024-05-14T08:42:00Z'), end: new Date('2024-05-14T09:42:00Z'), period: 60 });
  });

  it("keeps a summed metric's own period, so each bar compares with the threshold", () => {
    const metric = alarmedMetric(ecsCpuAlarm({ trigger: { period: 300 } }), alb5xx)!;
    expect(trendWindow(metric, NOW)).toEqual({ start: new Date('2024-05-14T08:40:00Z'), end: new Date('2024-05-14T09:40:00Z'), period: 300 });
  });

  it('queries a single metric with its statistic', () => {
    const metric = alarmedMetric(ecsCpuAlarm(), ecsCpuHigh)!;
    const input = trendQuery(metric, trendWindow(metric, NOW));
    expect(input.MetricDataQueries).toEqual([
      {
        Id: 'm1',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ECS',
            MetricName: 'CPUUtilization',
            Dimensions: [
              { Name: 'ServiceName', Value: 'ohmycoins-production-backend' },
              { Name: 'ClusterName', Value: 'ohmycoins-production' },
            ],
          },
          Period: 60,
          Stat: 'Average',
        },
        ReturnData: true,
      },
    ]);
  });

  it('queries a math alarm as its expression over its inputs, returning only the expression', () => {
    const metric = alarmedMetric(ecsCpuAlarm({ trigger: { period: 300 } }), alb5xx)!;
    const queries = trendQuery(metric, trendWindow(metric, NOW)).MetricDataQueries ?? [];
    expect(queries.map((q) => [q.Id, q.Expression ?? q.MetricStat?.Metric?.MetricName, q.ReturnData])).toEqual([
      ['elb', 'HTTPCode_ELB_5XX_Count', false],
      ['target', 'HTTPCode_Target_5XX_Count', false],
      ['alarmed', 'elb + target', true],
    ]);
  });

  it('leaves the anomaly band out of the query', () => {
    const metric = alarmedMetric(anomalyAlarm())!;
    expect(trendQuery(metric, trendWindow(metric, NOW)).MetricDataQueries?.map((q) => q.Id)).toEqual(['m1']);
  });
});

describe('trend', () => {
  const metric = alarmedMetric(ecsCpuAlarm(), ecsCpuHigh)!;
  const window = trendWindow(metric, NOW);
  /** CPU at 40 % for 52 minutes, then climbing past 80 %. */
  const values = [...Array<number>(52).fill(40), 55, 70, 85, 90, 95, 97.1, 96, 93.4];
  const output = (v: number[]): GetMetricDataCommandOutput => ({
    $metadata: {},
    MetricDataResults: [{ Id: 'm1', Timestamps: v.map((_, i) => new Date(window.start.getTime() + i * 60_000)), Values: v, StatusCode: 'Complete' }],
  });

  it('places each datapoint in its minute', () => {
    const series = seriesOf(output(values), metric, window);
    expect(series).toHaveLength(60);
    expect(series?.[59]).toBe(93.4);
  });

  it('shows the last hour with the latest value, the peak, the threshold and the minutes above it', () => {
    const trend = trendOf(seriesOf(output(values), metric, window)!, metric, window);
    expect(trend?.sparkline).toBe(
      `${'▁'.repeat(52)}▃▅▇▇████  last 93.4 % · max 97.1 % · threshold 80 % (▆) · 6 of 60 min above`,
    );
    expect(trend).toMatchObject({ from: '2024-05-14T08:42:00.000Z', to: '2024-05-14T09:42:00.000Z', min: 40, max: 97.1, points: 6 });
  });

  it('fits the hour in 20 cells of 3 minutes for a phone line, each the highest of its minutes', () => {
    // Cells 0–16 are 40; cell 17 is max(40, 55, 70), 18 max(85, 90, 95), 19 max(97.1, 96, 93.4).
    // Scale 40–97.1 over 0–7: 70 → 3.7 → ▅, 95 → 6.7 → █, 97.1 → █.
    const trend = trendOf(seriesOf(output(values), metric, window)!, metric, window);
    expect(trend?.cells).toBe(`${'▁'.repeat(17)}▅██`);
    expect(trend?.span).toBe('60 min');
  });

  it('has no trend when CloudWatch returned no datapoints', () => {
    expect(seriesOf(output([]), metric, window)).toBeUndefined();
  });

  it('shows saved data from another hour as its own last hour (offline render)', () => {
    const old: GetMetricDataCommandOutput = {
      $metadata: {},
      MetricDataResults: [{ Id: 'm1', Timestamps: [new Date('2019-01-01T00:00:00Z'), new Date('2019-01-01T00:01:00Z')], Values: [1, 2] }],
    };
    expect(seriesOf(old, metric, window)?.slice(-2)).toEqual([1, 2]);
  });
});
