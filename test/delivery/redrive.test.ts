/**
 * `npm run redrive`, offline: the dead-letter queue is an aws-sdk-client-mock'd SQS client, the destinations
 * are the stand-ins. Each kind of message the queue can hold is delivered again to the destination that failed
 * only, deleted when delivered, and left in the queue otherwise.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryAlarmStates } from '../../src/notify/alarm-state.js';
import { memoryLedger } from '../../src/notify/ledger.js';

import { deployedWiring, parseOptions, redrive, type RedriveOptions } from '../../scripts/redrive.js';
import { deadLetterQueueName } from '../../src/alarms/naming.js';
import { pagerDutyReplies, slackReplies } from '../support/stand-ins.js';
import {
  captureOutput,
  deployedFunctions,
  publishCalls,
  sqsBodyOf,
  startRun,
  testEvent,
  testWiring,
  type CapturedOutput,
  type Run,
  type DestinationType,
} from './harness.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/ohmycoins-production-alerts-dead-letter';
const SLACK_QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:ohmycoins-production-alerts-slack';
const PAGERDUTY_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:ohmycoins-alerting-production-pagerduty:$LATEST';

let run: Run;
let sqs: AwsClientStub<SQSClient>;
let output: CapturedOutput;
let ledger: ReturnType<typeof memoryLedger>;
let printed: string[];
let wired: Array<[DestinationType, string | undefined]>;

beforeEach(async () => {
  run = await startRun();
  sqs = mockClient(SQSClient);
  sqs.on(DeleteMessageCommand).resolves({});
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  ledger = memoryLedger();
  printed = [];
  wired = [];
  output = captureOutput();
});
afterEach(async () => {
  output.restore();
  sqs.restore();
  await run.close();
});

/** The dead-letter queue holds these messages (received once each). */
function queueHolds(...bodies: Array<{ body: string; sourceArn?: string }>): Message[] {
  const messages = bodies.map(({ body, sourceArn }, i) => ({
    MessageId: `dlq-${i}`,
    ReceiptHandle: `receipt-${i}`,
    Body: body,
    Attributes: sourceArn ? { DeadLetterQueueSourceArn: sourceArn } : {},
  }));
  sqs.on(ReceiveMessageCommand).callsFake(({ MaxNumberOfMessages }: { MaxNumberOfMessages: number }) => ({ Messages: messages.splice(0, MaxNumberOfMessages) }));
  return [...messages];
}

function runRedrive(options: Partial<RedriveOptions> = {}) {
  const client = new SQSClient({});
  return redrive(
    { stage: 'production', max: 100, dryRun: false, queueUrl: QUEUE_URL, ...options },
    {
      sqs: client,
      wiringFor: (type: DestinationType, emailTopicArn: string | undefined) => {
        wired.push([type, emailTopicArn]);
        return testWiring(type, { env: run.env, deadLetters: run.deadLetters, ledger });
      },
      print: (line) => void printed.push(line),
    },
  );
}

const deleted = () => sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle);
const released = () => sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => [c.args[0].input.ReceiptHandle, c.args[0].input.VisibilityTimeout]);

/** A real dead letter: the production functions deliver the critical ALARM while Slack answers 404. */
async function deadLetterFromSlack404(): Promise<string> {
  run.slack.always(slackReplies.channelNotFound);
  await deployedFunctions(run, { ledger })(testEvent('ecs-cpu-alarm.json'));
  run.slack.always(slackReplies.ok);
  expect(run.deadLetters.letters).toHaveLength(1);
  return JSON.stringify(run.deadLetters.letters[0]);
}

