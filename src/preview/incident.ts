import type { SlackAppMessage } from '../destinations/slack-app/format.js';
import { BOT_TOKEN_SECRET } from '../destinations/slack-app/notifier.js';
import type { IncidentView, ThreadItem } from '../destinations/slack-app/preview.js';
import type { AnyDestination } from '../destinations/types.js';
import type { Graph } from '../model/enriched.js';
import { quietLog } from '../model/log.js';
import type { Notification } from '../model/prepared.js';
import { clock } from './clock.js';
import { slackRecorder, type RecordedCall } from './slack-recorder.js';

/** One app-mode notification, sent at `at` (epoch ms, when SNS published it). */
export interface Delivery {
  notification: Notification<SlackAppMessage>;
  at: number;
}

export interface ReplayedIncident {
  /** The channel after the last delivery: its message as it stands now, and the thread under it. */
  view: IncidentView;
  /** What Slack received, in order (the token is never recorded). */
  calls: RecordedCall[];
}

/** Stands for the bot token: the notifier needs one to send; the recorder never keeps it. */
const PREVIEW_TOKEN = 'xoxb-preview-not-a-token';

/**
 * Sends the deliveries, in order, through the destination's real notifier to an in-process Slack
 * (src/preview/slack-recorder.ts), and reads back what Slack would show for the last one's incident. The graph
 * is drawn from the payload: it goes into the thread after the replies of the delivery that carried it.
 */
export async function replayIncident(destination: AnyDestination, deliveries: readonly Delivery[], graphNote?: string): Promise<ReplayedIncident> {
  const recorder = slackRecorder();
  const notifier = destination.notifier({
    secrets: { get: async (name) => (name === BOT_TOKEN_SECRET ? PREVIEW_TOKEN : undefined) },
    env: {},
    policy: { allowLoopback: false },
    log: quietLog,
    http: recorder.http,
  });
  const graphs: Array<{ parentTs: string; afterReplies: number; graph: Graph; at: number }> = [];
  let last: string | undefined;
  for (const d of deliveries) {
    recorder.at(d.at);
    const before = { messages: recorder.messages.length, calls: recorder.calls.length };
    await notifier.send(d.notification, new AbortController().signal);
    const posted = recorder.messages.slice(before.messages).find((m) => !m.threadTs)?.ts;
    const updated = recorder.calls.slice(before.calls).find((c) => c.method === 'chat.update')?.args.ts;
    last = posted ?? (typeof updated === 'string' ? updated : last);
    const graph = d.notification.payload.graph;
    if (graph && last) {
      const afterReplies = recorder.messages.filter((m) => m.threadTs === last).length;
      graphs.push({ parentTs: last, afterReplies, graph, at: d.at });
    }
  }
  const parent = recorder.messages.find((m) => m.ts === last && !m.threadTs);
  if (!parent) throw new Error('the notifier posted no message');
  const timeOf = (ts: string) => clock(Number(ts.split('.')[0]) * 1000);
  const replies = recorder.messages.filter((m) => m.threadTs === parent.ts);
  const thread: ThreadItem[] = [];
  const graphsAfter = (n: number) =>
    graphs.filter((g) => g.parentTs === parent.ts && g.afterReplies === n).map((g): ThreadItem => ({ kind: 'graph', graph: g.graph, time: clock(g.at) }));
  thread.push(...graphsAfter(0));
  replies.forEach((r, i) => thread.push({ kind: 'reply', message: r.message, time: timeOf(r.ts), edited: r.edited }, ...graphsAfter(i + 1)));
  const first = deliveries[0]?.notification.payload;
  const view: IncidentView = {
    channelName: deliveries.at(-1)?.notification.payload.channelName ?? '',
    parent: { message: parent.message, time: timeOf(parent.ts), edited: parent.edited },
    thread,
    // The phone notification the incident's message raised when it was posted; a rewritten message raises none.
    ...(first && !parent.edited ? { push: first.parent } : {}),
    ...(graphNote ? { graphNote } : {}),
  };
  return { view, calls: recorder.calls };
}
