/**
 * Issue 11, "ALARM and OK of one alarm in one SQS batch, in reverse order": the OK (09:59) comes first in the
 * batch, the ALARM it ends (09:42) second. Decided: both are shown, in the order they happened, so on-call sees
 * that it fired and that it is over, and the latest message in the channel is the current state ("Resolved").
 * PagerDuty likewise gets the trigger before the resolve, so no incident is left open.
 */
import { describe, expect, it } from 'vitest';
import type { PagerDutyEvent } from '../../src/destinations/pagerduty/format.js';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import type { CloudWatchReader } from '../../src/enrich/cloudwatch.js';
import { notifierHandler } from '../../src/handlers/runtime.js';
import { memoryAlarmStates } from '../../src/notify/alarm-state.js';
import { memoryLedger } from '../../src/notify/ledger.js';
import { destination, runAllHandlers, runPerTest, testEvent, testWiring, type Run } from './harness.js';

let run: Run;
runPerTest((r) => {
  run = r;
});

const reversed = () => ({ Records: [...testEvent('ecs-cpu-ok.json').Records, ...testEvent('ecs-cpu-alarm.json').Records] });

describe('ALARM and OK of one alarm in one batch, OK first', () => {
  it('posts the ALARM, then "Resolved", to #alerts-critical', async () => {
    const results = await runAllHandlers(run, reversed());

    const posts = run.slack.postsTo('alerts-critical').map((r) => (r.body as SlackMessage).text);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatch(/ALARM/);
    expect(posts[0]).not.toMatch(/Resolved/);
    expect(posts[1]).toMatch(/Resolved/);
    expect(results.slack).toEqual({ batchItemFailures: [] });
  });

  it('triggers, then resolves, the PagerDuty incident', async () => {
    await runAllHandlers(run, reversed());
    expect(run.pagerduty.requests.map((r) => (r.body as PagerDutyEvent).event_action)).toEqual(['trigger', 'resolve']);
    expect(run.deadLetters.letters).toEqual([]);
  });
});

describe('ALARM, then its OK, in two PagerDuty invocations, while the ALARM is still being enriched', () => {
  it('resolves and never triggers afterwards: the late trigger is superseded', async () => {
    // The ALARM's enrichment waits on this gate (CloudWatch being slow), so its OK is delivered first.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const slowCloudWatch: CloudWatchReader = {
      getMetricData: async () => (await gate, { MetricDataResults: [], $metadata: {} }),
      describeAlarmHistory: async () => (await gate, { AlarmHistoryItems: [], $metadata: {} }),
    };
    const wiring = testWiring('pagerduty', { env: run.env, deadLetters: run.deadLetters, ledger: memoryLedger(), states: memoryAlarmStates() });
    const slow = notifierHandler(destination('pagerduty'), { ...wiring, prepare: { ...wiring.prepare, cloudwatch: slowCloudWatch } });
    const fast = notifierHandler(destination('pagerduty'), wiring);

    const alarm = slow(testEvent('ecs-cpu-alarm.json'));
    await fast(testEvent('ecs-cpu-ok.json'));
    open();
    await alarm;

    expect(run.pagerduty.requests.map((r) => (r.body as PagerDutyEvent).event_action)).toEqual(['resolve']);
  });
});
