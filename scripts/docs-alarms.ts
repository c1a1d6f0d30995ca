// Writes docs/alarms.md from the alarm catalog: `npm run docs:alarms`. With `--check`, only reports whether it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { ALARMS_DOC_PATH, renderAlarmsDoc } from '../src/alarms/docs.js';
import { stageConfig } from '../src/config/stages/index.js';

const rendered = renderAlarmsDoc(stageConfig('production'), stageConfig('staging'));
const current = (() => {
  try {
    return readFileSync(ALARMS_DOC_PATH, 'utf8');
  } catch {
    return undefined;
  }
})();

if (process.argv.includes('--check')) {
  if (current !== rendered) {
    console.error(`${ALARMS_DOC_PATH} is stale: run npm run docs:alarms`);
    process.exitCode = 1;
  }
} else if (current === rendered) {
  console.log(`${ALARMS_DOC_PATH} is up to date`);
} else {
  writeFileSync(ALARMS_DOC_PATH, rendered);
  console.log(`wrote ${ALARMS_DOC_PATH}`);
}
