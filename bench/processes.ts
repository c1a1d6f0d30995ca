/**
 * Function processes for the bench: each bundle runs in a fresh `node`, with the SDK resolved from this
 * repository's node_modules (the runtime ships it) and a clean environment (no TypeScript loader, no
 * NODE_OPTIONS, no real credentials). Memory is measured with the heap flags the Lambda Node.js runtime's
 * bootstrap passes for a 128 MB function; cold starts with and without them (any V8 flag makes Node reject
 * the code cache of its own built-in modules, which costs this machine about 20 ms at start-up).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const REPO = join(import.meta.dirname, '..');
const RUNNER = join(import.meta.dirname, 'child', 'run-bundle.cjs');

/**
 * What /var/runtime/bootstrap runs Node with: new space a tenth of the memory, semi-space half of it, old space
 * the rest (AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128 → 6 and 116 MB).
 */
export const LAMBDA_128MB_FLAGS = ['--expose-gc', '--max-http-header-size', '81920', '--max-semi-space-size=6', '--max-old-space-size=116'];

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

/** A bare Node process that reports as the bundle runner does: the baseline for cold starts. */
export const runBareNode = (env: NodeJS.ProcessEnv, flags: readonly string[] = LAMBDA_128MB_FLAGS) =>
  runNode(['-e', 'process.stderr.write("{}\\n")'], env, flags);

export const runBundle = (mode: 'once' | 'repeat' | 'replay' | 'replay-lines' | 'floor', bundle: string, input: string, env: NodeJS.ProcessEnv, ...rest: string[]) =>
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
