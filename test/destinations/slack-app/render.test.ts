/** `render` shows app mode's Web API requests, token redacted: on the stage files' channels, or those named with --slack-app. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderEvent } from '../../../src/cli/render-event.js';
import { stageConfig } from '../../../src/config/stages/index.js';
import { withSlackApp } from '../../../src/destinations/index.js';
import { appRequests } from '../../../src/destinations/slack-app/request.js';
import type { SlackAppMessage } from '../../../src/destinations/slack-app/format.js';
import { SMALL_PNG } from '../../support/png.js';
import { testEvent } from '../../delivery/harness.js';
import { slackAppDestination } from '../../../src/destinations/slack-app/index.js';
import { catalogAlert, catalogOf } from '../../support/catalog-messages.js';
import { APP, TOKEN } from './support.js';

const run = promisify(execFile);

type Requests = {
  whenNew: Array<{ url: string; headers: Record<string, string>; body: Record<string, unknown> }>;
  whenTheAlarmHasAMessage: Array<{ url: string; body: Record<string, unknown> }>;
};

describe('render in app mode', () => {
  it('with the stage files as they are, shows no app-mode request', async () => {
    const doc = await renderEvent(testEvent('ecs-cpu-alarm.json'), stageConfig('production'));
    expect(doc.notifications.map((n) => n.destination)).toEqual(['pagerduty', 'slack', 'email']);
  });

  it('shows the requests of a new incident and of a later change, to the channel ID, with the token redacted', async () => {
    const env = { SLACK_APP_BOT_TOKEN: TOKEN };
    const doc = await renderEvent(testEvent('ecs-cpu-alarm.json'), stageConfig('production'), { destinations: withSlackApp(APP), env });
    expect(doc.notifications.map((n) => [n.destination, n.target])).toEqual([
      ['pagerduty', 'pagerduty:ohmycoins-production'],
      ['slack-app', '#alerts-critical'],
      ['email', 'ohmycoins-production-alerts-email'],
    ]);
    const requests = doc.notifications[1]!.payload as Requests;
    expect(requests.whenNew.map((r) => [r.url, r.body.channel, r.body.thread_ts])).toEqual([
      ['https://slack.com/api/chat.postMessage', 'C0CRITICAL1', undefined],
      ['https://slack.com/api/chat.postMessage', 'C0CRITICAL1', '<ts of the incident message>'],
    ]);
    expect(requests.whenTheAlarmHasAMessage.map((r) => [r.url, r.body.ts ?? r.body.thread_ts])).toEqual([
      ['https://slack.com/api/chat.update', '<ts of the incident message>'],
      ['https://slack.com/api/chat.postMessage', '<ts of the incident message>'],
    ]);
    expect(requests.whenNew[0]!.headers.authorization).toBe('Bearer <redacted>');
    expect(JSON.stringify(doc)).not.toContain(TOKEN);
  });

  it('shows how the graph of an ALARM reaches a new thread: drawn by CloudWatch, then the two-step upload; none for an OK', async () => {
    const env = { SLACK_APP_BOT_TOKEN: TOKEN };
    const options = { destinations: withSlackApp(APP), env };
    const alarm = await renderEvent(testEvent('ecs-cpu-alarm.json'), stageConfig('production'), options);
    const graph = (alarm.notifications[1]!.payload as { graphInTheNewThread: Array<Record<string, unknown>> }).graphInTheNewThread;
    expect(graph.map((r) => r.operation ?? r.url)).toEqual([
      'cloudwatch:GetMetricWidgetImage',
      'https://slack.com/api/files.getUploadURLExternal',
      '<upload_url from files.getUploadURLExternal>',
      'https://slack.com/api/files.completeUploadExternal',
    ]);
    const [draw, ticket, upload, complete] = graph as [
      { input: { MetricWidget: { start: string; annotations: { vertical: Array<{ value: string }> } }; OutputFormat: string } },
      { headers: Record<string, string>; body: Record<string, unknown> },
      { headers: Record<string, string>; body: unknown },
      { headers: Record<string, string>; body: Record<string, unknown> },
    ];
    expect(draw.input.OutputFormat).toBe('png');
    expect(draw.input.MetricWidget.start).toBe('-PT3H');
    expect(draw.input.MetricWidget.annotations.vertical[0]!.value).toBe('2024-05-14T09:42:27.394Z');
    expect(ticket.body).toMatchObject({ filename: 'backend-cpu-high-last-3-h.png', length: '<bytes of the PNG CloudWatch draws>' });
    expect(ticket.headers.authorization).toBe('Bearer <redacted>');
    // The bytes go to Slack's upload URL without the token.
    expect(upload).toMatchObject({ headers: { 'content-type': 'image/png' }, body: '<PNG>' });
    expect(complete.body).toEqual({
      files: [{ id: '<file_id from files.getUploadURLExternal>', title: 'Backend CPU high, last 3 h' }],
      channel_id: 'C0CRITICAL1',
      thread_ts: '<ts of the incident message>',
    });
    expect(JSON.stringify(alarm)).not.toContain(TOKEN);

    const ok = await renderEvent(testEvent('ecs-cpu-ok.json'), stageConfig('production'), options);
    expect(ok.notifications.find((n) => n.destination === 'slack-app')!.payload).not.toHaveProperty('graphInTheNewThread');
  });

  it('a graph drawn ahead is shown by its size, and nothing asks CloudWatch for it again', () => {
    const message: SlackAppMessage = {
      channel: 'C0CRITICAL1',
      channelName: '#alerts-critical',
      incident: { alarmKey: 'arn:aws:cloudwatch:eu-west-1:412345678901:alarm:x', state: 'ALARM', stateChangeTime: '2024-05-14T09:42:27.394Z' },
      parent: { text: 'ALARM' },
      graph: { title: 'Backend CPU high, last 3 h', png: SMALL_PNG },
    };
    const { graphInTheNewThread } = appRequests(message, 'https://slack.com/api/') as { graphInTheNewThread: Array<{ url: string; body: unknown }> };
    expect(graphInTheNewThread.map((r) => r.url)).toEqual([
      'https://slack.com/api/files.getUploadURLExternal',
      '<upload_url from files.getUploadURLExternal>',
      'https://slack.com/api/files.completeUploadExternal',
    ]);
    expect(graphInTheNewThread[0]!.body).toMatchObject({ length: 73 });
    expect(graphInTheNewThread[1]!.body).toBe('<PNG, 73 bytes>');
  });

  it('the CLI takes --slack-app <channel>=<ID>, and refuses a channel it does not know', async () => {
    const cwd = join(import.meta.dirname, '../../..');
    const { stdout } = await run('npx', ['tsx', 'src/cli/render.ts', 'test/events/ecs-cpu-ok.json', '--stage', 'production', '--slack-app', 'alerts-critical=C0123ABCD'], { cwd });
    const doc = JSON.parse(stdout) as { notifications: Array<{ destination: string; payload: Requests }> };
    const app = doc.notifications.find((n) => n.destination === 'slack-app')!;
    expect(app.payload.whenTheAlarmHasAMessage[0]!.body).toMatchObject({ channel: 'C0123ABCD', ts: '<ts of the incident message>' });
    const failed = await run('npx', ['tsx', 'src/cli/render.ts', 'test/events/ecs-cpu-ok.json', '--stage', 'production', '--slack-app', 'alerts-crit=C0123ABCD'], { cwd }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('"alerts-crit" is not one of alerts-critical, alerts, alerts-staging');
  });
});

describe('the requests of a storm digest', () => {
  it('open the storm message with the digest in its thread, or rewrite it and reply there', async () => {
    const critical = catalogOf('production').filter((d) => d.severity === 'critical').slice(0, 4);
    const alerts = await Promise.all(critical.map((d) => catalogAlert('production', d, 'ALARM')));
    const app = slackAppDestination(APP);
    const payload = app.formatDigest!(alerts.map((a) => a!), { destination: 'slack-app', target: 'alerts-critical' }, 'production', []);
    const requests = app.request!(payload, { stage: 'production', region: 'eu-west-1', env: {} }) as Record<string, Array<{ url: string; body: Record<string, unknown> }>>;
    const shape = (list: Array<{ url: string; body: Record<string, unknown> }>) => list.map((r) => [r.url.replace('https://slack.com/api/', ''), r.body.ts ?? r.body.thread_ts ?? null]);
    expect(Object.keys(requests)).toEqual(['whenNoStormIsOn', 'whenTheChannelHasAStorm']);
    expect(shape(requests.whenNoStormIsOn!)).toEqual([
      ['chat.postMessage', null],
      ['chat.postMessage', '<ts of the storm message>'],
    ]);
    expect(shape(requests.whenTheChannelHasAStorm!)).toEqual([
      ['chat.update', '<ts of the storm message>'],
      ['chat.postMessage', '<ts of the storm message>'],
    ]);
    expect(String(requests.whenNoStormIsOn![0]!.body.text)).toMatch(/^🚨 Alert storm — production: 4 firing \(4 critical, 0 warning, 0 info\).*1 digest in the thread$/);
  });
});