describe('a dead letter older than what its destination was given since', () => {
  it('is not sent (PagerDuty would reopen a resolved incident) and leaves the queue as superseded', async () => {
    const states = memoryAlarmStates();
    // The trigger is dead-lettered (PagerDuty 400), then the alarm's OK is delivered.
    run.pagerduty.next(pagerDutyReplies.invalidEvent);
    await deployedFunctions(run, { ledger, states })(testEvent('ecs-cpu-alarm.json'));
    await deployedFunctions(run, { ledger, states })(testEvent('ecs-cpu-ok.json'));
    const letter = run.deadLetters.letters.find((l) => l.destination === 'pagerduty:trigger');
    expect(letter).toBeDefined();
    queueHolds({ body: JSON.stringify(letter) });

    const summary = await redrive(
      { stage: 'production', max: 100, dryRun: false, queueUrl: QUEUE_URL },
      { sqs: new SQSClient({}), wiringFor: (type) => testWiring(type as DestinationType, { env: run.env, deadLetters: run.deadLetters, ledger, states }), print: (l) => void printed.push(l) },
    );

    // PagerDuty saw the refused trigger and the resolve, and no trigger after the resolve.
    expect(run.pagerduty.requests.map((r) => (r.body as { event_action: string }).event_action)).toEqual(['trigger', 'resolve']);
    expect(deleted()).toEqual(['receipt-0']);
    expect(summary).toMatchObject({ delivered: 1, left: 0 });
    expect(printed.join('\n')).toMatch(/superseded by a newer state, not sent/);
  });
});

describe('a dead letter from a notifier function', () => {
  it('is delivered to the destination that failed only, then deleted', async () => {
    const letter = await deadLetterFromSlack404();
    queueHolds({ body: letter });

    const summary = await runRedrive();

    expect(run.slack.postsTo('alerts-critical')).toHaveLength(2); // the 404 and the redelivery
    expect(run.pagerduty.requests).toHaveLength(1);
    expect(publishCalls(run)).toHaveLength(1);
    expect(deleted()).toEqual(['receipt-0']);
    expect(summary).toMatchObject({ received: 1, delivered: 1, left: 0 });
  });

  it('posts the same message the function would have posted', async () => {
    const letter = await deadLetterFromSlack404();
    queueHolds({ body: letter });

    await runRedrive();

    const [failed, redelivered] = run.slack.requests;
    expect(redelivered!.body).toEqual(failed!.body);
  });

  it('stays in the queue, visible again, when the destination still fails', async () => {
    const letter = await deadLetterFromSlack404();
    run.slack.always(slackReplies.channelNotFound);
    queueHolds({ body: letter });

    const summary = await runRedrive();

    expect(deleted()).toEqual([]);
    expect(released()).toEqual([['receipt-0', 0]]);
    expect(summary).toMatchObject({ delivered: 0, left: 1 });
    expect(printed.join('\n')).toMatch(/channel_not_found.*left in the queue/);
    expect(run.deadLetters.letters).toHaveLength(1); // not dead-lettered a second time
  });

  it('is deleted without sending when it was delivered meanwhile (the ledger remembers)', async () => {
    const letter = await deadLetterFromSlack404();
    queueHolds({ body: letter }, { body: letter });

    await runRedrive();

    expect(run.slack.requests).toHaveLength(2);
    expect(deleted()).toEqual(['receipt-0', 'receipt-1']);
    expect(printed.join('\n')).toContain('already delivered');
  });

  it('of another stage is left alone', async () => {
    const letter = JSON.parse(await deadLetterFromSlack404()) as Record<string, unknown>;
    queueHolds({ body: JSON.stringify({ ...letter, stage: 'staging' }) });

    const summary = await runRedrive();

    expect(run.slack.requests).toHaveLength(1);
    expect(summary).toMatchObject({ unknown: 1, delivered: 0 });
  });
});

