import { dashboardName } from '../alarms/naming.js';
import type { StageConfig } from '../config/stage.js';
import { queryMetrics, type Alert, type MetricRef } from '../model/alert.js';
import { consoleBase, type Partition } from '../model/aws.js';
import { parseArn } from '../parse/arn.js';
import type { DeepLinks, Link } from '../model/enriched.js';
import type { AlarmedMetric } from './alarmed-metric.js';
import { cloudWatchUrl, consoleEncode, consoleEncodeTwice, jsurl, type Jsurl } from './console.js';
import { toEpochMs } from './format.js';

const MINUTE = 60_000;

export interface LinkInput {
  alert: Alert;
  config: StageConfig;
  metric?: AlarmedMetric;
  /** Catalog alarms are ours: their ECS service's log group is known. */
  ours: boolean;
  runbookUrl?: string;
}

/** Every console link for the alert, in the alarm's own region and partition. */
export function deepLinks({ alert, config, metric, ours, runbookUrl }: LinkInput): DeepLinks {
  const { partition, region } = alert;
  return {
    alarm: alarmUrl(partition, region, alert.alarmName),
    metrics: metric && metricGraphUrl(alert, metric),
    dashboard: cloudWatchUrl(partition, config.region, `dashboards/dashboard/${consoleEncode(dashboardName(config.stage))}`),
    runbook: runbookUrl,
    resources: metric ? resourceLinks(alert, queryMetrics(metric.queries), config, ours) : [],
    children: childLinks(alert),
  };
}

function alarmUrl(partition: Partition, region: string, name: string): string | undefined {
  return cloudWatchUrl(partition, region, `alarmsV2:alarm/${consoleEncode(name)}`);
}

/**
 * The alarm's metric (or expression with its inputs, or metric with its anomaly band) around the state
 * change: from well before the evaluation window to half an hour after, threshold and change marked.
 */
function metricGraphUrl(alert: Alert, m: AlarmedMetric): string | undefined {
  const changed = toEpochMs(alert.stateChangeTime);
  if (changed === undefined) return undefined;
  const lookBack = Math.max(60 * MINUTE, 3 * m.period * m.evaluationPeriods * 1000);
  const graph: Jsurl = {
    view: 'timeSeries',
    stacked: false,
    region: alert.region,
    title: alert.alarmName,
    period: m.period,
    start: new Date(changed - lookBack).toISOString(),
    end: new Date(changed + 30 * MINUTE).toISOString(),
    metrics: graphMetrics(m),
    annotations: {
      horizontal: m.threshold === undefined ? undefined : [{ label: 'threshold', value: m.threshold }],
      vertical: [{ label: alert.state, value: new Date(changed).toISOString() }],
    },
  };
  return cloudWatchUrl(alert.partition, alert.region, `metricsV2?graph=${jsurl(graph)}`);
}

/** Console metric rows: `[namespace, name, dim, value, ..., { options }]`, or `[{ expression, id }]`. */
function graphMetrics(m: AlarmedMetric): Jsurl[] {
  const single = m.queries.length === 1 && m.kind !== 'anomaly';
  const rows: Jsurl[] = m.queries.map((q) => {
    const shown = q.id === m.alarmedId;
    if (!q.metric) return [{ expression: q.expression, label: q.label ?? m.label, id: q.id }];
    const row: Jsurl[] = [q.metric.namespace, q.metric.name];
    const { dimensions } = q.metric;
    for (const name in dimensions) row.push(name, dimensions[name]);
    row.push(single ? { stat: q.stat } : { stat: q.stat, id: q.id, visible: shown ? undefined : false });
    return row;
  });
  if (m.kind === 'anomaly') rows.push([{ expression: `ANOMALY_DETECTION_BAND(${m.alarmedId}, ${m.bandWidth ?? 2})`, label: 'expected', id: 'band' }]);
  return rows;
}

