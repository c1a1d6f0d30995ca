import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { percentile, round, runBundle, runBareNode } from '../bench/processes.js';
import { runStorm } from '../bench/storm/index.js';
import { startPagerDutyStandIn, startSlackStandIn } from '../test/support/stand-ins.js';
import { SLACK_CHANNELS } from '../src/route/routes.js';
const work = mkdtempSync(join(tmpdir(), 'ab-'));
const [slack, pd] = await Promise.all([startSlackStandIn(), startPagerDutyStandIn()]);
const env: NodeJS.ProcessEnv = { HOME: work, STAGE: 'production', ...Object.fromEntries(SLACK_CHANNELS.map((c) => [`SLACK_WEBHOOK_${c.replace(/-/g, '_').toUpperCase()}`, slack.webhookUrl(c)])), PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEYFORBENCH00000000000000', PAGERDUTY_EVENTS_URL: pd.eventsUrl, ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true', AWS_ACCESS_KEY_ID: 'AKIDFAKE', AWS_SECRET_ACCESS_KEY: 'fake', AWS_REGION: 'eu-west-1', NODE_PATH: '/work/main/node_modules' };
const ev = '/work/main/test/events/ecs-cpu-alarm.json';
const runs = Number(process.argv[2] ?? 20);
const res: Record<string, number[]> = { base: [], fetch: [], http: [] }; const rss: Record<string, number[]> = { fetch: [], http: [] }; const first: Record<string, number[]> = { fetch: [], http: [] };
for (let i = 0; i < runs; i++) {
  res.base!.push((await runBareNode(env)).readyMs);
  for (const v of ['fetch', 'http']) { const r = await runBundle('once', `/tmp/ab/${v}/out/pagerduty.cjs`, ev, env); if (r.code !== 0) throw new Error(r.stderr); res[v]!.push(r.readyMs); rss[v]!.push(Number(r.report.maxRssKb) / 1024); first[v]!.push(Number(r.report.firstEventMs)); }
}
const out: Record<string, unknown> = {};
for (const k of Object.keys(res)) out[`cold_${k}`] = { p50: round(percentile(res[k]!, 50)), p90: round(percentile(res[k]!, 90)) };
for (const k of ['fetch', 'http']) { out[`coldRss_${k}`] = round(percentile(rss[k]!, 50)); out[`firstEvent_${k}`] = round(percentile(first[k]!, 50)); }
for (const v of ['fetch', 'http']) { const r = await runBundle('repeat', `/tmp/ab/${v}/out/pagerduty.cjs`, ev, env, '3000', '300'); const t = r.report.timings as number[]; out[`warm_${v}`] = { p50: round(percentile(t, 50), 3), p99: round(percentile(t, 99), 3), maxRssMb: round(Number(r.report.maxRssKb) / 1024) }; }
const storm = await runStorm();
const f = join(work, 'pd.json'); writeFileSync(f, JSON.stringify(storm.invocations.filter((i) => i.fn === 'pagerduty').map((i) => i.event)));
for (const v of ['fetch', 'http']) { const r = await runBundle('replay', `/tmp/ab/${v}/out/pagerduty.cjs`, f, env); out[`stormRss_${v}`] = round(Number(r.report.maxRssKb) / 1024); }
console.log(JSON.stringify(out, null, 1));
await Promise.all([slack.close(), pd.close()]);
