import { describe, expect, it } from 'vitest';
import type { AlarmOverride, StageConfig } from '../../src/config/stage.js';
import { production } from '../../src/config/stages/production.js';
import { staging } from '../../src/config/stages/staging.js';
import type { Stage } from '../../src/model/alert.js';
import { dashboardBody, dashboardBodyFor } from '../../infra/dashboard.js';
import { catalogFor } from '../../src/alarms/index.js';
import { emailSubscriptionLogicalId } from '../../infra/names.js';
import { buildResources, catalogResources } from '../../infra/resources.js';

const withAlarms = (config: StageConfig, alarms: Record<string, AlarmOverride>): StageConfig => ({
  ...config,
  alarms: { ...config.alarms, ...alarms },
});

type Props = Record<string, unknown>;
const props = (template: { Resources: Record<string, { Properties: Props }> }, id: string): Props => {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`no resource ${id}`);
  return resource.Properties;
};

/** Paths (a.b[0].c) whose values differ between two JSON values. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? [] : [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k),
  );
}

const parsed = (template: ReturnType<typeof catalogResources>) => ({
  ...template,
  Resources: { ...template.Resources, Dashboard: { ...template.Resources.Dashboard!, Properties: { DashboardBody: JSON.parse(props(template, 'Dashboard').DashboardBody as string) } } },
});

describe('changing a threshold in the stage configuration', () => {
  it('changes only that alarm in the template, plus its threshold line on the dashboard', () => {
    const before = parsed(catalogResources(staging));
    const after = parsed(catalogResources(withAlarms(staging, { 'rds-cpu-high': { threshold: 90 } })));
    const changed = differences(before, after);
    // The dashboard draws thresholds as annotations, so the rds-cpu-high line moves with it (value and label).
    expect(changed).toEqual([
      'Resources.AlarmRdsCpuHigh.Properties.Threshold',
      'Resources.Dashboard.Properties.DashboardBody.widgets[3].properties.annotations.horizontal[0].value',
      'Resources.Dashboard.Properties.DashboardBody.widgets[3].properties.annotations.horizontal[0].label',
    ]);
    expect(props(after, 'AlarmRdsCpuHigh').Threshold).toBe(90);
  });
});

describe('catalog resources', () => {
  it('deploys nothing for a disabled alarm and draws no threshold for it', () => {
    const template = catalogResources(withAlarms(production, { 'redis-hit-rate-low': { enabled: false } }));
    expect(template.Resources.AlarmRedisHitRateLow).toBeUndefined();
    expect(props(template, 'Dashboard').DashboardBody).not.toContain('redis-hit-rate-low <');
  });

  it('wires an alarm whose severity a stage overrides to that severity topic', () => {
    const template = catalogResources(withAlarms(production, { 'ecs-cpu-high': { severity: 'critical' } }));
    expect(props(template, 'AlarmEcsCpuHigh')).toMatchObject({
      AlarmActions: [{ Ref: 'AlertsTopicCritical' }],
      OKActions: [{ Ref: 'AlertsTopicCritical' }],
    });
  });

  it('fails the build with the definition and the problem when an override is invalid', () => {
    expect(() => catalogResources(withAlarms(staging, { 'ecs-cpu-high': { evaluationPeriods: 2 } }))).toThrow(
      'alarm "ecs-cpu-high": evaluationPeriods (2) < datapointsToAlarm (5)',
    );
  });

  it('refuses a stage that does not exist', () => {
    expect(() => buildResources('qa' as Stage)).toThrow('Unknown stage "qa"');
  });

  it('reads a percentile into ExtendedStatistic and a plain statistic into Statistic', () => {
    const template = catalogResources(production);
    expect(props(template, 'AlarmAlbP99LatencyHigh')).toMatchObject({ ExtendedStatistic: 'p99' });
    expect(props(template, 'AlarmAlbP99LatencyHigh').Statistic).toBeUndefined();
    expect(props(template, 'AlarmRdsStorageLow')).toMatchObject({ Statistic: 'Minimum', Threshold: 10 * 1024 ** 3 });
  });

  it('returns only the expression of a metric-math alarm', () => {
    const metrics = props(catalogResources(production), 'AlarmAlb5xx').Metrics as Array<{ Id: string; ReturnData: boolean }>;
    expect(metrics.filter((m) => m.ReturnData).map((m) => m.Id)).toEqual(['alarmed']);
    expect(metrics.filter((m) => !m.ReturnData)).toHaveLength(2);
  });

  it('sends INSUFFICIENT_DATA only where a gap means the resource stopped reporting', () => {
    const template = catalogResources(production);
    expect(props(template, 'AlarmRdsStorageLow').InsufficientDataActions).toEqual([{ Ref: 'AlertsTopicCritical' }]);
    expect(props(template, 'AlarmAlb5xx').InsufficientDataActions).toBeUndefined();
  });

  it('subscribes each stage email address to the email topic', () => {
    const template = catalogResources(production);
    expect(props(template, emailSubscriptionLogicalId('oncall@ohmycoins.example'))).toEqual({
      Protocol: 'email',
      Endpoint: 'oncall@ohmycoins.example',
      TopicArn: { Ref: 'EmailTopic' },
    });
    expect(Object.values(catalogResources(staging).Resources).filter((r) => r.Type === 'AWS::SNS::Subscription')).toEqual([]);
  });
});

describe('topic security', () => {
  const template = catalogResources(production);
  const statements = (id: string) => (props(template, `${id}Policy`).PolicyDocument as { Statement: Props[] }).Statement;

  it.each(['AlertsTopicCritical', 'AlertsTopicWarning', 'AlertsTopicInfo', 'EmailTopic'])('%s is encrypted with the stage key', (id) => {
    expect(props(template, id).KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlertsKey', 'Arn'] });
  });

  it.each(['AlertsTopicCritical', 'AlertsTopicWarning', 'AlertsTopicInfo', 'EmailTopic'])(
    '%s allows CloudWatch to publish for this account only, and no account principal',
    (id) => {
      const allows = statements(id).filter((s) => s.Effect === 'Allow');
      expect(allows).toEqual([
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
        }),
      ]);
    },
  );

  it.each(['AlertsTopicCritical', 'AlertsTopicWarning', 'AlertsTopicInfo'])('%s denies publishing to everyone but CloudWatch', (id) => {
    expect(statements(id)).toContainEqual({
      Sid: 'OnlyCloudWatchAndNamedRolesPublish',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: { Ref: id },
      Condition: { StringNotEquals: { 'aws:PrincipalServiceName': 'cloudwatch.amazonaws.com' } },
    });
  });

  it('denies publishing mail to everyone but CloudWatch and the email notifier role', () => {
    expect(statements('EmailTopic')).toContainEqual({
      Sid: 'OnlyCloudWatchAndNamedRolesPublish',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: { Ref: 'EmailTopic' },
      Condition: {
        StringNotEquals: { 'aws:PrincipalServiceName': 'cloudwatch.amazonaws.com' },
        ArnNotEquals: { 'aws:PrincipalArn': [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ohmycoins-production-alerts-email' }] },
      },
    });
  });

  it('denies every topic action without TLS', () => {
    const deny = statements('AlertsTopicCritical').find((s) => s.Sid === 'DenyInsecureTransport');
    expect(deny).toMatchObject({ Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(deny?.Action).toEqual(expect.arrayContaining(['sns:Publish', 'sns:Subscribe', 'sns:SetTopicAttributes']));
  });

  it('rotates the key and lets CloudWatch use it for this account only', () => {
    const key = props(template, 'AlertsKey');
    expect(key.EnableKeyRotation).toBe(true);
    const cloudwatch = (key.KeyPolicy as { Statement: Props[] }).Statement.find((s) => JSON.stringify(s.Principal).includes('cloudwatch'));
    expect(cloudwatch).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });
});

describe('dashboardBody', () => {
  const body = dashboardBody(production);

  it('has the six widgets on-call looks at', () => {
    expect(body.widgets.map((w) => w.properties.title)).toEqual([
      'ECS CPU & memory',
      'ALB target response time (avg / p95 / p99)',
      'HTTP responses 2xx / 4xx / 5xx (per 5 min)',
      'RDS PostgreSQL',
      'ElastiCache Redis',
      'ECS task counts',
    ]);
  });

  it('draws each enabled alarm threshold in the unit of its widget', () => {
    const lines = body.widgets.flatMap((w) => w.properties.annotations.horizontal.map((a) => [a.label, a.value]));
    expect(lines).toEqual(
      expect.arrayContaining([
        ['ecs-cpu-high > 80 %', 80],
        ['alb-5xx > 10 errors', 10],
        ['rds-storage-low < 10 GiB', 10],
        ['alb-p99-latency-high > 2 s', 2],
      ]),
    );
    expect(lines).toHaveLength(13);
  });

  it('refuses to leave an alarm off the dashboard', () => {
    const catalog = catalogFor(production);
    const extra = { ...catalog[0]!, id: 'ecs-new-alarm', runbook: 'docs/runbooks/ecs-new-alarm.md' };
    expect(() => dashboardBodyFor(production, [...catalog, extra])).toThrow('alarms ecs-new-alarm are on no widget');
  });

  it('draws the latency alarm metric at three statistics', () => {
    const latency = body.widgets[1]!.properties.metrics.map((row) => (row.at(-1) as { stat?: string }).stat);
    expect(latency).toEqual(['Average', 'p95', 'p99']);
  });
});
