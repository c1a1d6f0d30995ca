/**
 * `npm run redrive`, offline: the dead-letter queue is an aws-sdk-client-mock'd SQS client, the destinations
 * are the stand-ins. Each kind of message the queue can hold is delivered again to the destination that failed
 * only, deleted when delivered, and left in the queue otherwise. Letters for email are handed back to the email
 * function's queue (only that function's role may publish mail), deleted once SQS took them.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { PublishCommand } from '@aws-sdk/client-sns';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryAlarmStates } from '../../src/notify/alarm-state.js';
import { memoryLedger } from '../../src/notify/ledger.js';
import { notifierHandler } from '../../src/handlers/runtime.js';

import { deployedWiring, parseOptions, redrive, type RedriveOptions } from '../../scripts/redrive.js';
import { deadLetterQueueName } from '../../src/alarms/naming.js';
import { pagerDutyReplies, slackReplies } from '../support/stand-ins.js';
import {
  captureOutput,
  deployedFunctions,
  destination,
  EMAIL_TOPIC_ARN,
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
const EMAIL_QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/ohmycoins-production-alerts-email';
const EMAIL_QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:ohmycoins-production-alerts-email';
const PAGERDUTY_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:ohmycoins-alerting-production-pagerduty:$LATEST';

let run: Run;
let sqs: AwsClientStub<SQSClient>;
let output: CapturedOutput;
let ledger: ReturnType<typeof memoryLedger>;
let printed: string[];
let wired: DestinationType[];

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
      wiringFor: (type: DestinationType) => {
        wired.push(type);
        return testWiring(type, { env: run.env, deadLetters: run.deadLetters, ledger });
      },
      print: (line) => void printed.push(line),
    },
  );
}

const deleted = () => sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle);
const sent = () => sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
const released = () => sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => [c.args[0].input.ReceiptHandle, c.args[0].input.VisibilityTimeout]);

/** A real dead letter: the production functions deliver the critical ALARM while Slack answers 404. */
async function deadLetterFromSlack404(): Promise<string> {
  run.slack.always(slackReplies.channelNotFound);
  await deployedFunctions(run, { ledger })(testEvent('ecs-cpu-alarm.json'));
  run.slack.always(slackReplies.ok);
  expect(run.deadLetters.letters).toHaveLength(1);
  return JSON.stringify(run.deadLetters.letters[0]);
}

/** The stage's email queue exists and SQS takes what is sent to it. */
function emailQueueTakes(): void {
  sqs.on(GetQueueUrlCommand, { QueueName: 'ohmycoins-production-alerts-email' }).resolves({ QueueUrl: EMAIL_QUEUE_URL });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'handed-over-0' });
}

/** A real dead letter: the production email function's publish is refused (permanent), the others deliver. */
async function deadLetterFromEmailRefused(): Promise<string> {
  const refused = Object.assign(new Error('User is not authorized to perform: SNS:Publish'), { name: 'AuthorizationErrorException' });
  run.sns.on(PublishCommand).rejectsOnce(refused).resolves({ MessageId: 'email-message-id' });
  await deployedFunctions(run, { ledger })(testEvent('ecs-cpu-alarm.json'));
  expect(run.deadLetters.letters.map((l) => l.destination)).toEqual(['email']);
  return JSON.stringify(run.deadLetters.letters[0]);
}

/** The email function, as deployed, given one message of its queue with this body. */
async function emailFunctionReceives(body: string): Promise<unknown> {
  const handler = notifierHandler(destination('email'), testWiring('email', { env: run.env, deadLetters: run.deadLetters, ledger }));
  return handler({
    Records: [
      {
        messageId: 'handed-over-0',
        receiptHandle: 'email-receipt-0',
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1715680000000' },
        messageAttributes: {},
        eventSource: 'aws:sqs',
        eventSourceARN: EMAIL_QUEUE_ARN,
        awsRegion: 'eu-west-1',
      },
    ],
  });
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
    emailQueueTakes();
    queueHolds({ body: envelope() });

    await runRedrive({ destination: 'email' });

    expect(sent().map((m) => m.QueueUrl)).toEqual([EMAIL_QUEUE_URL]);
    expect(deleted()).toEqual(['receipt-0']);
  });
});

