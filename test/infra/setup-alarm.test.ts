/**
 * Issue 12: the Slack app's set-up errors people will meet (not_in_channel, channel_not_found, invalid_auth,
 * missing_scope) raise the pipeline's own alarm. A metric filter on the app function's log group counts the
 * JSON lines Powertools Logger writes for them; an alarm on that metric acts like the pipeline's other alarms
 * (the email topic always; in production the watchdog's topic too), and exists only where the app is deployed.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pipelineResources } from '../../infra/pipeline.js';
import { email } from '../../src/destinations/email/index.js';
import { pagerduty } from '../../src/destinations/pagerduty/index.js';
import type { SlackAppMessage } from '../../src/destinations/slack-app/format.js';
import { slackAppDestination } from '../../src/destinations/slack-app/index.js';
import { slackAppNotifier } from '../../src/destinations/slack-app/notifier.js';
import { memoryThreads } from '../../src/destinations/slack-app/threads.js';
import { slack } from '../../src/destinations/slack/index.js';
import { slackRoutesFor, type AppChannels } from '../../src/destinations/slack/routes.js';
import type { Notification } from '../../src/model/prepared.js';
import { captureOutput, type CapturedOutput } from '../delivery/harness.js';
import { startSlackApiStandIn, type SlackApiStandIn } from '../support/slack-api-stand-in.js';
import { SpecChecker } from './cfn-spec.js';

/** #alerts-critical in app mode in production and #alerts-staging in staging, by made-up channel IDs. */
const APP: AppChannels = { production: { 'alerts-critical': 'C0CRITICAL1' }, staging: { 'alerts-staging': 'C0STAGING01' } };
const registry = (app: AppChannels) => [pagerduty, { ...slack, routes: slackRoutesFor('slack', app) }, slackAppDestination(app), email];
const NONE: AppChannels = { production: {}, staging: {} };

const PATTERN = '{ ($.level = "ERROR") && ($.destination = "slack-app") && ($.problem = "set-up") }';

let spec: SpecChecker;
beforeAll(async () => {
  spec = await SpecChecker.load();
}, 60_000);

describe('the set-up alarm in a stage with a channel in app mode', () => {
  const resources = pipelineResources('production', registry(APP)).Resources;

  it('counts the set-up lines of the app function’s log group into a metric', () => {
    expect(resources.SlackAppSetupProblemsFilter).toEqual({
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        // The log group Serverless creates for the function (/aws/lambda/ohmycoins-alerting-production-slack-app).
        LogGroupName: { Ref: 'SlackDashappLogGroup' },
        FilterPattern: PATTERN,
        MetricTransformations: [
          { MetricNamespace: 'ohmycoins/alerting', MetricName: 'ohmycoins-production-slack-app-setup-problems', MetricValue: '1', Unit: 'Count' },
        ],
      },
    });
  });

  it('alarms on the first one within a minute, on the pipeline’s own topics, telling on-call what to do', () => {
    const alarm = resources.PipelineAlarmSlackAppSetup!;
    expect(alarm.Type).toBe('AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({
      AlarmName: 'ohmycoins-production-alerting-slack-app-setup',
      Namespace: 'ohmycoins/alerting',
      MetricName: 'ohmycoins-production-slack-app-setup-problems',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'EmailTopic' }, { Ref: 'PipelineAlarmsTopic' }],
      OKActions: [{ Ref: 'EmailTopic' }, { Ref: 'PipelineAlarmsTopic' }],
    });
    const description = String(alarm.Properties.AlarmDescription);
    for (const words of ['invited', 'channel ID', 'chat:write', 'docs/slack-app.md', 'npm run redrive', 'docs/runbooks/alerting-pipeline.md']) expect(description).toContain(words);
    expect(description.length).toBeLessThanOrEqual(1024);
  });

  it('passes the CloudFormation specification, required properties included', () => {
    expect(spec.resourceProblems('SlackAppSetupProblemsFilter', resources.SlackAppSetupProblemsFilter as never)).toEqual([]);
    expect(spec.resourceProblems('PipelineAlarmSlackAppSetup', resources.PipelineAlarmSlackAppSetup as never)).toEqual([]);
  });

  it('in staging mails the email topic only (no watchdog there)', () => {
    const staging = pipelineResources('staging', registry(APP)).Resources;
    expect(staging.PipelineAlarmSlackAppSetup!.Properties).toMatchObject({ AlarmActions: [{ Ref: 'EmailTopic' }], AlarmName: 'ohmycoins-staging-alerting-slack-app-setup' });
    expect((staging.SlackAppSetupProblemsFilter!.Properties.MetricTransformations as Array<{ MetricName: string }>)[0]!.MetricName).toBe('ohmycoins-staging-slack-app-setup-problems');
  });
});

