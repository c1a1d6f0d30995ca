/**
 * The alarm's graph in the incident's thread: drawn by CloudWatch, uploaded with Slack's two-step upload
 * (files.getUploadURLExternal, the bytes POSTed to the URL it answers, files.completeUploadExternal into the
 * thread), so the image needs no public URL and no bucket.
 *
 * Why it is drawn here, when a notification opens a thread, rather than during enrichment: only the notifier
 * knows, after the state changes of a batch are put in order, whether this ALARM opens the incident's thread or
 * is a flap's second ALARM in a thread that already shows the graph. Drawing earlier would spend a
 * GetMetricWidgetImage call (20 per second per account) on every flap only to throw the image away. The drawing
 * starts as soon as the thread is known to be new, so it runs while the parent and the detail are posted, and it
 * keeps to the enrichment budget (the request carries it).
 *
 * It is enrichment, never delivery: whatever fails (CloudWatch, the upload, a 429 longer than the time left) is
 * logged and said in one short reply, and the notification stands as delivered.
 */
import type { WebClient } from '@slack/web-api';
import type { EndpointPolicy } from '../../config/endpoints.js';
import { drawGraph, type MetricWidgetImages } from '../../enrich/graph.js';
import type { Graph } from '../../model/enriched.js';
import type { Log } from '../../model/log.js';
import type { HttpSend } from '../../notify/http.js';
import { context, md } from '../slack/blocks.js';
import type { SlackMessage } from '../slack/format.js';
import { abortableSleep, paceLanes, type PacingClock } from '../slack/pacing.js';
import { checkUploadUrl } from './endpoint.js';
import type { SlackAppMessage } from './format.js';
import { webClient } from './client.js';

/**
 * files.getUploadURLExternal and files.completeUploadExternal are Tier 4 (100 or more a minute each): one call of
 * each per graph, spaced 0.6 s apart. `deadlineMs` bounds the upload after the graph is drawn, so the whole
 * delivery stays well inside an attempt's 5 s.
 */
export interface GraphPacing extends PacingClock {
  filesIntervalMs: number;
  deadlineMs: number;
}

export const GRAPH_PACING: GraphPacing = { filesIntervalMs: 600, deadlineMs: 2_000 };

export interface ThreadGraphDeps {
  /** Absent (offline, a simulation): no graph is drawn and nothing is said about it. */
  images?: MetricWidgetImages;
  /** The Web API's base URL, already checked (endpoint.ts). */
  apiUrl: string;
  policy: EndpointPolicy;
  http: HttpSend;
  log: Log;
  pacing?: GraphPacing;
}

/** What the notifier lends the upload: the token, its attempt's signal and a reply in the new thread. */
export interface ThreadWeb {
  token: string;
  channel: string;
  channelName: string;
  signal: AbortSignal;
  reply(message: SlackMessage): Promise<unknown>;
}

export interface PendingGraph {
  /** Uploads the graph into the thread of `threadTs` (the parent's ts, never a reply's). Never throws. */
  into(threadTs: string, web: ThreadWeb): Promise<void>;
}

export interface ThreadGraphs {
  /** Starts drawing for a notification that opens a thread; undefined when it shows no graph. */
  begin(payload: SlackAppMessage): PendingGraph | undefined;
}

/** A reason the upload stopped, in words for the thread. */
class UploadFailure extends Error {}

function uploadUrlOf(raw: string, policy: EndpointPolicy): string {
  try {
    return checkUploadUrl(raw, policy);
  } catch (error) {
    throw new UploadFailure((error as Error).message);
  }
}

const note = (text: string): SlackMessage => ({ text, blocks: [context([md(`📉 ${text}`)])] });

/** For screen readers (Slack takes up to 1,000 characters). */
export const altTextOf = (title: string) => `${title}: the threshold line and the ALARM time are marked`.slice(0, 1000);

export const fileNameOf = (title: string) => `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'alarm-graph'}.png`;

