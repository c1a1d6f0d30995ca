/**
 * Isolation: a destination that is down or slow never delays or blocks another, and retrying one destination
 * never re-sends to one that already succeeded. Order is shown by the stand-ins' shared event counter, never
 * by measuring time.
 */
import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/alarms/index.js';
import { endpointPolicy } from '../../src/config/endpoints.js';
import { envSecrets } from '../../src/config/secrets.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { notifierHandler } from '../../src/handlers/runtime.js';
import { emailNotifier, sdkSnsPublisher } from '../../src/destinations/email/notifier.js';
import { deliver, type DeliverDeps } from '../../src/notify/index.js';
import { memoryLedger } from '../../src/notify/ledger.js';
import { pagerDutyNotifier } from '../../src/destinations/pagerduty/notifier.js';
import { slackNotifier } from '../../src/destinations/slack/notifier.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { formatGroup } from '../../src/pipeline/format.js';
import { prepare } from '../../src/pipeline/prepare.js';
import { hang, nextSeq, refusedUrl, slackReplies } from '../support/stand-ins.js';
import {
  FAST_RETRY,
  HANG_RETRY,
  asDelivered,
  instantRetry,
  memoryDeadLetters,
  publishCalls,
  recordingLog,
  runPerTest,
  testEvent,
  testWiring,
  viaSqs,
  type Run,
  destination,
} from './harness.js';

let run: Run;
runPerTest((r) => {
  run = r;
});

const config = stageConfig('production');
const alarm = () => testEvent('ecs-cpu-alarm.json');

/** One `deliver()` call over all three destinations (as a single function holding every notifier would make it). */
function allInOne(o: Partial<DeliverDeps> = {}): DeliverDeps {
  const secrets = envSecrets(run.env);
  const policy = endpointPolicy(run.env);
  return {
    stage: 'production',
    notifiers: {
      slack: slackNotifier(secrets, policy, { minIntervalMs: 1_000, sleep: async () => {} }),
      pagerduty: pagerDutyNotifier(secrets, run.env.PAGERDUTY_EVENTS_URL!, policy),
      email: emailNotifier(() => sdkSnsPublisher(), run.env.EMAIL_TOPIC_ARN),
    },
    reformat: (group) => formatGroup(group, { stage: 'production', destinations: DESTINATIONS }),
    ledger: memoryLedger(),
    deadLetters: run.deadLetters,
    retry: HANG_RETRY,
    retryDeps: instantRetry().deps,
    log: recordingLog(),
    ...o,
  };
}

const prepared = async (event: unknown) =>
  (await prepare(event, { config, catalog: catalogFor(config), destinations: DESTINATIONS, log: recordingLog() })).notifications;

describe('with Slack hanging', () => {
  it('the PagerDuty function pages before the first Slack attempt is even abandoned', async () => {
    run.slack.always(hang);
    const slack = notifierHandler(destination('slack'), testWiring('slack', { env: run.env, deadLetters: run.deadLetters, retry: HANG_RETRY }));
    const pagerDuty = notifierHandler(destination('pagerduty'), testWiring('pagerduty', { env: run.env, deadLetters: run.deadLetters, retry: FAST_RETRY }));
    let pagedSeq = 0;

    await Promise.all([
      slack(asDelivered('slack', alarm())),
      pagerDuty(alarm()).then(() => (pagedSeq = nextSeq())),
    ]);
    await run.slack.settled();

    expect(run.pagerduty.requests).toHaveLength(1);
    expect(pagedSeq).toBeLessThan(run.slack.requests[0]!.abortedSeq!);
  });

  it('one deliver() over several destinations still reaches PagerDuty before the Slack attempt times out', async () => {
    run.slack.always(hang);

    const reports = await deliver(await prepared(alarm()), allInOne());
    await run.slack.settled();

    expect(run.pagerduty.requests[0]!.seq).toBeLessThan(run.slack.requests[0]!.abortedSeq!);
    expect(reports.map((r) => [r.destination, r.outcome]).sort()).toEqual([
      ['email', 'sent'],
      ['pagerduty:trigger', 'sent'],
      ['slack:alerts-critical', 'dead-lettered'],
    ]);
  });
});

describe('retrying one destination', () => {
  it('does not re-send to the destinations that already succeeded (retries inside one delivery)', async () => {
    run.slack.next(slackReplies.serverError, slackReplies.unavailable);

    await deliver(await prepared(alarm()), allInOne({ retry: FAST_RETRY }));

    expect(run.slack.requests).toHaveLength(3);
    expect(run.pagerduty.requests).toHaveLength(1);
    expect(publishCalls(run)).toHaveLength(1);
  });

  it('does not re-send to them when the platform retries the whole event (dead-letter queue was down)', async () => {
    run.slack.always(slackReplies.serverError);
    const deps = allInOne({ retry: FAST_RETRY, deadLetters: { send: () => Promise.reject(new Error('SQS unavailable')) } });
    const notifications = await prepared(alarm());

    const first = await deliver(notifications, deps);
    run.slack.always(slackReplies.ok);
    const retried = await deliver(notifications, { ...deps, deadLetters: memoryDeadLetters() });

    expect(first.find((r) => r.destination.startsWith('slack'))!.outcome).toBe('failed');
    expect(retried.map((r) => [r.destination, r.outcome]).sort()).toEqual([
      ['email', 'duplicate'],
      ['pagerduty:trigger', 'duplicate'],
      ['slack:alerts-critical', 'sent'],
    ]);
    expect(run.pagerduty.requests).toHaveLength(1);
    expect(publishCalls(run)).toHaveLength(1);
  });

  it('in a Slack batch, reports only the record that failed, and a redelivered batch posts only that one', async () => {
    const critical = alarm();
    const warning = testEvent('alb-5xx-math-alarm.json');
    warning.Records[0]!.Sns.TopicArn = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-warning';
    const batch = viaSqs({ Records: [...critical.Records, ...warning.Records] }, 'ohmycoins-production-alerts-slack');
    const healthyCritical = run.env.SLACK_WEBHOOK_ALERTS_CRITICAL;
    run.env.SLACK_WEBHOOK_ALERTS_CRITICAL = await refusedUrl('/services/T0OHMYCOINS/BALERTSCRITICAL/XXXXXXXX');
    const slack = notifierHandler(destination('slack'), testWiring('slack', { env: run.env, deadLetters: { send: () => Promise.reject(new Error('SQS unavailable')) } }));

    const first = await slack(batch);
    run.env.SLACK_WEBHOOK_ALERTS_CRITICAL = healthyCritical;
    await slack(batch);

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: (batch.Records[0] as { messageId: string }).messageId }] });
    expect(run.slack.postsTo('alerts')).toHaveLength(1);
    expect(run.slack.postsTo('alerts-critical')).toHaveLength(1);
  });
});

describe('one SNS message twice in one SQS batch (SNS delivers at least once)', () => {
  it('is posted once; the copy is reported a duplicate and acknowledged, whatever the timing', async () => {
    const event = testEvent('ecs-cpu-alarm.json');
    const twice = { Records: [...event.Records, ...event.Records] };
    const batch = viaSqs(twice, 'ohmycoins-production-alerts-slack') as { Records: Array<{ messageId: string }> };
    const slack = notifierHandler(destination('slack'), testWiring('slack', { env: run.env, deadLetters: run.deadLetters }));

    const result = await slack(batch);

    expect(run.slack.requests).toHaveLength(1);
    expect(result).toEqual({ batchItemFailures: [] });
  });
});
