/**
 * Issue 4's acceptance, end to end: each of the eight required catalog alarms, as CloudWatch would publish it,
 * through parse → route → enrich (a CloudWatch that answers with the last hour and the day's history) → the
 * Slack, PagerDuty and email formatters. Every message must carry the threshold in words, the current value, the
 * trend, the history, the catalog facts and the deep links; an OK must say how long the alarm was in ALARM.
 */
import { describe, expect, it } from 'vitest';
import { alarmDescription, catalogFor } from '../../src/alarms/index.js';
import { alarmName, severityTopicName } from '../../src/alarms/naming.js';
import type { AlarmDefinition } from '../../src/alarms/types.js';
import { stageConfig } from '../../src/config/stages/index.js';
import type { CloudWatchReader } from '../../src/enrich/cloudwatch.js';
import { fileCloudWatchReader } from '../../src/enrich/offline.js';
import { formatEmail } from '../../src/formatters/email.js';
import { formatPagerDuty } from '../../src/formatters/pagerduty.js';
import { formatSlack } from '../../src/formatters/slack.js';
import type { AlarmState } from '../../src/model/alert.js';
import type { EnrichedAlert } from '../../src/model/enriched.js';
import { prepare } from '../../src/pipeline/prepare.js';
import type { Log } from '../../src/pipeline/types.js';
import { route } from '../../src/route/index.js';
import type { StageConfig } from '../../src/config/stage.js';

const REQUIRED = ['ecs-cpu-high', 'ecs-memory-high', 'alb-5xx', 'alb-unhealthy-targets', 'rds-cpu-high', 'rds-storage-low', 'redis-hit-rate-low', 'redis-cpu-high'];
const config = stageConfig('production');
const catalog = catalogFor(config);
const ACCOUNT = '123456789012';
const CHANGED_AT = '2026-11-30T09:42:27.394Z';
const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

const breaching = (d: AlarmDefinition): number =>
  d.comparison.startsWith('Greater') ? (d.threshold === 0 ? 2 : d.threshold * 1.25) : d.threshold * 0.5;
const healthy = (d: AlarmDefinition): number => (d.comparison.startsWith('Greater') ? d.threshold * 0.5 : d.threshold * 2);

/** The Trigger CloudWatch sends for the definition: single metric, or metric math with its inputs. */
function triggerOf(d: AlarmDefinition): Record<string, unknown> {
  const common = { Period: d.periodSeconds, EvaluationPeriods: d.evaluationPeriods, DatapointsToAlarm: d.datapointsToAlarm, ComparisonOperator: d.comparison, Threshold: d.threshold, TreatMissingData: d.treatMissingData };
  const dims = (m: Record<string, string>) => Object.entries(m).map(([name, value]) => ({ name, value }));
  if (d.metric.type === 'metric') {
    const percentile = /^p\d/.test(d.metric.statistic);
    return { ...common, MetricName: d.metric.name, Namespace: d.metric.namespace, Dimensions: dims(d.metric.dimensions), ...(percentile ? { ExtendedStatistic: d.metric.statistic } : { Statistic: d.metric.statistic.toUpperCase() }), Unit: null };
  }
  return {
    ...common,
    Metrics: [
      ...d.metric.metrics.map((m) => ({ Id: m.id, ReturnData: false, MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.name, Dimensions: dims(m.dimensions) }, Period: d.periodSeconds, Stat: m.statistic } })),
      { Id: 'alarmed', Expression: d.metric.expression, Label: d.metric.label, ReturnData: true },
    ],
  };
}

