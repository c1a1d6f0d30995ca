import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../src/config/stages/index.js';
import { EVENTS_DIR, buildPreview } from '../../src/preview/index.js';
import { forStage, loadSamples, variant, type Sample } from '../../src/preview/samples.js';

const messageOf = (event: unknown): Record<string, unknown> =>
  JSON.parse((event as { Records: Array<{ Sns: { Message: string } }> }).Records[0]!.Sns.Message) as Record<string, unknown>;
const subjectOf = (event: unknown): string | undefined => (event as { Records: Array<{ Sns: { Subject?: string } }> }).Records[0]!.Sns.Subject;

describe('samples', () => {
  it('takes every test event and adds the states they lack and an unreadable notification', async () => {
    const samples = await loadSamples(EVENTS_DIR, { label: 'test/events' });
    const files = readdirSync(EVENTS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(samples.slice(0, files.length).map((s) => s.id)).toEqual(files.sort());
    // ecs-cpu-alarm has its OK among the files; the other alarms get a generated one.
    expect(samples.slice(files.length).map((s) => s.id)).toEqual(
      expect.arrayContaining(['alb-5xx-math-alarm--ok', 'composite-alarm--ok', 'ecs-cpu-alarm--insufficient-data', 'truncated-alarm-json']),
    );
    expect(samples.map((s) => s.id)).not.toContain('ecs-cpu-alarm--ok');
  });

  it('makes an OK from an ALARM the way CloudWatch would send it', async () => {
    const [alarm] = (await loadSamples(EVENTS_DIR)).filter((s) => s.id === 'ecs-cpu-alarm');
    const ok = variant(alarm!, 'OK');
    const m = messageOf(ok.event);
    expect(m).toMatchObject({ NewStateValue: 'OK', OldStateValue: 'ALARM', StateChangeTime: '2024-05-14T09:59:27.394+0000' });
    expect(m).not.toHaveProperty('NewStateReasonData');
    expect(subjectOf(ok.event)).toBe('OK: "ohmycoins-production-ecs-cpu-high" in EU (Ireland)');
  });

  it('rewrites a sample into the other stage’s names', async () => {
    const [sample] = (await loadSamples(EVENTS_DIR)).filter((s) => s.id === 'ecs-cpu-alarm') as [Sample];
    const staging = forStage(sample, 'staging');
    expect(messageOf(staging).AlarmName).toBe('ohmycoins-staging-ecs-cpu-high');
    expect(JSON.stringify(staging)).not.toContain('ohmycoins-production');
  });
});

describe('buildPreview', () => {
  it('has one section per sample and stage, each titled by its alarm', async () => {
    const preview = await buildPreview();
    const samples = await loadSamples(EVENTS_DIR);
    // test/events and its generated states, then the 13 catalog alarms in ALARM, OK and INSUFFICIENT_DATA; both stages.
    expect(preview.sections).toHaveLength((samples.length + 13 * 3) * 2);
    for (const stage of ['staging', 'production']) {
      for (const state of ['alarm', 'ok', 'insufficient-data']) {
        expect(preview.sections.filter((s) => s.stage === stage && /^catalog-.+--(.+)$/.exec(s.sampleId)?.[1] === state), `${stage} ${state}`).toHaveLength(13);
      }
    }
    // Slack twice: by webhook, and in app mode (every Slack channel in it, for the preview).
    expect(preview.sections.find((s) => s.id === 'ecs-cpu-alarm--staging')).toMatchObject({
      title: 'ohmycoins-staging-ecs-cpu-high · ALARM',
      destinations: ['slack', 'slack-app'],
    });
    expect(preview.sections.find((s) => s.id === 'ecs-cpu-alarm--production')?.destinations).toEqual(['pagerduty', 'slack', 'slack-app', 'email']);
  });

  it('is a self-contained page: no script, no external resource, a policy that forbids both', async () => {
    const { html } = await buildPreview();
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    // The one kind of image: the graph in an app-mode thread, inline as a PNG data: URL, as Slack shows an upload.
    const images = html.match(/<img[^>]*>/g) ?? [];
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) expect(img).toMatch(/^<img class="s-file-img" src="data:image\/png;base64,[A-Za-z0-9+/]+=*" alt="[^"<>]*">$/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('shows a silenced alert as silenced, with no message', async () => {
    const silence = { match: 'ecs-*', start: '2024-05-14T09:00:00Z', end: '2024-05-14T12:00:00Z', reason: 'ECS upgrade' };
    const [sample] = (await loadSamples(EVENTS_DIR)).filter((s) => s.id === 'ecs-cpu-alarm');
    const preview = await buildPreview({ samples: [sample!], stages: ['production'], config: (stage) => ({ ...stageConfig(stage), silences: [silence] }) });
    expect(preview.sections[0]).toMatchObject({ destinations: [], silenced: ['maintenance window "ecs-*" until 2024-05-14T12:00:00Z: ECS upgrade'] });
    expect(preview.html).toContain('<span class="silenced">silenced: maintenance window &quot;ecs-*&quot; until 2024-05-14T12:00:00Z: ECS upgrade</span>');
    expect(preview.html).toContain('Silenced: nothing is sent, the alert is logged.');
  });
});
