import type { SlackAppMessage } from './format.js';
import { claimFirst, type AppSession } from './session.js';
import { formatStormParent, mergeTotals } from './storm-format.js';
import { stormId, type StormRef } from './threads.js';

/**
 * A digest belongs to the channel's current storm when that storm's last digest went out at most this long ago;
 * a quiet quarter of an hour ends it, and the next digest opens a new storm message.
 */
export const STORM_GAP_MS = 15 * 60_000;

/** Digests whose owners are remembered per storm, so one tried again is not counted twice. */
const COUNTED_KEPT = 50;

type DigestMessage = SlackAppMessage & { storm: NonNullable<SlackAppMessage['storm']> };

/**
 * A storm digest: the first of a storm opens the storm's message (its running totals) and replies in its thread
 * with the digest; each later one replies there too, and the message is rewritten to the new totals.
 */
export async function deliverDigest(s: AppSession, payload: DigestMessage, nowMs: number): Promise<void> {
  const overBefore = nowMs - STORM_GAP_MS;
  const lookup = async () => {
    const ref = await s.threads.storm(s.channel);
    return ref && ref.lastMs >= overBefore ? ref : undefined;
  };
  let ref = await lookup();
  if (!ref) {
    const opening = await claimFirst(s, stormId(s.channel), lookup, 'storm', overBefore);
    if ('post' in opening) return openStorm(s, payload, nowMs, opening.release);
    ref = opening.found;
  }
  const counted = ref.counted.includes(s.owner);
  const totals = counted ? ref.totals : mergeTotals(ref.totals, payload.storm);
  if (!(await s.update(ref.ts, formatStormParent(totals), { storm: ref.ts }))) return openStorm(s, payload, nowMs, async () => {});
  await s.threads.putStorm({ ...ref, lastMs: nowMs, totals, counted: counted ? ref.counted : [...ref.counted, s.owner].slice(-COUNTED_KEPT) });
  await s.post(payload.parent, ref.ts);
}

async function openStorm(s: AppSession, payload: DigestMessage, nowMs: number, release: () => Promise<void>): Promise<void> {
  const ts = await s.post(formatStormParent(payload.storm)).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  const ref: StormRef = { channel: s.channel, ts, lastMs: nowMs, totals: payload.storm, counted: [s.owner] };
  await s.threads.putStorm(ref);
  await s.post(payload.parent, ts);
}
