/**
 * Whether alerts go out as a digest is decided once, before enrichment, and enrichment skips CloudWatch for
 * exactly the alerts that will only show as digest lines.
 */
import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/alarms/index.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { slack } from '../../src/destinations/slack/index.js';
import type { CloudWatchReader } from '../../src/enrich/cloudwatch.js';
import { quietLog } from '../../src/model/log.js';
import { prepare } from '../../src/pipeline/prepare.js';
import { testEvent, viaSqs } from '../delivery/harness.js';

/** test/events/ecs-cpu-alarm.json as another alarm, published to the `severity` topic. */
function alarmOn(severity: 'critical' | 'warning', name: string) {
  const event = testEvent('ecs-cpu-alarm.json');
  const sns = event.Records[0]!.Sns;
  const message = JSON.parse(String(sns.Message)) as Record<string, unknown>;
  message.AlarmName = name;
  message.AlarmArn = `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`;
  sns.Message = JSON.stringify(message);
  sns.MessageId = `message-${name}`;
  sns.TopicArn = `arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-${severity}`;
  return event.Records[0]!;
}

/** Answers nothing, and notes whose history enrichment asked for. */
function countingCloudWatch(): CloudWatchReader & { historyOf: string[] } {
  const historyOf: string[] = [];
  return {
    historyOf,
    getMetricData: async () => ({ MetricDataResults: [], $metadata: {} }),
    describeAlarmHistory: async (input) => (historyOf.push(String(input.AlarmName)), { AlarmHistoryItems: [], $metadata: {} }),
  };
}

describe('one Slack batch: four warning alarms for #alerts, two critical ones for #alerts-critical', () => {
  const warning = ['w1', 'w2', 'w3', 'w4'].map((n) => alarmOn('warning', `ohmycoins-production-${n}`));
  const critical = ['c1', 'c2'].map((n) => alarmOn('critical', `ohmycoins-production-${n}`));
  const batch = viaSqs({ Records: [...warning, ...critical] }, 'ohmycoins-production-alerts-slack');

  it('sends one digest to #alerts and one message each to #alerts-critical', async () => {
    const config = stageConfig('production');
    const { notifications } = await prepare(batch, { config, catalog: catalogFor(config), destinations: [slack], log: quietLog, cloudwatch: countingCloudWatch() });
    expect(notifications.map((n) => [n.target, n.digest, n.sources.length]).sort()).toEqual([
      ['#alerts', true, 4],
      ['#alerts-critical', false, 1],
      ['#alerts-critical', false, 1],
    ]);
  });

  it('reads CloudWatch for the two messages of their own, not for the four digest lines', async () => {
    const config = stageConfig('production');
    const cloudwatch = countingCloudWatch();
    await prepare(batch, { config, catalog: catalogFor(config), destinations: [slack], log: quietLog, cloudwatch });
    expect([...cloudwatch.historyOf].sort()).toEqual(['ohmycoins-production-c1', 'ohmycoins-production-c2']);
  });
});

describe('one Slack batch of four records split two and two over two channels', () => {
  it('goes out as four messages of their own, each enriched from CloudWatch', async () => {
    const records = [alarmOn('warning', 'ohmycoins-production-w1'), alarmOn('warning', 'ohmycoins-production-w2'), alarmOn('critical', 'ohmycoins-production-c1'), alarmOn('critical', 'ohmycoins-production-c2')];
    const config = stageConfig('production');
    const cloudwatch = countingCloudWatch();
    const { notifications } = await prepare(viaSqs({ Records: records }, 'ohmycoins-production-alerts-slack'), { config, catalog: catalogFor(config), destinations: [slack], log: quietLog, cloudwatch });
    expect(notifications.filter((n) => n.digest)).toEqual([]);
    expect(notifications).toHaveLength(4);
    expect(cloudwatch.historyOf).toHaveLength(4);
  });
});
