/**
 * All CloudWatch calls of one enrichment share one deadline: they run in parallel, and when the budget
 * is spent the unfinished ones are aborted (their HTTP requests cancelled) and reported as timed out.
 */

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown; timedOut: boolean };

export interface Budget {
  /** Settles with the call's outcome, or as timed out at the deadline, whichever comes first. Never rejects. */
  run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>>;
  /** Stops the deadline timer once every call has settled. */
  done(): void;
}

export function startBudget(ms: number): Budget {
  const controller = new AbortController();
  // Each unfinished call's settle function: the deadline settles them directly, with no race per call.
  const pending = new Set<(outcome: Outcome<never>) => void>();
  let expired: Outcome<never> | undefined;
  const timer = setTimeout(() => {
    controller.abort(new DeadlineError(ms));
    expired = { ok: false, error: new DeadlineError(ms), timedOut: true };
    for (const settle of pending) settle(expired);
    pending.clear();
  }, Math.max(0, ms));
  return {
    run: <T>(call: (signal: AbortSignal) => Promise<T>) =>
      new Promise<Outcome<T>>((resolve) => {
        if (expired) return resolve(expired);
        pending.add(resolve);
        const settle = (outcome: Outcome<T>) => {
          if (pending.delete(resolve)) resolve(outcome);
        };
        Promise.resolve()
          .then(() => call(controller.signal))
          .then(
            (value) => settle({ ok: true, value }),
            (error: unknown) => settle({ ok: false, error, timedOut: controller.signal.aborted || isAbort(error) }),
          );
      }),
    done: () => clearTimeout(timer),
  };
}

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  constructor(ms: number) {
    super(`enrichment budget of ${ms} ms spent`);
  }
}

const isAbort = (error: unknown): boolean => error instanceof Error && (error.name === 'AbortError' || error.name === 'DeadlineError');

const THROTTLED = /throttl|rate ?exceeded|too ?many ?requests/i;

/** True for CloudWatch's answer above a quota (the SDK's error name, or HTTP 429). */
export function isThrottling(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
  return THROTTLED.test(String(e?.name ?? '')) || e?.$metadata?.httpStatusCode === 429;
}

/** Why a call failed, in the few words a note has room for: "CloudWatch throttled", "CloudWatch error (500)". */
export function failureReason(outcome: { error: unknown; timedOut: boolean }): string {
  if (outcome.timedOut) return 'CloudWatch timed out';
  const error = outcome.error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
  const name = typeof error?.name === 'string' ? error.name : '';
  const status = typeof error?.$metadata?.httpStatusCode === 'number' ? error.$metadata.httpStatusCode : undefined;
  if (isThrottling(error)) return 'CloudWatch throttled';
  if (/accessdenied|unauthori[sz]ed|notauthori[sz]ed/i.test(name) || status === 403) return 'CloudWatch access denied';
  if (status !== undefined && status >= 500) return `CloudWatch error (${status})`;
  if (/timeout|ECONNRESET|ECONNREFUSED|ENOTFOUND|socket|network/i.test(`${name} ${String((error as Error | undefined)?.message ?? '')}`)) {
    return 'CloudWatch unreachable';
  }
  return name && name !== 'Error' ? `CloudWatch error (${name})` : 'CloudWatch error';
}
