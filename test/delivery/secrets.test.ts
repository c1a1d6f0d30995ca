/**
 * Secrets are never logged: runs of the deployed functions with distinctive webhook URLs and routing key (read
 * from a mocked SSM, or from the environment as on a laptop) capture all output, stdout, stderr and console,
 * including error paths, and no secret appears, nor the secret part of a webhook path.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ssmProvider } from '../../src/config/ssm.js';
import { wiringFromEnv } from '../../src/handlers/runtime.js';
import { closeConnection, hang, pagerDutyReplies, refusedUrl, slackReplies } from '../support/stand-ins.js';
import {
  HANG_RETRY,
  captureOutput,
  deployedFunctions,
  startRun,
  testEvent,
  type CapturedOutput,
  type Run,
  destination,
} from './harness.js';

const ROUTING_KEY = 'Q7ZROUTINGKEYSECRET0000000000042';
const TOKENS = { 'alerts-critical': 'S3cr3tCr1t1calT0k3n0001', alerts: 'S3cr3tAl3rtsT0k3n0002', 'alerts-staging': 'S3cr3tSt4g1ngT0k3n0003' } as const;
const TEAM = 'T0SECRETTEAM';

let run: Run;
let ssm: AwsClientStub<SSMClient>;
let output: CapturedOutput;
let logLevel: string | undefined;

/** The secret values, and the parts of them that would identify them too. */
function secrets(): string[] {
  const urls = Object.keys(TOKENS).map((c) => webhook(c as keyof typeof TOKENS));
  return [ROUTING_KEY, ...Object.values(TOKENS), ...urls, ...urls.map((u) => new URL(u).pathname)];
}

const hookId = (channel: string) => `B${channel.replace(/-/g, '').toUpperCase()}`;
const webhook = (channel: keyof typeof TOKENS) => `${run.slack.origin}/services/${TEAM}/${hookId(channel)}/${TOKENS[channel]}`;

beforeEach(async () => {
  run = await startRun();
  // One provider per container caches across wirings; each test sets its own parameters.
  (await ssmProvider()).clearCache();
  // Debug logs too: a secret must not hide there either.
  logLevel = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  ssm = mockClient(SSMClient);
  ssm.on(GetParameterCommand).callsFake(({ Name }: { Name: string }) => {
    const name = Name.replace('/ohmycoins/production/', '');
    const value = name === 'pagerduty/routing-key' ? ROUTING_KEY : name.startsWith('slack/') ? webhook(name.slice(6) as keyof typeof TOKENS) : undefined;
    if (!value) throw Object.assign(new Error(`Parameter ${Name} not found.`), { name: 'ParameterNotFound' });
    return { Parameter: { Name, Type: 'SecureString', Value: value, Version: 3 } };
  });
  // Deployed: the secrets come from SSM only.
  for (const key of Object.keys(run.env)) if (key.startsWith('SLACK_WEBHOOK_') || key === 'PAGERDUTY_ROUTING_KEY') delete run.env[key];
  run.env.SSM_PREFIX = '/ohmycoins/production';
  output = captureOutput();
});
afterEach(async () => {
  output.restore();
  ssm.restore();
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
  await run.close();
});

function leaked(): string[] {
  const everything = output.text() + JSON.stringify(run.deadLetters.letters);
  return secrets().filter((s) => everything.includes(s));
}

