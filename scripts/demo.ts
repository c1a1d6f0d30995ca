/**
 * npm run demo: renders the sample alarms in test/events through every formatter, for both stages, and
 * prints what Slack, PagerDuty and email would receive in a readable form. Offline: nothing is sent.
 */
import { renderEvent, type RenderDocument } from '../src/cli/render-event.js';
import { stageConfig } from '../src/config/stages/index.js';
import { previewOf } from '../src/destinations/index.js';
import { STAGES } from '../src/model/alert.js';
import { CLOUDWATCH_DIR, EVENTS_DIR } from '../src/preview/index.js';
import { cloudWatchFor, forStage, loadSamples } from '../src/preview/samples.js';

const tty = process.stdout.isTTY;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const indent = (s: string, by = '    ') => s.split('\n').map((l) => by + l).join('\n');

const style = {
  bold,
  dim,
  bar: (c: string) => (tty ? `\x1b[38;2;${parseInt(c.slice(1, 3), 16)};${parseInt(c.slice(3, 5), 16)};${parseInt(c.slice(5, 7), 16)}m▌\x1b[0m ` : '▌ '),
};

function show(doc: RenderDocument): void {
  for (const a of doc.alerts) {
    console.log(a.kind === 'unrecognised' ? '  unrecognised notification' : `  ${a.kind} alarm ${a.alarmName}: ${a.previousState ?? '?'} → ${a.state} · ${a.severity} · ${a.region} · ${a.account}`);
  }
  for (const e of doc.errors) console.log(dim(`  record ${e.record}: ${e.message}`));
  if (doc.notifications.length === 0) console.log(dim('  (routed nowhere in this stage)'));
  for (const n of doc.notifications) {
    console.log(`\n  ${bold(n.destination.toUpperCase())} → ${n.target}`);
    const preview = previewOf(n.destination);
    console.log(indent(preview ? preview.text(n.payload, style) : JSON.stringify(n.payload, null, 2)));
  }
}

const samples = await loadSamples(EVENTS_DIR, { label: 'test/events', cloudwatchDir: CLOUDWATCH_DIR, generated: false });
for (const sample of samples) {
  for (const stage of STAGES) {
    console.log(`\n${bold(`━━━ ${sample.origin} · ${stage} ━━━`)}`);
    show(await renderEvent(forStage(sample, stage), stageConfig(stage), { cloudwatch: cloudWatchFor(sample, stage) }));
  }
}
console.log(dim(`\nRendered ${samples.length} sample events for ${STAGES.join(' and ')}; nothing was sent. See npm run render for JSON.`));
