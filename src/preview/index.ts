import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareOffline, renderEvent } from '../cli/render-event.js';
import type { SlackAppMessage } from '../destinations/slack-app/format.js';
import type { StageConfig } from '../config/stage.js';
import { stageConfig } from '../config/stages/index.js';
import { STAGES, type Stage } from '../model/alert.js';
import type { Notification } from '../model/prepared.js';
import { appModeDestinations, SAMPLE_GRAPH_NOTE, seriesOf } from './app-mode.js';
import { replayIncident, type Delivery } from './incident.js';
import { cardsOf, previewPage, sectionId, titleOf, type AppIncident, type RenderedSample } from './page.js';
import { catalogSamples, cloudWatchFor, forStage, loadSamples, savedMetricsFor, type Sample } from './samples.js';

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

/** When a notification's alarm changed state (else when SNS delivered it): the moment Slack would post it. */
function sentAt(n: Notification, fallback: string | undefined): number {
  const source = n.sources[0];
  const times = [source?.alert?.alert.stateChangeTime, source?.sns?.timestamp, fallback];
  return times.map((t) => (t === undefined ? NaN : Date.parse(t))).find((t) => !Number.isNaN(t)) ?? 0;
}

/** The sample's app-mode notifications (every Slack channel in app mode), formatted with the sample graph. */
async function appNotifications(sample: Sample, stage: Stage, config: StageConfig) {
  const destinations = appModeDestinations(seriesOf(savedMetricsFor(sample, stage)));
  const event = forStage(sample, stage);
  const { notifications } = await prepareOffline(event, config, { cloudwatch: cloudWatchFor(sample, stage), destinations });
  const app = destinations.find((d) => d.name === 'slack-app')!;
  const time = sampleTime(event);
  return {
    app,
    deliveries: notifications.filter((n) => n.route.destination === 'slack-app').map((n): Delivery => ({ notification: n as Notification<SlackAppMessage>, at: sentAt(n, time) })),
  };
}

/**
 * Slack app mode for one sample: each of its notifications sent through the real notifier to an in-process Slack;
 * a change that continues an incident (an OK after its ALARM) after the ALARM that opened it, so the incident is
 * drawn as it stands after this change.
 */
async function appIncidents(sample: Sample, stage: Stage, config: StageConfig): Promise<AppIncident[]> {
  const { app, deliveries } = await appNotifications(sample, stage, config);
  const opening = sample.opening ? (await appNotifications(sample.opening, stage, config)).deliveries : [];
  return Promise.all(
    deliveries.map(async (d): Promise<AppIncident> => {
      const before = opening.filter((o) => o.notification.target === d.notification.target);
      const all = [...before, d];
      const note = all.some((x) => x.notification.payload.graph) ? SAMPLE_GRAPH_NOTE : undefined;
      try {
        const replay = await replayIncident(app, all, note);
        return { target: d.notification.target, replay, changes: all.map((x) => x.notification.payload.incident?.state ?? 'message') };
      } catch (error) {
        return { target: d.notification.target, error: (error as Error).message, changes: [] };
      }
    }),
  );
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
      const document = await renderEvent(event, config, { cloudwatch: cloudWatchFor(sample, stage) });
      rendered.push({ sample, stage, config, document, app: await appIncidents(sample, stage, config), time: sampleTime(event) });
    }
  }
  return {
    html: previewPage(rendered),
    sections: rendered.map((r) => ({
      id: sectionId(r),
      sampleId: r.sample.id,
      stage: r.stage,
      title: titleOf(r.document),
      destinations: cardsOf(r).map((c) => c.destination),
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
