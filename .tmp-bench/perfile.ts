import { catalogFor } from '../src/alarms/index.js';
import { stageConfig } from '../src/config/stages/index.js';
import { prepare } from '../src/pipeline/prepare.js';
import { CORPUS_FILES, loadCorpusEvent } from '../test/support/corpus.js';
const config = stageConfig('production'); const catalog = catalogFor(config);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const ctx = { config, catalog, log: quiet };
const rows = [];
for (const f of CORPUS_FILES) {
  const e = loadCorpusEvent(f);
  for (let i = 0; i < 50; i++) await prepare(e, ctx);
  const n = 300; const c0 = process.cpuUsage(); let recs = 0; for (let i = 0; i < n; i++) recs = (await prepare(e, ctx)).length; const c = process.cpuUsage(c0);
  const r = (await prepare(e, ctx));
  rows.push([((c.user + c.system) / n).toFixed(0), recs, r.map(x => x.alert ? 'alert' : x.notice.kind).join(','), r.map(x => x.notifications.map(n => n.destination.type).join('+')).join(','), f]);
}
rows.sort((a, b) => +b[0] - +a[0]);
for (const r of rows) console.log(r.join('\t'));
