import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { MetricRead } from '../alarms/metric.js';

/** What verify reads from AWS, in the few shapes the checks need; every call is read-only. */
export interface VerifyAws {
  /** The service's status (`ACTIVE`, `DRAINING`, `INACTIVE`), or undefined when ECS reports it missing. */
  ecsServiceStatus(cluster: string, service: string): Promise<string | undefined>;
  /** ARNs of the load balancers with this name (none when there is no such load balancer). */
  loadBalancerArns(name: string): Promise<string[]>;
  targetGroups(name: string): Promise<Array<{ arn: string; loadBalancerArns: string[] }>>;
  dbInstanceStatus(id: string): Promise<string | undefined>;
  cacheClusterStatus(id: string): Promise<string | undefined>;
  logGroupExists(name: string): Promise<boolean>;
  /** The dimension sets CloudWatch lists for this namespace, name and (at least) these dimensions. */
  listedDimensions(m: MetricRead): Promise<Array<Record<string, string>>>;
  /** For each metric, how many hourly periods between start and end have a sample. */
  periodsWithSamples(metrics: readonly MetricRead[], start: Date, end: Date): Promise<number[]>;
  alarms(names: readonly string[]): Promise<MetricAlarm[]>;
}

/** The IAM actions `npm run verify` needs, one per call above (docs/identifiers.md lists them). */
export const VERIFY_IAM_ACTIONS = [
  'ecs:DescribeServices',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTargetGroups',
  'rds:DescribeDBInstances',
  'elasticache:DescribeCacheClusters',
  'logs:DescribeLogGroups',
  'cloudwatch:ListMetrics',
  'cloudwatch:GetMetricData',
  'cloudwatch:DescribeAlarms',
] as const;
