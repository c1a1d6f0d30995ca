/**
 * npm run verify -- --stage <stage>
 *
 * Read-only check of a deployed stage with the operator's AWS credentials: for every enabled alarm, its
 * resources exist, its metrics exist with these dimensions and had datapoints in the last 24 h, and the
 * deployed alarm matches the catalog. Prints a table; exit 1 on any problem, 2 on bad usage.
 * The IAM actions it needs: docs/identifiers.md.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isStage, stageConfig } from '../src/config/stages/index.js';
import { problems, verifyStage } from '../src/verify/checks.js';
import { sdkVerifyAws, verifyClients } from '../src/verify/sdk.js';
import { renderTable } from '../src/verify/table.js';

const USAGE = 'usage: npm run verify -- --stage staging|production';

/** The command's exit code: 0 all good, 1 a problem, 2 bad usage. */
export async function verifyCommand(args: string[], out = console.log, err = console.error, now = new Date()): Promise<number> {
  let stage: string | undefined;
  try {
    ({ values: { stage } } = parseArgs({ args, options: { stage: { type: 'string' } }, strict: true }));
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!isStage(stage)) {
    err(USAGE);
    return 2;
  }
  const config = stageConfig(stage);
  const rows = await verifyStage(config, sdkVerifyAws(verifyClients(config.region)), now);
  out(renderTable(rows));
  return problems(rows).length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  verifyCommand(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(`verify failed: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
