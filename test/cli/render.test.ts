import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderEvent } from '../../src/cli/render-event.js';
import { stageConfig } from '../../src/config/stages/index.js';
import type { PagerDutyEvent } from '../../src/destinations/pagerduty/format.js';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import { CORPUS_FILES, loadCorpusEvent } from '../support/corpus.js';
import { assertSlackLimits } from '../support/slack-limits.js';
import { testEvent } from '../delivery/harness.js';

const run = promisify(execFile);
const render = (...args: string[]) => run('npx', ['tsx', 'src/cli/render.ts', ...args], { cwd: join(import.meta.dirname, '../..') });

describe('render on every file of the payload corpus', () => {
  it.each(CORPUS_FILES)('%s comes out as alerts or a labelled fallback, within Slack limits', async (file) => {
    const doc = await renderEvent(loadCorpusEvent(file), stageConfig('production'));
    expect(doc.alerts.length).toBeGreaterThan(0);
    for (const [record, alert] of doc.alerts.entries()) {
      if (alert.kind === 'unrecognised') {
        expect(doc.errors.map((e) => e.record)).toContain(record);
      } else {
        expect(alert.alarmName).toBeTruthy();
        expect(alert.state).toMatch(/^(ALARM|OK|INSUFFICIENT_DATA)$/);
      }
    }
    const slack = doc.notifications.filter((n) => n.destination === 'slack').map((n) => n.payload as SlackMessage);
    for (const message of slack) assertSlackLimits(message);
    // Every fallback reaches people, labelled as such: on its own, or counted in a storm's digest.
    const fallbacks = doc.alerts.filter((a) => a.kind === 'unrecognised').length;
    const alone = slack.filter((m) => m.text.includes('Unrecognised notification')).length;
    const inDigests = slack.reduce((n, m) => n + Number(/ and ([\d,]+) unreadable between /.exec(m.text)?.[1]?.replace(/,/g, '') ?? 0), 0);
    expect(alone + inDigests).toBe(fallbacks);
  });
});

describe('routing as render shows it', () => {
  it('renders a production critical ALARM to PagerDuty, Slack and email, and its OK as a resolve with the same dedup_key', async () => {
    const alarm = await renderEvent(testEvent('alb-5xx-math-alarm.json'), stageConfig('production'));
    expect(alarm.notifications.map((n) => `${n.destination}:${n.target}`)).toEqual([
      'pagerduty:pagerduty:ohmycoins-production',
      'slack:#alerts-critical',
      'email:ohmycoins-production-alerts-email',
    ]);
    const ok = await renderEvent(testEvent('ecs-cpu-ok.json'), stageConfig('production'));
    const trigger = (await renderEvent(testEvent('ecs-cpu-alarm.json'), stageConfig('production'))).notifications.find((n) => n.destination === 'pagerduty')!.payload as PagerDutyEvent;
    const resolve = ok.notifications.find((n) => n.destination === 'pagerduty')!.payload as PagerDutyEvent;
    expect(trigger.event_action).toBe('trigger');
    expect(resolve).toEqual({ routing_key: '<redacted>', event_action: 'resolve', dedup_key: trigger.dedup_key });
  });

  it("renders an email as the exact SNS Publish input: the stage's topic ARN, Subject and Message", async () => {
    const doc = await renderEvent(testEvent('alb-5xx-math-alarm.json'), stageConfig('production'), { env: {} });
    const email = doc.notifications.find((n) => n.destination === 'email')!.payload as Record<string, string>;
    expect(Object.keys(email)).toEqual(['TopicArn', 'Subject', 'Message']);
    // Offline the account is unknown: the ARN says so where it would stand.
    expect(email.TopicArn).toBe('arn:aws:sns:eu-west-1:<account>:ohmycoins-production-alerts-email');
    expect(email.Subject).toBe('ALARM [critical] production: API returning 5xx errors');
    expect(email.Message).toMatch(/^ALARM \[critical\] API returning 5xx errors - production\n/);
    const configured = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-email';
    const withTopic = await renderEvent(testEvent('alb-5xx-math-alarm.json'), stageConfig('production'), { env: { EMAIL_TOPIC_ARN: configured } });
    expect(withTopic.notifications.find((n) => n.destination === 'email')!.payload).toMatchObject({ TopicArn: configured });
  });

  it.each(['ecs-cpu-alarm.json', 'ecs-cpu-ok.json', 'alb-5xx-math-alarm.json', 'composite-alarm.json', 'rds-storage-staging-alarm.json'])(
    'never renders PagerDuty in staging (%s)',
    async (file) => {
      const text = JSON.stringify(testEvent(file)).replaceAll('ohmycoins-production', 'ohmycoins-staging');
      const doc = await renderEvent(JSON.parse(text), stageConfig('staging'));
      expect(doc.notifications.map((n) => n.destination)).toEqual(['slack']);
    },
  );
});

describe('the render command', () => {
  it('prints one JSON document and nothing else, secrets redacted', async () => {
    const { stdout, stderr } = await render('test/events/ecs-cpu-alarm.json', '--stage', 'production');
    const doc = JSON.parse(stdout) as { notifications: Array<{ destination: string; payload: { routing_key?: string } }> };
    expect(stderr).toBe('');
    expect(doc.notifications.find((n) => n.destination === 'pagerduty')!.payload.routing_key).toBe('<redacted>');
  });

  it('exits 2 with one line on stderr when the file is not JSON', async () => {
    const file = join(tmpdir(), `not-json-${process.pid}.json`);
    await writeFile(file, 'this is not json');
    const failure = await render(file).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2, stdout: '' });
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when the file cannot be read', async () => {
    const failure = await render('/nonexistent/event.json').catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/^render: cannot read event/);
  });
});
