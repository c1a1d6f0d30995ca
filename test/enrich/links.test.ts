import { describe, expect, it } from 'vitest';
import { alarmedMetric } from '../../src/enrich/alarmed-metric.js';
import { jsurl } from '../../src/enrich/console.js';
import { deepLinks } from '../../src/enrich/links.js';
import type { Alert, MetricRef, Partition } from '../../src/model/alert.js';
import { ACCOUNT, alb5xx, anomalyAlarm, compositeAlarm, config, ecsCpuAlarm, ecsCpuHigh, mathAlarm } from './fixtures.js';

const IRELAND = 'https://eu-west-1.console.aws.amazon.com';

/** The alarm link of an alarm with this name in this partition and region. */
const alarmUrl = (partition: Partition, region: string, alarmName: string) =>
  deepLinks({ alert: ecsCpuAlarm({ partition, region, alarmName }), config, ours: false }).alarm;

describe('alarm link', () => {
  it('opens the alarm in its region', () => {
    expect(alarmUrl('aws', 'eu-west-1', 'ohmycoins-production-ecs-cpu-high')).toBe(
      `${IRELAND}/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/ohmycoins-production-ecs-cpu-high`,
    );
  });

  it("escapes '/' and spaces the console's way ($ in place of %), so the name is not read as a path", () => {
    expect(alarmUrl('aws', 'us-east-1', 'ecs/service upscale')).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/ecs$2Fservice$20upscale',
    );
  });

  it('escapes non-ASCII names as UTF-8 bytes', () => {
    expect(alarmUrl('aws', 'eu-west-3', 'CPU élevé — prod')).toBe(
      'https://eu-west-3.console.aws.amazon.com/cloudwatch/home?region=eu-west-3#alarmsV2:alarm/CPU$20$C3$A9lev$C3$A9$20$E2$80$94$20prod',
    );
  });

  it('escapes % and $ in names, which would otherwise read as escapes', () => {
    expect(alarmUrl('aws', 'eu-west-1', '5xx % $high')).toMatch(/#alarmsV2:alarm\/5xx\$20\$25\$20\$24high$/);
  });

  it('uses the GovCloud console host in aws-us-gov', () => {
    expect(alarmUrl('aws-us-gov', 'us-gov-west-1', 'db-cpu')).toBe(
      'https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/db-cpu',
    );
  });

  it('uses the China console host in aws-cn', () => {
    expect(alarmUrl('aws-cn', 'cn-north-1', 'db-cpu')).toBe('https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/db-cpu');
  });

  it('gives no link when the region is unknown', () => {
    expect(alarmUrl('aws', '', 'db-cpu')).toBeUndefined();
  });
});

