/**
 * Issue 4's acceptance, end to end: each of the eight required catalog alarms, as CloudWatch would publish it,
 * through parse → route → enrich (a CloudWatch that answers with the last hour and the day's history) → the
 * Slack, PagerDuty and email formatters. Every message must carry the threshold in words, the current value, the
 * trend, the history, the catalog facts and the deep links; an OK must say how long the alarm was in ALARM.
 */
import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/alarms/index.js';
import { alarmName } from '../../src/alarms/naming.js';
import { breachingValue, catalogAlarmEvent, catalogCloudWatch, healthyValue } from '../../src/preview/catalog.js';
import type { AlarmDefinition } from '../../src/alarms/types.js';
import { stageConfig } from '../../src/config/stages/index.js';
import type { CloudWatchReader } from '../../src/enrich/cloudwatch.js';
import { fileCloudWatchReader } from '../../src/enrich/offline.js';
import { formatEmail } from '../../src/destinations/email/format.js';
import { formatPagerDuty } from '../../src/destinations/pagerduty/format.js';
import { formatSlack } from '../../src/destinations/slack/format.js';
import type { AlarmState } from '../../src/model/alert.js';
import type { EnrichedAlert } from '../../src/model/enriched.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { prepare } from '../../src/pipeline/prepare.js';
import type { Log } from '../../src/model/log.js';
import type { StageConfig } from '../../src/config/stage.js';
import { REQUIRED_ROUTES } from '../support/required-routes.js';

const REQUIRED = ['ecs-cpu-high', 'ecs-memory-high', 'alb-5xx', 'alb-unhealthy-targets', 'rds-cpu-high', 'rds-storage-low', 'redis-hit-rate-low', 'redis-cpu-high'];
const config = stageConfig('production');
const catalog = catalogFor(config);
const CHANGED_AT = '2026-11-30T09:42:27.394Z';
const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

const CONSOLE = 'https://eu-west-1.console.aws.amazon.com';
const CW = `${CONSOLE}/cloudwatch/home?region=eu-west-1`;
const RUNBOOKS = 'https://github.com/ohmycoins/ohmycoins-alerting/blob/main/docs/runbooks';
const DASHBOARD = `${CW}#dashboards/dashboard/ohmycoins-production`;
const LB = 'app/ohmycoins-production-alb/9a7b3c1d5e2f4a68';
const TG = 'targetgroup/ohmycoins-production-api/3f6e9d2c8b1a7e54';
const ELB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012';

/**
 * The console's metric graph of the alarm window, 60 min before the change (09:42:27.394) to 30 min after,
 * in JSURL (`~` separates, `'` starts a string, `*3a` is `:`, `*2f` is `/`), with the threshold and the change
 * marked. `metrics` is the alarm's queries as the console lists them.
 */
const graph = (title: string, period: number, metrics: string, threshold: number) =>
  `${CW}#metricsV2?graph=~(view~'timeSeries~stacked~false~region~'eu-west-1~title~'${title}~period~${period}` +
  `~start~'2026-11-30T08*3a42*3a27.394Z~end~'2026-11-30T10*3a12*3a27.394Z~metrics~(${metrics})` +
  `~annotations~(horizontal~(~(label~'threshold~value~${threshold}))~vertical~(~(label~'ALARM~value~'2026-11-30T09*3a42*3a27.394Z))))`;
const LB_DIMS = `~'LoadBalancer~'app*2fohmycoins-production-alb*2f9a7b3c1d5e2f4a68`;
const TG_DIMS = `~'TargetGroup~'targetgroup*2fohmycoins-production-api*2f3f6e9d2c8b1a7e54${LB_DIMS}`;
const ECS_DIMS = `~'ClusterName~'ohmycoins-production~'ServiceName~'ohmycoins-production-backend`;
const DB_DIMS = `~'DBInstanceIdentifier~'ohmycoins-production-db`;
const REDIS_DIMS = `~'CacheClusterId~'ohmycoins-production-redis-001`;

/**
 * The trend bars, worked out from the fixture below (`cloudWatch`): one datapoint per alarm period, the newest
 * at the change (09:42:27), the newest 5 at the breaching value and the rest at the healthy one.
 * One-minute alarms: 60 bars from 08:42 to 09:41 (the window ends at the last whole minute, 09:42:00). The
 * 09:42:27 point is after the window; 09:38:27–09:41:27 breach (the last 4 bars, "4 of 60 min"); 08:43:27–09:37:27
 * are healthy (55 bars); 08:42 has no point (the oldest is 08:43:27): a gap `·` first.
 * Five-minute alarms: 12 bars from 08:40 to 09:35 (ends at 09:40:00). 09:42:27 is after it; 09:22:27, 09:27:27,
 * 09:32:27, 09:37:27 breach (the last 4 bars, "20 of 60 min"); 08:42:27–09:17:27 are healthy (8 bars), no gap.
 * The scale runs from the lowest to the highest of the data and the threshold over `▁▂▃▄▅▆▇█` (0–7).
 */
