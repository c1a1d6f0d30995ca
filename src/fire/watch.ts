import { DescribeAlarmHistoryCommand, type AlarmHistoryItem, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Timing } from './plan.js';

/**
 * Watching a test fire travel: CloudWatch's alarm history shows the state change and, for each alarm
 * action, whether SNS accepted the notification; the Slack and email notifiers read SQS queues that are
 * empty again once they have delivered. PagerDuty's notifier is invoked by SNS directly: nothing to watch,
 * so a settle time covers it.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ActionResult {
  ok: boolean;
  /** The SNS topic name (from the action ARN), or the summary when it names none. */
  target: string;
  summary: string;
}

export interface Delivery {
  /** CloudWatch recorded our state change. */
  stateChanged: boolean;
  actions: ActionResult[];
  timedOut: boolean;
}

const ACTION_ARN = /(arn:[^\s.]+(?:\.[^\s.]+)*)/;

function actionResult(item: AlarmHistoryItem): ActionResult {
  const summary = item.HistorySummary ?? '';
  const arn = summary.match(ACTION_ARN)?.[1]?.replace(/[.,]$/, '');
  return { ok: summary.startsWith('Successfully executed action'), target: arn?.split(':').pop() ?? summary, summary };
}

function newStateReason(item: AlarmHistoryItem): string | undefined {
  try {
    return (JSON.parse(item.HistoryData ?? '{}') as { newState?: { stateReason?: string } }).newState?.stateReason;
  } catch {
    return undefined;
  }
}

/**
 * Polls the history until CloudWatch recorded the state change carrying `reason` and one action result per
 * expected action, or the timeout. Reports each step as it appears.
 */
export async function watchHistory(
  cloudwatch: CloudWatchClient,
  alarmName: string,
  reason: string,
  expectedActions: number,
  since: number,
  timing: Timing,
  clock: Clock,
  report: (line: string) => void,
  aborted: () => boolean = () => false,
): Promise<Delivery> {
  const deadline = clock.now() + timing.timeoutMs;
  const delivery: Delivery = { stateChanged: false, actions: [], timedOut: false };
  for (;;) {
    const out = await cloudwatch.send(
      new DescribeAlarmHistoryCommand({ AlarmName: alarmName, StartDate: new Date(since - 60_000), ScanBy: 'TimestampAscending', MaxRecords: 100 }),
    );
    const items = out.AlarmHistoryItems ?? [];
    const update = items.find((i) => i.HistoryItemType === 'StateUpdate' && newStateReason(i) === reason);
    if (update && !delivery.stateChanged) {
      delivery.stateChanged = true;
      report(`CloudWatch recorded the change: ${update.HistorySummary ?? 'state updated'}`);
    }
    if (update) {
      const at = update.Timestamp?.getTime() ?? 0;
      const actions = items.filter((i) => i.HistoryItemType === 'Action' && (i.Timestamp?.getTime() ?? 0) >= at).map(actionResult);
      for (const a of actions.slice(delivery.actions.length)) {
        report(a.ok ? `SNS accepted the notification on ${a.target}` : `FAILED: ${a.summary}`);
      }
      delivery.actions = actions;
      if (actions.length >= expectedActions) return delivery;
    }
    if (aborted() || clock.now() >= deadline) return { ...delivery, timedOut: true };
    await clock.sleep(timing.pollMs);
  }
}

const DEPTH_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

export async function queueUrl(sqs: SQSClient, name: string): Promise<string | undefined> {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    const e = error as { name?: string; Code?: string };
    if (e.name === 'QueueDoesNotExist' || e.name === 'AWS.SimpleQueueService.NonExistentQueue') return undefined;
    throw error;
  }
}

/** Messages waiting, in flight or delayed: the attributes are approximate and lag by up to a minute. */
export async function queueDepth(sqs: SQSClient, url: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...DEPTH_ATTRIBUTES] }));
  return DEPTH_ATTRIBUTES.reduce((sum, a) => sum + Number(out.Attributes?.[a] ?? 0), 0);
}

/**
 * Waits until every queue read empty twice in a row (one empty read can precede SNS's delivery into it),
 * or the deadline. Returns the queues still holding messages.
 */
export async function watchQueues(
  sqs: SQSClient,
  urls: ReadonlyArray<{ name: string; url: string }>,
  deadline: number,
  timing: Timing,
  clock: Clock,
  report: (line: string) => void,
  aborted: () => boolean = () => false,
): Promise<string[]> {
  const emptyReads = new Map(urls.map((q) => [q.name, 0]));
  for (;;) {
    for (const q of urls) {
      if (emptyReads.get(q.name)! >= 2) continue;
      const depth = await queueDepth(sqs, q.url);
      emptyReads.set(q.name, depth === 0 ? emptyReads.get(q.name)! + 1 : 0);
      if (emptyReads.get(q.name) === 2) report(`queue ${q.name} is empty: its notifier has taken the message`);
    }
    const waiting = urls.filter((q) => emptyReads.get(q.name)! < 2).map((q) => q.name);
    if (waiting.length === 0 || aborted() || clock.now() >= deadline) return waiting;
    await clock.sleep(timing.pollMs);
  }
}
