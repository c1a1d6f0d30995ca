import type { Log, LogFields } from '../../model/log.js';
import { DeliveryError } from '../../notify/types.js';
import type { SlackMessage } from '../slack/format.js';
import type { SlackAppMessage } from './format.js';
import type { ThreadStore } from './threads.js';

/**
 * Two deliveries at once for one alarm (or one channel's storm) must not both post its first message: the first
 * claims it in the thread store, the other waits for the message's `ts`. A claim whose owner died before storing
 * the `ts` goes stale and is taken over: a possible duplicate message, never a lost notification.
 */
export interface ClaimTiming {
  /** How long a delivery that lost the claim waits for the winner's `ts`, within one attempt (5 s). */
  waitMs: number;
  pollMs: number;
  /** A claim older than this without a `ts` is the claim of a delivery that died: longer than its retries (20 s). */
  staleMs: number;
}

export const CLAIM_TIMING: ClaimTiming = { waitMs: 2_000, pollMs: 200, staleMs: 30_000 };

/** What posting one notification in app mode works with: its channel, the Web API calls, the thread store. */
export interface AppSession {
  channel: string;
  channelName: string;
  threads: ThreadStore;
  log: Log;
  /** This delivery in claims: the same notification tried again is the same owner, and may claim again at once. */
  owner: string;
  claims: ClaimTiming;
  sleep(ms: number): Promise<void>;
  /** chat.postMessage (in a thread when `threadTs` is given); the new message's `ts`. */
  post(m: SlackMessage, threadTs?: string): Promise<string>;
  /** chat.update; false when Slack no longer has the message or it can no longer be edited (post a new one). */
  update(ts: string, m: SlackMessage, about: LogFields): Promise<boolean>;
  /** Starts drawing the alarm's graph for a thread about to be opened (upload.ts); undefined: none. */
  graph?(payload: SlackAppMessage): { into(threadTs: string): Promise<void> } | undefined;
}

/** Before the first message: post it (giving the claim up if the post fails), or use the one another delivery posted. */
export type Opening<R> = { found: R } | { post: true; release: () => Promise<void> };

export async function claimFirst<R>(
  s: AppSession,
  id: string,
  lookup: () => Promise<R | undefined>,
  what: string,
  overBefore?: number,
): Promise<Opening<R>> {
  const release = () => s.threads.release(id, s.owner);
  const claim = () => s.threads.claim(id, s.owner, s.claims.staleMs, overBefore);
  // Claimed, or a store that cannot tell: post (a duplicate beats a loss).
  if ((await claim()) !== 'held') return { post: true, release };
  for (let waited = 0; waited < s.claims.waitMs; waited += s.claims.pollMs) {
    await s.sleep(s.claims.pollMs);
    const found = await lookup();
    if (found) return { found };
  }
  // Given up by its owner (its post failed), or stale (its owner died before storing the message): ours now.
  if ((await claim()) !== 'held') return { post: true, release };
  s.log.warn(`Another delivery is posting the ${what} message: trying again later`, { destination: 'slack-app', channel: s.channelName, id });
  throw new DeliveryError(`another delivery is posting the ${what} message in ${s.channelName} and has not stored it yet`, false);
}