describe('a deployed run with secrets from SSM', () => {
  it('delivers with the secrets (they are really used) and logs none of them', async () => {
    await deployedFunctions(run)(testEvent('ecs-cpu-alarm.json'));
    await deployedFunctions(run)(testEvent('not-an-alarm.json'));

    expect(run.slack.requests.map((r) => r.path.split('/').pop())).toEqual([TOKENS['alerts-critical'], TOKENS.alerts]);
    expect(run.pagerduty.requests[0]!.body).toMatchObject({ routing_key: ROUTING_KEY });
    expect(output.entries().length).toBeGreaterThan(5);
    expect(leaked()).toEqual([]);
  });

  it('logs none when Slack answers 404 channel_not_found and PagerDuty 400', async () => {
    run.slack.always(slackReplies.channelNotFound);
    run.pagerduty.always(pagerDutyReplies.invalidEvent);

    await deployedFunctions(run)(testEvent('ecs-cpu-alarm.json'));

    expect(run.deadLetters.letters).toHaveLength(2);
    expect(leaked()).toEqual([]);
  });

  it('logs none when Slack hangs, drops the connection or 500s, and PagerDuty 429s', async () => {
    run.slack.next(closeConnection, slackReplies.serverError, hang);
    run.pagerduty.always(pagerDutyReplies.rateLimited);

    await deployedFunctions(run, { retryFor: { slack: HANG_RETRY } })(testEvent('ecs-cpu-alarm.json'));

    expect(output.entries().some((e) => e.message === 'Delivery failed, retrying')).toBe(true);
    expect(leaked()).toEqual([]);
  });

  it('logs none when the webhook refuses connections', async () => {
    const refused = await refusedUrl(`/services/${TEAM}/${hookId('alerts-critical')}/${TOKENS['alerts-critical']}`);
    ssm.on(GetParameterCommand, { Name: '/ohmycoins/production/slack/alerts-critical' }).resolves({ Parameter: { Value: refused } });

    await deployedFunctions(run)(testEvent('ecs-cpu-alarm.json'));

    expect(run.deadLetters.letters.map((l) => l.destination)).toEqual(['slack:alerts-critical']);
    expect([...secrets(), refused].filter((s) => output.text().includes(s))).toEqual([]);
  });

  it('logs none when the parameter holds a URL that is not Slack: refused, never contacted, dead-lettered as permanent', async () => {
    const foreign = `https://hooks.slack.com.attacker.example/services/${TEAM}/${hookId('alerts-critical')}/${TOKENS['alerts-critical']}`;
    ssm.on(GetParameterCommand, { Name: '/ohmycoins/production/slack/alerts-critical' }).resolves({ Parameter: { Value: foreign } });

    await deployedFunctions(run)(testEvent('ecs-cpu-alarm.json'));

    expect(run.slack.requests).toEqual([]);
    expect(run.deadLetters.letters).toMatchObject([{ destination: 'slack:alerts-critical', permanent: true, attempts: 1 }]);
    expect(run.deadLetters.letters[0]!.reason).toMatch(/must be an https:\/\/hooks\.slack\.com\/services\/\.\.\. URL/);
    expect([...secrets(), foreign].filter((s) => output.text().includes(s))).toEqual([]);
  });
});

describe('a local run with secrets in the environment', () => {
  it('logs none of them', async () => {
    delete run.env.SSM_PREFIX;
    run.env.SLACK_WEBHOOK_ALERTS_CRITICAL = webhook('alerts-critical');
    run.env.SLACK_WEBHOOK_ALERTS = webhook('alerts');
    run.env.PAGERDUTY_ROUTING_KEY = ROUTING_KEY;
    run.slack.next(slackReplies.channelArchived);

    await deployedFunctions(run)(testEvent('ecs-cpu-alarm.json'));
    await deployedFunctions(run)(testEvent('ecs-cpu-ok.json'));

    expect(run.pagerduty.requests).toHaveLength(2);
    expect(leaked()).toEqual([]);
  });
});

describe('a webhook refused at start', () => {
  it('is refused with an error that does not echo it', () => {
    const url = `https://attacker.example/services/${TEAM}/${hookId('alerts')}/${TOKENS.alerts}`;

    const start = () => wiringFromEnv(destination('slack'), { STAGE: 'production', SLACK_WEBHOOK_ALERTS: url });

    expect(start).toThrow(/hooks\.slack\.com/);
    expect(() => start()).toThrow(expect.objectContaining({ message: expect.not.stringContaining(TOKENS.alerts) }));
  });
});
