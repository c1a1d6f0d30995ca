/**
 * npm run fire -- --stage staging --alarm <id> [--state ALARM|OK] [--wait]
 * npm run fire -- --stage staging --all
 *
 * Drives a real catalog alarm through the live pipeline with CloudWatch SetAlarmState and, with --wait,
 * watches it be delivered and sets it back to OK. Uses the AWS credentials of the shell (AWS_PROFILE, ...).
 * See docs/operator-tools.md.
 */
import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fireAll, summaryTable } from '../src/fire/fire.js';
import { planFire, UsageError } from '../src/fire/plan.js';
import { ssmSilences } from '../src/route/silence.js';

function who(): string {
  if (process.env.USER) return process.env.USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function main(argv: string[]): Promise<number> {
  const plan = planFire(argv);
  const region = plan.config.region;
  const cloudwatch = new CloudWatchClient({ region });
  const sqs = new SQSClient({ region });
  let interrupted = false;
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
    console.error('\ninterrupted: setting the alarm back to OK before exiting (Ctrl-C again to leave it as it is)');
  });
  const log = { debug() {}, info() {}, warn: (m: string) => console.error(`warning: ${m}`), error: (m: string) => console.error(`warning: ${m}`) };
  const outcomes = await fireAll(plan, {
    cloudwatch,
    sqs,
    user: who(),
    print: (line) => console.log(line),
    silences: ssmSilences({ config: plan.config, log }),
    aborted: () => interrupted,
    clock: {
      now: () => Date.now(),
      // An interrupted wait ends early; the fire then sets the alarm back to OK.
      sleep: (ms) => sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined),
    },
  });
  console.log(`\n${summaryTable(outcomes)}`);
  return outcomes.some((o) => o.result === 'failed') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`fire: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
