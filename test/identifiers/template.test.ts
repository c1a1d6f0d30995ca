/**
 * The identifiers end to end, on templates the real `sls package` writes offline in a copy of the repository:
 * an import after Terraform recreated the load balancer, and the `ssm` identifier source.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFor, findDefinition } from '../../src/alarms/index.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { importStage } from '../../src/identifiers/import.js';
import { changedFields } from '../../src/identifiers/render.js';
import { SpecChecker } from '../infra/cfn-spec.js';
import { catalogResources } from '../../infra/resources.js';
import { RepositoryCopy, at, templateChanges, type Change, type Template } from './packaged.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/terraform');
const OLD_LB = 'app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31';
const NEW_LB = 'app/ohmycoins-staging-alb/e4b7a1c9d2f60835';
const TARGET_GROUP = 'targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70';

const copy = new RepositoryCopy();
let before: Template;
let after: Template;
let ssm: Template;
let changes: Change[];
let imported: ReturnType<typeof importStage>;

beforeAll(async () => {
  before = await copy.package('staging');
  imported = importStage({
    root: copy.root,
    stage: 'staging',
    region: 'eu-west-1',
    outputsFile: join(FIXTURES, 'staging-recreated-alb-outputs.json'),
    maps: [],
    now: new Date('2026-03-02T10:00:00.000Z'),
  });
  after = await copy.package('staging');
  // The artifact folder is named after the packaging time; nothing else differs between two packagings.
  changes = templateChanges(before, after).filter((c) => !c.path.endsWith('.Code.S3Key'));
  const stageFile = join(copy.root, 'src/config/stages/staging.ts');
  const text = readFileSync(stageFile, 'utf8');
  expect(text).toContain("identifiers: 'file',");
  writeFileSync(stageFile, text.replace("identifiers: 'file',", "identifiers: 'ssm',"));
  ssm = await copy.package('staging');
}, 170_000);

afterAll(() => copy.remove());

describe('importing outputs after Terraform recreated the load balancer', () => {
  it('changes exactly the load balancer identifier', () => {
    expect(changedFields(stageConfig('staging').resources, imported.resources)).toEqual([`loadBalancerFullName: ${OLD_LB} → ${NEW_LB}`]);
  });

  it('changes the packaged template only in LoadBalancer dimension values, from the old id to the new', () => {
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change, change.path).toMatchObject({ before: OLD_LB, after: NEW_LB });
      const alarmDimension = change.path.match(/^(.*\.Dimensions\[\d+\])\.Value$/);
      if (alarmDimension) {
        expect(at(after, `${alarmDimension[1]!}.Name`), change.path).toBe('LoadBalancer');
      } else {
        // A dashboard metric row: [namespace, metric, name, value, name, value, ..., options].
        const row = change.path.match(/^(\.Resources\.Dashboard\.Properties\.DashboardBody<json>.*)\[(\d+)\]$/);
        expect(row, change.path).not.toBeNull();
        expect(at(after, `${row![1]!}[${Number(row![2]) - 1}]`), change.path).toBe('LoadBalancer');
      }
    }
  });

  it('moves every alarm that reads the load balancer, its day-long companion included, and nothing else', () => {
    const resources = (cs: Change[]) => [...new Set(cs.map((c) => c.path.split('.')[2]))].sort();
    // alb-5xx reads it twice (ELB 5xx, target 5xx), alb-unhealthy-targets once, and alb-5xx's companion watches
    // HealthyHostCount per target group and load balancer; staging disables alb-p99-latency-high.
    const alarms = changes.filter((c) => !c.path.startsWith('.Resources.Dashboard.'));
    expect(resources(alarms)).toEqual(['AlarmAlb5xx', 'AlarmAlb5xxWatchingNothing', 'AlarmAlbUnhealthyTargets']);
    expect(alarms).toHaveLength(4);
    expect(resources(changes)).toEqual(['AlarmAlb5xx', 'AlarmAlb5xxWatchingNothing', 'AlarmAlbUnhealthyTargets', 'Dashboard']);
  });
});

describe('the companions that say an alarm watches nothing', () => {
  const companions = (t: Template) => Object.fromEntries(Object.entries(t.Resources).filter(([id]) => id.endsWith('WatchingNothing')));

  it('exist for each enabled alarm whose missing data is not breaching, and no other', () => {
    // Staging: ecs-cpu-high, ecs-memory-high, alb-5xx, redis-hit-rate-low are notBreaching; alb-p99 is disabled.
    expect(Object.keys(companions(before)).sort()).toEqual([
      'AlarmAlb5xxWatchingNothing',
      'AlarmEcsCpuHighWatchingNothing',
      'AlarmEcsMemoryHighWatchingNothing',
      'AlarmRedisHitRateLowWatchingNothing',
    ]);
    const production = catalogResources(stageConfig('production')).Resources;
    expect(Object.keys(production).filter((id) => id.endsWith('WatchingNothing')).sort()).toEqual([
      'AlarmAlb5xxWatchingNothing',
      'AlarmAlbP99LatencyHighWatchingNothing',
      'AlarmEcsCpuHighWatchingNothing',
      'AlarmEcsMemoryHighWatchingNothing',
      'AlarmRedisHitRateLowWatchingNothing',
    ]);
  });

  it('warn when 23 hourly periods in a row have no sample, missing data breaching', () => {
    for (const [id, r] of Object.entries(companions(before))) {
      expect(r.Properties, id).toMatchObject({
        Statistic: 'SampleCount',
        Period: 3600,
        EvaluationPeriods: 23,
        DatapointsToAlarm: 23,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
        AlarmActions: [{ Ref: 'AlertsTopicWarning' }],
        OKActions: [{ Ref: 'AlertsTopicWarning' }],
      });
    }
  });

  it('watch a metric published whatever the traffic, naming every identifier the alarm reads', () => {
    const c = companions(before);
    // The 5xx counts exist only when there are errors; the target group's HealthyHostCount is published every
    // minute and carries both the target group and the load balancer.
    expect(c.AlarmAlb5xxWatchingNothing!.Properties).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HealthyHostCount',
      Dimensions: [
        { Name: 'TargetGroup', Value: TARGET_GROUP },
        { Name: 'LoadBalancer', Value: OLD_LB },
      ],
    });
    expect(c.AlarmEcsCpuHighWatchingNothing!.Properties).toMatchObject({
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Dimensions: [
        { Name: 'ClusterName', Value: 'ohmycoins-staging' },
        { Name: 'ServiceName', Value: 'ohmycoins-staging-backend' },
      ],
    });
    expect(c.AlarmRedisHitRateLowWatchingNothing!.Properties).toMatchObject({
      Namespace: 'AWS/ElastiCache',
      MetricName: 'KeyspaceHits',
      Dimensions: [{ Name: 'CacheClusterId', Value: 'ohmycoins-staging-redis-001' }],
    });
  });

  it('are not mistaken for the alarm they watch when their notification arrives', () => {
    const catalog = catalogFor(stageConfig('staging'));
    for (const [id, r] of Object.entries(companions(before))) {
      const { AlarmName, AlarmDescription } = r.Properties as { AlarmName: string; AlarmDescription: string };
      expect(AlarmName, id).toMatch(/^ohmycoins-staging-[a-z0-9-]+-watching-nothing$/);
      expect(findDefinition(catalog, AlarmName, AlarmDescription), id).toBeUndefined();
      expect(AlarmDescription, id).toContain('npm run verify -- --stage staging');
    }
  });
});

describe("a stage whose identifiers are 'ssm'", () => {
  const PARAMETERS = {
    CoreEcsClusterName: '/ohmycoins/staging/core/ecs-cluster-name',
    CoreEcsServiceName: '/ohmycoins/staging/core/ecs-service-name',
    CoreLoadBalancerFullName: '/ohmycoins/staging/core/alb-arn-suffix',
    CoreTargetGroupFullName: '/ohmycoins/staging/core/target-group-arn-suffix',
    CoreDbInstanceIdentifier: '/ohmycoins/staging/core/db-instance-identifier',
    CoreCacheClusterId: '/ohmycoins/staging/core/cache-cluster-id',
  };
  const watched = () => Object.entries(ssm.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::Dashboard');

  it('declares one SSM-typed parameter per identifier the alarms use, defaulting to the core stack parameter', () => {
    expect(ssm.Parameters).toEqual(
      Object.fromEntries(Object.entries(PARAMETERS).map(([id, name]) => [id, expect.objectContaining({ Type: 'AWS::SSM::Parameter::Value<String>', Default: name })])),
    );
  });

  it('gives the alarms references to those parameters instead of the file identifiers', () => {
    expect(at(ssm, '.Resources.AlarmAlb5xx.Properties.Metrics[1].MetricStat.Metric.Dimensions')).toEqual([
      { Name: 'TargetGroup', Value: { Ref: 'CoreTargetGroupFullName' } },
      { Name: 'LoadBalancer', Value: { Ref: 'CoreLoadBalancerFullName' } },
    ]);
    expect(at(ssm, '.Resources.AlarmEcsCpuHigh.Properties.Dimensions')).toEqual([
      { Name: 'ClusterName', Value: { Ref: 'CoreEcsClusterName' } },
      { Name: 'ServiceName', Value: { Ref: 'CoreEcsServiceName' } },
    ]);
    expect(at(ssm, '.Resources.AlarmAlb5xxWatchingNothing.Properties.Dimensions')).toEqual([
      { Name: 'TargetGroup', Value: { Ref: 'CoreTargetGroupFullName' } },
      { Name: 'LoadBalancer', Value: { Ref: 'CoreLoadBalancerFullName' } },
    ]);
  });

  it('substitutes them into the dashboard body', () => {
    const body = (ssm.Resources.Dashboard!.Properties.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    expect(body).toContain('"AWS/ApplicationELB","HTTPCode_Target_5XX_Count","TargetGroup","${CoreTargetGroupFullName}","LoadBalancer","${CoreLoadBalancerFullName}"');
    expect(JSON.parse(body).widgets).toHaveLength(6);
  });

  it('leaves none of the file identifiers in an alarm or the dashboard', () => {
    const text = JSON.stringify(watched());
    for (const id of [NEW_LB, TARGET_GROUP, 'ohmycoins-staging-db', 'ohmycoins-staging-redis-001', '"ohmycoins-staging-backend"']) {
      expect(text, id).not.toContain(id);
    }
  });

  it('is otherwise the template the file would give', () => {
    const others = templateChanges(after, ssm).filter((c) => !c.path.endsWith('.Code.S3Key') && c.path !== '.Parameters');
    const touched = new Set(others.map((c) => ssm.Resources[c.path.split('.')[2]!]?.Type));
    expect([...touched].sort()).toEqual(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard']);
  });

  it('still passes the CloudFormation specification', async () => {
    const spec = await SpecChecker.load();
    expect(spec.templateProblems(ssm)).toEqual([]);
  });
});
