/**
 * App mode is opt-in per channel: with the stage files as they are (no channel in app mode) nothing changes,
 * and a stage that puts #alerts-critical in app mode gets, from the registry alone, the app's function, queue,
 * subscription and a role that reads only the bot token, while the webhook function stops reading that channel's
 * webhook. The last part is checked on the template `sls package` really builds, and `sls invoke local` of the app
 * function prints the Web API requests it would send.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineResources } from '../../../infra/pipeline.js';
import { notifierFunctions } from '../../../infra/serverless.js';
import { DESTINATIONS } from '../../../src/destinations/index.js';
import { email } from '../../../src/destinations/email/index.js';
import { pagerduty } from '../../../src/destinations/pagerduty/index.js';
import { slackAppDestination } from '../../../src/destinations/slack-app/index.js';
import { threadId } from '../../../src/destinations/slack-app/threads.js';
import { slack } from '../../../src/destinations/slack/index.js';
import { slackRoutesFor } from '../../../src/destinations/slack/routes.js';
import { STAGES } from '../../../src/model/alert.js';
import { routeKey } from '../../../src/model/route.js';
import { route } from '../../../src/route/index.js';
import { RepositoryCopy, type Template } from '../../identifiers/packaged.js';
import { APP } from './support.js';

const REGISTRY = [pagerduty, { ...slack, routes: slackRoutesFor('slack', APP) }, slackAppDestination(APP), email];

describe('routes', () => {
  it('with the stage files as they are, app mode takes no route anywhere', () => {
    const app = DESTINATIONS.find((d) => d.name === 'slack-app')!;
    for (const stage of STAGES) {
      expect(Object.values(app.routes.alarms[stage]).flatMap((byState) => Object.values(byState).flat())).toEqual([]);
      expect(Object.values(app.routes.unrecognised[stage]).flat()).toEqual([]);
    }
  });

  it('a channel in app mode is taken by the app instead of its webhook; the others keep theirs', () => {
    expect(route(REGISTRY, 'production', 'critical', 'ALARM').map(routeKey)).toEqual(['pagerduty:trigger', 'slack-app:alerts-critical', 'email']);
    expect(route(REGISTRY, 'production', 'critical', 'OK').map(routeKey)).toEqual(['pagerduty:resolve', 'slack-app:alerts-critical', 'email']);
    expect(route(REGISTRY, 'production', 'warning', 'ALARM').map(routeKey)).toEqual(['slack:alerts', 'email']);
    expect(route(REGISTRY, 'staging', 'critical', 'ALARM').map(routeKey)).toEqual(['slack:alerts-staging']);
  });
});

type Statement = { Sid: string; Effect?: string; Action?: unknown; Resource: unknown; Condition?: unknown };
const statementsOf = (resources: Record<string, { Properties?: unknown }>, role: string): Statement[] =>
  (resources[role]!.Properties as { Policies: Array<{ PolicyDocument: { Statement: Statement[] } }> }).Policies[0]!.PolicyDocument.Statement;

describe('infra from the registry', () => {
  it('a stage without app-mode channels has no app function, role or alarms', () => {
    const { Resources } = pipelineResources('staging', REGISTRY);
    expect(Object.keys(Resources).filter((id) => id.includes('SlackApp'))).toEqual([]);
    expect(Object.keys(notifierFunctions('staging', REGISTRY))).toEqual(['pagerduty', 'slack', 'email']);
  });

  it('a stage with one gets its function, queue, subscription and a role reading only the bot token', () => {
    const { Resources } = pipelineResources('production', REGISTRY);
    expect(Resources.SlackAppQueue?.Properties).toMatchObject({ QueueName: 'ohmycoins-production-alerts-slack-app' });
    // #alerts-critical takes critical alarms and what is unreadable on the critical topic: that topic only.
    expect(Object.keys(Resources).filter((id) => id.startsWith('SlackAppQueueSubscription'))).toEqual(['SlackAppQueueSubscriptionCritical']);

    const statements = statementsOf(Resources, 'SlackAppNotifierRole');
    expect(statements.find((s) => s.Sid === 'ReadOwnSecrets')!.Resource).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/ohmycoins/production/slack-app/bot-token' },
    ]);
    expect(statements.find((s) => s.Sid === 'DeliveryLedger')!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ohmycoins-alerting:slack-app#*'] } });
    // The thread references it keeps fall under that condition.
    expect(threadId('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x', 'C0CRITICAL1').startsWith('ohmycoins-alerting:slack-app#')).toBe(true);

    // The webhook function no longer reads the webhook of the channel the app took.
    const webhooks = JSON.stringify(statementsOf(Resources, 'SlackNotifierRole').find((s) => s.Sid === 'ReadOwnSecrets')!.Resource);
    expect(webhooks).not.toContain('slack/alerts-critical');
    expect(webhooks).toContain('slack/alerts');

    // Only the app function draws graphs: it alone may call GetMetricWidgetImage.
    const drawers = Object.entries(Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties).includes('cloudwatch:GetMetricWidgetImage'));
    expect(drawers.map(([id]) => id)).toEqual(['SlackAppNotifierRole']);
    expect(statements.find((s) => s.Sid === 'DrawAlarmGraph')).toEqual({ Sid: 'DrawAlarmGraph', Effect: 'Allow', Action: ['cloudwatch:GetMetricWidgetImage'], Resource: '*' });

    const fn = notifierFunctions('production', REGISTRY)['slack-app'] as { handler: string; role: string; events: unknown[] };
    expect(fn).toMatchObject({ handler: 'src/handlers/slack-app.handler', role: 'SlackAppNotifierRole' });
    expect(fn.events).toHaveLength(1);
  });
});

describe('the packaged production template with #alerts-critical in app mode', () => {
  const copy = new RepositoryCopy();
  let template: Template;
  beforeAll(async () => {
    const stageFile = join(copy.root, 'src/config/stages/production.ts');
    const text = readFileSync(stageFile, 'utf8');
    expect(text).toContain('slackApp: { channels: {} },');
    writeFileSync(stageFile, text.replace('slackApp: { channels: {} },', "slackApp: { channels: { 'alerts-critical': 'C0123ABCD' } },"));
    template = await copy.package('production');
  }, 170_000);
  afterAll(() => copy.remove());

  it('has the app function, bundled, with its own role, reading only its token parameter', () => {
    const fn = template.Resources.SlackDashappLambdaFunction!;
    expect(fn.Properties).toMatchObject({ Handler: 'src/handlers/slack-app.handler', FunctionName: 'ohmycoins-alerting-production-slack-app' });
    expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': ['SlackAppNotifierRole', 'Arn'] });
    const secrets = statementsOf(template.Resources, 'SlackAppNotifierRole').find((s) => s.Sid === 'ReadOwnSecrets')!;
    expect(JSON.stringify(secrets.Resource)).toBe(JSON.stringify([{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/ohmycoins/production/slack-app/bot-token' }]));
    expect(Object.values(template.Resources).some((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties).includes('SlackAppQueue'))).toBe(true);
  });

  it('lets the app function alone call cloudwatch:GetMetricWidgetImage', () => {
    const roles = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(1);
    expect(roles.filter(([, r]) => JSON.stringify(r.Properties).includes('cloudwatch:GetMetricWidgetImage')).map(([id]) => id)).toEqual(['SlackAppNotifierRole']);
  });

  it('counts set-up problems in the log group of the app function itself, and alarms on them', () => {
    const filter = template.Resources.SlackAppSetupProblemsFilter!;
    const group = template.Resources[(filter.Properties.LogGroupName as { Ref: string }).Ref]!;
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties.LogGroupName).toBe('/aws/lambda/ohmycoins-alerting-production-slack-app');
    expect(template.Resources.PipelineAlarmSlackAppSetup!.Properties.MetricName).toBe('ohmycoins-production-slack-app-setup-problems');
  });

  it('sls invoke local prints the requests it would send, token redacted', async () => {
    const event = resolve(import.meta.dirname, '../../events/ecs-cpu-alarm.json');
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', SLS_DEPRECATION_DISABLE: '*' };
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'SLACK_APP_BOT_TOKEN']) delete env[key];
    const sls = join(copy.root, 'node_modules/.bin/sls');
    const { stdout } = await promisify(execFile)(sls, ['invoke', 'local', '-f', 'slack-app', '--stage', 'production', '-p', event], { cwd: copy.root, env, timeout: 120_000 });
    type Request = { url: string; headers: { authorization: string }; body: { channel?: string; channel_id?: string } };
    const dryRun = stdout.split('\n').filter((l) => l.includes('DRY RUN')).map((l) => JSON.parse(l) as { target: string; request: { whenNew: Request[]; graphInTheNewThread: Array<Request & { operation?: string }> } });
    expect(dryRun).toHaveLength(1);
    expect(dryRun[0]!.target).toBe('#alerts-critical');
    expect(dryRun[0]!.request.whenNew.map((r) => [r.url, r.headers.authorization, r.body.channel])).toEqual([
      ['https://slack.com/api/chat.postMessage', 'Bearer <redacted>', 'C0123ABCD'],
      ['https://slack.com/api/chat.postMessage', 'Bearer <redacted>', 'C0123ABCD'],
    ]);
    expect(dryRun[0]!.request.graphInTheNewThread.map((r) => r.operation ?? [r.url, r.headers.authorization])).toEqual([
      'cloudwatch:GetMetricWidgetImage',
      ['https://slack.com/api/files.getUploadURLExternal', 'Bearer <redacted>'],
      ['<upload_url from files.getUploadURLExternal>', undefined],
      ['https://slack.com/api/files.completeUploadExternal', 'Bearer <redacted>'],
    ]);
    expect(dryRun[0]!.request.graphInTheNewThread[3]!.body.channel_id).toBe('C0123ABCD');
  }, 130_000);
});
