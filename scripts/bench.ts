/**
 * npm run bench [-- --json] [-- --runs 20]
 *
 * Measures what issue 7 asks about, on this machine: bundle sizes as `sls package` builds them, cold start of
 * each function bundle in a fresh Node process against loopback stand-ins (beside a bare `node -e 0` measured
 * in the same run), warm per-event time, formatting throughput on the real corpus, the simulated alert storm
 * (bench/storm) and the peak memory of each function process replaying the storm's invocations.
 * Progress goes to stderr; stdout gets the table, or with --json one JSON document and nothing else.
 * See docs/performance.md for what each number means and how it was taken.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem, availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { FormatThroughput } from '../bench/format-throughput.js';
import { LAMBDA_128MB_FLAGS, lambdaEnvironment, lambdaLayout, percentile, REPO, round, runBareNode, runBareNodeAlone, runBundle, runColdStart, runNode, type ChildResult } from '../bench/processes.js';
import { startJsonStandIn, startSnsStandIn } from '../bench/aws-stand-ins.js';
import { runStorm, STORM_LATENCY } from '../bench/storm/index.js';
import { priceOf, stageCost, usagePer1000, type FunctionUsage } from '../bench/cost.js';
import type { SlackThroughput } from '../bench/slack-throughput.js';
import { stormFields } from '../bench/storm/accounting.js';
import { storm10k } from '../bench/storm10k.js';
import { stageConfig } from '../src/config/stages/index.js';
import { destinationNamed } from '../src/destinations/index.js';
import { readZip } from '../bench/zip.js';
import { SLACK_CHANNELS } from '../src/destinations/slack/routes.js';
import type { NotifierName } from '../bench/storm/topology.js';

/** The three production functions, one per destination, measured side by side. */
const NOTIFIERS: readonly NotifierName[] = ['slack', 'pagerduty', 'email'];
import { CORPUS_FILES, loadCorpusEvent } from '../test/support/corpus.js';
import { startPagerDutyStandIn, startSlackStandIn } from '../test/support/stand-ins.js';

const { values: args } = parseArgs({ options: { json: { type: 'boolean', default: false }, runs: { type: 'string', default: '20' } } });
const RUNS = Math.max(10, Number(args.runs));
const WARM_EVENTS = 3_000;
const WARM_UP = 300;

// In --json mode stdout carries the document only: anything else that writes there goes to stderr meanwhile.
const stdoutWrite = process.stdout.write.bind(process.stdout);
if (args.json) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

const TARGETS = {
  bundleKb: 120,
  // Issue 13: Slack and PagerDuty within 30 ms of the bare node, email (the SNS client) within 60.
  coldStartOverBaselineMs: { slack: 30, pagerduty: 30, email: 60 } as Record<NotifierName, number>,
  warmP50Ms: 1,
  warmP99Ms: 3,
  formatPerSecond: 50_000,
  slackPerSecond: 50_000,
  warmRssMb: 70,
  criticalPageMaxDelayMs: 10_000,
  slackMaxPerSecond: 1,
  peakRssMb: 80,
};

