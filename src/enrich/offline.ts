/**
 * A CloudWatchReader over saved CLI output, for the offline `render --metrics <file> --history <file>`:
 * JSON exactly as `aws cloudwatch get-metric-data --output json` and
 * `aws cloudwatch describe-alarm-history --output json` print it (ISO timestamps).
 */
import type {
  AlarmHistoryItem,
  DescribeAlarmHistoryCommandOutput,
  GetMetricDataCommandOutput,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { NotProvidedError, type CloudWatchReader } from './cloudwatch.js';
import { toEpochMs } from './format.js';

/**
 * Throws (with what is wrong) when a document is not the CLI output it should be, so `render` can say so
 * before anything is drawn. A document left out makes that part absent, without a note.
 */
export function fileCloudWatchReader(metricsJson?: unknown, historyJson?: unknown): CloudWatchReader {
  const results = metricsJson === undefined ? undefined : metricResults(metricsJson);
  const items = historyJson === undefined ? undefined : historyItems(historyJson);
  return {
    async getMetricData(input) {
      if (!results) throw new NotProvidedError('no get-metric-data output given');
      // The saved query used its own ids: a single series answers for whatever this query returns.
      const wanted = (input.MetricDataQueries ?? []).filter((q) => q.ReturnData !== false).map((q) => q.Id);
      const only = results.length === 1 && results[0] && !wanted.includes(results[0].Id) ? [{ ...results[0], Id: wanted[0] }] : results;
      return { MetricDataResults: only, Messages: [], $metadata: {} } satisfies GetMetricDataCommandOutput;
    },
    async describeAlarmHistory(input) {
      if (!items) throw new NotProvidedError('no describe-alarm-history output given');
      const forAlarm = items.filter((i) => !input.AlarmName || !i.AlarmName || i.AlarmName === input.AlarmName);
      return { AlarmHistoryItems: forAlarm, $metadata: {} } satisfies DescribeAlarmHistoryCommandOutput;
    },
  };
}

function metricResults(json: unknown): MetricDataResult[] {
  const list = field(json, 'MetricDataResults', 'get-metric-data');
  return list.map((r, i) => {
    if (!isRecord(r)) throw new Error(`get-metric-data output: MetricDataResults[${i}] is not an object`);
    const timestamps = arrayOf(r['Timestamps']);
    const values = arrayOf(r['Values']);
    if (timestamps.length !== values.length) {
      throw new Error(`get-metric-data output: MetricDataResults[${i}] has ${timestamps.length} Timestamps but ${values.length} Values`);
    }
    return {
      Id: typeof r['Id'] === 'string' ? r['Id'] : `m${i + 1}`,
      Label: typeof r['Label'] === 'string' ? r['Label'] : undefined,
      Timestamps: timestamps.map((t, j) => date(t, `MetricDataResults[${i}].Timestamps[${j}]`, 'get-metric-data')),
      Values: values.map((v, j) => {
        if (typeof v !== 'number') throw new Error(`get-metric-data output: MetricDataResults[${i}].Values[${j}] is not a number`);
        return v;
      }),
      StatusCode: r['StatusCode'] as MetricDataResult['StatusCode'],
    };
  });
}

function historyItems(json: unknown): AlarmHistoryItem[] {
  const list = field(json, 'AlarmHistoryItems', 'describe-alarm-history');
  return list.map((item, i) => {
    if (!isRecord(item)) throw new Error(`describe-alarm-history output: AlarmHistoryItems[${i}] is not an object`);
    return {
      AlarmName: str(item['AlarmName']),
      AlarmType: str(item['AlarmType']) as AlarmHistoryItem['AlarmType'],
      Timestamp: date(item['Timestamp'], `AlarmHistoryItems[${i}].Timestamp`, 'describe-alarm-history'),
      HistoryItemType: str(item['HistoryItemType']) as AlarmHistoryItem['HistoryItemType'],
      HistorySummary: str(item['HistorySummary']),
      HistoryData: str(item['HistoryData']),
    };
  });
}

function field(json: unknown, name: string, command: string): unknown[] {
  if (!isRecord(json) || !Array.isArray(json[name])) {
    throw new Error(`not ${command} output: expected an object with a "${name}" array (aws cloudwatch ${command} --output json)`);
  }
  return json[name];
}

function date(value: unknown, where: string, command: string): Date {
  const ms = toEpochMs(value);
  if (ms === undefined) throw new Error(`${command} output: ${where} is not a timestamp (${JSON.stringify(value)})`);
  return new Date(ms);
}

const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
