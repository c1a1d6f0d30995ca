/**
 * Least privilege and the pipeline's own safety nets, in the template `sls package --stage production` would
 * deploy: no IAM statement with a wildcard action, "*" resources only for actions that have no resource-level
 * permissions, secrets named one by one, the dead-letter queue, the ledger table with TTL, and the alarms that
 * watch the notifier functions, acting on the email topic.
 *
 * Packaging runs in a copy of the service (node_modules linked): serverless-esbuild builds into the service's
 * own .esbuild folder, which another test file packaging at the same moment would share.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineResources, PIPELINE_IDS } from '../../infra/pipeline.js';
import { LEDGER_TTL_SECONDS } from '../../src/notify/ledger.js';

const ROOT = resolve(import.meta.dirname, '../..');
const STAGE = 'production';

/** Actions IAM cannot restrict to a resource: "*" is the narrowest grant there is. */
const NO_RESOURCE_LEVEL = new Set(['cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage']);

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Template {
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
}
interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let template: Template;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'iam-package-'));
  const service = join(work, 'service');
  for (const entry of ['serverless.yml', 'package.json', 'tsconfig.json', 'src', 'infra']) cpSync(join(ROOT, entry), join(service, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(service, 'node_modules'), 'dir');
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', SLS_DEPRECATION_DISABLE: '*', SLS_TELEMETRY_DISABLED: '1' };
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[key];
  const out = join(work, 'package');
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/sls'), ['package', '--stage', STAGE, '--package', out], { cwd: service, env, timeout: 170_000 });
  template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Every permission statement of every IAM role, inline policy and managed policy (trust policies aside). */
function iamStatements(): Array<{ where: string; statement: Statement }> {
  const documents: Array<{ where: string; doc: unknown }> = [];
  for (const [id, r] of ofType('AWS::IAM::Role')) {
    for (const p of list(r.Properties.Policies as Array<{ PolicyName: string; PolicyDocument: unknown }>)) documents.push({ where: `${id}/${p.PolicyName}`, doc: p.PolicyDocument });
  }
  for (const [id, r] of [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]) documents.push({ where: id, doc: r.Properties.PolicyDocument });
  return documents.flatMap(({ where, doc }) => list((doc as { Statement: Statement | Statement[] }).Statement).map((statement, i) => ({ where: `${where}#${statement.Sid ?? i}`, statement })));
}

/** A resource as text: ARNs built with Fn::Sub or Fn::GetAtt are rendered so they can be inspected. */
const resourceText = (r: unknown): string => JSON.stringify(r);

describe(`the packaged ${STAGE} template's IAM statements`, () => {
  it('exist: each function (three notifiers, the watchdog, the heartbeat) has its own role', () => {
    const roles = ofType('AWS::Lambda::Function').map(([, f]) => JSON.stringify(f.Properties.Role));
    expect(roles).toHaveLength(5);
    expect(new Set(roles).size).toBe(5);
    expect(iamStatements().length).toBeGreaterThan(10);
  });

  it('never use a wildcard action (`*`, `service:*`, `service:Get*`) nor NotAction', () => {
    const wildcards = iamStatements().flatMap(({ where, statement }) => [
      ...list(statement.Action).filter((a) => a.includes('*')).map((a) => `${where}: ${a}`),
      ...(statement.NotAction === undefined ? [] : [`${where}: NotAction`]),
    ]);
    expect(wildcards).toEqual([]);
  });

  it('grant "*" resources only to actions without resource-level permissions', () => {
    const broad = iamStatements().filter(({ statement }) => list(statement.Resource).includes('*') || statement.NotResource !== undefined);
    const offending = broad.flatMap(({ where, statement }) => list(statement.Action).filter((a) => !NO_RESOURCE_LEVEL.has(a)).map((a) => `${where}: ${a} on *`));
    expect(offending).toEqual([]);
  });

  it('let no function draw graphs while no channel is in Slack app mode (only the app function may)', () => {
    const drawing = iamStatements().filter(({ statement }) => list(statement.Action).includes('cloudwatch:GetMetricWidgetImage'));
    expect(drawing.map(({ where }) => where)).toEqual([]);
  });

  it('allow, never deny-by-omission tricks: every statement is an Allow with explicit actions and resources', () => {
    for (const { where, statement } of iamStatements()) {
      expect(statement.Effect, where).toBe('Allow');
      expect(list(statement.Action).length, where).toBeGreaterThan(0);
      expect(list(statement.Resource).length, where).toBeGreaterThan(0);
    }
  });

  it(`read SSM parameters one by one, all under /ohmycoins/${STAGE}/`, () => {
    const ssm = iamStatements().filter(({ statement }) => list(statement.Action).some((a) => a.startsWith('ssm:')));
    expect(ssm.length).toBeGreaterThan(0);
    for (const { where, statement } of ssm) {
      expect(list(statement.Action), where).toEqual(['ssm:GetParameter']);
      for (const r of list(statement.Resource)) {
        expect(resourceText(r), where).toMatch(new RegExp(`:parameter/ohmycoins/${STAGE}/[a-z0-9-]+(/[a-z0-9-]+)*"`));
        expect(resourceText(r), where).not.toContain('*');
      }
    }
  });

  it('give Slack only its webhooks, PagerDuty only its routing key, email no secret (besides the non-secret silences)', () => {
    const parametersOf = (role: string) =>
      iamStatements()
        .filter(({ where, statement }) => where.startsWith(role) && list(statement.Action).includes('ssm:GetParameter'))
        .flatMap(({ statement }) => list(statement.Resource).map((r) => resourceText(r).replace(/.*:parameter\/ohmycoins\/[a-z]+\//, '').replace(/"}$/, '')));
    const secretsOf = (role: string) => parametersOf(role).filter((p) => p !== 'silences');
    expect(secretsOf(PIPELINE_IDS.role('slack')).length).toBeGreaterThan(0);
    expect(secretsOf(PIPELINE_IDS.role('slack')).every((s) => s.startsWith('slack/'))).toBe(true);
    expect(secretsOf(PIPELINE_IDS.role('pagerduty'))).toEqual(['pagerduty/routing-key']);
    expect(secretsOf(PIPELINE_IDS.role('email'))).toEqual([]);
  });

  it('scope queue, table, topic and key actions to this stack’s own resources', () => {
    const scoped: Array<[RegExp, string[]]> = [
      // The dead-letter queue, and PagerDuty's own retry queue (what it will try again later).
      [/^sqs:SendMessage$/, [PIPELINE_IDS.deadLetterQueue, PIPELINE_IDS.retryQueue('pagerduty')]],
      [/^dynamodb:/, [PIPELINE_IDS.ledgerTable]],
      [/^sns:Publish$/, ['EmailTopic']],
      [/^kms:/, ['AlertsKey']],
    ];
    for (const { where, statement } of iamStatements()) {
      for (const [action, allowed] of scoped) {
        if (!list(statement.Action).some((a) => action.test(a))) continue;
        for (const r of list(statement.Resource)) expect(allowed.some((id) => resourceText(r).includes(`"${id}"`)), `${where} → ${resourceText(r)}`).toBe(true);
      }
    }
  });
});

describe(`the packaged ${STAGE} template's IAM conditions`, () => {
  const statementsOf = (destination: string) =>
    iamStatements().filter(({ where }) => where.startsWith(`${PIPELINE_IDS.role(destination)}/`)).map(({ statement }) => statement);
  const region = { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' };

  it('let the email role use the alerts key only through SNS, for the email topic', () => {
    const kms = statementsOf('email').filter((s) => list(s.Action).some((a) => a.startsWith('kms:')));
    expect(kms).toEqual([
      {
        Sid: 'EncryptForEncryptedTopic',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': ['AlertsKey', 'Arn'] },
        Condition: {
          StringEquals: {
            'kms:ViaService': { 'Fn::Sub': 'sns.${AWS::Region}.amazonaws.com' },
            'kms:EncryptionContext:aws:sns:topicArn': { Ref: 'EmailTopic' },
          },
        },
      },
    ]);
  });

  it('let Slack and PagerDuty decrypt with the alerts key only through SSM', () => {
    for (const destination of ['slack', 'pagerduty']) {
      const kms = statementsOf(destination).filter((s) => list(s.Action).some((a) => a.startsWith('kms:')));
      expect(kms.map((s) => [s.Action, s.Condition]), destination).toEqual([[['kms:Decrypt'], { StringEquals: { 'kms:ViaService': region } }]]);
    }
  });

  it(`read the alarm history of the ${STAGE} alarms only`, () => {
    for (const destination of ['slack', 'pagerduty', 'email']) {
      const history = statementsOf(destination).filter((s) => list(s.Action).includes('cloudwatch:DescribeAlarmHistory'));
      expect(history.map((s) => s.Resource), destination).toEqual([
        { 'Fn::Sub': `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:ohmycoins-${STAGE}-*` },
      ]);
    }
  });

  it('touch only their own destination’s ledger items', () => {
    for (const destination of ['slack', 'pagerduty', 'email']) {
      const ledger = statementsOf(destination).filter((s) => list(s.Action).some((a) => a.startsWith('dynamodb:')));
      expect(ledger.map((s) => s.Condition), destination).toEqual([
        { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`ohmycoins-alerting:${destination}#*`] } },
      ]);
    }
  });
});

describe(`the packaged ${STAGE} template's safety nets`, () => {
  const resource = (id: string) => template.Resources[id]!;

  it('has the dead-letter queue, kept 14 days, that both queues and the PagerDuty function fall back to', () => {
    const dlq = resource(PIPELINE_IDS.deadLetterQueue);
    expect(dlq.Type).toBe('AWS::SQS::Queue');
    expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    for (const n of ['slack', 'email'] as const) {
      expect(resource(PIPELINE_IDS.queue(n)).Properties.RedrivePolicy).toMatchObject({ deadLetterTargetArn: { 'Fn::GetAtt': [PIPELINE_IDS.deadLetterQueue, 'Arn'] } });
    }
    const [, invokeConfig] = ofType('AWS::Lambda::EventInvokeConfig')[0]!;
    expect(invokeConfig.Properties.DestinationConfig).toMatchObject({ OnFailure: { Destination: { 'Fn::GetAtt': [PIPELINE_IDS.deadLetterQueue, 'Arn'] } } });
  });

  it('tells the redrive tool where the dead-letter queue is', () => {
    expect(template.Outputs.DeadLetterQueueUrl!.Value).toEqual({ Ref: PIPELINE_IDS.deadLetterQueue });
  });

  it('has the delivery ledger table keyed as Powertools Idempotency writes it, with TTL on its expiry attribute', () => {
    const table = resource(PIPELINE_IDS.ledgerTable);
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
    expect(LEDGER_TTL_SECONDS).toBeGreaterThanOrEqual(3600);
  });

  it('watches each notifier function’s errors and throttles, the heartbeat’s errors, and the dead-letter queue’s depth', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const functionNames = ofType('AWS::Lambda::Function').map(([, f]) => f.Properties.FunctionName as string);
    const notifiers = functionNames.filter((n) => n !== `ohmycoins-alerting-${STAGE}-heartbeat`);
    const watched = (namespace: string, metric: string) =>
      alarms.filter((a) => a.Namespace === namespace && a.MetricName === metric).map((a) => (a.Dimensions as Array<{ Value: unknown }>)[0]!.Value);

    // The three notifiers and the watchdog that carries the pipeline's alarms to Slack; the heartbeat besides.
    expect(notifiers).toHaveLength(4);
    expect(new Set(watched('AWS/Lambda', 'Errors'))).toEqual(new Set(functionNames));
    expect(new Set(watched('AWS/Lambda', 'Throttles'))).toEqual(new Set(notifiers));
    expect(watched('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toEqual([{ 'Fn::GetAtt': [PIPELINE_IDS.deadLetterQueue, 'QueueName'] }]);
  });

  it('sends the pipeline’s own alarms to the email topic and the watchdog’s topic, never through the notifier functions', () => {
    const own = Object.keys(pipelineResources(STAGE).Resources).filter((id) => resource(id).Type === 'AWS::CloudWatch::Alarm');
    expect(own.length).toBeGreaterThanOrEqual(7);
    for (const id of own) {
      expect(resource(id).Properties.AlarmActions, id).toEqual([{ Ref: 'EmailTopic' }, { Ref: 'PipelineAlarmsTopic' }]);
      expect(String(resource(id).Properties.AlarmDescription), id).toContain('docs/runbooks/alerting-pipeline.md');
    }
  });
});
