import { runStorm } from '../bench/storm/index.js';
const r = await runStorm();
const sent = new Map<string, any[]>();
for (const e of r.logs) if (e.message === 'Delivered' && e.fields.outcome === 'sent') { const k = `${e.fields.messageId}#${e.fields.destination}`; sent.set(k, [...(sent.get(k) ?? []), e]); }
const twice = [...sent].filter(([, v]) => v.length > 1);
console.log('logged twice', twice.length);
for (const [k, v] of twice.slice(0, 5)) console.log(k, v.map((e) => [e.at, e.fn, e.fields.digestOf]));
const inv = r.invocations.filter(i => i.fn === 'slack');
console.log('slack invocations', inv.length, inv.map(i => [i.at, (i.event as any).Records.length]).slice(0, 30));
console.log(r.received.slack.map(s => [s.at, s.webhook, s.status]).slice(0, 50));