/** The resources the metrics name, each once: ECS service (and its logs when ours), target group, load balancer, RDS, Redis, EC2. */
function resourceLinks(alert: Alert, metrics: MetricRef[], config: StageConfig, ours: boolean): Link[] {
  const base = consoleBase(alert.partition, alert.region);
  if (!base) return [];
  const r = alert.region;
  const links: Link[] = [];
  const add = (kind: string, name: string, url: string | undefined) => {
    if (url && !links.some((l) => l.url === url)) links.push({ label: `${kind} ${name}`, url, kind });
  };
  const arn = (resource: string) => (alert.account ? `arn:${alert.partition}:elasticloadbalancing:${r}:${alert.account}:${resource}` : undefined);

  for (const { namespace, dimensions: d } of metrics) {
    if ((namespace === 'AWS/ECS' || namespace === 'ECS/ContainerInsights') && d['ClusterName']) {
      const cluster = encodeURIComponent(d['ClusterName']);
      const service = d['ServiceName'];
      if (service) {
        add('ECS service', service, `${base}/ecs/v2/clusters/${cluster}/services/${encodeURIComponent(service)}/health?region=${r}`);
        const isOurs = ours || (d['ClusterName'] === config.resources.ecsClusterName && service === config.resources.ecsServiceName);
        const group = config.resources.ecsLogGroup;
        if (isOurs && group) add('logs', group, cloudWatchUrl(alert.partition, r, `logsV2:log-groups/log-group/${consoleEncodeTwice(group)}`));
      } else {
        add('ECS cluster', d['ClusterName'], `${base}/ecs/v2/clusters/${cluster}/services?region=${r}`);
      }
    }
    if (namespace === 'AWS/ApplicationELB' || namespace === 'AWS/NetworkELB') {
      const tg = d['TargetGroup'];
      const lb = d['LoadBalancer'];
      const tgArn = tg && arn(tg);
      const lbArn = lb && arn(`loadbalancer/${lb}`);
      if (tg && tgArn) add('target group', tg.split('/')[1] ?? tg, `${base}/ec2/home?region=${r}#TargetGroup:targetGroupArn=${tgArn}`);
      if (lb && lbArn) add('load balancer', lb.split('/')[1] ?? lb, `${base}/ec2/home?region=${r}#LoadBalancer:loadBalancerArn=${lbArn}`);
    }
    if (namespace === 'AWS/RDS') {
      const instance = d['DBInstanceIdentifier'];
      const cluster = d['DBClusterIdentifier'];
      if (instance) add('RDS instance', instance, `${base}/rds/home?region=${r}#database:id=${encodeURIComponent(instance)};is-cluster=false`);
      if (cluster) add('RDS cluster', cluster, `${base}/rds/home?region=${r}#database:id=${encodeURIComponent(cluster)};is-cluster=true`);
    }
    if (namespace === 'AWS/EC2' && d['InstanceId']) {
      add('EC2 instance', d['InstanceId'], `${base}/ec2/home?region=${r}#InstanceDetails:instanceId=${encodeURIComponent(d['InstanceId'])}`);
    }
    if (namespace === 'AWS/ElastiCache') {
      // Metrics are per node (`<replication-group>-001`); the console's page is the replication group's.
      const group = d['ReplicationGroupId'] ?? d['CacheClusterId']?.replace(/-\d{3,4}$/, '');
      if (group) add('Redis cluster', group, `${base}/elasticache/home?region=${r}#/redis/${encodeURIComponent(group)}`);
    }
  }
  return links;
}

/** Composite alarms: each triggering child's alarm page, labelled with the child's name. */
function childLinks(alert: Alert): Link[] {
  return (alert.composite?.triggeringChildren ?? []).flatMap((child) => {
    // A child ARN that does not read as one is taken to be in the composite's own region.
    const arn = parseArn(child.arn);
    const url = alarmUrl(arn?.partition ?? alert.partition, arn?.region || alert.region, child.name);
    return url ? [{ label: child.name, url }] : [];
  });
}