interface Bundle {
  fn: NotifierName;
  zipBytes: number;
  jsBytes: number;
  /** The extracted handler file. */
  entry: string;
}

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${commandArgs.join(' ')} exited ${code}:\n${out}`))));
  });
}

/** The handler file in a function's zip (`src/handlers/<fn>.cjs`, or `.js`). */
function entryOf(fn: NotifierName, names: string[]): string {
  const entry = names.find((n) => new RegExp(`^src/handlers/${fn}\\.(c|m)?js$`).test(n));
  if (!entry) throw new Error(`${fn}.zip holds no src/handlers/${fn} bundle (it holds ${names.join(', ')})`);
  return entry;
}

/** `sls package` for production into a temporary directory, each zip read and its JS extracted. */
async function packageFunctions(work: string, taskOf: (fn: NotifierName) => string): Promise<Record<NotifierName, Bundle>> {
  const out = join(work, 'package');
  progress('packaging with `npx sls package --stage production` ...');
  // Fake keys: packaging needs no AWS account, and must never pick one up from this machine.
  await run('npx', ['sls', 'package', '--stage', 'production', '--package', out], {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDFAKEFORBENCH',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-bench',
    AWS_REGION: 'eu-west-1',
  });
  const bundles = {} as Record<NotifierName, Bundle>;
  // Each zip is its function's task root; Powertools and the SDK are found through NODE_PATH (bench/processes.ts).
  for (const fn of NOTIFIERS) {
    const zipFile = join(out, `${fn}.zip`);
    const entries = readZip(readFileSync(zipFile));
    const js = entries.filter((e) => /\.(c|m)?js$/.test(e.name));
    const dir = taskOf(fn);
    for (const e of entries.filter((e) => !e.name.endsWith('/'))) {
      mkdirSync(join(dir, dirname(e.name)), { recursive: true });
      writeFileSync(join(dir, e.name), e.data());
    }
    bundles[fn] = {
      fn,
      zipBytes: statSync(zipFile).size,
      jsBytes: js.reduce((n, e) => n + e.size, 0),
      entry: join(dir, entryOf(fn, js.map((e) => e.name))),
    };
  }
  return bundles;
}

/** One production critical ALARM (test/events/ecs-cpu-alarm.json), as each function receives it. */
function eventsFor(work: string): Record<NotifierName, string> {
  const sns = JSON.parse(readFileSync(join(REPO, 'test/events/ecs-cpu-alarm.json'), 'utf8')) as { Records: Array<{ Sns: Record<string, unknown> }> };
  const viaQueue = (queue: string) => ({
    Records: sns.Records.map((r, i) => ({
      messageId: `sqs-${i}`,
      receiptHandle: `receipt-${i}`,
      body: JSON.stringify({ Type: 'Notification', ...r.Sns }),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1715679747512' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queue}`,
      awsRegion: 'eu-west-1',
    })),
  });
  const files = {} as Record<NotifierName, string>;
  for (const fn of NOTIFIERS) {
    files[fn] = join(work, `event-${fn}.json`);
    writeFileSync(files[fn], JSON.stringify(fn === 'pagerduty' ? sns : viaQueue(`ohmycoins-production-alerts-${fn}`)));
  }
  return files;
}

const check = (what: string, r: ChildResult) => {
  if (r.code !== 0 || !r.reported) throw new Error(`${what} failed (exit ${r.code}${r.reported ? '' : ', no report'}): ${r.stderr.slice(0, 2000)}`);
  return r;
};

/**
 * Both throughput measures from a bundle built as serverless.yml's `custom.esbuild` builds the functions (minified,
 * names not kept, the SDK and Powertools left out), in a process with Lambda's node flags: the TypeScript loader
 * the bench itself runs under wraps every function it creates to keep its name, which is not what Lambda runs.
 */
async function throughput(work: string): Promise<{ format: FormatThroughput; slack: SlackThroughput }> {
  // Inside the repository, so that what is left out is found in its node_modules.
  const outfile = join(REPO, '.bench', 'throughput.cjs');
  await build({
    entryPoints: [join(REPO, 'bench', 'throughput-child.ts')],
    outfile,
    bundle: true,
    minify: true,
    keepNames: false,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*'],
    logLevel: 'error',
  });
  const events = join(work, 'corpus-events.json');
  writeFileSync(events, JSON.stringify(CORPUS_FILES.map(loadCorpusEvent)));
  const r = check('throughput', await runNode([outfile, events], { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }));
  return r.report as unknown as { format: FormatThroughput; slack: SlackThroughput };
}