export function threadGraphs(deps: ThreadGraphDeps): ThreadGraphs {
  const { log, http } = deps;
  const pacing = deps.pacing ?? GRAPH_PACING;
  const now = pacing.now ?? Date.now;
  const sleep = pacing.sleep ?? abortableSleep;
  const files = paceLanes(pacing.filesIntervalMs, now, sleep);

  /** A Web API call paced by its tier; a 429 is waited out once when its Retry-After fits the time left. */
  async function call(client: WebClient, method: string, args: Record<string, unknown>, signal: AbortSignal, endsAt: number) {
    for (let tries = 1; ; tries++) {
      await files.turn(method, signal);
      try {
        return (await client.apiCall(method, args)) as { upload_url?: unknown; file_id?: unknown };
      } catch (error) {
        const e = error as { code?: string; retryAfter?: number; data?: { error?: unknown }; statusCode?: number };
        if (e.code === 'slack_webapi_rate_limited_error') {
          const waitMs = (e.retryAfter ?? 1) * 1000;
          if (tries === 1 && now() + waitMs < endsAt) {
            await sleep(waitMs, signal);
            continue;
          }
          throw new UploadFailure(`Slack rate-limited ${method} (retry after ${e.retryAfter} s)`);
        }
        if (e.code === 'slack_webapi_platform_error') throw new UploadFailure(`Slack answered ${method} ${String(e.data?.error)}`);
        if (e.code === 'slack_webapi_http_error') throw new UploadFailure(`Slack answered ${method} with HTTP ${e.statusCode}`);
        throw error;
      }
    }
  }

  async function upload(png: Uint8Array, title: string, threadTs: string, web: ThreadWeb, signal: AbortSignal, endsAt: number) {
    const client = await webClient(web.token, { apiUrl: deps.apiUrl, http, log, signal });
    const target = await call(client, 'files.getUploadURLExternal', { filename: fileNameOf(title), length: png.byteLength, alt_txt: altTextOf(title) }, signal, endsAt);
    if (typeof target.upload_url !== 'string' || typeof target.file_id !== 'string') throw new UploadFailure('Slack gave no upload URL');
    // The token stays with the Web API: the upload URL is Slack's own, signed for this one file.
    const sent = await http(uploadUrlOf(target.upload_url, deps.policy), { method: 'POST', headers: { 'content-type': 'image/png' }, body: png, signal });
    if (sent.status !== 200) throw new UploadFailure(`Slack refused the upload (HTTP ${sent.status})`);
    await call(client, 'files.completeUploadExternal', { files: [{ id: target.file_id, title }], channel_id: web.channel, thread_ts: threadTs }, signal, endsAt);
  }

  /** The reply that says why there is no graph; if even that fails, the log says it. */
  async function say(web: ThreadWeb, text: string) {
    try {
      await web.reply(note(text));
    } catch (error) {
      log.warn('Slack graph note not posted', { destination: 'slack-app', channel: web.channelName, error: (error as Error).message });
    }
  }

  async function into(drawing: Promise<Graph>, threadTs: string, web: ThreadWeb) {
    const graph = await drawing;
    if ('missing' in graph) return say(web, graph.missing);
    const controller = new AbortController();
    const endsAt = now() + pacing.deadlineMs;
    const timer = setTimeout(() => controller.abort(new UploadFailure(`upload took longer than ${pacing.deadlineMs} ms`)), pacing.deadlineMs);
    try {
      await upload(graph.png, graph.title, threadTs, web, AbortSignal.any([web.signal, controller.signal]), endsAt);
    } catch (error) {
      // The attempt itself ran out: nothing more is sent in it.
      if (web.signal.aborted) return;
      const reason = error instanceof UploadFailure ? error.message : controller.signal.aborted ? String((controller.signal.reason as Error).message) : `Slack unreachable: ${(error as Error).message}`;
      log.warn('Slack graph not uploaded: the notification stands', { destination: 'slack-app', channel: web.channelName, reason });
      await say(web, `graph could not be shown: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    begin(payload) {
      const { graph, graphRequest } = payload;
      if (!graph && !(graphRequest && deps.images)) return undefined;
      const drawing = graph ? Promise.resolve(graph) : drawGraph(graphRequest!, deps.images!, log);
      return { into: (threadTs, web) => into(drawing, threadTs, web) };
    },
  };
}