const oneMinute = (healthy: string, breach: string) => `·${healthy.repeat(55)}${breach.repeat(4)}`;
const fiveMinutes = (healthy: string, breach: string) => `${healthy.repeat(8)}${breach.repeat(4)}`;
/**
 * Slack and email draw the same hour in at most 24 cells (issue 12: one line of a phone). 60 one-minute bars
 * become 20 cells of 3, each the worst of its three (highest for a high alarm, lowest for a low one): cell 0 is
 * the gap and two healthy bars (healthy), cells 1–17 healthy, cell 18 is bars 54–56 (two healthy, one
 * breaching: breaching), cell 19 bars 57–59 (breaching). The values are the same two, so the glyphs are too.
 * Twelve five-minute bars fit as they are.
 */
const oneMinuteCells = (healthy: string, breach: string) => `${healthy.repeat(18)}${breach.repeat(2)}`;

interface Expected {
  threshold: string;
  current: string;
  bars: string;
  /** The phone-sized cells Slack and email show. */
  cells: string;
  trend: string;
  title: string;
  owner: string;
  alarmLink: string;
  graphLink: string;
  resourceLink: string;
}

/** History for every alarm of the fixture: into ALARM 720 and 320 min ago, and now (3 in 24 h, 1 in the last hour). */
const HISTORY = 'fired 3 times in the last 24 h';
const alarmLink = (id: string) => `${CW}#alarmsV2:alarm/ohmycoins-production-${id}`;
const ECS_SERVICE = `${CONSOLE}/ecs/v2/clusters/ohmycoins-production/services/ohmycoins-production-backend/health?region=eu-west-1`;
const RDS_INSTANCE = `${CONSOLE}/rds/home?region=eu-west-1#database:id=ohmycoins-production-db;is-cluster=false`;
const REDIS_GROUP = `${CONSOLE}/elasticache/home?region=eu-west-1#/redis/ohmycoins-production-redis`;

