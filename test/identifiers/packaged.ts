/**
 * Packages a stage with the real `sls package` (offline) in a copy of the repository, so a test can change
 * the copy's identifiers and package again without touching the working tree (or the .esbuild folder another
 * test file packages into).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const COPIED = ['serverless.yml', 'package.json', 'tsconfig.json', 'src', 'infra'];

export interface Template {
  Parameters?: Record<string, { Type: string; Default?: string }>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs?: Record<string, unknown>;
}

/** No credentials and no instance-metadata lookups: packaging must not need AWS at all. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', SLS_DEPRECATION_DISABLE: '*' };
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[key];
  return env;
}

export class RepositoryCopy {
  readonly root = mkdtempSync(join(tmpdir(), 'repo-copy-'));
  private packages = 0;

  constructor() {
    for (const entry of COPIED) cpSync(join(ROOT, entry), join(this.root, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(this.root, 'node_modules'), 'dir');
  }

  async package(stage: string): Promise<Template> {
    const out = join(this.root, `.package-${++this.packages}`);
    const sls = join(ROOT, 'node_modules/.bin/sls');
    await run(sls, ['package', '--stage', stage, '--package', out], { cwd: this.root, env: offlineEnv(), timeout: 120_000 });
    return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

const parsedJson = (s: string): unknown => {
  if (!/^\s*[{[]/.test(s)) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
};

/** Every leaf that differs between two templates; strings holding JSON (a dashboard body) are compared inside. */
export function templateChanges(before: unknown, after: unknown, path = ''): Change[] {
  if (typeof before === 'string' && typeof after === 'string' && before !== after) {
    const [a, b] = [parsedJson(before), parsedJson(after)];
    if (a !== undefined && b !== undefined) return templateChanges(a, b, `${path}<json>`);
  }
  const isContainer = (v: unknown) => typeof v === 'object' && v !== null;
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after)) {
    return Object.is(before, after) ? [] : [{ path, before, after }];
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => templateChanges(a[k], b[k], Array.isArray(before) ? `${path}[${k}]` : `${path}.${k}`));
}

/** The value at a path `templateChanges` reported, to look at its neighbours. */
export function at(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const [, key, index, json] of path.matchAll(/\.([^.[<]+)|\[(\d+)\]|(<json>)/g)) {
    if (json) node = JSON.parse(node as string);
    else node = (node as Record<string, unknown>)[key ?? index!];
  }
  return node;
}