describe('an SNS message SQS moved here from the Slack queue', () => {
  const envelope = () => sqsBodyOf(testEvent('ecs-cpu-alarm.json').Records[0]!.Sns);

  it('is delivered by the Slack path, then deleted', async () => {
    queueHolds({ body: envelope(), sourceArn: SLACK_QUEUE_ARN });

    await runRedrive();

    expect(run.slack.postsTo('alerts-critical')).toHaveLength(1);
    expect(run.pagerduty.requests).toEqual([]);
    expect(publishCalls(run)).toEqual([]);
    expect(deleted()).toEqual(['receipt-0']);
  });

  it('is reported and left when its source queue is unknown', async () => {
    queueHolds({ body: envelope() });

    const summary = await runRedrive();

    expect(summary).toMatchObject({ unknown: 1 });
    expect(printed.join('\n')).toContain('pass --destination slack|email');
    expect(run.slack.requests).toEqual([]);
  });

  it('goes where --destination says when the source queue is unknown', async () => {
    queueHolds({ body: envelope() });

    await runRedrive({ destination: 'email' });

    expect(publishCalls(run)).toHaveLength(1);
    expect(deleted()).toEqual(['receipt-0']);
  });

  it('mails to the stage’s email topic in the account and region the alert came from', async () => {
    queueHolds({ body: envelope() });

    await runRedrive({ destination: 'email' });

    expect(wired).toEqual([['email', 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-email']]);
  });
});

describe('a Lambda on-failure record of the PagerDuty function', () => {
  it('pages again through the PagerDuty path, then is deleted', async () => {
    const record = {
      version: '1.0',
      timestamp: '2024-05-14T09:45:27.512Z',
      requestContext: { requestId: 'e4b46cbf-b738-4a4e-8880-a18cdf61200e', functionArn: PAGERDUTY_ARN, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: testEvent('ecs-cpu-alarm.json'),
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: '1 record(s) could not be delivered nor dead-lettered; failing so Lambda retries' },
    };
    queueHolds({ body: JSON.stringify(record) });

    await runRedrive();

    expect(run.pagerduty.requests).toHaveLength(1);
    expect(run.pagerduty.requests[0]!.body).toMatchObject({ event_action: 'trigger' });
    expect(run.slack.requests).toEqual([]);
    expect(deleted()).toEqual(['receipt-0']);
  });
});

describe('the run', () => {
  it('with --dry-run sends nothing, deletes nothing and says what it would deliver', async () => {
    const letter = await deadLetterFromSlack404();
    queueHolds({ body: letter });

    await runRedrive({ dryRun: true });

    expect(run.slack.requests).toHaveLength(1);
    expect(deleted()).toEqual([]);
    expect(released()).toEqual([['receipt-0', 0]]);
    expect(printed.join('\n')).toMatch(/would deliver to slack:alerts-critical/);
  });

  it('handles at most --max messages', async () => {
    const letter = await deadLetterFromSlack404();
    queueHolds({ body: letter }, { body: letter }, { body: letter });

    const summary = await runRedrive({ max: 2 });

    expect(summary.received).toBe(2);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input.MaxNumberOfMessages).toBe(2);
  });

  it('leaves what it cannot read', async () => {
    queueHolds({ body: 'not json' }, { body: '{"some":"thing"}' });

    const summary = await runRedrive();

    expect(summary).toMatchObject({ received: 2, unknown: 2, delivered: 0 });
    expect(deleted()).toEqual([]);
  });

  it('finds the stage’s dead-letter queue by its name when no --queue-url is given', async () => {
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: QUEUE_URL });
    queueHolds();

    const summary = await runRedrive({ queueUrl: undefined });

    expect(sqs.commandCalls(GetQueueUrlCommand)[0]!.args[0].input).toEqual({ QueueName: 'ohmycoins-production-alerts-dead-letter' });
    expect(summary.queueUrl).toBe(QUEUE_URL);
    expect(deadLetterQueueName('staging')).toBe('ohmycoins-staging-alerts-dead-letter');
  });
});

describe('the deployed wiring the command uses', () => {
  it('publishes mail to the email topic it is given, with no further configuration', async () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-email';
    const wiring = deployedWiring('production', {})('email', topic);

    await wiring.deliver.notifiers.email!.send(
      { route: { destination: 'email' }, digest: false, sources: [], target: 'mail', payload: { Subject: 'ALARM', Message: 'text' } },
      new AbortController().signal,
    );

    expect(publishCalls(run)).toMatchObject([{ TopicArn: topic, Subject: 'ALARM', Message: 'text' }]);
    expect(wiring.prepare.config.stage).toBe('production');
  });
});

describe('the command line', () => {
  it('takes the stage, a maximum, dry run, a queue URL and a destination', () => {
    expect(parseOptions(['--stage', 'production', '--max', '5', '--dry-run', '--queue-url', QUEUE_URL, '--destination', 'slack'])).toEqual({
      stage: 'production',
      max: 5,
      dryRun: true,
      queueUrl: QUEUE_URL,
      destination: 'slack',
    });
  });

  it('defaults to 100 messages, for real', () => {
    expect(parseOptions(['--stage', 'staging'])).toMatchObject({ stage: 'staging', max: 100, dryRun: false });
  });

  it.each([[[]], [['--stage', 'dev']], [['--stage', 'staging', '--max', '0']], [['--stage', 'staging', '--destination', 'sms']], [['--stage', 'staging', '--force']]])(
    'refuses %j with the usage',
    (argv) => {
      expect(() => parseOptions(argv)).toThrow();
    },
  );
});
