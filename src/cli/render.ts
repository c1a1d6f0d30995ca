/**
 * npm run --silent render -- <event.json> [--stage staging|production] [--metrics <file>] [--history <file>]
 *                                         [--slack-app <channel>=<channel ID> ...]
 *
 * Prints one JSON document: the alerts found, the exact request each destination would receive (secrets
 * redacted) and the records that were not alarms. Offline: nothing is sent, AWS is never called.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { StageConfig } from '../config/stage.js';
import { stageConfig } from '../config/stages/index.js';
import { withSlackApp } from '../destinations/index.js';
import { appChannelsOf } from '../destinations/slack/routes.js';
import { fileCloudWatchReader } from '../enrich/offline.js';
import { renderEvent } from './render-event.js';

class UsageError extends Error {}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not JSON: ${(error as Error).message}`);
  }
}

/** The stage file's app-mode channels and those named on the command line. */
function appChannelsFromArgs(config: StageConfig, args: readonly string[]) {
  const channels: Record<string, string> = { ...config.slackApp?.channels };
  for (const arg of args) {
    const [name, id, ...rest] = arg.split('=');
    if (!name || !id || rest.length) throw new UsageError(`--slack-app takes <channel>=<channel ID>, not "${arg}"`);
    channels[name] = id;
  }
  try {
    return appChannelsOf((stage) => (stage === config.stage ? { slackApp: { channels } } : stageConfig(stage)));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stage: { type: 'string', default: 'staging' },
      metrics: { type: 'string' },
      history: { type: 'string' },
      // Shows a channel in Slack app mode as if the stage file said so: `--slack-app alerts-critical=C0123ABCD`.
      'slack-app': { type: 'string', multiple: true },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    throw new UsageError('usage: render <event.json> [--stage staging|production] [--metrics <file>] [--history <file>] [--slack-app <channel>=<channel ID> ...]');
  }
  let config;
  try {
    config = stageConfig(values.stage);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const event = await readJson(file, 'event');
  const metrics = values.metrics === undefined ? undefined : await readJson(values.metrics, 'metrics');
  const history = values.history === undefined ? undefined : await readJson(values.history, 'history');
  let cloudwatch;
  try {
    cloudwatch = metrics || history ? fileCloudWatchReader(metrics, history) : undefined;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const destinations = values['slack-app'] ? withSlackApp(appChannelsFromArgs(config, values['slack-app'])) : undefined;
  const document = await renderEvent(event, config, { cloudwatch, destinations });
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`render: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
