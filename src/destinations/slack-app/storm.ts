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
  const counted = await count(s, payload, nowMs, ref, lookup);
  if (!counted) return openStorm(s, payload, nowMs, async () => {});
  if (!(await s.update(counted.ts, formatStormParent(counted.totals), { storm: counted.ts }))) return openStorm(s, payload, nowMs, async () => {});
  // Another digest counted after us may have rewritten the message first: the message ends with the latest totals.
  const latest = await s.threads.storm(s.channel);
  if (latest && latest.ts === counted.ts && latest.version > counted.version) await s.update(latest.ts, formatStormParent(latest.totals), { storm: latest.ts });
  await s.post(payload.parent, counted.ts);
}

/** Attempts at counting a digest into totals another digest keeps rewriting. */
const COUNT_TRIES = 5;

/**
 * Adds the digest to the storm's totals, once (a digest tried again is already counted), without overwriting
 * another digest's counted meanwhile: the write holds only if nobody wrote since our read. Undefined: the storm
 * is gone meanwhile (over, or its reference lost).
 */
async function count(s: AppSession, payload: DigestMessage, nowMs: number, first: StormRef, lookup: () => Promise<StormRef | undefined>): Promise<StormRef | undefined> {
  let ref: StormRef | undefined = first;
  for (let attempt = 0; ref && attempt < COUNT_TRIES; attempt++) {
    if (ref.counted.includes(s.owner)) return ref;
    const next: StormRef = {
      ...ref,
      lastMs: nowMs,
      totals: mergeTotals(ref.totals, payload.storm),
      counted: [...ref.counted, s.owner].slice(-COUNTED_KEPT),
      version: ref.version + 1,
    };
    // Stored, or a store that cannot take it: the message shows these totals either way.
    if ((await s.threads.putStorm(next, ref.version)) !== 'conflict') return next;
    ref = await lookup();
  }
  // Still contended after several tries: show our totals all the same (the next digest counts from the stored ones).
  return ref && { ...ref, totals: mergeTotals(ref.totals, payload.storm) };
}

async function openStorm(s: AppSession, payload: DigestMessage, nowMs: number, release: () => Promise<void>): Promise<void> {
  const ts = await s.post(formatStormParent(payload.storm)).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  const ref: StormRef = { channel: s.channel, ts, lastMs: nowMs, totals: payload.storm, counted: [s.owner], version: 1 };
  await s.threads.putStorm(ref);
  await s.post(payload.parent, ts);
}
