import { DeliveryError } from './types.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt: a destination that hangs is abandoned after this long. */
  attemptTimeoutMs: number;
  /** The whole delivery (all attempts and waits) must end by then, so the Lambda never times out mid-delivery. */
  deadlineMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 8_000, attemptTimeoutMs: 5_000, deadlineMs: 20_000 };

export interface RetryDeps {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (attempt: number, error: DeliveryError, delayMs: number) => void;
}

export interface RetryOutcome {
  ok: boolean;
  attempts: number;
  error?: DeliveryError;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Unknown failures (a bug, a network stack error) are worth one more try rather than a lost alert.
  return new DeliveryError(message, false);
}

/**
 * Settles with the attempt, or fails when its time is up, whichever comes first: a step that does not take the
 * signal (a secrets read from SSM, say) must not hold the delivery past its timeout. HTTP requests and SDK calls
 * do take it, so an abandoned attempt has nothing left in flight that could still send.
 */
function abandonOnAbort(work: Promise<void>, signal: AbortSignal): Promise<void> {
  work.catch(() => {}); // an abandoned attempt that fails later has nobody left to tell
  return new Promise((resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    work.then(resolve, reject);
  });
}

/**
 * Exponential backoff with full jitter; a `retryAfterMs` the destination asked for (Slack's `retry_after`,
 * PagerDuty's 429) is honoured instead when it is longer. Never throws: the outcome says what happened.
 */
export async function withRetry(attempt: (signal: AbortSignal) => Promise<void>, policy: RetryPolicy, deps: RetryDeps = {}): Promise<RetryOutcome> {
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const deadline = now() + policy.deadlineMs;
  let last: DeliveryError | undefined;

  for (let n = 1; n <= policy.attempts; n++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${policy.attemptTimeoutMs} ms`)), Math.min(policy.attemptTimeoutMs, Math.max(0, deadline - now())));
    try {
      await abandonOnAbort(attempt(controller.signal), controller.signal);
      return { ok: true, attempts: n };
    } catch (error) {
      last = controller.signal.aborted && !(error instanceof DeliveryError) ? new DeliveryError(`timed out after ${policy.attemptTimeoutMs} ms`, false) : asDeliveryError(error);
    } finally {
      clearTimeout(timer);
    }
    if (last.permanent || n === policy.attempts) return { ok: false, attempts: n, error: last };
    const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
    const delay = Math.max(backoff, last.details.retryAfterMs ?? 0);
    if (now() + delay >= deadline) return { ok: false, attempts: n, error: last };
    deps.onRetry?.(n, last, delay);
    await sleep(delay);
  }
  return { ok: false, attempts: policy.attempts, error: last };
}
