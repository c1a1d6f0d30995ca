import { CloudWatchClient, paginateDescribeAlarms, paginateGetMetricData, paginateListMetrics, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeCacheClustersCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import type { VerifyAws } from './aws.js';

const HOUR = 3600;
const dims = (d: Record<string, string>) => Object.entries(d).map(([Name, Value]) => ({ Name, Value }));

/** Undefined for the service's "no such resource" error, which is an answer here, not a failure. */
async function unlessNotFound<T>(errorName: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if ((error as Error).name === errorName) return undefined;
    throw error;
  }
}

export interface VerifyClients {
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  rds: RDSClient;
  elasticache: ElastiCacheClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
}

export function verifyClients(region: string): VerifyClients {
  const config = { region, maxAttempts: 5 };
  return {
    ecs: new ECSClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    rds: new RDSClient(config),
    elasticache: new ElastiCacheClient(config),
    logs: new CloudWatchLogsClient(config),
    cloudwatch: new CloudWatchClient(config),
  };
}

/** VerifyAws over the SDK v3 clients. */
export function sdkVerifyAws(c: VerifyClients): VerifyAws {
  return {
    async ecsServiceStatus(cluster, service) {
      const out = await unlessNotFound('ClusterNotFoundException', () => c.ecs.send(new DescribeServicesCommand({ cluster, services: [service] })));
      return out?.services?.find((s) => s.serviceName === service)?.status;
    },
    async loadBalancerArns(name) {
      const out = await unlessNotFound('LoadBalancerNotFoundException', () => c.elb.send(new DescribeLoadBalancersCommand({ Names: [name] })));
      return (out?.LoadBalancers ?? []).flatMap((lb) => (lb.LoadBalancerArn ? [lb.LoadBalancerArn] : []));
    },
    async targetGroups(name) {
      const out = await unlessNotFound('TargetGroupNotFoundException', () => c.elb.send(new DescribeTargetGroupsCommand({ Names: [name] })));
      return (out?.TargetGroups ?? []).flatMap((tg) => (tg.TargetGroupArn ? [{ arn: tg.TargetGroupArn, loadBalancerArns: tg.LoadBalancerArns ?? [] }] : []));
    },
    async dbInstanceStatus(id) {
      const out = await unlessNotFound('DBInstanceNotFoundFault', () => c.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })));
      return out?.DBInstances?.find((db) => db.DBInstanceIdentifier === id)?.DBInstanceStatus;
    },
    async cacheClusterStatus(id) {
      const out = await unlessNotFound('CacheClusterNotFoundFault', () => c.elasticache.send(new DescribeCacheClustersCommand({ CacheClusterId: id })));
      return out?.CacheClusters?.find((cc) => cc.CacheClusterId === id)?.CacheClusterStatus;
    },
    async logGroupExists(name) {
      for await (const page of paginateDescribeLogGroups({ client: c.logs }, { logGroupNamePrefix: name })) {
        if (page.logGroups?.some((g) => g.logGroupName === name)) return true;
      }
      return false;
    },
    async listedDimensions(m) {
      const found: Array<Record<string, string>> = [];
      const input = { Namespace: m.namespace, MetricName: m.name, Dimensions: dims(m.dimensions) };
      for await (const page of paginateListMetrics({ client: c.cloudwatch }, input)) {
        for (const metric of page.Metrics ?? []) found.push(Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])));
      }
      return found;
    },
    async periodsWithSamples(metrics, start, end) {
      if (metrics.length === 0) return [];
      const counts = new Map<string, number>();
      const queries = metrics.map((m, i) => ({
        Id: `m${i}`,
        MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.name, Dimensions: dims(m.dimensions) }, Period: HOUR, Stat: 'SampleCount' },
        ReturnData: true,
      }));
      const input = { MetricDataQueries: queries, StartTime: start, EndTime: end };
      for await (const page of paginateGetMetricData({ client: c.cloudwatch }, input)) {
        for (const r of page.MetricDataResults ?? []) counts.set(r.Id ?? '', (counts.get(r.Id ?? '') ?? 0) + (r.Values?.length ?? 0));
      }
      return metrics.map((_, i) => counts.get(`m${i}`) ?? 0);
    },
    async alarms(names) {
      const found: MetricAlarm[] = [];
      // DescribeAlarms takes at most 100 names per call.
      for (let i = 0; i < names.length; i += 100) {
        const input = { AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm' as const] };
        for await (const page of paginateDescribeAlarms({ client: c.cloudwatch }, input)) found.push(...(page.MetricAlarms ?? []));
      }
      return found;
    },
  };
}
