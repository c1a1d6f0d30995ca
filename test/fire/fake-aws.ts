import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
  type AlarmHistoryItem,
  type MetricAlarm,
  type SetAlarmStateInput,
} from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clock } from '../../src/fire/watch.js';

/**
 * CloudWatch and SQS as a test fire sees them, on aws-sdk-client-mock: SetAlarmState changes the alarm and,
 * when the state really changes, writes a StateUpdate and one Action item per alarm action to the history,
 * visible `historyLagMs` later. A fake clock: sleeping moves time forward, nothing really waits.
 */

export const T0 = Date.parse('2024-05-14T10:00:00.000Z');

export function fakeClock(start = T0): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

export const topicArn = (stage: string, severity: string) => `arn:aws:sns:eu-west-1:123456789012:ohmycoins-${stage}-alerts-${severity}`;

export interface FakeAlarm {
  alarm: MetricAlarm;
  /** `ok` (SNS accepted), `fail` (the action failed), `none` (no Action item ever appears). */
  actionOutcome?: 'ok' | 'fail' | 'none';
}

interface Visible {
  item: AlarmHistoryItem;
  visibleAt: number;
}

// One mock per client class for the whole file: each fake resets it and installs its own behaviour.
const cw = mockClient(CloudWatchClient);
const sqs = mockClient(SQSClient);

export function fakeCloudWatch(clock: Clock, alarms: FakeAlarm[], historyLagMs = 7_000) {
  cw.reset();
  const byName = new Map(alarms.map((a) => [a.alarm.AlarmName!, a]));
  const history = new Map<string, Visible[]>();
  const setCalls: SetAlarmStateInput[] = [];

  cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
    MetricAlarms: (input.AlarmNames ?? []).flatMap((n) => (byName.has(n) ? [{ ...byName.get(n)!.alarm }] : [])),
  }));
  cw.on(SetAlarmStateCommand).callsFake((input: SetAlarmStateInput) => {
    setCalls.push(input);
    const fake = byName.get(input.AlarmName!);
    if (!fake) throw Object.assign(new Error(`Alarm ${input.AlarmName} not found`), { name: 'ResourceNotFound' });
    const old = fake.alarm.StateValue;
    fake.alarm.StateValue = input.StateValue;
    if (old === input.StateValue) return {};
    const at = new Date(clock.now() + 300);
    const items = history.get(input.AlarmName!) ?? [];
    const visibleAt = clock.now() + historyLagMs;
    items.push({
      visibleAt,
      item: {
        AlarmName: input.AlarmName,
        HistoryItemType: 'StateUpdate',
        Timestamp: at,
        HistorySummary: `Alarm updated from ${old} to ${input.StateValue}`,
        HistoryData: JSON.stringify({ version: '1.0', oldState: { stateValue: old }, newState: { stateValue: input.StateValue, stateReason: input.StateReason } }),
      },
    });
    const actions = (input.StateValue === 'ALARM' ? fake.alarm.AlarmActions : fake.alarm.OKActions) ?? [];
    if (fake.actionOutcome !== 'none') {
      for (const arn of actions) {
        const ok = fake.actionOutcome !== 'fail';
        items.push({
          visibleAt,
          item: {
            AlarmName: input.AlarmName,
            HistoryItemType: 'Action',
            Timestamp: new Date(at.getTime() + 40),
            HistorySummary: ok ? `Successfully executed action ${arn}` : `Failed to execute action ${arn}. Reason: AuthorizationError`,
            HistoryData: JSON.stringify({ actionState: ok ? 'Succeeded' : 'Failed', notificationResource: arn }),
          },
        });
      }
    }
    history.set(input.AlarmName!, items);
    return {};
  });
  cw.on(DescribeAlarmHistoryCommand).callsFake((input: { AlarmName?: string }) => ({
    AlarmHistoryItems: (history.get(input.AlarmName!) ?? []).filter((v) => v.visibleAt <= clock.now()).map((v) => v.item),
  }));
  return { cw, setCalls, alarms: byName };
}

/** Queues by name; `depths` are read one per GetQueueAttributes call, the last one repeating. */
export function fakeSqs(queues: Record<string, number[]>) {
  sqs.reset();
  const reads = new Map<string, number>();
  sqs.on(GetQueueUrlCommand).callsFake((input: { QueueName: string }) => {
    if (!(input.QueueName in queues)) throw Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' });
    return { QueueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${input.QueueName}` };
  });
  sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => {
    const name = input.QueueUrl.split('/').pop()!;
    const depths = queues[name]!;
    const i = reads.get(name) ?? 0;
    reads.set(name, i + 1);
    const depth = depths[Math.min(i, depths.length - 1)] ?? 0;
    return { Attributes: { ApproximateNumberOfMessages: String(depth), ApproximateNumberOfMessagesNotVisible: '0', ApproximateNumberOfMessagesDelayed: '0' } };
  });
  return { sqs, reads };
}

export function metricAlarm(name: string, severity: string, stage = 'staging', o: Partial<MetricAlarm> = {}): MetricAlarm {
  return {
    AlarmName: name,
    StateValue: 'OK',
    StateUpdatedTimestamp: new Date('2024-05-13T08:00:00Z'),
    ActionsEnabled: true,
    AlarmActions: [topicArn(stage, severity)],
    OKActions: [topicArn(stage, severity)],
    Period: 60,
    ...o,
  };
}
