import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DescribeTargetGroupsCommand, DescribeLoadBalancersCommand, TargetGroupNotFoundException } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyCommand } from '../../scripts/verify.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { VERIFY_IAM_ACTIONS } from '../../src/verify/aws.js';
import { problems, verifyStage, type Row } from '../../src/verify/checks.js';
import { sdkVerifyAws, verifyClients } from '../../src/verify/sdk.js';
import { ACCOUNT, LB_ARN, NOW, deployedAlarm, healthyStaging } from './aws-world.js';

const world = healthyStaging();
beforeEach(() => world.reset());

const verify = () => verifyStage(stageConfig('staging'), sdkVerifyAws(verifyClients('eu-west-1')), NOW);
const run = async () => {
  const out: string[] = [];
  const code = await verifyCommand(['--stage', 'staging'], (s) => out.push(s), (s) => out.push(s), NOW);
  return { code, out: out.join('\n') };
};

/** Staging's enabled alarms: the catalog without alb-p99-latency-high, which staging disables. */
const STAGING_ALARMS = [
  'ecs-cpu-high',
  'ecs-memory-high',
  'ecs-no-running-tasks',
  'alb-5xx',
  'alb-unhealthy-targets',
  'rds-cpu-high',
  'rds-storage-low',
  'rds-freeable-memory-low',
  'rds-connections-high',
  'redis-cpu-high',
  'redis-memory-high',
  'redis-hit-rate-low',
];

describe('verify on a healthy stage', () => {
  it('checks every enabled alarm, finds nothing wrong and exits 0', async () => {
    const rows = await verify();
    expect([...new Set(rows.map((r) => r.alarm))]).toEqual(STAGING_ALARMS);
    expect(problems(rows)).toEqual([]);
    expect((await run()).code).toBe(0);
  });

  it('checks each alarm resource, metric, datapoints and deployed settings', async () => {
    const rows = (await verify()).filter((r) => r.alarm === 'alb-5xx');
    expect(rows).toEqual([
      { alarm: 'alb-5xx', check: 'load balancer', result: 'ok', detail: 'app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31' },
      {
        alarm: 'alb-5xx',
        check: 'target group',
        result: 'ok',
        detail: 'targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70 on app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31',
      },
      {
        alarm: 'alb-5xx',
        check: 'metric listed',
        result: 'ok',
        detail: 'AWS/ApplicationELB HTTPCode_ELB_5XX_Count LoadBalancer=app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31',
      },
      {
        alarm: 'alb-5xx',
        check: 'metric listed',
        result: 'ok',
        detail:
          'AWS/ApplicationELB HTTPCode_Target_5XX_Count TargetGroup=targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70,' +
          'LoadBalancer=app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31',
      },
      { alarm: 'alb-5xx', check: 'datapoints 24 h', result: 'ok', detail: '24 of 24 hours have samples of AWS/ApplicationELB HealthyHostCount' },
      { alarm: 'alb-5xx', check: 'alarm', result: 'ok', detail: 'threshold, period, evaluation, dimensions and actions match the catalog' },
    ]);
  });

  it('prints a table of alarm, check, result and detail', async () => {
    const { out } = await run();
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^ALARM +CHECK +RESULT +DETAIL$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ecs-cpu-high +log group +ok +\/ecs\/ohmycoins-staging-backend$/));
    expect(lines.at(-1)).toMatch(/^\d+ checks, 0 problems$/);
  });
});

