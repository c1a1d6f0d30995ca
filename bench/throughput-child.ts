/**
 * The two throughput measures in a process of their own, run from a bundle built as `sls package` builds the
 * functions (scripts/bench.ts): the code as Lambda runs it, not through the TypeScript loader.
 *
 *   node throughput.cjs <corpus-events.json>
 *
 * reports one JSON line on stderr, `{ format, slack }`, as bench/child/run-bundle.cjs does.
 */
import { readFileSync } from 'node:fs';
import { formatThroughput } from './format-throughput.js';
import { slackThroughput } from './slack-throughput.js';

async function main(): Promise<void> {
  const events = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as unknown[];
  const format = await formatThroughput(events, 3, 1);
  const slack = await slackThroughput(3, 1);
  process.stderr.write(`${JSON.stringify({ format, slack })}\n`);
}

void main();
