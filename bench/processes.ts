/**
 * Function processes for the bench, started the way the Lambda Node.js runtime starts a function: its node flags
 * and the environment variables Lambda sets (docs/performance.md lists them), the bundle extracted as the task
 * root, Powertools where its layer puts it and the SDK where the runtime keeps it, both found through NODE_PATH
 * as on Lambda (nothing above the task root has a node_modules). No TypeScript loader, no NODE_OPTIONS, no
 * NODE_EXTRA_CA_CERTS, no credentials but fake ones.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const REPO = join(import.meta.dirname, '..');
const RUNNER = join(import.meta.dirname, 'child', 'run-bundle.cjs');

/** The deployed functions' memory size (serverless.yml `provider.memorySize`). */
export const MEMORY_MB = 128;

/**
 * What the runtime's bootstrap runs Node with: new space a tenth of the memory, semi-space half of it, old space
 * the rest (128 MB → 6 and 116 MB); and the two experimental features Lambda switches off (require of ES modules,
 * module syntax detection), which this Node 20 also accepts.
 */
export const lambdaNodeFlags = (memoryMb: number = MEMORY_MB): string[] => [
  '--expose-gc',
  '--max-http-header-size',
  '81920',
  `--max-semi-space-size=${Math.floor(Math.floor(memoryMb / 10) / 2)}`,
  `--max-old-space-size=${memoryMb - Math.floor(memoryMb / 10)}`,
  '--no-experimental-require-module',
  '--no-experimental-detect-module',
];
export const LAMBDA_128MB_FLAGS = lambdaNodeFlags(MEMORY_MB);

/**
 * Where a function's code is, as Lambda lays it out: `task` (/var/task, the zip), `layers` (/opt, each layer's
 * zip: Powertools' puts its packages in nodejs/node_modules), `runtime` (/var/runtime, whose node_modules holds the
 * SDK). Here the layer's and the runtime's packages are this repository's node_modules, linked in.
 */
export interface LambdaLayout {
  task: string;
  layers: string;
  runtime: string;
}

/**
 * The Powertools packages package.json depends on, and what they depend on in turn (the layer ships both), as
 * installed at the top of node_modules: the ones installed inside another package's folder come with it.
 */
function layerPackages(): string[] {
  const top = new Set<string>();
  const visit = (name: string, from: string) => {
    // Node's lookup: the package's own node_modules first, then each folder up to the repository's.
    let dir = from;
    while (!existsSync(join(dir, 'node_modules', name, 'package.json'))) {
      if (dir === REPO) throw new Error(`${name} is not installed`);
      dir = dirname(dir);
    }
    const at = join(dir, 'node_modules', name);
    if (dir === REPO) {
      if (top.has(name)) return;
      top.add(name);
    }
    const pkg = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, at);
  };
  const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(root.dependencies).filter((n) => n.startsWith('@aws-lambda-powertools/'))) visit(name, REPO);
  return [...top].sort();
}

