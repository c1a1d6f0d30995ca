/**
 * Packages both stages with the real `sls package` (offline, no AWS credentials) and checks the CloudFormation
 * template it would deploy: every resource against the AWS resource specification, the alarm wiring and the
 * dashboard against the catalog.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFor, catalogMetrics } from '../../src/alarms/index.js';
import { metricKey } from '../../src/alarms/metric.js';
import { catalogIdOf } from '../../src/alarms/naming.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { STAGES, type Stage } from '../../src/model/alert.js';
import { readZip } from '../../bench/zip.js';
import { SpecChecker } from './cfn-spec.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const SLS = join(ROOT, 'node_modules/.bin/sls');

/** No credentials and no instance-metadata lookups: packaging must not need AWS at all. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', SLS_DEPRECATION_DISABLE: '*' };
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[key];
  return env;
}

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Template {
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
}

const dirs: string[] = [];
const packaged = {} as Record<Stage, string>;
const templates = {} as Record<Stage, Template>;
let spec: SpecChecker;

beforeAll(async () => {
  spec = await SpecChecker.load();
  // One after the other: serverless-esbuild bundles into the service's own .esbuild folder.
  for (const stage of STAGES) {
    const dir = mkdtempSync(join(tmpdir(), `sls-${stage}-`));
    dirs.push(dir);
    packaged[stage] = dir;
    await run(SLS, ['package', '--stage', stage, '--package', dir], { cwd: ROOT, env: offlineEnv(), timeout: 170_000 });
    templates[stage] = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  }
}, 180_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const alarmsOf = (t: Template) => ofType(t, 'AWS::CloudWatch::Alarm').map(([id, r]) => ({ id, ...r.Properties }) as Record<string, unknown> & { id: string });

describe.each(STAGES)('the packaged %s template', (stage) => {
  const template = () => templates[stage];

  it('uses only resource types and properties of the CloudFormation specification, required ones included', () => {
    expect(spec.templateProblems(template())).toEqual([]);
  });

  it('wires every alarm to an SNS topic of this stack, for ALARM and for OK', () => {
    const topics = new Set(ofType(template(), 'AWS::SNS::Topic').map(([id]) => id));
    for (const alarm of alarmsOf(template())) {
      for (const key of ['AlarmActions', 'OKActions']) {
        const actions = alarm[key] as Array<{ Ref?: string }>;
        // The pipeline's own alarms: the email topic, and in production also the topic the watchdog reads.
        const pipelineAlarm = String(alarm.id).startsWith('PipelineAlarm');
        const want = pipelineAlarm && stage === 'production' ? ['EmailTopic', 'PipelineAlarmsTopic'] : pipelineAlarm ? ['EmailTopic'] : undefined;
        if (want) expect(actions.map((a) => a.Ref), `${alarm.id}.${key}`).toEqual(want);
        else expect(actions, `${alarm.id}.${key}`).toHaveLength(1);
        for (const a of actions) expect(topics.has(a.Ref ?? ''), `${alarm.id}.${key} → ${JSON.stringify(actions)}`).toBe(true);
      }
    }
  });

  it('refers only to resources it has (every Ref and GetAtt names one of its own resources or parameters)', () => {
    const t = template() as { Resources: Record<string, unknown>; Parameters?: Record<string, unknown> };
    const known = new Set([...Object.keys(t.Resources), ...Object.keys(t.Parameters ?? {})]);
    const missing: string[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(visit);
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string' && !o.Ref.startsWith('AWS::') && !known.has(o.Ref)) missing.push(`Ref ${o.Ref}`);
      const att = o['Fn::GetAtt'];
      if (Array.isArray(att) && typeof att[0] === 'string' && !known.has(att[0])) missing.push(`GetAtt ${att[0]}`);
      Object.values(o).forEach(visit);
    };
    visit(t.Resources);
    expect(missing).toEqual([]);
  });

  describe('Powertools', () => {
    // The version package.json pins for every Powertools package (Logger, Parameters, Idempotency).
    const pinned = () => {
      const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      return ['logger', 'parameters', 'idempotency'].map((p) => dependencies[`@aws-lambda-powertools/${p}`]);
    };

    it('comes from its public layer, the ARN read at deploy time from the SSM parameter of the pinned version', () => {
      const [version, ...others] = pinned();
      expect(others).toEqual([version, version]);
      const functions = ofType(template(), 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThanOrEqual(3);
      for (const [id, fn] of functions) {
        expect(fn.Properties.Layers, id).toEqual([`{{resolve:ssm:/aws/service/powertools/typescript/generic/all/${version}}}`]);
      }
    });

    it('is left out of every bundle, which requires it from the layer at run time', () => {
      const zips = readdirSync(packaged[stage]).filter((f) => f.endsWith('.zip'));
      expect(zips.length).toBeGreaterThanOrEqual(3);
      for (const zip of zips) {
        const js = readZip(readFileSync(join(packaged[stage], zip))).filter((e) => e.name.endsWith('.cjs'));
        const code = js.map((e) => e.data().toString('utf8')).join('\n');
        expect(code, zip).toContain('require("@aws-lambda-powertools/logger")');
        // The Logger's own source, were it bundled, would name its environment variable.
        expect(code, zip).not.toContain('POWERTOOLS_LOG_LEVEL');
      }
    });
  });

  it('names each alarm once', () => {
    const names = alarmsOf(template()).map((a) => a.AlarmName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('deploys exactly the enabled catalog alarms, with the catalog thresholds and windows', () => {
    const catalog = catalogFor(stageConfig(stage)).filter((d) => d.enabled);
    // The pipeline's self-monitoring alarms share the stack; catalog alarms are the ones tagged with a catalog id.
    const ids = new Set(catalogFor(stageConfig(stage)).map((d) => d.id));
    const tagged = alarmsOf(template()).filter((a) => ids.has(catalogIdOf(String(a.AlarmName), String(a.AlarmDescription)) ?? ''));
    const deployed = new Map(tagged.map((a) => [a.AlarmName, a]));
    expect([...deployed.keys()].sort()).toEqual(catalog.map((d) => `ohmycoins-${stage}-${d.id}`).sort());
    for (const def of catalog) {
      expect(deployed.get(`ohmycoins-${stage}-${def.id}`)).toMatchObject({
        Threshold: def.threshold,
        ComparisonOperator: def.comparison,
        EvaluationPeriods: def.evaluationPeriods,
        DatapointsToAlarm: def.datapointsToAlarm,
        TreatMissingData: def.treatMissingData,
        AlarmActions: [{ Ref: `AlertsTopic${def.severity[0]!.toUpperCase()}${def.severity.slice(1)}` }],
      });
    }
  });

  it('gives every alarm a comparison, evaluation periods and a threshold (the spec marks none required)', () => {
    for (const alarm of alarmsOf(template())) {
      expect(alarm.ComparisonOperator, alarm.id).toEqual(expect.any(String));
      expect(alarm.EvaluationPeriods, alarm.id).toEqual(expect.any(Number));
      expect(typeof alarm.Threshold === 'number' || typeof alarm.ThresholdMetricId === 'string', alarm.id).toBe(true);
      expect(String(alarm.AlarmDescription).length, alarm.id).toBeLessThanOrEqual(1024);
    }
  });

  it('draws six dashboard widgets from metrics the catalog defines', () => {
    const [[, dashboard] = []] = ofType(template(), 'AWS::CloudWatch::Dashboard');
    expect(dashboard?.Properties.DashboardName).toBe(`ohmycoins-${stage}`);
    const body = JSON.parse(dashboard?.Properties.DashboardBody as string) as { widgets: Array<{ properties: { metrics: unknown[][] } }> };
    expect(body.widgets).toHaveLength(6);
    const known = new Set(catalogMetrics(stageConfig(stage)).map(metricKey));
    for (const row of body.widgets.flatMap((w) => w.properties.metrics)) {
      const strings = row.filter((cell): cell is string => typeof cell === 'string');
      if (strings.length === 0) continue; // an expression over metrics of the same widget
      const [namespace = '', name = '', ...dims] = strings;
      const dimensions = Object.fromEntries(dims.flatMap((_, i) => (i % 2 === 0 ? [[dims[i], dims[i + 1]]] : [])));
      expect(known.has(metricKey({ namespace, name, dimensions })), `${namespace} ${name} ${JSON.stringify(dimensions)}`).toBe(true);
    }
  });

  it('lets only CloudWatch, and the roles this stack names, publish to its topics', () => {
    const emailRole = { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/ohmycoins-${stage}-alerts-email` };
    const policies = ofType(template(), 'AWS::SNS::TopicPolicy').map(([, r]) => r.Properties);
    // Three severity topics and the email topic; production also has the pipeline alarms' topic.
    expect(policies).toHaveLength(stage === 'production' ? 5 : 4);
    for (const policy of policies) {
      const [topic] = policy.Topics as Array<{ Ref: string }>;
      const statements = (policy.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
      expect(statements.filter((s) => s.Effect === 'Allow').map((s) => s.Principal), topic!.Ref).toEqual([{ Service: 'cloudwatch.amazonaws.com' }]);
      const publishers = topic!.Ref === 'EmailTopic' ? { ArnNotEquals: { 'aws:PrincipalArn': [emailRole] } } : {};
      expect(statements, topic!.Ref).toContainEqual({
        Sid: 'OnlyCloudWatchAndNamedRolesPublish',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: topic,
        Condition: { StringNotEquals: { 'aws:PrincipalServiceName': 'cloudwatch.amazonaws.com' }, ...publishers },
      });
    }
    const roleNames = ofType(template(), 'AWS::IAM::Role').map(([, r]) => r.Properties.RoleName);
    expect(roleNames).toContain(`ohmycoins-${stage}-alerts-email`);
  });

  describe('its queue policies', () => {
    const policies = () =>
      Object.fromEntries(
        ofType(template(), 'AWS::SQS::QueuePolicy').map(([, r]) => {
          const [queue] = r.Properties.Queues as Array<{ Ref: string }>;
          return [queue!.Ref, (r.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement];
        }),
      );

    // Staging routes no alert to email, so it has no email queue: nothing to redrive mail into.
    const queues = stage === 'production' ? ['EmailQueue', 'SlackQueue'] : ['SlackQueue'];

    it('let the account’s principals, as far as their IAM policy allows, send to the email queue (the redrive)', () => {
      if (!queues.includes('EmailQueue')) return expect(Object.keys(policies())).toEqual(['SlackQueue']);
      expect(policies().EmailQueue).toContainEqual({
        Sid: 'AccountPrincipalsRedrive',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['EmailQueue', 'Arn'] },
      });
    });

    it('let nobody else send: the topics to each queue, the account to the email queue only, nothing without TLS', () => {
      const all = policies();
      expect(Object.keys(all).sort()).toEqual(queues);
      for (const [queue, statements] of Object.entries(all)) {
        const principals = statements.filter((s) => s.Effect === 'Allow').map((s) => s.Principal);
        const account = queue === 'EmailQueue' ? [{ AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }] : [];
        expect(principals, queue).toEqual([{ Service: 'sns.amazonaws.com' }, ...account]);
        expect(statements.filter((s) => s.Effect === 'Allow').map((s) => s.Action), queue).toEqual(principals.map(() => 'sqs:SendMessage'));
        expect(statements, queue).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      }
    });
  });

  describe('its alerts key policy', () => {
    const statements = () => {
      const [[, key] = []] = ofType(template(), 'AWS::KMS::Key');
      return (key!.Properties.KeyPolicy as { Statement: Array<Record<string, unknown>> }).Statement;
    };
    const root = { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } };
    const roleArn = (d: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/ohmycoins-${stage}-alerts-${d}` });
    const actions = (s: Record<string, unknown>) => [s.Action].flat() as string[];
    const USE = /^kms:(Decrypt|Encrypt|ReEncrypt|GenerateDataKey|CreateGrant|\*)/;

    it('lets the account administer the key, its policy included, without using it', () => {
      const administration = statements().filter((s) => s.Condition === undefined && JSON.stringify(s.Principal) === JSON.stringify(root));
      expect(administration).toHaveLength(1);
      expect(actions(administration[0]!)).toEqual(expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:EnableKeyRotation']));
      expect(actions(administration[0]!).filter((a) => USE.test(a) || a.includes('*'))).toEqual([]);
    });

    it('lets account principals decrypt only as a notifier role and only through SSM (secrets) or SNS (mail)', () => {
      const decrypt = statements().filter((s) => JSON.stringify(s.Principal) === JSON.stringify(root) && actions(s).includes('kms:Decrypt'));
      expect(decrypt.map((s) => s.Condition)).toEqual([
        {
          StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' } },
          // The notifier roles; in production also the watchdog, which reads the #alerts-critical webhook.
          ArnEquals: { 'aws:PrincipalArn': [roleArn('pagerduty'), roleArn('slack'), roleArn('email'), ...(stage === 'production' ? [roleArn('watchdog')] : [])] },
        },
        {
          StringEquals: {
            'kms:ViaService': { 'Fn::Sub': 'sns.${AWS::Region}.amazonaws.com' },
            'kms:EncryptionContext:aws:sns:topicArn': { 'Fn::Sub': `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:ohmycoins-${stage}-alerts-email` },
          },
          ArnEquals: { 'aws:PrincipalArn': [roleArn('email')] },
        },
      ]);
    });

    it('lets every use of the key by an account principal go through a service', () => {
      for (const s of statements().filter((s) => JSON.stringify(s.Principal) === JSON.stringify(root) && actions(s).some((a) => USE.test(a)))) {
        expect((s.Condition as { StringEquals: Record<string, unknown> }).StringEquals['kms:ViaService'], String(s.Sid)).toBeDefined();
      }
    });

    it('keeps CloudWatch able to encrypt for the topics, for alarms of this account', () => {
      expect(statements()).toContainEqual(
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
        }),
      );
    });

    it('refers to no resource of the stack (they depend on the key: a reference would be a cycle)', () => {
      const text = JSON.stringify(statements());
      expect(text).not.toContain('Fn::GetAtt');
      expect([...text.matchAll(/"Ref":"([^"]+)"/g)].map((m) => m[1]).filter((id) => !id!.startsWith('AWS::'))).toEqual([]);
    });
  });

  it('outputs the topic ARNs and the dashboard name', () => {
    expect(Object.keys(template().Outputs)).toEqual(
      expect.arrayContaining(['AlertsTopicCriticalArn', 'AlertsTopicWarningArn', 'AlertsTopicInfoArn', 'EmailTopicArn', 'DashboardName']),
    );
  });
});

describe('the packaged staging template', () => {
  it('contains the eight required alarms with the seed thresholds, each on its severity topic', () => {
    const alarms = new Map(alarmsOf(templates.staging).map((a) => [a.AlarmName, a]));
    const expected: Array<[string, number, string]> = [
      ['ecs-cpu-high', 80, 'AlertsTopicWarning'],
      ['ecs-memory-high', 80, 'AlertsTopicWarning'],
      ['alb-5xx', 10, 'AlertsTopicCritical'],
      ['alb-unhealthy-targets', 0, 'AlertsTopicCritical'],
      ['rds-cpu-high', 80, 'AlertsTopicWarning'],
      ['rds-storage-low', 10 * 1024 ** 3, 'AlertsTopicCritical'],
      ['redis-hit-rate-low', 70, 'AlertsTopicInfo'],
      ['redis-cpu-high', 70, 'AlertsTopicWarning'],
    ];
    for (const [id, threshold, topic] of expected) {
      expect(alarms.get(`ohmycoins-staging-${id}`), id).toMatchObject({ Threshold: threshold, AlarmActions: [{ Ref: topic }], OKActions: [{ Ref: topic }] });
    }
  });

  it('contains the three severity topics, KMS-encrypted and each with its topic policy', () => {
    const policies = ofType(templates.staging, 'AWS::SNS::TopicPolicy').flatMap(([, r]) => r.Properties.Topics as unknown[]);
    for (const severity of ['critical', 'warning', 'info']) {
      const [[id, topic] = []] = ofType(templates.staging, 'AWS::SNS::Topic').filter(([, r]) => r.Properties.TopicName === `ohmycoins-staging-alerts-${severity}`);
      expect(topic?.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlertsKey', 'Arn'] });
      expect(policies).toContainEqual({ Ref: id });
    }
    expect(ofType(templates.staging, 'AWS::KMS::Key')).toHaveLength(1);
  });
});

describe('an invalid catalog', () => {
  it('fails `sls package` with a message naming the definition and the problem', async () => {
    // A copy of the service with one broken override, so the real tree is never touched.
    const copy = mkdtempSync(join(tmpdir(), 'sls-invalid-'));
    dirs.push(copy);
    await run('cp', ['-r', 'serverless.yml', 'package.json', 'tsconfig.json', 'src', 'infra', copy], { cwd: ROOT });
    await run('ln', ['-s', join(ROOT, 'node_modules'), join(copy, 'node_modules')]);
    const config = join(copy, 'src/config/stages/staging.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/alarms: \{/, "alarms: {\n    'ecs-memory-high': { evaluationPeriods: 2 },"));
    const failure = await run(SLS, ['package', '--stage', 'staging', '--package', join(copy, 'out')], { cwd: copy, env: offlineEnv() }).then(
      () => undefined,
      (error: { stdout: string; stderr: string }) => `${error.stdout}${error.stderr}`,
    );
    expect(failure).toContain('alarm "ecs-memory-high": evaluationPeriods (2) < datapointsToAlarm (5)');
  }, 120_000);
});
