import type { AlarmHistoryItem, DescribeAlarmHistoryCommandOutput } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { historyQuery, summariseHistory, transitionOf } from '../../src/enrich/history.js';
import { ecsCpuAlarm, ecsCpuOk } from './fixtures.js';

/**
 * A real `HistoryData` document (PRX/Infrastructure, notifications/lambdas/cloudwatch-alarm-notification-handler/
 * history_data.json, also in test/fixtures/corpus): what CloudWatch stores for an ALARM → OK transition.
 */
const PRX_HISTORY_DATA = JSON.stringify({
  version: '1.0',
  oldState: {
    stateValue: 'ALARM',
    stateReason: 'Threshold Crossed: 1 datapoint [6.0 (03/08/19 20:35:00)] was greater than the threshold (0.0).',
    stateReasonData: { version: '1.0', queryDate: '2019-08-03T20:36:32.716+0000', startDate: '2019-08-03T20:35:00.000+0000', statistic: 'Sum', period: 60, recentDatapoints: [6.0], threshold: 0.0 },
  },
  newState: {
    stateValue: 'OK',
    stateReason: 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
    stateReasonData: { version: '1.0', queryDate: '2019-08-03T20:46:32.717+0000', statistic: 'Sum', period: 60, recentDatapoints: [], threshold: 0.0 },
  },
});

const NAME = 'ohmycoins-production-ecs-cpu-high';

/** A StateUpdate item as DescribeAlarmHistory returns it. */
function change(at: string, from: string, to: string): AlarmHistoryItem {
  return {
    AlarmName: NAME,
    AlarmType: 'MetricAlarm',
    Timestamp: new Date(at),
    HistoryItemType: 'StateUpdate',
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({ version: '1.0', oldState: { stateValue: from }, newState: { stateValue: to } }),
  };
}

/** Newest first, as requested with ScanBy TimestampDescending. */
const output = (...items: AlarmHistoryItem[]): DescribeAlarmHistoryCommandOutput => ({ $metadata: {}, AlarmHistoryItems: items });

/** Transitions into ALARM at the given times (ISO), newest first. */
const firings = (...times: string[]) => times.flatMap((t) => [change(t, 'OK', 'ALARM')]);

const ALARM_AT = '2024-05-14T09:42:27.394Z';
const NOW = new Date('2024-05-14T09:42:40Z');

describe('history query', () => {
  it('asks for the state changes of the last 24 hours, metric and composite alarms alike, newest first', () => {
    expect(historyQuery(NAME, NOW)).toEqual({
      AlarmName: NAME,
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      HistoryItemType: 'StateUpdate',
      StartDate: new Date('2024-05-13T09:42:40Z'),
      EndDate: NOW,
      ScanBy: 'TimestampDescending',
      MaxRecords: 100,
    });
  });
});

describe('history item', () => {
  it("reads the new state from a real HistoryData document", () => {
    const item = { ...change('2019-08-03T20:46:32.717Z', 'ALARM', 'OK'), HistoryData: PRX_HISTORY_DATA, HistorySummary: 'Alarm updated' };
    expect(transitionOf(item)?.to).toBe('OK');
  });

  it('falls back to the summary when HistoryData is not JSON', () => {
    const item = { ...change('2019-08-03T20:46:32.717Z', 'OK', 'ALARM'), HistoryData: 'not json' };
    expect(transitionOf(item)?.to).toBe('ALARM');
  });
});

describe('history summary', () => {
  it('counts transitions into ALARM over the last 24 hours', () => {
    const history = summariseHistory(
      output(
        change(ALARM_AT, 'OK', 'ALARM'),
        change('2024-05-14T06:10:00Z', 'ALARM', 'OK'),
        ...firings('2024-05-14T06:00:00Z', '2024-05-13T22:00:00Z', '2024-05-13T12:00:00Z'),
      ),
      ecsCpuAlarm(),
      NOW,
    );
    expect(history).toEqual({ summary: 'fired 4 times in the last 24 h', firedLast24h: 4, flapping: false });
  });

  it('counts the alert being delivered when its own history item is not written yet', () => {
    expect(summariseHistory(output(...firings('2024-05-14T03:00:00Z')), ecsCpuAlarm(), NOW).summary).toBe('fired 2 times in the last 24 h');
  });

  it('says when this is the only firing of the day', () => {
    expect(summariseHistory(output(), ecsCpuAlarm(), NOW).summary).toBe('fired once in the last 24 h');
  });

  it('calls 3 firings within the hour flapping', () => {
    const history = summariseHistory(output(...firings(ALARM_AT, '2024-05-14T09:30:00Z', '2024-05-14T09:05:00Z')), ecsCpuAlarm(), NOW);
    expect(history).toEqual({ summary: 'fired 3 times in the last 24 h, 3 of them in the last hour', firedLast24h: 3, flapping: true });
  });

  it('calls 6 firings within 24 hours flapping', () => {
    const history = summariseHistory(
      output(...firings(ALARM_AT, '2024-05-14T07:00:00Z', '2024-05-14T04:00:00Z', '2024-05-14T01:00:00Z', '2024-05-13T20:00:00Z', '2024-05-13T15:00:00Z')),
      ecsCpuAlarm(),
      NOW,
    );
    expect(history.flapping).toBe(true);
  });

  it('does not call 2 firings an hour apart flapping', () => {
    expect(summariseHistory(output(...firings(ALARM_AT, '2024-05-14T08:00:00Z')), ecsCpuAlarm(), NOW).flapping).toBe(false);
  });

  it('says so when the history holds more changes than one page', () => {
    const history = summariseHistory({ ...output(...firings(ALARM_AT, '2024-05-14T08:00:00Z')), NextToken: 'more' }, ecsCpuAlarm(), NOW);
    expect(history.summary).toBe('fired at least 2 times in the last 24 h');
  });
});

describe('how long the ALARM lasted, on OK', () => {
  const okAt = new Date('2024-05-14T09:59:40Z');

  it('measures from the last transition into ALARM', () => {
    const history = summariseHistory(output(change('2024-05-14T09:59:27.405Z', 'ALARM', 'OK'), change(ALARM_AT, 'OK', 'ALARM')), ecsCpuOk(), okAt);
    expect(history.alarmDuration).toBe('17 min');
  });

  it("uses the alert's own previous-state time when the history does not show the transition", () => {
    const history = summariseHistory({ ...output(), NextToken: 'more' }, ecsCpuOk({ previousStateChangeTime: '2024-05-14T09:42:27.394+0000' }), okAt);
    expect(history.alarmDuration).toBe('17 min');
  });

  it('says more than 24 h when the full day of history has no transition into ALARM', () => {
    expect(summariseHistory(output(), ecsCpuOk(), okAt).alarmDuration).toBe('more than 24 h');
  });

  it('has no duration when the OK followed INSUFFICIENT_DATA', () => {
    const history = summariseHistory(output(change(ALARM_AT, 'OK', 'ALARM')), ecsCpuOk({ previousState: 'INSUFFICIENT_DATA' }), okAt);
    expect(history.alarmDuration).toBeUndefined();
  });
});
