import { describe, expect, it } from 'vitest';
import { alarmedMetric } from '../../src/enrich/alarmed-metric.js';
import { thresholdInWords } from '../../src/enrich/threshold.js';
import type { Alert } from '../../src/model/alert.js';
import type { AlarmDefinition } from '../../src/alarms/types.js';
import { alb5xx, albLatency, anomalyAlarm, compositeAlarm, ecsCpuAlarm, ecsCpuHigh, mathAlarm, rdsStorageLow } from './fixtures.js';

const words = (alert: Alert, definition?: AlarmDefinition) => thresholdInWords(alert, alarmedMetric(alert, definition));

/** An alert of a catalog alarm whose payload carries only the numbers (as SNS notifications of math alarms do). */
const catalogAlert = (d: AlarmDefinition): Alert =>
  ecsCpuAlarm({
    alarmName: `ohmycoins-production-${d.id}`,
    trigger: {
      period: d.periodSeconds,
      evaluationPeriods: d.evaluationPeriods,
      datapointsToAlarm: d.datapointsToAlarm,
      comparison: d.comparison,
      threshold: d.threshold,
    },
  });

describe('threshold in words', () => {
  it('reads a catalog math alarm with its label, the period and the datapoints', () => {
    expect(words(catalogAlert(alb5xx), alb5xx)).toBe('5xx responses (ELB + targets, sum) above 10 in 5 minutes, 1 of 1 datapoints');
  });

  it('reads one-minute periods as minutes, with the percentile and the display unit', () => {
    expect(words(catalogAlert(albLatency), albLatency)).toBe('p99 TargetResponseTime ≥ 2 s for 3 of 5 minutes');
  });

  it('converts the raw threshold into the display unit (bytes to GB)', () => {
    expect(words(catalogAlert(rdsStorageLow), rdsStorageLow)).toBe('min FreeStorageSpace below 10 GB in 5 minutes, 1 of 1 datapoints');
  });

  it('uses the numbers that fired rather than the catalog defaults', () => {
    const alert = ecsCpuAlarm();
    alert.trigger = { ...alert.trigger, threshold: 90 };
    expect(words(alert, ecsCpuHigh)).toBe('average CPUUtilization above 90 % for 3 of 3 minutes');
  });

  it('reads an alarm outside the catalog from its trigger alone', () => {
    const alert = ecsCpuAlarm({ alarmName: 'hand-made', description: undefined });
    alert.trigger = { ...alert.trigger, unit: 'Percent' };
    expect(words(alert)).toBe('average CPUUtilization above 80 % for 3 of 3 minutes');
  });

  it('reads a metric-math alarm outside the catalog by its expression label', () => {
    expect(words(mathAlarm())).toBe('Total Network Traffic above 10,000 in 5 minutes, 1 of 1 datapoints');
  });

  it('reads an anomaly-detection alarm as the band and its width', () => {
    expect(words(anomalyAlarm())).toBe(
      'average CPUUtilization outside the anomaly band (0.8 standard deviations) for 3 of 3 periods of 5 minutes',
    );
  });

  it('says when missing data counts as breaching', () => {
    const alert = ecsCpuAlarm();
    alert.trigger = { ...alert.trigger, treatMissingData: 'breaching' };
    expect(words(alert, ecsCpuHigh)).toBe('average CPUUtilization above 80 % for 3 of 3 minutes; missing data counts as breaching');
  });

  it('gives a composite alarm its rule', () => {
    expect(words(compositeAlarm())).toBe('alarm rule: ALARM("Alarm1") AND ALARM("Alarm2")');
  });

  it('says nothing when the payload has no condition and the alarm is not in the catalog', () => {
    expect(words(ecsCpuAlarm({ trigger: undefined }))).toBeUndefined();
  });
});