describe('a letter for email (only the email function’s role may publish mail)', () => {
  const alarm = () => testEvent('ecs-cpu-alarm.json').Records[0]!.Sns;

  it('is handed to the email function’s queue as the SNS notification SNS puts there, then deleted', async () => {
    const letter = await deadLetterFromEmailRefused();
    emailQueueTakes();
    queueHolds({ body: letter });

    const summary = await runRedrive();

    expect(sent().map((m) => m.QueueUrl)).toEqual([EMAIL_QUEUE_URL]);
    expect(JSON.parse(sent()[0]!.MessageBody!)).toEqual({
      Type: 'Notification',
      MessageId: '3c2f8a61-0b7e-5d49-a1f3-6e8c9d2b4a17',
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-critical',
      Subject: 'ALARM: "ohmycoins-production-ecs-cpu-high" in EU (Ireland)',
      Message: alarm().Message,
      Timestamp: '2024-05-14T09:42:27.512Z',
    });
    expect(publishCalls(run)).toHaveLength(1); // the refused one: nothing published with the operator's credentials
    expect(wired).toEqual([]);
    expect(deleted()).toEqual(['receipt-0']);
    expect(summary).toMatchObject({ received: 1, delivered: 0, handedOver: 1, left: 0 });
    const lines = printed.join('\n');
    expect(lines).toContain(
      'ohmycoins-production-ecs-cpu-high ALARM: SNS message 3c2f8a61-0b7e-5d49-a1f3-6e8c9d2b4a17 handed to the email function\'s queue ohmycoins-production-alerts-email, not yet delivered',
    );
    expect(lines).toContain('1 message(s): 0 delivered and deleted, 1 handed to their function\'s queue and deleted (not yet delivered');
  });

  it('is mailed by the email function from its queue, once, however often it is handed back', async () => {
    const letter = await deadLetterFromEmailRefused();
    emailQueueTakes();
    queueHolds({ body: letter }, { body: letter });

    await runRedrive();
    for (const { MessageBody } of sent()) await emailFunctionReceives(MessageBody!);

    const [refused, mailed, ...more] = publishCalls(run);
    expect(more).toEqual([]);
    const email = output.entries().filter((e) => e.destination === 'email' && e.messageId === '3c2f8a61-0b7e-5d49-a1f3-6e8c9d2b4a17');
    // Refused (failed, then dead-lettered); the first copy mailed; the second skipped, its MessageId in the ledger.
    expect(email.map((e) => e.outcome)).toEqual(['failed', 'dead-lettered', 'sent', 'duplicate']);
    expect(mailed).toEqual(refused);
    expect(mailed!.TopicArn).toBe(EMAIL_TOPIC_ARN);
    expect(run.deadLetters.letters).toHaveLength(1);
  });

  it('that SQS moved here from the email queue goes back to it exactly as it was', async () => {
    const envelope = sqsBodyOf(alarm());
    emailQueueTakes();
    queueHolds({ body: envelope, sourceArn: EMAIL_QUEUE_ARN });

    await runRedrive();

    expect(sent()).toEqual([{ QueueUrl: EMAIL_QUEUE_URL, MessageBody: envelope }]);
    expect(deleted()).toEqual(['receipt-0']);
  });

  it('stays in the queue, visible again, and says why when SQS refuses it', async () => {
    const letter = await deadLetterFromEmailRefused();
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: EMAIL_QUEUE_URL });
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('not authorized to perform: sqs:sendmessage'), { name: 'AccessDenied' }));
    queueHolds({ body: letter });

    const summary = await runRedrive();

    expect(deleted()).toEqual([]);
    expect(released()).toEqual([['receipt-0', 0]]);
    expect(summary).toMatchObject({ handedOver: 0, left: 1 });
    expect(printed.join('\n')).toContain(
      'could not be handed to ohmycoins-production-alerts-email: AccessDenied: not authorized to perform: sqs:sendmessage; left in the queue',
    );
  });

  it('stays in the queue when the email function’s queue cannot be found', async () => {
    const letter = await deadLetterFromEmailRefused();
    sqs.on(GetQueueUrlCommand).rejects(Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' }));
    queueHolds({ body: letter });

    const summary = await runRedrive();

    expect(sent()).toEqual([]);
    expect(deleted()).toEqual([]);
    expect(summary).toMatchObject({ handedOver: 0, left: 1 });
    expect(printed.join('\n')).toContain('could not find the email function\'s queue: The specified queue does not exist.; left in the queue');
  });

  it('with --dry-run is not sent: the run says which SNS message would go to which queue', async () => {
    const letter = await deadLetterFromEmailRefused();
    emailQueueTakes();
    queueHolds({ body: letter });

    await runRedrive({ dryRun: true });

    expect(sent()).toEqual([]);
    expect(deleted()).toEqual([]);
    expect(released()).toEqual([['receipt-0', 0]]);
    expect(printed.join('\n')).toContain(
      'ohmycoins-production-ecs-cpu-high ALARM: would hand SNS message 3c2f8a61-0b7e-5d49-a1f3-6e8c9d2b4a17 to the email function\'s queue ohmycoins-production-alerts-email',
    );
  });

  it('goes to the queue while a Slack letter beside it is delivered; the queue is looked up once', async () => {
    // One alarm, two failures: Slack answers 404 and SNS refuses the mail.
    run.slack.always(slackReplies.channelNotFound);
    const refused = Object.assign(new Error('User is not authorized to perform: SNS:Publish'), { name: 'AuthorizationErrorException' });
    run.sns.on(PublishCommand).rejectsOnce(refused).resolves({ MessageId: 'email-message-id' });
    await deployedFunctions(run, { ledger })(testEvent('ecs-cpu-alarm.json'));
    run.slack.always(slackReplies.ok);
    expect(run.deadLetters.letters.map((l) => l.destination).sort()).toEqual(['email', 'slack:alerts-critical']);
    const letterFor = (to: string) => JSON.stringify(run.deadLetters.letters.find((l) => l.destination === to));
    const [email, slack] = [letterFor('email'), letterFor('slack:alerts-critical')];
    emailQueueTakes();
    queueHolds({ body: email }, { body: slack }, { body: email });

    const summary = await runRedrive();

    expect(summary).toMatchObject({ received: 3, delivered: 1, handedOver: 2, left: 0 });
    expect(wired).toEqual(['slack']);
    expect(sqs.commandCalls(GetQueueUrlCommand).map((c) => c.args[0].input)).toEqual([{ QueueName: 'ohmycoins-production-alerts-email' }]);
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
  it('is the stage’s, with no further configuration', () => {
    expect(deployedWiring('production', {})('slack').prepare.config.stage).toBe('production');
    expect(deployedWiring('staging', {})('pagerduty').prepare.config.stage).toBe('staging');
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