/** What each required alarm in ALARM must show, from the catalog (production runs its defaults) and the fixture. */
const EXPECTED: Record<string, Expected> = {
  // 100 % now, 40 % before, threshold 80: scale 40–100, 80 → (80-40)/60·7 = 4.7 → ▆.
  'ecs-cpu-high': {
    threshold: 'average CPUUtilization above 80 % for 5 of 5 minutes',
    current: '100 %',
    bars: oneMinute('▁', '█'),
    cells: oneMinuteCells('▁', '█'),
    trend: 'last 100 % · max 100 % · threshold 80 % (▆) · 4 of 60 min above',
    title: 'Backend CPU high',
    owner: 'backend',
    alarmLink: alarmLink('ecs-cpu-high'),
    graphLink: graph('ohmycoins-production-ecs-cpu-high', 60, `~(~'AWS*2fECS~'CPUUtilization${ECS_DIMS}~(stat~'Average))`, 80),
    resourceLink: ECS_SERVICE,
  },
  // As CPU: 100 / 40 / 80.
  'ecs-memory-high': {
    threshold: 'average MemoryUtilization above 80 % for 5 of 5 minutes',
    current: '100 %',
    bars: oneMinute('▁', '█'),
    cells: oneMinuteCells('▁', '█'),
    trend: 'last 100 % · max 100 % · threshold 80 % (▆) · 4 of 60 min above',
    title: 'Backend memory high',
    owner: 'backend',
    alarmLink: alarmLink('ecs-memory-high'),
    graphLink: graph('ohmycoins-production-ecs-memory-high', 60, `~(~'AWS*2fECS~'MemoryUtilization${ECS_DIMS}~(stat~'Average))`, 80),
    resourceLink: ECS_SERVICE,
  },
  // 12.5 errors now (1.25 × 10), 5 before: scale 5–12.5, 10 → 5/7.5·7 = 4.7 → ▆.
  'alb-5xx': {
    threshold: '5xx responses (ELB + targets) above 10 errors in 5 minutes, 1 of 1 datapoints',
    current: '12.5 errors',
    bars: fiveMinutes('▁', '█'),
    cells: fiveMinutes('▁', '█'),
    trend: 'last 12.5 errors · max 12.5 errors · threshold 10 errors (▆) · 20 of 60 min above',
    title: 'API returning 5xx errors',
    owner: 'backend',
    alarmLink: alarmLink('alb-5xx'),
    graphLink: graph(
      'ohmycoins-production-alb-5xx',
      300,
      `~(~'AWS*2fApplicationELB~'HTTPCode_ELB_5XX_Count${LB_DIMS}~(stat~'Sum~id~'elb5xx~visible~false))` +
        `~(~'AWS*2fApplicationELB~'HTTPCode_Target_5XX_Count${TG_DIMS}~(stat~'Sum~id~'target5xx~visible~false))` +
        `~(~(expression~'FILL*28elb5xx*2c*200*29*20*2b*20FILL*28target5xx*2c*200*29~label~'5xx*20responses*20*28ELB*20*2b*20targets*29~id~'alarmed))`,
      10,
    ),
    resourceLink: `${CONSOLE}/ec2/home?region=eu-west-1#LoadBalancer:loadBalancerArn=${ELB_ARN}:loadbalancer/${LB}`,
  },
  // 2 targets now (threshold 0, so 2), 0 before: scale 0–2, 0 → ▁.
  'alb-unhealthy-targets': {
    threshold: 'max UnHealthyHostCount above 0 targets for 3 of 5 minutes',
    current: '2 targets',
    bars: oneMinute('▁', '█'),
    cells: oneMinuteCells('▁', '█'),
    trend: 'last 2 targets · max 2 targets · threshold 0 targets (▁) · 4 of 60 min above',
    title: 'API targets failing health checks',
    owner: 'platform',
    alarmLink: alarmLink('alb-unhealthy-targets'),
    graphLink: graph('ohmycoins-production-alb-unhealthy-targets', 60, `~(~'AWS*2fApplicationELB~'UnHealthyHostCount${TG_DIMS}~(stat~'Maximum))`, 0),
    resourceLink: `${CONSOLE}/ec2/home?region=eu-west-1#TargetGroup:targetGroupArn=${ELB_ARN}:${TG}`,
  },
  // As ECS CPU: 100 / 40 / 80.
  'rds-cpu-high': {
    threshold: 'average CPUUtilization above 80 % for 5 of 5 minutes',
    current: '100 %',
    bars: oneMinute('▁', '█'),
    cells: oneMinuteCells('▁', '█'),
    trend: 'last 100 % · max 100 % · threshold 80 % (▆) · 4 of 60 min above',
    title: 'Database CPU high',
    owner: 'data',
    alarmLink: alarmLink('rds-cpu-high'),
    graphLink: graph('ohmycoins-production-rds-cpu-high', 60, `~(~'AWS*2fRDS~'CPUUtilization${DB_DIMS}~(stat~'Average))`, 80),
    resourceLink: RDS_INSTANCE,
  },
  // 5 GiB now (half of 10 GiB = 10737418240 bytes), 20 GiB before: scale 5–20, 10 → 5/15·7 = 2.3 → ▃.
  'rds-storage-low': {
    threshold: 'min FreeStorageSpace below 10 GiB for 5 of 5 minutes',
    current: '5 GiB',
    bars: oneMinute('█', '▁'),
    cells: oneMinuteCells('█', '▁'),
    trend: 'last 5 GiB · min 5 GiB · threshold 10 GiB (▃) · 4 of 60 min below',
    title: 'Database storage low',
    owner: 'data',
    alarmLink: alarmLink('rds-storage-low'),
    graphLink: graph('ohmycoins-production-rds-storage-low', 60, `~(~'AWS*2fRDS~'FreeStorageSpace${DB_DIMS}~(stat~'Minimum))`, 10737418240),
    resourceLink: RDS_INSTANCE,
  },
  // 35 % now (half of 70), 140 before (twice 70; the fixture's healthy side): scale 35–140, 70 → 35/105·7 = 2.3 → ▃.
  'redis-hit-rate-low': {
    threshold: 'Cache hit rate (%) below 70 % in 5 minutes, 3 of 3 datapoints',
    current: '35 %',
    bars: fiveMinutes('█', '▁'),
    cells: fiveMinutes('█', '▁'),
    trend: 'last 35 % · min 35 % · threshold 70 % (▃) · 20 of 60 min below',
    title: 'Redis cache hit rate low',
    owner: 'backend',
    alarmLink: alarmLink('redis-hit-rate-low'),
    graphLink: graph(
      'ohmycoins-production-redis-hit-rate-low',
      300,
      `~(~'AWS*2fElastiCache~'KeyspaceHits${REDIS_DIMS}~(stat~'Sum~id~'hits~visible~false))` +
        `~(~'AWS*2fElastiCache~'KeyspaceMisses${REDIS_DIMS}~(stat~'Sum~id~'misses~visible~false))` +
        `~(~(expression~'IF*28*28hits*20*2b*20misses*29*20*3e*3d*20100*2c*20100*20*2a*20hits*20*2f*20*28hits*20*2b*20misses*29*29` +
        `~label~'Cache*20hit*20rate*20*28*25*29~id~'alarmed))`,
      70,
    ),
    resourceLink: REDIS_GROUP,
  },
  // 87.5 % now (1.25 × 70), 35 before: scale 35–87.5, 70 → 35/52.5·7 = 4.7 → ▆.
  'redis-cpu-high': {
    threshold: 'average EngineCPUUtilization above 70 % for 5 of 5 minutes',
    current: '87.5 %',
    bars: oneMinute('▁', '█'),
    cells: oneMinuteCells('▁', '█'),
    trend: 'last 87.5 % · max 87.5 % · threshold 70 % (▆) · 4 of 60 min above',
    title: 'Redis engine CPU high',
    owner: 'data',
    alarmLink: alarmLink('redis-cpu-high'),
    graphLink: graph('ohmycoins-production-redis-cpu-high', 60, `~(~'AWS*2fElastiCache~'EngineCPUUtilization${REDIS_DIMS}~(stat~'Average))`, 70),
    resourceLink: REDIS_GROUP,
  },
};