function snsEvent(d: AlarmDefinition, state: AlarmState, value: number): unknown {
  const name = alarmName('production', d.id);
  const message = {
    AlarmName: name,
    AlarmDescription: alarmDescription(config, d),
    AWSAccountId: ACCOUNT,
    NewStateValue: state,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    NewStateReason: `Threshold Crossed: 1 datapoint [${value} (30/11/26 09:41:00)] was ${state === 'ALARM' ? 'breaching' : 'not breaching'} the threshold (${d.threshold}).`,
    NewStateReasonData: JSON.stringify({ version: '1.0', recentDatapoints: [value], threshold: d.threshold }),
    StateChangeTime: CHANGED_AT.replace('Z', '+0000'),
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${name}`,
    Trigger: triggerOf(d),
  };
  const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:${severityTopicName('production', d.severity)}`;
  return { Records: [{ EventSource: 'aws:sns', Sns: { MessageId: `m-${d.id}-${state}`, TopicArn: topic, Message: JSON.stringify(message), Timestamp: CHANGED_AT } }] };
}

/** The last hour rising to `value`, and a day in which the alarm fired twice before (and, for OK, 17 min ago). */
function cloudWatch(name: string, value: number, base: number, state: AlarmState): CloudWatchReader {
  const end = Date.parse(CHANGED_AT);
  const points = Array.from({ length: 60 }, (_, i) => ({ at: new Date(end - i * 60_000).toISOString(), v: i < 5 ? value : base }));
  const item = (minutesAgo: number, from: string, to: string) => ({
    AlarmName: name,
    Timestamp: new Date(end - minutesAgo * 60_000).toISOString(),
    HistoryItemType: 'StateUpdate',
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({ oldState: { stateValue: from }, newState: { stateValue: to } }),
  });
  const day = [item(300, 'ALARM', 'OK'), item(320, 'OK', 'ALARM'), item(700, 'ALARM', 'OK'), item(720, 'OK', 'ALARM')];
  const recent = state === 'OK' ? [item(0, 'ALARM', 'OK'), item(17, 'OK', 'ALARM')] : [item(0, 'OK', 'ALARM')];
  return fileCloudWatchReader(
    { MetricDataResults: [{ Id: 'm', Timestamps: points.map((p) => p.at), Values: points.map((p) => p.v), StatusCode: 'Complete' }] },
    { AlarmHistoryItems: [...recent, ...day] },
  );
}

async function enriched(event: unknown, reader?: CloudWatchReader, options: { budgetMs?: number; stage?: StageConfig } = {}): Promise<EnrichedAlert> {
  const base = options.stage ?? config;
  const cfg = options.budgetMs === undefined ? base : { ...base, enrichment: { ...base.enrichment, budgetMs: options.budgetMs } };
  const [record] = await prepare(event, { config: cfg, catalog, log: quiet, cloudwatch: reader, now: () => new Date(CHANGED_AT) });
  expect(record?.alert, `the alert is routed somewhere in ${cfg.stage}`).toBeDefined();
  return record!.alert!;
}

/** Each format as one searchable text: whitespace folded (mail wraps lines), Slack's entities decoded. */
function rendered(e: EnrichedAlert): Record<'slack' | 'pagerduty' | 'email', string> {
  const fold = (s: string) => s.replace(/\\n/g, ' ').replace(/\s+/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return {
    slack: fold(JSON.stringify(formatSlack(e))),
    pagerduty: fold(JSON.stringify(formatPagerDuty(e, 'trigger'))),
    email: fold(formatEmail(e).body),
  };
}
const fold = (s: string) => s.replace(/\s+/g, ' ');
const sparkOf = (e: EnrichedAlert) => e.trend!.sparkline.split(' ')[0]!;

describe.each(REQUIRED)('%s in ALARM, as Slack, PagerDuty and email show it', (id) => {
  const d = catalog.find((x) => x.id === id)!;
  const name = alarmName('production', d.id);

  it('shows the threshold in words, the current value, trend, history, catalog facts and deep links', async () => {
    const e = await enriched(snsEvent(d, 'ALARM', breaching(d)), cloudWatch(name, breaching(d), healthy(d), 'ALARM'));
    expect(e.thresholdText && e.current && e.trend && e.history && e.catalog).toBeTruthy();
    // Eight block heights, and a dot for a minute without data.
    expect([...sparkOf(e)].every((c) => '▁▂▃▄▅▆▇█'.includes(c) || c === '·')).toBe(true);
    for (const [destination, text] of Object.entries(rendered(e))) {
      const has = (what: string, part: string) => expect(text, `${destination}: ${what}`).toContain(fold(part));
      has('1 threshold in words', e.thresholdText!);
      has('2 current value', e.current!.text);
      has('3 trend', sparkOf(e));
      has('4 history', e.history!.summary);
      has('5 title', e.catalog!.title);
      has('5 runbook', e.catalog!.runbookUrl);
      has('5 owner', e.catalog!.owner);
      has('6 alarm link', e.links.alarm!);
      has('6 metric graph link', e.links.metrics!);
      has('6 dashboard link', e.links.dashboard!);
      has('6 resource link', e.links.resources[0]!.url);
    }
  });

  it('on OK, says how long it was in ALARM', async () => {
    // Production sends an info alarm's OK nowhere; staging's channel takes every state.
    const stage = route('production', d.severity, 'OK').length > 0 ? config : stageConfig('staging');
    const e = await enriched(snsEvent(d, 'OK', healthy(d)), cloudWatch(name, healthy(d), healthy(d), 'OK'), { stage });
    expect(e.history?.alarmDuration).toBe('17 min');
    const slack = JSON.stringify(formatSlack(e));
    expect(slack).toContain('17 min');
    expect(formatEmail(e).body).toContain('17 min');
  });
});

describe('an alarm outside the catalog', () => {
  const definition: AlarmDefinition = { ...catalog.find((x) => x.id === 'rds-cpu-high')!, id: 'someone-elses' };
  const event = JSON.parse(JSON.stringify(snsEvent(definition, 'ALARM', 97)).replaceAll('ohmycoins-production-someone-elses', 'legacy-reporting-db-cpu').replace(/ \[alarm-id:someone-elses\]/, '')) as unknown;

  it('still shows threshold, current value, trend, history and deep links (1, 2, 3, 4, 6)', async () => {
    const e = await enriched(event, cloudWatch('legacy-reporting-db-cpu', 97, 40, 'ALARM'));
    expect(e.catalog).toBeUndefined();
    for (const [destination, text] of Object.entries(rendered(e))) {
      for (const part of [e.thresholdText!, e.current!.text, sparkOf(e), e.history!.summary, e.links.alarm!, e.links.metrics!, e.links.resources[0]!.url]) {
        expect(text, destination).toContain(fold(part));
      }
    }
  });
});

describe('with CloudWatch unreachable', () => {
  const hanging: CloudWatchReader = {
    getMetricData: (_input, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    describeAlarmHistory: (_input, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
  };

  it.each(REQUIRED)('%s is still formatted for every destination, without trend and history, and says so', async (id) => {
    const d = catalog.find((x) => x.id === id)!;
    const e = await enriched(snsEvent(d, 'ALARM', breaching(d)), hanging, { budgetMs: 50 });
    expect(e.trend).toBeUndefined();
    expect(e.history).toBeUndefined();
    const note = e.notes.find((n) => /unavailable/.test(n))!;
    expect(note).toMatch(/timed out/);
    for (const text of Object.values(rendered(e))) {
      expect(text).toContain(fold(note));
      expect(text).toContain(fold(e.thresholdText!));
    }
  });
});
