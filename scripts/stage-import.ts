/**
 * npm run stage:import -- --stage <stage> --terraform-outputs <file> [--map <output>=<field>]...
 *
 * Reads what `terraform output -json` printed for the core stack and writes the stage's identifiers to
 * src/config/stages/<stage>.identifiers.ts, which the stage configuration imports. Prints what changed;
 * package (or `npm run verify`) next. Output names and formats: docs/identifiers.md.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isStage, stageConfig } from '../src/config/stages/index.js';
import { importStage } from '../src/identifiers/import.js';
import { IdentifierImportError } from '../src/identifiers/outputs.js';
import { changedFields } from '../src/identifiers/render.js';

const USAGE = 'usage: npm run stage:import -- --stage staging|production --terraform-outputs <file> [--map <output>=<field>]...';
const ROOT = resolve(import.meta.dirname, '..');

function main(): void {
  let values: { stage?: string; 'terraform-outputs'?: string; map?: string[] };
  try {
    ({ values } = parseArgs({
      options: { stage: { type: 'string' }, 'terraform-outputs': { type: 'string' }, map: { type: 'string', multiple: true } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { stage, 'terraform-outputs': outputsFile } = values;
  if (!isStage(stage) || !outputsFile) {
    console.error(USAGE);
    process.exit(2);
  }
  const before = stageConfig(stage);
  try {
    const { path, resources } = importStage({
      root: ROOT,
      stage,
      region: before.region,
      outputsFile: resolve(outputsFile),
      maps: values.map ?? [],
      now: new Date(),
    });
    const changes = changedFields(before.resources, resources);
    console.log(`Wrote ${path}`);
    console.log(changes.length ? changes.map((c) => `  ${c}`).join('\n') : '  no identifier changed');
  } catch (error) {
    if (!(error instanceof IdentifierImportError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
