import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderEvent } from '../cli/render-event.js';
import type { StageConfig } from '../config/stage.js';
import { stageConfig } from '../config/stages/index.js';
import { STAGES, type Stage } from '../model/alert.js';
import { previewPage, sectionId, titleOf, type RenderedSample } from './page.js';
import { catalogSamples, cloudWatchFor, forStage, loadSamples, type Sample } from './samples.js';

export type { Sample } from './samples.js';

/** test/events, the samples the gallery draws by default. */
export const EVENTS_DIR = fileURLToPath(new URL('../../test/events', import.meta.url));
export const CLOUDWATCH_DIR = fileURLToPath(new URL('../../test/fixtures/cloudwatch', import.meta.url));

export interface PreviewOptions {
  /** Defaults to test/events plus the generated states, then every catalog alarm in every state. */
  samples?: readonly Sample[];
  stages?: readonly Stage[];
  /** Defaults to the stage's typed configuration. */
  config?: (stage: Stage) => StageConfig;
}

/** What the page shows, for tests and scripts to find their way in it. */
export interface PreviewSection {
  id: string;
  sampleId: string;
  stage: Stage;
  title: string;
  destinations: string[];
  silenced: string[];
}

export interface Preview {
  html: string;
  sections: PreviewSection[];
}

const ALARM_TIME = /"StateChangeTime":"([^"]+)"/;
const SNS_TIME = /"Timestamp":"([^"]+)"/;

/** When the sample's alarm changed state (else when SNS delivered it), for the message timestamp. */
function sampleTime(event: unknown): string | undefined {
  const text = JSON.stringify(event);
  const raw = (text.replace(/\\"/g, '"').match(ALARM_TIME) ?? text.match(SNS_TIME))?.[1];
  return raw?.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/** Every sample through parse → route → enrich → format (offline, nothing sent), drawn as one static page. */
export async function buildPreview(options: PreviewOptions = {}): Promise<Preview> {
  const samples = options.samples ?? [...(await loadSamples(EVENTS_DIR, { label: 'test/events', cloudwatchDir: CLOUDWATCH_DIR })), ...catalogSamples()];
  const stages = options.stages ?? STAGES;
  const rendered: RenderedSample[] = [];
  for (const sample of samples) {
    for (const stage of stages) {
      const config = (options.config ?? stageConfig)(stage);
      const event = forStage(sample, stage);
      rendered.push({ sample, stage, config, document: await renderEvent(event, config, { cloudwatch: cloudWatchFor(sample, stage) }), time: sampleTime(event) });
    }
  }
  return {
    html: previewPage(rendered),
    sections: rendered.map((r) => ({
      id: sectionId(r),
      sampleId: r.sample.id,
      stage: r.stage,
      title: titleOf(r.document),
      destinations: r.document.notifications.map((n) => n.destination),
      silenced: r.document.alerts.flatMap((a) => (a.silenced ? [a.silenced] : [])),
    })),
  };
}

/** Writes `<dir>/index.html`; returns its path. */
export async function writePreview(dir: string, options: PreviewOptions = {}): Promise<{ path: string; preview: Preview }> {
  const preview = await buildPreview(options);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'index.html');
  await writeFile(path, preview.html, 'utf8');
  return { path, preview };
}
