/**
 * npm run redrive -- --stage <stage> [--max N] [--dry-run] [--queue-url URL] [--destination slack|email]
 *
 * Reads the stage's dead-letter queue and delivers each message again, to the destination that failed only,
 * through the same prepare → deliver path and the same delivery ledger as the notifier functions (what was
 * delivered meanwhile is skipped). Letters for email, which only the email function's role may send, are
 * handed back to that function's queue instead. A message is deleted once delivered or handed over, and left
 * in the queue otherwise. Runs with the operator's AWS credentials; see docs/runbooks/alerting-pipeline.md.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueueName, ledgerTableName, ssmPrefix } from '../src/alarms/naming.js';
import { isStage } from '../src/config/stages/index.js';
import { DESTINATIONS, destinationNamed, redrivenThroughQueue } from '../src/destinations/index.js';
import { wiringFromEnv, type Wiring } from '../src/handlers/runtime.js';
import type { Stage } from '../src/model/alert.js';
import type { Log } from '../src/model/log.js';
import { classify, redeliver } from './redrive-letters.js';
import { destinationQueues, handToQueue } from './redrive-queue.js';

export interface RedriveOptions {
  stage: Stage;
  queueUrl?: string;
  /** At most this many messages are handled. */
  max: number;
  dryRun: boolean;
  /** For SNS envelopes SQS moved here from a queue it does not name. */
  destination?: string;
}

export interface RedriveDeps {
  sqs: Pick<SQSClient, 'send'>;
  /** The wiring of one destination type's function (not asked for those handed back to their queue). */
  wiringFor(type: string): Wiring;
  print(line: string): void;
}

export interface RedriveSummary {
  queueUrl: string;
  received: number;
  delivered: number;
  /** Handed back to their destination function's queue: that function delivers them, or logs why not. */
  handedOver: number;
  left: number;
  unknown: number;
}

/** How long received messages stay hidden while this run handles them; failures reappear after it. */
const VISIBILITY_SECONDS = 300;

async function queueUrlOf(options: RedriveOptions, deps: RedriveDeps): Promise<string> {
  if (options.queueUrl) return options.queueUrl;
  const { GetQueueUrlCommand } = await import('@aws-sdk/client-sqs');
  const { QueueUrl } = await deps.sqs.send(new GetQueueUrlCommand({ QueueName: deadLetterQueueName(options.stage) }));
  if (!QueueUrl) throw new Error(`no queue named ${deadLetterQueueName(options.stage)}`);
  return QueueUrl;
}

/** Destinations whose letters go back to their function's queue (see redrive-queue.ts). */
const throughQueue = (type: string): boolean => {
  const destination = destinationNamed(type);
  return destination !== undefined && redrivenThroughQueue(destination);
};

async function receive(sqs: RedriveDeps['sqs'], queueUrl: string, count: number): Promise<Message[]> {
  const { ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.min(10, count),
      VisibilityTimeout: VISIBILITY_SECONDS,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['DeadLetterQueueSourceArn', 'ApproximateReceiveCount', 'SentTimestamp'],
    }),
  );
  return Messages ?? [];
}

