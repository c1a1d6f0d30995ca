import type { Graph } from '../../model/enriched.js';
import { escapeHtml } from '../../util/html.js';
import type { SlackMessage } from '../slack/format.js';
import { slackChannelHtml, slackContentHtml, slackPostHtml, slackPushHtml } from '../slack/preview.js';
import { slackText } from '../slack/text.js';
import type { Preview } from '../types.js';
import type { SlackAppMessage } from './format.js';
import { formatStormParent } from './storm-format.js';

/** A message as the channel shows it now. */
export interface ShownMessage {
  message: SlackMessage;
  time?: string;
  /** Rewritten by chat.update since it was posted. */
  edited?: boolean;
}

/** What the thread under an incident's message holds, oldest first. */
export type ThreadItem = ({ kind: 'reply' } & ShownMessage) | { kind: 'graph'; graph: Graph; time?: string };

/** One incident as Slack shows it: the parent message as it stands, and its thread. */
export interface IncidentView {
  channelName: string;
  parent: ShownMessage;
  thread: readonly ThreadItem[];
  /** The phone notification of the message when it was first posted. */
  push?: SlackMessage;
  /** Said under the graph: where the picture came from when it is not CloudWatch's. */
  graphNote?: string;
}

const base64 = (png: Uint8Array): string => Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64');

/** An uploaded PNG is shown inline, as Slack shows a file in a thread; a graph that could not be drawn says why. */
function graphHtml(graph: Graph, note: string | undefined): string {
  if ('missing' in graph) {
    return `<div class="s-block s-text s-graph-missing">${escapeHtml(`📉 ${graph.title}: the graph could not be drawn (${graph.missing}).`)}</div>`;
  }
  return (
    `<div class="s-file"><div class="s-file-name">${escapeHtml(graph.title)} <span class="s-file-kind">PNG</span></div>` +
    `<img class="s-file-img" src="data:image/png;base64,${base64(graph.png)}" alt="${escapeHtml(graph.title)}">` +
    (note ? `<div class="s-file-note">${escapeHtml(note)}</div>` : '') +
    `</div>`
  );
}

function itemHtml(item: ThreadItem, note: string | undefined): string {
  if (item.kind === 'graph') return slackPostHtml(graphHtml(item.graph, note), { time: item.time, className: 'slack-reply slack-graph' });
  return slackPostHtml(slackContentHtml(item.message), { time: item.time, edited: item.edited, className: 'slack-reply' });
}

const count = (n: number) => `${n} ${n === 1 ? 'reply' : 'replies'}`;

/** The channel with the incident's message, "N replies" under it, and the thread opened beside it (below, here). */
export function incidentHtml(view: IncidentView): string {
  const { parent, thread } = view;
  const replies = thread.length
    ? `<div class="slack-replies">${escapeHtml(count(thread.length))}</div>` +
      `<div class="slack-thread"><div class="slack-thread-head">Thread <span class="slack-hash">#</span>${escapeHtml(view.channelName.replace(/^#/, ''))}</div>` +
      `${thread.map((item) => itemHtml(item, view.graphNote)).join('')}</div>`
    : '';
  return (
    `<div class="slack slack-incident">${slackChannelHtml(view.channelName)}` +
    `${slackPostHtml(slackContentHtml(parent.message), { time: parent.time, edited: parent.edited, className: 'slack-parent' })}` +
    `${replies}${view.push ? slackPushHtml(view.push, view.channelName) : ''}</div>`
  );
}

/**
 * As the first delivery leaves it: the parent message, the detail in its thread, then the graph; for a storm
 * digest, the storm's message with the digest in its thread.
 */
export function firstDeliveryView(payload: SlackAppMessage, time?: string): IncidentView {
  if (payload.storm) {
    const parent = formatStormParent(payload.storm);
    return { channelName: payload.channelName, parent: { message: parent, time }, thread: [{ kind: 'reply', message: payload.parent, time }], push: parent };
  }
  const thread: ThreadItem[] = [
    ...(payload.detail ? [{ kind: 'reply' as const, message: payload.detail, time }] : []),
    ...(payload.graph ? [{ kind: 'graph' as const, graph: payload.graph, time }] : []),
  ];
  return { channelName: payload.channelName, parent: { message: payload.parent, time }, thread, push: payload.parent };
}

export const slackAppPreview: Preview<SlackAppMessage> = {
  html: (payload, { time }) => incidentHtml(firstDeliveryView(payload, time)),
  text: (payload, style) => {
    const { parent, thread } = firstDeliveryView(payload);
    const item = (i: ThreadItem) =>
      i.kind === 'graph'
        ? style.dim(`thread: graph "${i.graph.title}"${'missing' in i.graph ? ` not drawn: ${i.graph.missing}` : ''}`)
        : `${style.dim('thread reply:')}\n${slackText(i.message, style)}`;
    return [slackText(parent.message, style), ...thread.map(item)].join('\n');
  },
};