const breaching = breachingValue;
const healthy = healthyValue;
const snsEvent = (d: AlarmDefinition, state: AlarmState, value: number): unknown => catalogAlarmEvent(config, d, state, value, CHANGED_AT);

/** The fixture's CloudWatch (see `catalogCloudWatch`): the last hour of datapoints and the day's history. */
function cloudWatch(name: string, value: number, base: number, state: AlarmState, periodSeconds = 60): CloudWatchReader {
  const saved = catalogCloudWatch(name, value, base, state, CHANGED_AT, periodSeconds);
  return fileCloudWatchReader(saved.metrics, saved.history);
}

async function enriched(event: unknown, reader?: CloudWatchReader, options: { budgetMs?: number; stage?: StageConfig } = {}): Promise<EnrichedAlert> {
  const base = options.stage ?? config;
  const cfg = options.budgetMs === undefined ? base : { ...base, enrichment: { ...base.enrichment, budgetMs: options.budgetMs } };
  const { records: [record] } = await prepare(event, { config: cfg, catalog, destinations: DESTINATIONS, log: quiet, cloudwatch: reader, now: () => new Date(CHANGED_AT) });
  expect(record?.alert, `the alert is routed somewhere in ${cfg.stage}`).toBeDefined();
  return record!.alert!;
}