describe('metric graph link', () => {
  it('writes the graph in JSURL exactly as the console does (a console-made URL re-encoded)', () => {
    const graph = {
      metrics: [
        ['AWS/Route53Resolver', 'InboundQueryVolume'],
        ['.', 'OutboundQueryVolume'],
      ],
      view: 'timeSeries',
      stacked: false,
      region: 'ap-southeast-2',
      stat: 'Sum',
      period: 86400,
      start: '-P28D',
      end: 'P0D',
    };
    expect(jsurl(graph)).toBe(
      "~(metrics~(~(~'AWS*2fRoute53Resolver~'InboundQueryVolume)~(~'.~'OutboundQueryVolume))~view~'timeSeries~stacked~false" +
        "~region~'ap-southeast-2~stat~'Sum~period~86400~start~'-P28D~end~'P0D)",
    );
  });

  it("writes '$' as '!' and characters above U+00FF in four hex digits", () => {
    expect(jsurl({ label: '${LABEL} €' })).toBe("~(label~'!*7bLABEL*7d*20**20ac)");
  });

  it('graphs the alarmed metric around the state change, with the threshold and the change marked', () => {
    const alert = ecsCpuAlarm();
    const url = deepLinks({ alert, config, metric: alarmedMetric(alert, ecsCpuHigh), ours: true }).metrics;
    expect(url).toBe(
      `${IRELAND}/cloudwatch/home?region=eu-west-1#metricsV2?graph=~(view~'timeSeries~stacked~false~region~'eu-west-1` +
        "~title~'ohmycoins-production-ecs-cpu-high~period~60~start~'2024-05-14T08*3a42*3a27.394Z~end~'2024-05-14T10*3a12*3a27.394Z" +
        "~metrics~(~(~'AWS*2fECS~'CPUUtilization~'ServiceName~'ohmycoins-production-backend~'ClusterName~'ohmycoins-production~(stat~'Average)))" +
        "~annotations~(horizontal~(~(label~'threshold~value~80))~vertical~(~(label~'ALARM~value~'2024-05-14T09*3a42*3a27.394Z))))",
    );
  });

  it('graphs a math alarm as its expression, with the inputs hidden', () => {
    const alert = mathAlarm();
    const url = deepLinks({ alert, config, metric: alarmedMetric(alert), ours: false }).metrics ?? '';
    expect(url).toContain("~(~(expression~'SUM*28METRICS*28*29*29~label~'Total*20Network*20Traffic~id~'e1))");
    expect(url).toContain("~'NetworkIn~'InstanceId~'i-12345678901234567~(stat~'Maximum~id~'m1~visible~false)");
  });

  it('graphs an anomaly alarm with its band and no threshold line', () => {
    const alert = anomalyAlarm();
    const url = deepLinks({ alert, config, metric: alarmedMetric(alert), ours: false }).metrics ?? '';
    expect(url).toContain("(expression~'ANOMALY_DETECTION_BAND*28m1*2c*200.8*29~label~'expected~id~'band)");
    expect(url).not.toContain('horizontal');
  });
});

describe('stage dashboard and runbook', () => {
  it("links the stage's dashboard and passes the runbook through", () => {
    const alert = ecsCpuAlarm();
    const links = deepLinks({ alert, config, metric: alarmedMetric(alert, ecsCpuHigh), ours: true, runbookUrl: 'https://example.test/rb.md' });
    expect(links.dashboard).toBe(`${IRELAND}/cloudwatch/home?region=eu-west-1#dashboards/dashboard/ohmycoins-production`);
    expect(links.runbook).toBe('https://example.test/rb.md');
  });
});

