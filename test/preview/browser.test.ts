import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '../../src/model/alert.js';
import { hasChromium, launchChromium, type Chromium } from '../../src/preview/browser.js';
import { EVENTS_DIR, writePreview, type Preview, type Sample } from '../../src/preview/index.js';
import { catalogSamples, loadSamples } from '../../src/preview/samples.js';

/**
 * The generated page in headless Chromium (Debian's, see .ci/run), from file:// with no server. Without
 * Chromium the suite is skipped on a workstation and fails in CI (CI=true), where it must run.
 */

const HOSTILE = '<img src=x onerror=alert(1)> <script>alert(2)</script> <!channel>';

/** A real sample whose alarm text is hostile, and a non-alarm notification that is. */
function hostileSamples(base: Sample): Sample[] {
  const event = structuredClone(base.event) as { Records: Array<{ Sns: { Message: string } }> };
  const record = event.Records[0]!;
  const message = JSON.parse(record.Sns.Message) as Record<string, unknown>;
  message.AlarmDescription = `Backend CPU high. ${HOSTILE} [alarm-id:ecs-cpu-high]`;
  message.NewStateReason = `Threshold Crossed: ${HOSTILE}`;
  record.Sns.Message = JSON.stringify(message);
  const raw = structuredClone(base.event) as typeof event;
  raw.Records[0]!.Sns.Message = `Not an alarm: ${HOSTILE}`;
  return [
    { id: 'hostile-alarm', origin: 'test: hostile alarm text', event },
    { id: 'hostile-raw', origin: 'test: hostile raw notification', event: raw },
  ];
}

const inCi = Boolean(process.env.CI);

