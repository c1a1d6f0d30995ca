/**
 * A healthy staging account behind aws-sdk-client-mock, answering in the shapes the AWS API references
 * document; each test breaks one thing.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricAlarm,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeCacheClustersCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { catalogFor } from '../../src/alarms/index.js';
import { isPercentile } from '../../src/alarms/metric.js';
import { alarmName } from '../../src/alarms/naming.js';
import { stageConfig } from '../../src/config/stages/index.js';

export const ACCOUNT = '123456789012';
export const LB_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31`;
export const TG_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70`;
export const NOW = new Date('2026-03-02T12:00:00.000Z');

const topic = (severity: string) => `arn:aws:sns:eu-west-1:${ACCOUNT}:ohmycoins-staging-alerts-${severity}`;
const dims = (d: Record<string, string>) => Object.entries(d).map(([Name, Value]) => ({ Name, Value }));

/** What DescribeAlarms returns for an alarm CloudFormation created from the catalog definition. */
function deployedAlarm(id: string): MetricAlarm {
  const def = catalogFor(stageConfig('staging')).find((d) => d.id === id)!;
  const name = alarmName('staging', id);
  const common: MetricAlarm = {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${name}`,
    ActionsEnabled: true,
    AlarmActions: [topic(def.severity)],
    OKActions: [topic(def.severity)],
    InsufficientDataActions: [],
    StateValue: 'OK',
    EvaluationPeriods: def.evaluationPeriods,
    DatapointsToAlarm: def.datapointsToAlarm,
    Threshold: def.threshold,
    ComparisonOperator: def.comparison,
    TreatMissingData: def.treatMissingData,
  };
  const m = def.metric;
  if (m.type === 'metric') {
    const stat = isPercentile(m.statistic) ? { ExtendedStatistic: m.statistic } : { Statistic: m.statistic as 'Average' };
    return { ...common, Namespace: m.namespace, MetricName: m.name, Dimensions: dims(m.dimensions), Period: def.periodSeconds, ...stat };
  }
  return {
    ...common,
    Metrics: [
      ...m.metrics.map((i) => ({
        Id: i.id,
        MetricStat: { Metric: { Namespace: i.namespace, MetricName: i.name, Dimensions: dims(i.dimensions) }, Period: def.periodSeconds, Stat: i.statistic },
        ReturnData: false,
      })),
      { Id: 'alarmed', Expression: m.expression, Label: m.label, ReturnData: true },
    ],
  };
}

export interface World {
  ecs: AwsClientStub<ECSClient>;
  elb: AwsClientStub<ElasticLoadBalancingV2Client>;
  rds: AwsClientStub<RDSClient>;
  elasticache: AwsClientStub<ElastiCacheClient>;
  logs: AwsClientStub<CloudWatchLogsClient>;
  cloudwatch: AwsClientStub<CloudWatchClient>;
  /** Alarms whose deployed settings a test changed. */
  deployed: Map<string, MetricAlarm>;
  /** Alarms (by name) DescribeAlarms does not know. */
  undeployed: Set<string>;
  /** Metrics (by name) with no datapoint in the window. */
  silent: Set<string>;
  /** Metrics (by name) ListMetrics does not list. */
  unlisted: Set<string>;
  reset(): void;
}

export function healthyStaging(): World {
  const world = {
    ecs: mockClient(ECSClient),
    elb: mockClient(ElasticLoadBalancingV2Client),
    rds: mockClient(RDSClient),
    elasticache: mockClient(ElastiCacheClient),
    logs: mockClient(CloudWatchLogsClient),
    cloudwatch: mockClient(CloudWatchClient),
    deployed: new Map<string, MetricAlarm>(),
    undeployed: new Set<string>(),
    silent: new Set<string>(),
    unlisted: new Set<string>(),
  } as World;

  world.reset = () => {
    for (const mock of [world.ecs, world.elb, world.rds, world.elasticache, world.logs, world.cloudwatch]) mock.reset();
    world.deployed.clear();
    world.undeployed.clear();
    world.silent.clear();
    world.unlisted.clear();
    world.ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/ohmycoins-staging/ohmycoins-staging-backend`,
          serviceName: 'ohmycoins-staging-backend',
          clusterArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/ohmycoins-staging`,
          status: 'ACTIVE',
          desiredCount: 2,
          runningCount: 2,
          pendingCount: 0,
          launchType: 'FARGATE',
        },
      ],
      failures: [],
    });
    world.elb.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        {
          LoadBalancerArn: LB_ARN,
          DNSName: 'ohmycoins-staging-alb-1234567890.eu-west-1.elb.amazonaws.com',
          LoadBalancerName: 'ohmycoins-staging-alb',
          Scheme: 'internet-facing',
          State: { Code: 'active' },
          Type: 'application',
        },
      ],
    });
    world.elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        { TargetGroupArn: TG_ARN, TargetGroupName: 'ohmycoins-staging-api', Protocol: 'HTTP', Port: 8000, TargetType: 'ip', LoadBalancerArns: [LB_ARN] },
      ],
    });
    world.rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceIdentifier: 'ohmycoins-staging-db', DBInstanceClass: 'db.t4g.medium', Engine: 'postgres', DBInstanceStatus: 'available' }],
    });
    world.elasticache.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [
        { CacheClusterId: 'ohmycoins-staging-redis-001', Engine: 'redis', CacheClusterStatus: 'available', ReplicationGroupId: 'ohmycoins-staging-redis' },
      ],
    });
    world.logs.on(DescribeLogGroupsCommand).resolves({
      logGroups: [
        {
          logGroupName: '/ecs/ohmycoins-staging-backend',
          arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/ohmycoins-staging-backend:*`,
          creationTime: 1_700_000_000_000,
          retentionInDays: 30,
          storedBytes: 1024,
        },
      ],
    });
    // ListMetrics returns every metric that has at least the filter's dimensions: the per-AZ series too.
    world.cloudwatch.on(ListMetricsCommand).callsFake((input: { Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: string }> }) => ({
      Metrics: world.unlisted.has(input.MetricName)
        ? []
        : [
            { Namespace: input.Namespace, MetricName: input.MetricName, Dimensions: input.Dimensions },
            { Namespace: input.Namespace, MetricName: input.MetricName, Dimensions: [...input.Dimensions, { Name: 'AvailabilityZone', Value: 'eu-west-1a' }] },
          ],
    }));
    world.cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => ({
      MetricDataResults: input.MetricDataQueries.map((q) => {
        const name = q.MetricStat!.Metric!.MetricName!;
        const hours = world.silent.has(name) ? 0 : 24;
        return {
          Id: q.Id,
          Label: name,
          Timestamps: Array.from({ length: hours }, (_, h) => new Date(NOW.getTime() - (h + 1) * 3_600_000)),
          Values: Array.from({ length: hours }, () => 60),
          StatusCode: 'Complete',
        };
      }),
      Messages: [],
    }));
    world.cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames: string[] }) => ({
      MetricAlarms: input.AlarmNames.filter((name) => !world.undeployed.has(name)).map((name) => world.deployed.get(name) ?? deployedAlarm(name.replace(/^ohmycoins-staging-/, ''))),
      CompositeAlarms: [],
    }));
  };
  world.reset();
  return world;
}

export { deployedAlarm };
