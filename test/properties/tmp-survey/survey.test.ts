import fc from 'fast-check';
import { it } from 'vitest';
import { catalogFor } from '../../../src/alarms/index.js';
import { stageConfig } from '../../../src/config/stages/index.js';
import { prepare } from '../../../src/pipeline/prepare.js';
import { preparedProblems } from '../limits.js';
import { mutatedEvents } from '../mutations.js';
const CONFIGS = { production: stageConfig('production'), staging: stageConfig('staging') } as const;
it('survey', async () => {
  let shown = 0;
  for (const g of fc.sample(mutatedEvents(), 6000)) {
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    const records = await prepare(g.event, { config: CONFIGS[g.stage], catalog: catalogFor(CONFIGS[g.stage]), log });
    const problems = preparedProblems(records, g.stage).filter((p) => p.includes('injected'));
    if (problems.length && shown++ < 2) {
      for (const r of records) {
        const s = r.notifications.find((n) => n.destination.type === 'slack');
        if (!s) continue;
        const txt = JSON.stringify(s.payload);
        const i = txt.indexOf('*Open*');
        console.log('LINKS', JSON.stringify(r.alert?.links), '\nTEXT', txt.slice(i, i + 900), '\nALARM', (r.notice as any).alarmName?.slice(0, 200));
      }
    }
  }
}, 300000);