/** Each format as one searchable text: whitespace folded (mail wraps lines), Slack's entities decoded. */
function rendered(e: EnrichedAlert): Record<'slack' | 'pagerduty' | 'email', string> {
  const fold = (s: string) => s.replace(/\\n/g, ' ').replace(/\s+/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return {
    slack: fold(JSON.stringify(formatSlack(e))),
    pagerduty: fold(JSON.stringify(formatPagerDuty(e, 'trigger'))),
    email: fold(formatEmail(e).Message),
  };
}
const fold = (s: string) => s.replace(/\s+/g, ' ');

describe.each(REQUIRED)('%s in ALARM, as Slack, PagerDuty and email show it', (id) => {
  const d = catalog.find((x) => x.id === id)!;
  const name = alarmName('production', d.id);

  const want = EXPECTED[id]!;

  it('shows the threshold in words, the current value, trend, history, catalog facts and deep links', async () => {
    const e = await enriched(snsEvent(d, 'ALARM', breaching(d)), cloudWatch(name, breaching(d), healthy(d), 'ALARM', d.periodSeconds));
    expect(e.thresholdText).toBe(want.threshold);
    expect(e.current?.text).toBe(want.current);
    expect(e.trend?.sparkline).toBe(`${want.bars}  ${want.trend}`);
    expect(e.history?.summary).toBe(HISTORY);
    expect(e.catalog).toMatchObject({ title: want.title, owner: want.owner, runbookUrl: `${RUNBOOKS}/${id}.md` });
    expect(e.links).toMatchObject({ alarm: want.alarmLink, metrics: want.graphLink, dashboard: DASHBOARD });
    expect(e.links.resources[0]?.url).toBe(want.resourceLink);
    for (const [destination, text] of Object.entries(rendered(e))) {
      const has = (what: string, part: string) => expect(text, `${destination}: ${what}`).toContain(fold(part));
      has('1 threshold in words', want.threshold);
      has('2 current value', want.current);
      has('3 trend', destination === 'pagerduty' ? want.bars : want.cells);
      has('4 history', HISTORY);
      has('5 title', want.title);
      has('5 runbook', `${RUNBOOKS}/${id}.md`);
      has('5 owner', want.owner);
      has('6 alarm link', want.alarmLink);
      has('6 metric graph link', want.graphLink);
      has('6 dashboard link', DASHBOARD);
      has('6 resource link', want.resourceLink);
    }
  });

  it('on OK, says how long it was in ALARM', async () => {
    // Production sends an info alarm's OK nowhere; staging's channel takes every state.
    const stage = REQUIRED_ROUTES.production[d.severity].OK.length > 0 ? config : stageConfig('staging');
    const e = await enriched(snsEvent(d, 'OK', healthy(d)), cloudWatch(name, healthy(d), healthy(d), 'OK'), { stage });
    expect(e.history?.alarmDuration).toBe('17 min');
    const slack = JSON.stringify(formatSlack(e));
    expect(slack).toContain('17 min');
    expect(formatEmail(e).Message).toContain('17 min');
  });
});

describe('an alarm outside the catalog', () => {
  const definition: AlarmDefinition = { ...catalog.find((x) => x.id === 'rds-cpu-high')!, id: 'someone-elses' };
  const event = JSON.parse(JSON.stringify(snsEvent(definition, 'ALARM', 97)).replaceAll('ohmycoins-production-someone-elses', 'legacy-reporting-db-cpu').replace(/ \[alarm-id:someone-elses\]/, '')) as unknown;

  // The payload's own numbers and no catalog words, so no unit: 97 now, 40 before, threshold 80 (rds-cpu-high's).
  // Scale 40–97, 80 → 40/57·7 = 4.9 → ▆.
  const bars = oneMinute('▁', '█');
  const parts = {
    threshold: 'average CPUUtilization above 80 for 5 of 5 minutes',
    current: '97',
    alarm: `${CW}#alarmsV2:alarm/legacy-reporting-db-cpu`,
    metrics: graph('legacy-reporting-db-cpu', 60, `~(~'AWS*2fRDS~'CPUUtilization${DB_DIMS}~(stat~'Average))`, 80),
  };

  it('still shows threshold, current value, trend, history and deep links (1, 2, 3, 4, 6)', async () => {
    const e = await enriched(event, cloudWatch('legacy-reporting-db-cpu', 97, 40, 'ALARM'));
    expect(e.catalog).toBeUndefined();
    expect(e.thresholdText).toBe(parts.threshold);
    expect(e.current?.text).toBe(parts.current);
    expect(e.trend?.sparkline).toBe(`${bars}  last 97 · max 97 · threshold 80 (▆) · 4 of 60 min above`);
    expect(e.history?.summary).toBe(HISTORY);
    expect(e.links).toMatchObject({ alarm: parts.alarm, metrics: parts.metrics });
    expect(e.links.resources[0]?.url).toBe(RDS_INSTANCE);
    for (const [destination, text] of Object.entries(rendered(e))) {
      const trend = destination === 'pagerduty' ? bars : oneMinuteCells('▁', '█');
      for (const part of [parts.threshold, parts.current, trend, HISTORY, parts.alarm, parts.metrics, RDS_INSTANCE]) {
        expect(text, destination).toContain(fold(part));
      }
    }
  });
});

describe('with CloudWatch unreachable', () => {
  const hanging: CloudWatchReader = {
    getMetricData: (_input, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    describeAlarmHistory: (_input, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
  };

  it.each(REQUIRED)('%s is still formatted for every destination, without trend and history, and says so', async (id) => {
    const d = catalog.find((x) => x.id === id)!;
    const e = await enriched(snsEvent(d, 'ALARM', breaching(d)), hanging, { budgetMs: 50 });
    expect(e.trend).toBeUndefined();
    expect(e.history).toBeUndefined();
    // Both calls share the deadline and fail the same way, so they share one note.
    const note = 'trend and history unavailable: CloudWatch timed out';
    expect(e.notes).toContain(note);
    expect(e.thresholdText).toBe(EXPECTED[id]!.threshold);
    for (const text of Object.values(rendered(e))) {
      expect(text).toContain(fold(note));
      expect(text).toContain(fold(EXPECTED[id]!.threshold));
    }
  });
});