describe('resource links', () => {
  /** The resource links of an alarmed series that reads these metrics. */
  const resources = (metrics: MetricRef[], ours = false, alert: Alert = ecsCpuAlarm()) => {
    const metric = { ...alarmedMetric(alert)!, queries: metrics.map((m, i) => ({ id: `m${i + 1}`, metric: m, stat: 'Average' })) };
    return deepLinks({ alert, config, metric, ours }).resources;
  };
  const ecs = (cluster: string, service: string): MetricRef => ({ namespace: 'AWS/ECS', name: 'CPUUtilization', dimensions: { ClusterName: cluster, ServiceName: service } });

  it("links our ECS service's health page and its log group (a log group's name is escaped twice)", () => {
    expect(resources([ecs('ohmycoins-production', 'ohmycoins-production-backend')], true)).toEqual([
      {
        label: 'ECS service ohmycoins-production-backend',
        kind: 'ECS service',
        url: `${IRELAND}/ecs/v2/clusters/ohmycoins-production/services/ohmycoins-production-backend/health?region=eu-west-1`,
      },
      {
        label: 'logs /ecs/ohmycoins-production-backend',
        kind: 'logs',
        url: `${IRELAND}/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fohmycoins-production-backend`,
      },
    ]);
  });

  it('links the ECS service of an alarm outside the catalog, without logs it cannot know', () => {
    expect(resources([ecs('other', 'worker')]).map((l) => l.label)).toEqual(['ECS service worker']);
  });

  it("links the load balancer and target group by the ARNs their dimensions imply", () => {
    const alert = ecsCpuAlarm({ trigger: { period: 300 } });
    const labels = deepLinks({ alert, config, metric: alarmedMetric(alert, alb5xx), ours: true }).resources;
    expect(labels).toEqual([
      {
        label: 'load balancer ohmycoins-production-alb',
        kind: 'load balancer',
        url: `${IRELAND}/ec2/home?region=eu-west-1#LoadBalancer:loadBalancerArn=arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/ohmycoins-production-alb/9a7b3c1d5e2f4a68`,
      },
      {
        label: 'target group ohmycoins-production-api',
        kind: 'target group',
        url: `${IRELAND}/ec2/home?region=eu-west-1#TargetGroup:targetGroupArn=arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/ohmycoins-production-api/3f6e9d2c8b1a7e54`,
      },
    ]);
  });

  it('links the RDS instance', () => {
    expect(resources([{ namespace: 'AWS/RDS', name: 'CPUUtilization', dimensions: { DBInstanceIdentifier: 'ohmycoins-production-db' } }])).toEqual([
      { label: 'RDS instance ohmycoins-production-db', kind: 'RDS instance', url: `${IRELAND}/rds/home?region=eu-west-1#database:id=ohmycoins-production-db;is-cluster=false` },
    ]);
  });

  it("links a cache node's replication group, which is what the console shows", () => {
    expect(resources([{ namespace: 'AWS/ElastiCache', name: 'EngineCPUUtilization', dimensions: { CacheClusterId: 'ohmycoins-production-redis-001' } }])).toEqual([
      { label: 'Redis cluster ohmycoins-production-redis', kind: 'Redis cluster', url: `${IRELAND}/elasticache/home?region=eu-west-1#/redis/ohmycoins-production-redis` },
    ]);
  });

  it('links resources in GovCloud on its own console host', () => {
    const alert = ecsCpuAlarm({ partition: 'aws-us-gov', region: 'us-gov-west-1' });
    const [link] = resources([{ namespace: 'AWS/RDS', name: 'CPUUtilization', dimensions: { DBInstanceIdentifier: 'db' } }], false, alert);
    expect(link?.url).toBe('https://console.amazonaws-us-gov.com/rds/home?region=us-gov-west-1#database:id=db;is-cluster=false');
  });

  it('links each resource once when several metrics name it', () => {
    const metric = ecs('other', 'worker');
    expect(resources([metric, { ...metric, name: 'MemoryUtilization' }])).toHaveLength(1);
  });
});

describe('composite alarm children', () => {
  it("links each triggering child in its own region, labelled with the child's name", () => {
    expect(deepLinks({ alert: compositeAlarm(), config, ours: false }).children).toEqual([
      { label: 'Alarm1', url: 'https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#alarmsV2:alarm/Alarm1' },
      { label: 'Alarm2', url: 'https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#alarmsV2:alarm/Alarm2' },
    ]);
  });

  it("links a child whose ARN does not read as one in the composite's own region", () => {
    const alert = compositeAlarm({
      region: 'eu-west-1',
      composite: {
        rule: 'ALARM("gov-db") OR ALARM("Alarm3")',
        triggeringChildren: [
          { arn: 'arn:aws-us-gov:cloudwatch:us-gov-east-1:123456789012:alarm:gov-db', name: 'gov-db', state: 'ALARM' },
          { arn: 'arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:Alarm3', name: 'Alarm3', state: 'ALARM' },
        ],
      },
    });
    expect(deepLinks({ alert, config, ours: false }).children).toEqual([
      { label: 'gov-db', url: 'https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-east-1#alarmsV2:alarm/gov-db' },
      { label: 'Alarm3', url: `${IRELAND}/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/Alarm3` },
    ]);
  });

  it('has no metric graph or resources, which a composite does not have', () => {
    const links = deepLinks({ alert: compositeAlarm(), config, ours: false });
    expect([links.metrics, links.resources]).toEqual([undefined, []]);
  });
});