async function main() {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: round(totalmem() / 2 ** 30),
    freeMemoryGb: round(freemem() / 2 ** 30),
    node: process.version,
    loadBefore: loadavg().map((l) => round(l, 2)),
  };
  const work = mkdtempSync(join(tmpdir(), 'ohmycoins-bench-'));
  const [slack, pagerDuty, sns, aws] = await Promise.all([startSlackStandIn(), startPagerDutyStandIn(), startSnsStandIn(), startJsonStandIn()]);
  try {
    const layout = lambdaLayout(work);
    const bundles = await packageFunctions(work, layout.taskOf);
    const events = eventsFor(work);
    // What Lambda sets for each function (bench/processes.ts), under the function's own variables.
    mkdirSync(join(work, 'home'));
    const lambdaEnv = (fn: NotifierName) => lambdaEnvironment({ ...layout, task: layout.taskOf(fn) }, fn, join(work, 'home'));
    // The function's own variables for a local run: secrets from variables, endpoints on 127.0.0.1.
    const env: NodeJS.ProcessEnv = {
      STAGE: 'production',
      ...Object.fromEntries(SLACK_CHANNELS.map((c) => [`SLACK_WEBHOOK_${c.replace(/-/g, '_').toUpperCase()}`, slack.webhookUrl(c)])),
      PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEYFORBENCH00000000000000',
      PAGERDUTY_EVENTS_URL: pagerDuty.eventsUrl,
      EMAIL_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-email',
      AWS_ENDPOINT_URL_SNS: sns.origin,
      ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // As deployed: the DynamoDB ledger, CloudWatch enrichment and the SQS dead-letter queue, all on 127.0.0.1.
    const deployedEnv: NodeJS.ProcessEnv = {
      ...env,
      SSM_PREFIX: '/ohmycoins/production',
      LEDGER_TABLE: 'ohmycoins-production-alerts-ledger',
      DLQ_URL: `${aws.origin}/123456789012/ohmycoins-production-alerts-dead-letter`,
      POWERTOOLS_SERVICE_NAME: 'ohmycoins-alerting',
      AWS_ENDPOINT_URL_DYNAMODB: aws.origin,
      AWS_ENDPOINT_URL_CLOUDWATCH: aws.origin,
      AWS_ENDPOINT_URL_SQS: aws.origin,
      AWS_ENDPOINT_URL_SSM: aws.origin,
    };
    const local = (fn: NotifierName) => ({ ...lambdaEnv(fn), ...env });
    const asDeployed = (fn: NotifierName) => ({ ...lambdaEnv(fn), ...deployedEnv });

    // Cold starts, interleaved with the bare-Node baseline so both see the same load. Everything runs with the
    // runtime's node flags and Lambda's variables; the baseline with the PagerDuty function's.
    progress(`cold starts: ${RUNS} runs of node -e 0 and of each bundle ...`);
    const baseline: number[] = [];
    const bareAlone: number[] = [];
    const bareExit: number[] = [];
    // The PagerDuty bundle and the baseline once more as a local `node` runs them: no flags, none of Lambda's variables.
    const baselinePlain: number[] = [];
    const pagerDutyPlain: number[] = [];
    const plainEnv = { ...env, HOME: join(work, 'home'), AWS_ACCESS_KEY_ID: 'AKIDFAKEFORBENCH', AWS_SECRET_ACCESS_KEY: 'fake-secret-for-bench', AWS_REGION: 'eu-west-1', NODE_PATH: lambdaEnv('pagerduty').NODE_PATH };
    const cold = Object.fromEntries(NOTIFIERS.map((fn) => [fn, [] as ChildResult[]])) as Record<NotifierName, ChildResult[]>;
    for (let i = 0; i < RUNS; i++) {
      baseline.push(check('bare node', await runBareNode(local('pagerduty'))).readyMs);
      bareAlone.push(check('bare node without the runtime\'s http', await runBareNodeAlone(local('pagerduty'))).readyMs);
      bareExit.push((await runNode(['-e', '0'], local('pagerduty'))).wallMs);
      for (const fn of NOTIFIERS) cold[fn].push(check(`cold start of ${fn}`, await runColdStart(bundles[fn].entry, events[fn], local(fn))));
      baselinePlain.push(check('bare node (plain)', await runBareNode(plainEnv, [])).readyMs);
      pagerDutyPlain.push(check('cold start of pagerduty (plain)', await runColdStart(bundles.pagerduty.entry, events.pagerduty, plainEnv, [])).readyMs);
    }
    // Each cold start really delivered: the stand-ins saw one request per run and function.
    const seen = { slack: slack.requests.length, pagerduty: pagerDuty.requests.length, email: sns.publishes() };
    for (const fn of NOTIFIERS) if (seen[fn] < RUNS) throw new Error(`${fn}: ${RUNS} cold starts but ${seen[fn]} deliveries reached its stand-in`);
    const coldOf = (fn: NotifierName) => {
      const ready = cold[fn].map((r) => r.readyMs);
      return {
        p50: round(percentile(ready, 50)),
        p90: round(percentile(ready, 90)),
        exitP50: round(percentile(cold[fn].map((r) => r.wallMs), 50)),
        loadMsP50: round(percentile(cold[fn].map((r) => Number(r.report.loadedMs)), 50)),
        firstEventMsP50: round(percentile(cold[fn].map((r) => Number(r.report.firstEventMs)), 50)),
        maxRssMbP50: round(percentile(cold[fn].map((r) => Number(r.report.maxRssKb) / 1024), 50)),
      };
    };
    const coldByFunction = Object.fromEntries(NOTIFIERS.map((fn) => [fn, coldOf(fn)])) as Record<NotifierName, ReturnType<typeof coldOf>>;
    const nodeBaseline = {
      p50: round(percentile(baseline, 50)),
      p90: round(percentile(baseline, 90)),
      // The baseline without `node:http`, which Lambda's runtime loads before the handler (bench/processes.ts).
      withoutRuntimeHttpP50: round(percentile(bareAlone, 50)),
      nodeE0ExitP50: round(percentile(bareExit, 50)),
    };
    const withLambdaFlags = {
      nodeBaselineMs: { p50: nodeBaseline.p50, p90: nodeBaseline.p90 },
      pagerdutyColdStartMs: { p50: coldByFunction.pagerduty.p50, p90: coldByFunction.pagerduty.p90 },
    };
    const plainNode = {
      nodeBaselineMs: { p50: round(percentile(baselinePlain, 50)), p90: round(percentile(baselinePlain, 90)) },
      pagerdutyColdStartMs: { p50: round(percentile(pagerDutyPlain, 50)), p90: round(percentile(pagerDutyPlain, 90)) },
    };
    // What each function loads for its first event, by where Lambda would find it (untimed).
    const loaded = {} as Record<NotifierName, unknown>;
    for (const fn of NOTIFIERS) loaded[fn] = check(`loaded files of ${fn}`, await runBundle('modules', bundles[fn].entry, events[fn], local(fn))).report.loaded;

    progress(`warm events: ${WARM_EVENTS} PagerDuty events in one process ...`);
    const warm = check('warm events', await runBundle('repeat', bundles.pagerduty.entry, events.pagerduty, local('pagerduty'), String(WARM_EVENTS), String(WARM_UP)));
    const timings = warm.report.timings as number[];
    // The same POSTs without the function: what the loopback round trip to the stand-in costs on this machine.
    const pagerDutyBody = join(work, 'pagerduty-body.json');
    writeFileSync(pagerDutyBody, JSON.stringify({ routing_key: 'R0UT1NGKEYFORBENCH00000000000000', event_action: 'trigger', dedup_key: 'bench', payload: { summary: 'bench', source: 'bench', severity: 'critical' } }));
    const floor = check('HTTP floor', await runBundle('floor', pagerDuty.eventsUrl, pagerDutyBody, local('pagerduty'), String(WARM_EVENTS), String(WARM_UP)));
    const floorTimings = floor.report.timings as number[];

    progress('formatting throughput on the corpus, then Slack-only on the catalog, bundled as the functions are ...');
    const { format, slack: slackRate } = await throughput(work);

    progress('alert storm (simulated clock) ...');
    const stormStart = performance.now();
    const storm = await runStorm();
    const stormRealMs = performance.now() - stormStart;

    progress('peak memory: each function bundle, as deployed, replays its storm invocations (Slack paces itself in real time) ...');
    const rss = {} as Record<NotifierName, { invocations: number; maxRssMb: number; memory: unknown }>;
    const usage = {} as Record<NotifierName, FunctionUsage>;
    const sendMs: Record<NotifierName, number> = { slack: STORM_LATENCY.slackMs, pagerduty: STORM_LATENCY.pagerDutyMs, email: STORM_LATENCY.snsPublishMs };
    for (const fn of NOTIFIERS) {
      const file = join(work, `storm-${fn}.ndjson`);
      const events = storm.invocations.filter((i) => i.fn === fn).map((i) => i.event);
      writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
      const before = { slack: slack.requests.length, pagerduty: pagerDuty.requests.length, email: sns.publishes() };
      const callsBefore = new Map(aws.calls);
      const metricsBefore = aws.metricsRequested();
      const r = check(`storm replay of ${fn}`, await runBundle('replay', bundles[fn].entry, file, asDeployed(fn)));
      const after = { slack: slack.requests.length, pagerduty: pagerDuty.requests.length, email: sns.publishes() };
      if (after[fn] <= before[fn]) throw new Error(`storm replay of ${fn} delivered nothing to its stand-in`);
      rss[fn] = { invocations: Number(r.report.invocations), maxRssMb: round(Number(r.report.maxRssKb) / 1024), memory: r.report.memory };
      const calls: Record<string, number> = {};
      for (const [op, n] of aws.calls) if (n > (callsBefore.get(op) ?? 0)) calls[op] = n - (callsBefore.get(op) ?? 0);
      const sends = after[fn] - before[fn];
      const enriched = Math.min(events.length, calls['GraniteServiceVersion20100801.GetMetricData'] ?? 0);
      usage[fn] = {
        records: events.reduce<number>((n, e) => n + ((e as { Records?: unknown[] }).Records?.length ?? 0), 0),
        invocations: events.length,
        // Loopback answers at once: add the round trips Lambda would wait for (the storm's assumed latencies).
        billedMs: Number(r.report.handlerMs) + enriched * STORM_LATENCY.cloudWatchMs + sends * sendMs[fn],
        coldStarts: storm.containers[fn],
        initMs: coldByFunction[fn].loadMsP50,
        queued: destinationNamed(fn)?.queued ?? false,
        calls,
        cloudwatchMetrics: aws.metricsRequested() - metricsBefore,
        snsPublishes: fn === 'email' ? sends : 0,
        emailRecipients: stageConfig('production').emailSubscribers.length,
      };
    }
    progress('storm10k: the ten-times storm (simulated clock), then the PagerDuty and email bundles replay it ...');
    const tenfold = await storm10k(async (fn, events) => {
      const file = join(work, `storm10k-${fn}.ndjson`);
      writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
      const r = check(`storm10k replay of ${fn}`, await runBundle('replay', bundles[fn].entry, file, asDeployed(fn)));
      return { invocations: Number(r.report.invocations), maxRssMb: round(Number(r.report.maxRssKb) / 1024) };
    });

    const usageCost = Object.fromEntries(NOTIFIERS.map((fn) => [fn, { ...usagePer1000(usage[fn]), usd: priceOf(usagePer1000(usage[fn])) }]));
    const per1000ByFunction = Object.fromEntries(NOTIFIERS.map((fn) => [fn, usageCost[fn]!.usd]));
    const cost = { staging: stageCost('staging', per1000ByFunction), production: stageCost('production', per1000ByFunction) };

    const a = storm.account;
    const document = {
      bundleBytes: Object.fromEntries(NOTIFIERS.map((fn) => [fn, bundles[fn].jsBytes])),
      // The function SNS invokes directly, handling one SNS event: the page path. Every function is in details.
      coldStartMs: { p50: coldByFunction.pagerduty.p50, p90: coldByFunction.pagerduty.p90 },
      warmEventMs: { p50: round(percentile(timings, 50), 3), p99: round(percentile(timings, 99), 3) },
      formatPerSecond: format.perSecond,
      storm: stormFields(a),
      peakRssMb: Math.max(...NOTIFIERS.map((fn) => rss[fn].maxRssMb)),
      nodeBaselineMs: nodeBaseline.p50,
      slackPerSecond: slackRate.perSecond,
      warmRssMb: round(Number(warm.report.maxRssKb) / 1024),
      costPer1000AlertsUsd: { staging: round(cost.staging.per1000AlertsUsd, 4), production: round(cost.production.per1000AlertsUsd, 4) },
      storm10k: tenfold.field,
      details: {
        machine: { ...machine, loadAfter: loadavg().map((l) => round(l, 2)) },
        command: `npm run bench -- --json --runs ${RUNS}`,
        nodeFlags: `every function process and the baseline: ${LAMBDA_128MB_FLAGS.join(' ')}, with Lambda's environment variables (coldStartPlainNode: neither)`,
        lambdaEnvironment: Object.keys(lambdaEnv('pagerduty')),
        layerPackages: layout.layerPackages,
        loadedForFirstEvent: loaded,
        bundleZipBytes: Object.fromEntries(NOTIFIERS.map((fn) => [fn, bundles[fn].zipBytes])),
        coldStartMsByFunction: coldByFunction,
        nodeBaselineMs: nodeBaseline,
        coldStartWithLambdaFlags: withLambdaFlags,
        coldStartPlainNode: plainNode,
        coldStartRuns: RUNS,
        warm: {
          function: 'pagerduty',
          events: timings.length,
          warmUp: WARM_UP,
          meanMs: round(timings.reduce((s, t) => s + t, 0) / timings.length, 3),
          maxRssMb: round(Number(warm.report.maxRssKb) / 1024),
          // V8's heap by space at the end, and what of it was still reachable (bench/child/run-bundle.cjs).
          memory: warm.report.memory,
          loopbackPostMs: { p50: round(percentile(floorTimings, 50), 3), p99: round(percentile(floorTimings, 99), 3) },
        },
        format,
        slack: slackRate,
        cost: { usagePer1000RecordsByFunction: usageCost, usage, ...cost },
        storm: { ...a, containers: storm.containers, invocations: storm.invocations.length, simulatedMs: storm.simulatedMs, realMs: round(stormRealMs, 0) },
        peakRssMbByFunction: rss,
        storm10k: tenfold.details,
        peakRssSetting: 'each function bundle as deployed (SSM_PREFIX, DynamoDB ledger, CloudWatch enrichment, SQS dead letters; AWS on 127.0.0.1) replaying all of its storm invocations in one process',
      },
    };
    const targets = {
      bundle: Math.max(...Object.values(document.bundleBytes)) <= TARGETS.bundleKb * 1024,
      coldStart: NOTIFIERS.every((fn) => coldByFunction[fn].p50 <= document.nodeBaselineMs + TARGETS.coldStartOverBaselineMs[fn]),
      warm: document.warmEventMs.p50 <= TARGETS.warmP50Ms && document.warmEventMs.p99 <= TARGETS.warmP99Ms,
      format: document.formatPerSecond >= TARGETS.formatPerSecond,
      slack: document.slackPerSecond >= TARGETS.slackPerSecond,
      warmRss: document.warmRssMb <= TARGETS.warmRssMb,
      storm: a.lost === 0 && a.duplicates === 0 && a.slackMaxPerSecond <= TARGETS.slackMaxPerSecond && a.criticalPageMaxDelayMs <= TARGETS.criticalPageMaxDelayMs,
      peakRss: document.peakRssMb <= TARGETS.peakRssMb,
      storm10k:
        tenfold.field.lost === 0 &&
        tenfold.field.duplicates === 0 &&
        tenfold.field.slackMaxPerSecond <= TARGETS.slackMaxPerSecond &&
        tenfold.field.criticalPageMaxDelayMs <= TARGETS.criticalPageMaxDelayMs &&
        tenfold.details.cloudwatchThrottledTotal <= 0.01 * tenfold.details.cloudwatchCallsTotal &&
        tenfold.field.peakRssMb <= TARGETS.peakRssMb,
    };
    Object.assign(document.details, { targets });

    if (args.json) {
      stdoutWrite(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      printTable(document, targets);
    }
  } finally {
    await Promise.all([slack.close(), pagerDuty.close(), sns.close(), aws.close()]);
    rmSync(work, { recursive: true, force: true });
  }
}

function printTable(d: Record<string, any>, targets: Record<string, boolean>) {
  const ok = (pass: boolean) => (pass ? 'met' : 'MISSED');
  const rows: Array<[string, string, string]> = [
    ...Object.entries(d.bundleBytes as Record<string, number>).map(([fn, b]): [string, string, string] => [
      `bundle ${fn} (minified JS; zip)`,
      `${round(b / 1024)} KB; ${round(d.details.bundleZipBytes[fn] / 1024)} KB`,
      `≤ ${TARGETS.bundleKb} KB: ${ok(b <= TARGETS.bundleKb * 1024)}`,
    ]),
    ['bare node with the runtime\'s node:http (p50 / p90)', `${d.details.nodeBaselineMs.p50} / ${d.details.nodeBaselineMs.p90} ms (without it ${d.details.nodeBaselineMs.withoutRuntimeHttpP50})`, ''],
    ...Object.entries(d.details.coldStartMsByFunction as Record<string, { p50: number; p90: number; loadMsP50: number; firstEventMsP50: number }>).map(
      ([fn, c]): [string, string, string] => [
        `cold start ${fn} (p50 / p90)`,
        `${c.p50} / ${c.p90} ms (load ${c.loadMsP50}, first event ${c.firstEventMsP50})`,
        `≤ baseline + ${TARGETS.coldStartOverBaselineMs[fn as NotifierName]}: ${ok(c.p50 <= d.nodeBaselineMs + TARGETS.coldStartOverBaselineMs[fn as NotifierName])} (+${round(c.p50 - d.nodeBaselineMs)} ms)`,
      ],
    ),
    [
      'cold start pagerduty, plain node (no flags, no Lambda variables)',
      `${d.details.coldStartPlainNode.pagerdutyColdStartMs.p50} ms (node alone ${d.details.coldStartPlainNode.nodeBaselineMs.p50} ms)`,
      '',
    ],
    ['warm event pagerduty (p50 / p99)', `${d.warmEventMs.p50} / ${d.warmEventMs.p99} ms`, `≤ 1 / 3 ms: ${ok(targets.warm!)}`],
    ['  the bare loopback POST alone (p50 / p99)', `${d.details.warm.loopbackPostMs.p50} / ${d.details.warm.loopbackPostMs.p99} ms`, ''],
    ['format (alerts per second; per CPU-second)', `${d.formatPerSecond}; ${d.details.format.perCpuSecond}`, `≥ ${TARGETS.formatPerSecond}: ${ok(targets.format!)}`],
    ['Slack only, rich catalog alarm (per second; per CPU-second)', `${d.slackPerSecond}; ${d.details.slack.perCpuSecond}`, `≥ ${TARGETS.slackPerSecond}: ${ok(targets.slack!)}`],
    ['peak RSS, warm events', `${d.warmRssMb} MB`, `≤ ${TARGETS.warmRssMb} MB: ${ok(targets.warmRss!)}`],
    ['cost per 1,000 alerts (staging; production)', `$${d.costPer1000AlertsUsd.staging}; $${d.costPer1000AlertsUsd.production}`, ''],
    ['storm: events / alarms', `${d.storm.events} / ${d.storm.alarms}`, ''],
    ['storm: lost / duplicates', `${d.storm.lost} / ${d.storm.duplicates}`, `0 / 0: ${ok(d.storm.lost === 0 && d.storm.duplicates === 0)}`],
    ['storm: Slack posts (digests), 429s', `${d.storm.slackMessages} (${d.details.storm.slackDigests}), ${d.details.storm.slackRateLimited}`, ''],
    ['storm: Slack max per second per webhook', `${d.storm.slackMaxPerSecond}`, `≤ 1: ${ok(d.storm.slackMaxPerSecond <= 1)}`],
    ['storm: critical page max delay', `${d.storm.criticalPageMaxDelayMs} ms`, `≤ 10000 ms: ${ok(d.storm.criticalPageMaxDelayMs <= 10_000)}`],
    ['storm10k: events / alarms; lost / duplicates', `${d.storm10k.events} / ${d.storm10k.alarms}; ${d.storm10k.lost} / ${d.storm10k.duplicates}`, `0 / 0: ${ok(d.storm10k.lost === 0 && d.storm10k.duplicates === 0)}`],
    ['storm10k: Slack max per second; worst page', `${d.storm10k.slackMaxPerSecond}; ${d.storm10k.criticalPageMaxDelayMs} ms`, `≤ 1; ≤ 10000 ms: ${ok(targets.storm10k === true)}`],
    [
      'storm10k: CloudWatch calls / throttled',
      `${d.details.storm10k.cloudwatchCallsTotal} / ${d.details.storm10k.cloudwatchThrottledTotal} (${JSON.stringify(d.storm10k.cloudwatchCalls)})`,
      '≤ 1 % throttled',
    ],
    ['storm10k: peak RSS (pagerduty, email replays)', `${d.storm10k.peakRssMb} MB`, `≤ ${TARGETS.peakRssMb} MB: ${ok(d.storm10k.peakRssMb <= TARGETS.peakRssMb)}`],
    ...Object.entries(d.details.peakRssMbByFunction as Record<string, { maxRssMb: number; invocations: number }>).map(([fn, r]): [string, string, string] => [
      `peak RSS ${fn} as deployed (${r.invocations} storm invocations)`,
      `${r.maxRssMb} MB`,
      `≤ ${TARGETS.peakRssMb} MB: ${ok(r.maxRssMb <= TARGETS.peakRssMb)}`,
    ]),
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  const m = d.details.machine;
  console.log(`${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}; load ${m.loadBefore.join(' ')} → ${m.loadAfter.join(' ')}`);
  for (const [name, value, target] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(valueWidth)}  ${target}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