describe.skipIf(!hasChromium() && !inCi)('the preview page in headless Chromium', () => {
  let dir: string;
  let browser: Chromium;
  let page: Page;
  let preview: Preview;
  let url: string;
  let samples: Sample[];
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ohmycoins-preview-test-'));
    const fromEvents = await loadSamples(EVENTS_DIR, { label: 'test/events' });
    samples = [...fromEvents, ...hostileSamples(fromEvents.find((s) => s.id === 'ecs-cpu-alarm')!), ...catalogSamples()];
    const written = await writePreview(dir, { samples });
    preview = written.preview;
    url = pathToFileURL(written.path).href;
    browser = await launchChromium({ height: 2000 });
    page = await browser.context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws one section per sample and stage', async () => {
    expect(await page.locator('section.sample').count()).toBe(samples.length * STAGES.length);
    for (const s of preview.sections) expect(await page.locator(`section#${s.id}`).count(), s.id).toBe(1);
  });

  it('draws every message the pipeline produced, each as its destination shows it', async () => {
    const expected = (d: string) => preview.sections.flatMap((s) => s.destinations).filter((x) => x === d).length;
    for (const view of ['desktop', 'phone']) {
      expect(await page.locator(`.dest-slack .view-${view} .slack`).count()).toBe(expected('slack'));
      expect(await page.locator(`.dest-pagerduty .view-${view} .pd`).count()).toBe(expected('pagerduty'));
      expect(await page.locator(`.dest-email .view-${view} .mail`).count()).toBe(expected('email'));
      expect(await page.locator(`.dest-slack-app .view-${view} .slack-incident`).count()).toBe(expected('slack-app'));
    }
    expect(expected('pagerduty')).toBeGreaterThan(0);
    // Slack app mode is drawn for every sample Slack receives by webhook: the gallery puts every channel in it.
    expect(expected('slack-app')).toBe(expected('slack'));
  });

  it('draws the production critical ALARM to PagerDuty, Slack (both modes) and email, and staging to Slack only', async () => {
    const production = page.locator('#ecs-cpu-alarm--production');
    expect(await production.locator('.dest').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-destination')))).toEqual([
      'pagerduty',
      'slack',
      'slack-app',
      'email',
    ]);
    expect(await page.locator('#ecs-cpu-alarm--staging .dest').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-destination')))).toEqual([
      'slack',
      'slack-app',
    ]);
  });

  it('creates no element from alarm text: no image but the graphs, no script, frame or event handler anywhere', async () => {
    for (const selector of ['script', 'iframe', 'object', 'embed', '[onerror]', '[onload]']) {
      expect(await page.locator(selector).count(), selector).toBe(0);
    }
    // The only images: each app-mode thread's graph, inline as PNG data (as Slack shows an uploaded file).
    const images = await page.locator('img').evaluateAll((els) => els.map((e) => ({ src: e.getAttribute('src') ?? '', inGraph: e.closest('.dest-slack-app .slack-graph') !== null, loaded: (e as unknown as { naturalWidth: number }).naturalWidth })));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image.src).toMatch(/^data:image\/png;base64,/);
      expect(image, 'a graph, drawn').toMatchObject({ inGraph: true, loaded: 600 });
    }
    expect(await page.locator('#hostile-alarm--production img, #hostile-raw--production img').count()).toBe(0);
    expect(await page.locator('#hostile-alarm--production .s-broadcast').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('shows hostile alarm text as visible text in Slack, PagerDuty and email', async () => {
    for (const card of ['.dest-slack .view-desktop .slack', '.dest-slack-app .view-desktop .slack', '.view-desktop .pd', '.view-desktop .mail']) {
      const text = await page.locator(`#hostile-alarm--production ${card}`).innerText();
      expect(text.replace(/\s+/g, ' '), card).toContain(HOSTILE);
    }
    for (const mode of ['.dest-slack', '.dest-slack-app']) {
      expect(await page.locator(`#hostile-raw--production ${mode} .view-desktop .slack .s-pre`).innerText(), mode).toContain(`Not an alarm: ${HOSTILE}`);
    }
  });

  /** About one phone screen: a 360 px phone shows some 700 px of a channel below its bars. */
  const PHONE_MAX_PX = 700;

  it(`keeps every catalog ALARM's Slack message (webhook mode) within ${PHONE_MAX_PX} px at 360 px wide`, async () => {
    await page.goto(`${url}#top`);
    const alarms = preview.sections.filter((s) => s.sampleId.startsWith('catalog-') && s.sampleId.endsWith('--alarm') && s.destinations.includes('slack'));
    expect(alarms.length, 'every catalog alarm in both stages').toBe(2 * catalogSamples().filter((s) => s.id.endsWith('--alarm')).length);
    const heights: Array<[string, number]> = [];
    for (const s of alarms) {
      const messages = page.locator(`#${s.id} .dest-slack[data-mode="webhook"] .view-phone .slack-msg`);
      for (const box of await messages.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()))) {
        expect(box.width, `${s.id}: the phone view is 360 px wide`).toBeLessThanOrEqual(360);
        heights.push([s.id, Math.round(box.height)]);
      }
    }
    const tallest = heights.reduce((a, b) => (b[1] > a[1] ? b : a));
    console.log(`Slack ALARM at 360 px: ${heights.length} messages, tallest ${tallest[1]} px (${tallest[0]})`);
    expect(heights.filter(([, h]) => h > PHONE_MAX_PX)).toEqual([]);
  });

  it(`keeps every catalog ALARM's app-mode parent message within ${PHONE_MAX_PX} px at 360 px wide`, async () => {
    await page.goto(`${url}#top`);
    const alarms = preview.sections.filter((s) => s.sampleId.startsWith('catalog-') && s.sampleId.endsWith('--alarm') && s.destinations.includes('slack-app'));
    expect(alarms.length, 'every catalog alarm in both stages').toBe(2 * catalogSamples().filter((s) => s.id.endsWith('--alarm')).length);
    const heights: Array<[string, number]> = [];
    for (const s of alarms) {
      const parents = page.locator(`#${s.id} .dest-slack-app[data-mode="app"] .view-phone .slack-parent`);
      expect(await parents.count(), `${s.id}: one incident message`).toBe(1);
      for (const box of await parents.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()))) {
        expect(box.width, `${s.id}: the phone view is 360 px wide`).toBeLessThanOrEqual(360);
        heights.push([s.id, Math.round(box.height)]);
      }
    }
    const tallest = heights.reduce((a, b) => (b[1] > a[1] ? b : a));
    console.log(`Slack app-mode parent at 360 px: ${heights.length} messages, tallest ${tallest[1]} px (${tallest[0]})`);
    expect(heights.filter(([, h]) => h > PHONE_MAX_PX)).toEqual([]);
  });

  it('draws a resolved incident as Slack shows it after the OK: the message rewritten, the thread under it', async () => {
    const card = page.locator('#catalog-alb-5xx--ok--production .dest-slack-app .view-desktop');
    expect(await card.locator('.slack-parent .s-header').innerText()).toMatch(/^✅ Resolved/);
    expect(await card.locator('.slack-parent .slack-edited').count()).toBe(1);
    const thread = await card.locator('.slack-thread .slack-msg').evaluateAll((els) => els.map((e) => (e.classList.contains('slack-graph') ? 'graph' : 'reply')));
    // The ALARM's detail and graph, then the OK.
    expect(thread).toEqual(['reply', 'graph', 'reply']);
    expect(await card.locator('.slack-thread .slack-msg').last().innerText()).toContain('Resolved');
  });

  it('makes no request but for the page itself', () => {
    expect(requests.filter((r) => r !== url)).toEqual([]);
  });

  it('filters by destination with the navigation alone (no script)', async () => {
    await page.goto(`${url}#only-pagerduty`);
    expect(await page.locator('.dest-pagerduty').first().isVisible()).toBe(true);
    expect(await page.locator('.dest-slack').first().isVisible()).toBe(false);
    expect(await page.locator('#ecs-cpu-alarm--staging').isVisible()).toBe(false);
    await page.goto(`${url}#top`);
    expect(await page.locator('.dest-slack').first().isVisible()).toBe(true);
  });

  it('saves screenshots of the page and of each kind of card', async () => {
    const shots = {
      page: join(dir, 'page.png'),
      slack: join(dir, 'slack.png'),
      app: join(dir, 'slack-app.png'),
      pagerduty: join(dir, 'pagerduty.png'),
      email: join(dir, 'email.png'),
    };
    await page.goto(`${url}#top`);
    await page.screenshot({ path: shots.page });
    await page.locator('#ecs-cpu-alarm--production .dest-slack .view-desktop .slack').screenshot({ path: shots.slack });
    await page.locator('#ecs-cpu-ok--production .dest-slack-app .view-desktop .slack').screenshot({ path: shots.app });
    await page.locator('#ecs-cpu-alarm--production .view-desktop .pd').screenshot({ path: shots.pagerduty });
    await page.locator('#ecs-cpu-alarm--production .view-desktop .mail').screenshot({ path: shots.email });
    for (const path of Object.values(shots)) {
      const png = await readFile(path);
      expect(png.subarray(1, 4).toString('latin1'), path).toBe('PNG');
      expect(png.readUInt32BE(16), `${path} width`).toBeGreaterThan(300);
    }
  });
});
