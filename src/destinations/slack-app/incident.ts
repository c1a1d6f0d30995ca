import { epochMs } from '../../formatters/facts.js';
import { changeReply, type SlackAppMessage } from './format.js';
import { claimFirst, type AppSession } from './session.js';
import { threadId, type ThreadRef } from './threads.js';

type IncidentMessage = SlackAppMessage & { incident: NonNullable<SlackAppMessage['incident']> };

/**
 * How long after its OK an alarm's message still takes its next ALARM. A flap (ALARM, OK, ALARM within minutes)
 * stays in one thread; an ALARM after a quiet hour is a new incident, posted at the bottom of the channel where
 * people see it, not an edit of a message far up the channel and a reply few would notice.
 */
export const REOPEN_AFTER_MS = 60 * 60_000;

/** An ALARM that starts a new incident although the alarm still has a message: resolved, and quiet since. */
function startsAnew(change: IncidentMessage['incident'], ref: ThreadRef): boolean {
  if (change.state !== 'ALARM' || ref.state !== 'OK') return false;
  const now = epochMs(change.stateChangeTime);
  const resolved = epochMs(ref.at);
  return now !== undefined && resolved !== undefined && now - resolved >= REOPEN_AFTER_MS;
}

/**
 * One state change of an alarm: the first opens its incident message (the parent, the detail in its thread);
 * each later one rewrites the parent and replies in the thread. A message Slack no longer has is posted anew.
 */
export async function deliverIncident(s: AppSession, payload: IncidentMessage): Promise<void> {
  const { alarmKey } = payload.incident;
  const lookup = () => s.threads.get(alarmKey, s.channel);
  let ref = await lookup();
  // Not claimed: the alarm's message exists, so a claim would be held by it; the newer message replaces the reference.
  if (ref && startsAnew(payload.incident, ref)) return openIncident(s, payload, async () => {});
  if (!ref) {
    const opening = await claimFirst(s, threadId(alarmKey, s.channel), lookup, 'incident');
    if ('post' in opening) return openIncident(s, payload, opening.release);
    ref = opening.found;
  }
  if (!(await changeIncident(s, payload, ref))) await openIncident(s, payload, async () => {});
}

async function openIncident(s: AppSession, payload: IncidentMessage, release: () => Promise<void>): Promise<void> {
  const { alarmKey, stateChangeTime } = payload.incident;
  // Drawn while the parent and the detail are posted; upload.ts says why here and how it fails open.
  const graph = s.graph?.(payload);
  const ts = await s.post(payload.parent).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  await s.threads.put(alarmKey, { channel: s.channel, ts, at: stateChangeTime, state: payload.incident.state, opened: stateChangeTime });
  await completeOpening(s, payload, ts, graph);
}

/** The thread's first replies: the detail, then the graph (its drawing begun before the parent was posted). */
async function completeOpening(s: AppSession, payload: IncidentMessage, ts: string, graph = s.graph?.(payload)): Promise<void> {
  if (payload.detail) await s.post(payload.detail, ts);
  await graph?.into(ts);
}

/** False when the message can no longer be updated. */
async function changeIncident(s: AppSession, payload: IncidentMessage, ref: ThreadRef): Promise<boolean> {
  const { alarmKey, stateChangeTime, state } = payload.incident;
  // The change the message shows, tried again (its attempt failed after the parent was written): no rewrite.
  // If it opened the message, the thread gets the detail and the graph it may lack; else the change's reply.
  // A reply may come twice, never not at all.
  if (ref.at === stateChangeTime && ref.state === state) {
    const reply = changeReply(payload);
    if (ref.opened === stateChangeTime) await completeOpening(s, payload, ref.ts);
    else if (reply) await s.post(reply, ref.ts);
    return true;
  }
  // Two changes delivered at once may arrive in either order: the parent keeps showing the newer one.
  const newer = ref.at === undefined || (epochMs(stateChangeTime) ?? Infinity) >= (epochMs(ref.at) ?? -Infinity);
  if (newer) {
    if (!(await s.update(ref.ts, payload.parent, { alarmKey }))) return false;
    await s.threads.put(alarmKey, { ...ref, at: stateChangeTime, state });
  }
  const reply = changeReply(payload);
  if (reply) await s.post(reply, ref.ts);
  return true;
}