describe('verify names each problem and exits 1', () => {
  const failures = (rows: Row[]) => problems(rows).map(({ alarm, check, detail }) => ({ alarm, check, detail }));

  it('a missing target group', async () => {
    world.elb
      .on(DescribeTargetGroupsCommand)
      .rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: { httpStatusCode: 400 } }));
    const detail = 'no target group named ohmycoins-staging-api (targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70)';
    expect(failures(await verify())).toEqual([
      { alarm: 'alb-5xx', check: 'target group', detail },
      { alarm: 'alb-unhealthy-targets', check: 'target group', detail },
    ]);
    expect((await run()).code).toBe(1);
  });

  it('a metric with no datapoints in the last 24 hours', async () => {
    world.silent.add('CPUUtilization');
    // ECS and RDS both publish a CPUUtilization: both are silent here, the other metrics are not.
    expect(failures(await verify())).toEqual([
      {
        alarm: 'ecs-cpu-high',
        check: 'datapoints 24 h',
        detail: 'no datapoints in the last 24 h for AWS/ECS CPUUtilization ClusterName=ohmycoins-staging,ServiceName=ohmycoins-staging-backend',
      },
      { alarm: 'rds-cpu-high', check: 'datapoints 24 h', detail: 'no datapoints in the last 24 h for AWS/RDS CPUUtilization DBInstanceIdentifier=ohmycoins-staging-db' },
    ]);
    expect((await run()).code).toBe(1);
  });

  it('a deployed threshold that differs from the catalog', async () => {
    world.deployed.set('ohmycoins-staging-alb-5xx', { ...deployedAlarm('alb-5xx'), Threshold: 50 });
    expect(failures(await verify())).toEqual([{ alarm: 'alb-5xx', check: 'alarm threshold', detail: 'deployed 50, catalog 10' }]);
    const { code, out } = await run();
    expect(code).toBe(1);
    expect(out).toMatch(/^alb-5xx +alarm threshold +FAIL +deployed 50, catalog 10$/m);
  });

  it('a load balancer Terraform recreated with a new id', async () => {
    const recreated = LB_ARN.replace('5c1f0e2b7a9d4e31', 'e4b7a1c9d2f60835');
    world.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: recreated, LoadBalancerName: 'ohmycoins-staging-alb', Type: 'application' }] });
    world.elb
      .on(DescribeTargetGroupsCommand)
      .resolves({ TargetGroups: [{ TargetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70`, LoadBalancerArns: [recreated] }] });
    const rows = failures(await verify()).filter((r) => r.alarm === 'alb-5xx');
    expect(rows).toEqual([
      {
        alarm: 'alb-5xx',
        check: 'load balancer',
        detail:
          'app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31: a load balancer of that name exists as app/ohmycoins-staging-alb/e4b7a1c9d2f60835: ' +
          'it was recreated; run npm run stage:import',
      },
      {
        alarm: 'alb-5xx',
        check: 'target group',
        detail: 'targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70 is not attached to app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31',
      },
    ]);
  });

  it('a deployed alarm with other actions, OK actions and period, each named', async () => {
    const alarm = deployedAlarm('ecs-cpu-high');
    world.deployed.set('ohmycoins-staging-ecs-cpu-high', {
      ...alarm,
      Period: 300,
      AlarmActions: [`arn:aws:sns:eu-west-1:${ACCOUNT}:ohmycoins-staging-alerts-critical`],
      OKActions: [],
    });
    expect(failures(await verify()).map((r) => `${r.alarm} ${r.check}: ${r.detail}`)).toEqual([
      'ecs-cpu-high alarm period: deployed 300, catalog 60',
      `ecs-cpu-high alarm actions: deployed ["arn:aws:sns:eu-west-1:${ACCOUNT}:ohmycoins-staging-alerts-critical"], catalog the ohmycoins-staging-alerts-warning topic`,
      'ecs-cpu-high alarm ok actions: deployed [], catalog the ohmycoins-staging-alerts-warning topic',
    ]);
  });

  it('an alarm that was never deployed', async () => {
    world.undeployed.add('ohmycoins-staging-redis-cpu-high');
    expect(failures(await verify())).toEqual([
      { alarm: 'redis-cpu-high', check: 'alarm deployed', detail: 'no alarm ohmycoins-staging-redis-cpu-high: deploy the stage' },
    ]);
  });

  it('an AWS error, such as a missing permission', async () => {
    world.rds.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('User is not authorized to perform: rds:DescribeDBInstances'), { name: 'AccessDenied' }));
    const rows = failures(await verify());
    expect(rows.map((r) => r.alarm)).toEqual(['rds-cpu-high', 'rds-storage-low', 'rds-freeable-memory-low', 'rds-connections-high']);
    expect(rows[0]).toEqual({ alarm: 'rds-cpu-high', check: 'db instance', detail: 'AWS error AccessDenied: User is not authorized to perform: rds:DescribeDBInstances' });
  });
});

describe('verify on metrics CloudWatch publishes only when non-zero', () => {
  it('notes an unlisted 5xx count without calling it a problem, and still checks the resources live', async () => {
    world.unlisted.add('HTTPCode_ELB_5XX_Count');
    const rows = (await verify()).filter((r) => r.alarm === 'alb-5xx' && r.result !== 'ok');
    expect(rows).toEqual([
      {
        alarm: 'alb-5xx',
        check: 'metric listed',
        result: 'note',
        detail: 'AWS/ApplicationELB HTTPCode_ELB_5XX_Count LoadBalancer=app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31 not listed: published only when non-zero (datapoints checks its resources)',
      },
    ]);
    expect((await run()).code).toBe(0);
  });

  it('fails an unlisted metric that is always published', async () => {
    world.unlisted.add('UnHealthyHostCount');
    expect(problems(await verify()).map((r) => `${r.alarm} ${r.check}`)).toEqual(['alb-unhealthy-targets metric listed']);
  });
});

describe('verify usage and permissions', () => {
  it('exits 2 on bad usage', async () => {
    expect(await verifyCommand([], () => {}, () => {})).toBe(2);
    expect(await verifyCommand(['--stage', 'qa'], () => {}, () => {})).toBe(2);
    expect(await verifyCommand(['--stage', 'staging', '--fix'], () => {}, () => {})).toBe(2);
  });

  it('calls only the read-only actions the docs list', async () => {
    await verify();
    const service: Record<string, string> = {
      ecs: 'ecs',
      elb: 'elasticloadbalancing',
      rds: 'rds',
      elasticache: 'elasticache',
      logs: 'logs',
      cloudwatch: 'cloudwatch',
    };
    const called = new Set<string>();
    for (const [key, prefix] of Object.entries(service)) {
      for (const call of world[key as 'ecs'].calls()) called.add(`${prefix}:${call.args[0].constructor.name.replace(/Command$/, '')}`);
    }
    expect([...called].sort()).toEqual([...VERIFY_IAM_ACTIONS].sort());
    const docs = readFileSync(resolve(import.meta.dirname, '../../docs/identifiers.md'), 'utf8');
    for (const action of VERIFY_IAM_ACTIONS) expect(docs, action).toContain(`"${action}"`);
  });
});