/** Lays out /opt and /var/runtime under `root`; each function's task root is `root/task/<fn>`. */
export function lambdaLayout(root: string): { layers: string; runtime: string; taskOf: (fn: string) => string; layerPackages: string[] } {
  const layers = join(root, 'opt');
  const runtime = join(root, 'runtime');
  const packages = layerPackages();
  for (const name of packages) {
    mkdirSync(dirname(join(layers, 'nodejs', 'node_modules', name)), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', name), join(layers, 'nodejs', 'node_modules', name), 'dir');
  }
  mkdirSync(runtime, { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(runtime, 'node_modules'), 'dir');
  return { layers, runtime, taskOf: (fn) => join(root, 'task', fn), layerPackages: packages };
}

/**
 * The variables Lambda sets for a function of the nodejs22.x runtime, before the function's own: reserved ones
 * (handler, region, runtime, name, memory, version, log group and stream, initialization type, role keys,
 * runtime API, task and runtime roots, TZ) and the unreserved defaults (LANG, PATH, LD_LIBRARY_PATH, NODE_PATH).
 * HOME is an empty directory, so nothing of this machine's AWS configuration is read.
 */
export function lambdaEnvironment(layout: LambdaLayout, fn: string, home: string, region = 'eu-west-1', memoryMb: number = MEMORY_MB): NodeJS.ProcessEnv {
  const name = `ohmycoins-alerting-production-${fn}`;
  return {
    _HANDLER: `src/handlers/${fn}.handler`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/12/02/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    AWS_ACCESS_KEY_ID: 'AKIDFAKEFORBENCH',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-bench',
    AWS_SESSION_TOKEN: 'fake-session-token-for-bench',
    // Nothing listens there: the bench calls the handler itself, as the runtime's client would.
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    LAMBDA_TASK_ROOT: layout.task,
    LAMBDA_RUNTIME_DIR: layout.runtime,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin/:/bin:${layout.layers}/bin`,
    LD_LIBRARY_PATH: [`${dirname(dirname(process.execPath))}/lib`, '/lib64', '/usr/lib64', layout.runtime, `${layout.runtime}/lib`, layout.task, `${layout.task}/lib`, `${layout.layers}/lib`].join(':'),
    NODE_PATH: [`${layout.layers}/nodejs/node22/node_modules`, `${layout.layers}/nodejs/node_modules`, `${layout.runtime}/node_modules`, layout.runtime, layout.task].join(':'),
    HOME: home,
  };
}

export interface ChildResult {
  /** Spawn → the child's report line arrived: the process is done with its work (a Lambda would answer now). */
  readyMs: number;
  /** Spawn → exit (process teardown included, which a Lambda container never pays per event). */
  wallMs: number;
  code: number | null;
  /** False when the child wrote no report line (it crashed, or was killed). */
  reported: boolean;
  report: Record<string, unknown>;
  stderr: string;
}

/**
 * Spawns `node <flags> <args>` and times it from this side: until its report line (a JSON object on stderr)
 * arrives, and until it exits.
 */
export function runNode(args: string[], env: NodeJS.ProcessEnv, flags: readonly string[] = LAMBDA_128MB_FLAGS): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [...flags, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let readyMs = Number.NaN;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (Number.isNaN(readyMs) && /(^|\n)\{.*\}\n/.test(stderr)) readyMs = performance.now() - start;
    });
    child.on('error', reject);
    let wallMs = Number.NaN;
    child.on('exit', () => (wallMs = performance.now() - start));
    // 'close' comes after 'exit' once stderr is drained: the report line may arrive after the exit.
    child.on('close', (code) => {
      const line = stderr.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      let report: Record<string, unknown> = {};
      try {
        report = line ? (JSON.parse(line) as Record<string, unknown>) : {};
      } catch {
        report = {};
      }
      resolve({ readyMs: Number.isNaN(readyMs) ? wallMs : readyMs, wallMs, code, reported: line !== undefined, report, stderr });
    });
  });
}

/**
 * What Lambda's Node.js runtime has loaded before it loads the handler: its client for the Runtime API requires
 * `node:http` at the top of its module (aws/aws-lambda-nodejs-runtime-interface-client, src/client/rapid-client.ts).
 * Every process the bench times loads it first, the bare baseline included (bench/child/run-bundle.cjs does too),
 * so a cold start over the baseline is the function's own cost, not the runtime's.
 */
const RUNTIME_PRELOAD = 'require("node:http");';

/** A bare Node process that reports as the bundle runner does: the baseline for cold starts. */
export const runBareNode = (env: NodeJS.ProcessEnv, flags: readonly string[] = LAMBDA_128MB_FLAGS) =>
  runNode(['-e', `${RUNTIME_PRELOAD}process.stderr.write("{}\\n")`], env, flags);

/** The same without the runtime's module: the baseline as the bench took it until 2026-12-02, for comparison. */
export const runBareNodeAlone = (env: NodeJS.ProcessEnv, flags: readonly string[] = LAMBDA_128MB_FLAGS) =>
  runNode(['-e', 'process.stderr.write("{}\\n")'], env, flags);

export const runBundle = (mode: 'once' | 'modules' | 'repeat' | 'replay' | 'floor', bundle: string, input: string, env: NodeJS.ProcessEnv, ...rest: string[]) =>
  runNode([RUNNER, mode, bundle, input, ...rest], env);

/** A cold start: the bundle loads and handles one event; `flags` as for runNode. */
export const runColdStart = (bundle: string, input: string, env: NodeJS.ProcessEnv, flags: readonly string[] = LAMBDA_128MB_FLAGS) =>
  runNode([RUNNER, 'once', bundle, input], env, flags);

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
