import type { GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { NotProvidedError } from '../../src/enrich/cloudwatch.js';
import { fileCloudWatchReader } from '../../src/enrich/offline.js';

/** `aws cloudwatch get-metric-data --output json` (CLI v2: ISO timestamps, newest first by default). */
const METRICS_FILE = {
  MetricDataResults: [
    {
      Id: 'cpu',
      Label: 'CPUUtilization',
      Timestamps: ['2024-05-14T09:41:00+00:00', '2024-05-14T09:40:00+00:00'],
      Values: [93.4, 88.1],
      StatusCode: 'Complete',
    },
  ],
  Messages: [],
};

/** `aws cloudwatch describe-alarm-history --output json`, here without --alarm-name. */
const HISTORY_FILE = {
  AlarmHistoryItems: [
    {
      AlarmName: 'ohmycoins-production-ecs-cpu-high',
      AlarmType: 'MetricAlarm',
      Timestamp: '2024-05-14T09:42:27.394000+00:00',
      HistoryItemType: 'StateUpdate',
      HistorySummary: 'Alarm updated from OK to ALARM',
      HistoryData: '{"version":"1.0","oldState":{"stateValue":"OK"},"newState":{"stateValue":"ALARM"}}',
    },
    {
      AlarmName: 'another-alarm',
      AlarmType: 'MetricAlarm',
      Timestamp: '2024-05-14T08:00:00.000000+00:00',
      HistoryItemType: 'StateUpdate',
      HistorySummary: 'Alarm updated from OK to ALARM',
      HistoryData: '{}',
    },
  ],
};

const query: GetMetricDataCommandInput = {
  MetricDataQueries: [{ Id: 'm1', ReturnData: true }],
  StartTime: new Date('2024-05-14T08:42:00Z'),
  EndTime: new Date('2024-05-14T09:42:00Z'),
};

describe('file CloudWatch reader', () => {
  it('serves get-metric-data output with its timestamps as dates', async () => {
    const out = await fileCloudWatchReader(METRICS_FILE).getMetricData(query);
    expect(out.MetricDataResults?.[0]?.Timestamps).toEqual([new Date('2024-05-14T09:41:00Z'), new Date('2024-05-14T09:40:00Z')]);
    expect(out.MetricDataResults?.[0]?.Values).toEqual([93.4, 88.1]);
  });

  it("answers for the query's own id when the saved output has a single series", async () => {
    const out = await fileCloudWatchReader(METRICS_FILE).getMetricData(query);
    expect(out.MetricDataResults?.map((r) => r.Id)).toEqual(['m1']);
  });

  it("serves the asked alarm's history items with their timestamps as dates", async () => {
    const out = await fileCloudWatchReader(undefined, HISTORY_FILE).describeAlarmHistory({ AlarmName: 'ohmycoins-production-ecs-cpu-high' });
    expect(out.AlarmHistoryItems).toHaveLength(1);
    expect(out.AlarmHistoryItems?.[0]?.Timestamp).toEqual(new Date('2024-05-14T09:42:27.394Z'));
  });

  it('reports a document that was not given as not provided, so enrichment stays quiet about it', async () => {
    await expect(fileCloudWatchReader(METRICS_FILE).describeAlarmHistory({})).rejects.toBeInstanceOf(NotProvidedError);
  });

  it('rejects a file that is not get-metric-data output, saying what it expected', () => {
    expect(() => fileCloudWatchReader({ MetricAlarms: [] })).toThrow(/not get-metric-data output: expected an object with a "MetricDataResults" array/);
  });

  it('rejects a timestamp it cannot read, saying where it is', () => {
    const broken = { AlarmHistoryItems: [{ ...HISTORY_FILE.AlarmHistoryItems[0], Timestamp: 'yesterday' }] };
    expect(() => fileCloudWatchReader(undefined, broken)).toThrow('describe-alarm-history output: AlarmHistoryItems[0].Timestamp is not a timestamp ("yesterday")');
  });
});
