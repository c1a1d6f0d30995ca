/**
 * npm run demo: renders the sample alarms in test/events through every formatter, for both stages, and
 * prints what Slack, PagerDuty and email would receive in a readable form. Offline: nothing is sent.
 */
import type { KnownBlock } from '@slack/types';
import { renderEvent, type RenderDocument } from '../src/cli/render-event.js';
import { stageConfig } from '../src/config/stages/index.js';
import type { EmailMessage } from '../src/formatters/email.js';
import type { PagerDutyEvent } from '../src/formatters/pagerduty.js';
import type { SlackMessage } from '../src/formatters/slack.js';
import { STAGES } from '../src/model/alert.js';
import { CLOUDWATCH_DIR, EVENTS_DIR } from '../src/preview/index.js';
import { cloudWatchFor, forStage, loadSamples } from '../src/preview/samples.js';

const tty = process.stdout.isTTY;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const indent = (s: string, by = '    ') => s.split('\n').map((l) => by + l).join('\n');

function blockText(block: KnownBlock): string[] {
  switch (block.type) {
    case 'header':
      return [bold(block.text.text)];
    case 'section': {
      const lines = block.text ? [block.text.text] : [];
      for (const f of block.fields ?? []) lines.push(`  ${f.text.replace(/\n/g, ' ')}`);
      return lines;
    }
    case 'context':
      return [dim(block.elements.map((e) => ('text' in e ? e.text : '')).join('  ·  '))];
    case 'actions':
      return [block.elements.map((e) => ('text' in e && e.text ? `[${e.text.text}]` : '')).join(' ')];
    case 'divider':
      return ['────'];
    default:
      return [dim(`(${block.type} block)`)];
  }
}

function slack(m: SlackMessage): string {
  const bar = (colour: string) => (tty ? `\x1b[38;2;${parseInt(colour.slice(1, 3), 16)};${parseInt(colour.slice(3, 5), 16)};${parseInt(colour.slice(5, 7), 16)}m▌\x1b[0m ` : '▌ ');
  const lines = [`${dim('notification text:')} ${m.text}`];
  for (const b of m.blocks ?? []) lines.push(...blockText(b));
  for (const a of m.attachments ?? []) for (const b of a.blocks) lines.push(...blockText(b).map((l) => bar(a.color) + l));
  return lines.join('\n');
}

function pagerDuty(e: PagerDutyEvent): string {
  if (e.event_action !== 'trigger') return `${bold(e.event_action)}  dedup_key=${e.dedup_key}`;
  const p = e.payload;
  const lines = [`${bold('trigger')}  dedup_key=${e.dedup_key}`, `${bold(p.summary)}`, `severity ${p.severity} · source ${p.source}${p.component ? ` · component ${p.component}` : ''}${p.group ? ` · group ${p.group}` : ''}`];
  for (const [k, v] of Object.entries(p.custom_details ?? {})) lines.push(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`.slice(0, 200));
  for (const l of e.links ?? []) lines.push(`  → ${l.text}: ${l.href}`);
  return lines.join('\n');
}

const email = (m: EmailMessage) => `${bold(`Subject: ${m.subject}`)}\n\n${m.body}`;

function show(doc: RenderDocument): void {
  for (const a of doc.alerts) {
    console.log(a.kind === 'unrecognised' ? '  unrecognised notification' : `  ${a.kind} alarm ${a.alarmName}: ${a.previousState ?? '?'} → ${a.state} · ${a.severity} · ${a.region} · ${a.account}`);
  }
  for (const e of doc.errors) console.log(dim(`  record ${e.record}: ${e.message}`));
  if (doc.notifications.length === 0) console.log(dim('  (routed nowhere in this stage)'));
  for (const n of doc.notifications) {
    console.log(`\n  ${bold(n.destination.toUpperCase())} → ${n.target}`);
    const body = n.destination === 'slack' ? slack(n.payload as SlackMessage) : n.destination === 'pagerduty' ? pagerDuty(n.payload as PagerDutyEvent) : email(n.payload as EmailMessage);
    console.log(indent(body));
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