export async function redrive(options: RedriveOptions, deps: RedriveDeps): Promise<RedriveSummary> {
  const { DeleteMessageCommand, ChangeMessageVisibilityCommand } = await import('@aws-sdk/client-sqs');
  const queueUrl = await queueUrlOf(options, deps);
  const summary: RedriveSummary = { queueUrl, received: 0, delivered: 0, handedOver: 0, left: 0, unknown: 0 };
  const wirings = new Map<string, Wiring>();
  const queueOf = destinationQueues(deps.sqs, options.stage);
  const seen = new Set<string>();
  const release: string[] = [];
  deps.print(`${options.dryRun ? 'Dry run: ' : ''}redriving ${queueUrl} (stage ${options.stage}, at most ${options.max})`);

  while (summary.received < options.max) {
    const fresh = (await receive(deps.sqs, queueUrl, options.max - summary.received)).filter((m) => !seen.has(m.MessageId ?? ''));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      seen.add(message.MessageId ?? '');
      summary.received++;
      const letter = classify(message.Body ?? '', message.Attributes?.DeadLetterQueueSourceArn, options.destination);
      const id = message.MessageId ?? '?';
      if (letter.kind === 'unknown' || (letter.kind === 'dead-letter' && letter.stage !== options.stage)) {
        summary.unknown++;
        deps.print(`  ? ${id}: ${letter.kind === 'unknown' ? letter.problem : `a letter of stage ${letter.stage}, not ${options.stage}`}; left in the queue`);
        release.push(message.ReceiptHandle!);
        continue;
      }
      const handBack = throughQueue(letter.type);
      if (!handBack && !wirings.has(letter.type)) wirings.set(letter.type, deps.wiringFor(letter.type));
      const result = await (handBack
        ? handToQueue(letter, message.Body ?? '', () => queueOf(letter.type), deps.sqs, options.dryRun)
        : redeliver(letter, wirings.get(letter.type)!, options.dryRun)
      ).catch((error: Error) => ({ ok: false, summary: `could not be redelivered: ${error.message}` }));
      if (result.ok && !options.dryRun) {
        await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        if (handBack) summary.handedOver++;
        else summary.delivered++;
        deps.print(`  ${handBack ? '→' : '✓'} ${id} [${letter.kind}] ${result.summary}; deleted`);
      } else {
        summary.left++;
        release.push(message.ReceiptHandle!);
        deps.print(`  ${options.dryRun ? '·' : '✗'} ${id} [${letter.kind}] ${result.summary}${options.dryRun ? '' : '; left in the queue'}`);
      }
    }
  }

  // What stays in the queue is visible again at once, for the next run or a look in the console.
  for (const handle of release) await deps.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }));
  const handedOver = `${summary.handedOver} handed to their function's queue and deleted (not yet delivered: that function's log says)`;
  deps.print(
    `${summary.received} message(s): ${summary.delivered} delivered and deleted, ${handedOver}, ${summary.left} ${options.dryRun ? 'to deliver or hand over' : 'left (still failing)'}, ${summary.unknown} not understood`,
  );
  return summary;
}

const NAMES = DESTINATIONS.map((d) => d.name).join('|');
const USAGE = `usage: npm run redrive -- --stage staging|production [--max N] [--dry-run] [--queue-url URL] [--destination ${NAMES}]`;

export function parseOptions(argv: string[]): RedriveOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      stage: { type: 'string' },
      max: { type: 'string', default: '100' },
      'dry-run': { type: 'boolean', default: false },
      'queue-url': { type: 'string' },
      destination: { type: 'string' },
    },
    strict: true,
  });
  if (!isStage(values.stage)) throw new Error(USAGE);
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1) throw new Error(`--max must be a positive whole number\n${USAGE}`);
  const destination = values.destination;
  if (destination !== undefined && !destinationNamed(destination)) throw new Error(`--destination must be one of ${NAMES.replaceAll('|', ', ')}\n${USAGE}`);
  return { stage: values.stage, max, dryRun: values['dry-run'], queueUrl: values['queue-url'], destination };
}

/** Warnings and errors of the delivery path, one line each on stderr; the summary goes to stdout. */
const consoleLog: Log = {
  debug() {},
  info() {},
  warn: (message, ...fields) => console.error(`  warning: ${message}`, ...fields.map((f) => JSON.stringify(f))),
  error: (message, ...fields) => console.error(`  error: ${message}`, ...fields.map((f) => JSON.stringify(f))),
};

/** The functions' own wiring, as deployed: secrets from SSM, the stage's ledger table, CloudWatch enrichment. */
export function deployedWiring(stage: Stage, env: NodeJS.ProcessEnv = process.env) {
  return (type: string): Wiring => {
    const destination = destinationNamed(type);
    if (!destination) throw new Error(`no destination "${type}"`);
    const wiring = wiringFromEnv(
      destination,
      {
        ...env,
        STAGE: stage,
        SSM_PREFIX: env.SSM_PREFIX ?? ssmPrefix(stage),
        LEDGER_TABLE: env.LEDGER_TABLE ?? ledgerTableName(stage),
        IS_LOCAL: undefined,
        DLQ_URL: undefined,
      },
      consoleLog,
    );
    return wiring;
  };
}

async function main(): Promise<void> {
  let options: RedriveOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const { SQSClient } = await import('@aws-sdk/client-sqs');
  const summary = await redrive(options, { sqs: new SQSClient({}), wiringFor: deployedWiring(options.stage), print: (line) => console.log(line) });
  process.exitCode = summary.left + summary.unknown > 0 && !options.dryRun ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    console.error(`redrive failed: ${error.message}`);
    process.exit(1);
  });
}
