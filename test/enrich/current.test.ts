import { describe, expect, it } from 'vitest';
import { alarmedMetric } from '../../src/enrich/alarmed-metric.js';
import { currentValue, latestReasonValue } from '../../src/enrich/current.js';
import type { Alert } from '../../src/model/alert.js';
import { anomalyAlarm, ecsCpuAlarm, ecsCpuHigh, ecsCpuOk, mathAlarm, rdsStorageLow } from './fixtures.js';

const GIB = 1024 ** 3;

describe('latest value from the state-change reason', () => {
  it('takes the newest of reasonData.recentDatapoints (they are oldest first)', () => {
    expect(latestReasonValue(ecsCpuAlarm())).toBe(93.4);
  });

  it('takes the newest evaluated datapoint when recentDatapoints is empty', () => {
    const alert = ecsCpuAlarm({
      reasonData: {
        recentDatapoints: [],
        evaluatedDatapoints: [
          { timestamp: '2024-05-14T09:41:00.000+0000', value: 93.4 },
          { timestamp: '2024-05-14T09:40:00.000+0000', value: 88.1 },
        ],
      },
    });
    expect(latestReasonValue(alert)).toBe(93.4);
  });

  it('reads the first bracketed number of the reason text, which CloudWatch lists newest first', () => {
    expect(latestReasonValue(ecsCpuAlarm({ reasonData: undefined }))).toBe(93.4);
  });

  it('reads the last of "The most recent datapoints: [...]", the older reason format (oldest first)', () => {
    const alert = ecsCpuOk({
      reasonData: undefined,
      reason: 'Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.958, 40.292].',
    });
    expect(latestReasonValue(alert)).toBe(40.292);
  });

  it('finds nothing in a reason without datapoints', () => {
    const alert = ecsCpuOk({
      reasonData: { recentDatapoints: [] },
      reason: 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
    });
    expect(latestReasonValue(alert)).toBeUndefined();
  });
});

describe('current value and distance from the threshold', () => {
  const current = (alert: Alert, raw: number, definition = ecsCpuHigh) => currentValue(alert, alarmedMetric(alert, definition)!, raw);

  it('gives percentages and their distance in points', () => {
    expect(current(ecsCpuAlarm(), 93.4)).toEqual({ value: 93.4, text: '93.4 %', distance: '13.4 points above the threshold' });
  });

  it('says how far below the threshold an OK value is', () => {
    expect(current(ecsCpuOk(), 61.2).distance).toBe('18.8 points below the threshold');
  });

  it('converts bytes into the display unit before comparing', () => {
    const alert = ecsCpuAlarm({ trigger: { comparison: 'LessThanThreshold', threshold: 10 * GIB, period: 300 } });
    expect(current(alert, 8.2 * GIB, rdsStorageLow)).toEqual({ value: 8.2, text: '8.2 GB', distance: '1.8 GB below the threshold' });
  });

  it('says how many times the threshold a value far above it is', () => {
    const alert = mathAlarm();
    expect(currentValue(alert, alarmedMetric(alert)!, 45628).distance).toBe('35,628 above the threshold, 4.56× the threshold');
  });

  it('measures an anomaly against the band edge it crossed', () => {
    const alert = anomalyAlarm();
    expect(currentValue(alert, alarmedMetric(alert)!, 0).distance).toBe('0.0206 below the band (lower edge 0.0206)');
  });
});