describe('a stage without app-mode channels', () => {
  it('has no metric filter and no set-up alarm: there is no app function whose log could hold one', () => {
    const ids = Object.keys(pipelineResources('production', registry(NONE)).Resources);
    expect(ids.filter((id) => id.includes('Setup'))).toEqual([]);
    expect(Object.values(pipelineResources('production', registry(NONE)).Resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter')).toEqual([]);
  });
});

/** The `$.field = "value"` terms of a pattern joined by &&, read by hand: what a log line must carry to match. */
function termsOf(pattern: string): Array<[string, string]> {
  const body = /^\{ (.*) \}$/.exec(pattern)![1]!;
  return body.split(' && ').map((term) => {
    const [, field, value] = /^\(\$\.([A-Za-z_]+) = "([^"]*)"\)$/.exec(term)!;
    return [field!, value!];
  });
}
const matches = (line: Record<string, unknown>) => termsOf(PATTERN).every(([field, value]) => line[field] === value);

describe('the lines the filter counts, as the deployed function writes them (Powertools Logger, JSON on stdout)', () => {
  const TOKEN = 'xoxb-1111-2222-standintoken';
  let slackApi: SlackApiStandIn;
  let output: CapturedOutput;
  beforeEach(async () => {
    slackApi = await startSlackApiStandIn({ token: TOKEN, member: ['C0CRITICAL1'], known: ['C0NOTINVITED'] });
  });
  afterEach(async () => {
    output?.restore();
    await slackApi.close();
  });

  const send = async (channel: string, token = TOKEN) => {
    output = captureOutput();
    const log = new Logger({ serviceName: 'ohmycoins-alerting', persistentKeys: { function: 'slack-app' } });
    const notifier = slackAppNotifier({ secrets: { get: async () => token }, apiUrl: slackApi.apiUrl, threads: memoryThreads(), log, pacing: { postIntervalMs: 0, updateIntervalMs: 0 } });
    const payload = { channel, channelName: '#alerts-critical', parent: { text: '🚨 Alert storm — production' } };
    const n = { route: { destination: 'slack-app', target: 'alerts-critical' }, digest: true, sources: [], target: '#alerts-critical', payload } as Notification<SlackAppMessage>;
    await notifier.send(n, new AbortController().signal).catch(() => undefined);
    output.restore();
    return output.entries();
  };

  it.each([
    ['not_in_channel', 'C0NOTINVITED', TOKEN],
    ['channel_not_found', 'C0NOSUCHONE', TOKEN],
    ['invalid_auth', 'C0CRITICAL1', 'xoxb-wrong'],
  ])('%s: one line that matches', async (error, channel, token) => {
    const lines = await send(channel, token);
    expect(lines.filter(matches)).toHaveLength(1);
    expect(lines.find(matches)).toMatchObject({ level: 'ERROR', slackError: error, channel: '#alerts-critical' });
  });

  it('missing_scope: one line that matches', async () => {
    slackApi.fail('chat.postMessage', 'missing_scope');
    const lines = await send('C0CRITICAL1');
    expect(lines.filter(matches).map((l) => l.slackError)).toEqual(['missing_scope']);
  });

  it('Slack’s own trouble is retried, not a set-up problem: nothing matches', async () => {
    slackApi.fail('chat.postMessage', 'internal_error');
    expect((await send('C0CRITICAL1')).filter(matches)).toEqual([]);
  });
});
