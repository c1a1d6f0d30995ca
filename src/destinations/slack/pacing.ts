/**
 * Spaces requests to one channel `minIntervalMs` apart. Callers wait in arrival order; a slot is spent only by
 * a request that is really made: a caller that gives up while waiting (its attempt timed out, its delivery was
 * abandoned) leaves the queue and the caller after it takes its turn, counted from the last request sent.
 */
/** The clock a pacing waits by: the wall clock by default; a simulation or a test passes its own. */
export interface PacingClock {
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface Lanes {
  /** Resolves when the caller may send now (the send is then counted); rejects when `signal` aborts first. */
  turn(channel: string, signal: AbortSignal): Promise<void>;
}

interface Waiter {
  start: () => void;
}

export function paceLanes(
  minIntervalMs: number,
  now: () => number,
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
): Lanes {
  const lastSent = new Map<string, number>();
  const queues = new Map<string, Waiter[]>();

  const leave = (channel: string, waiter: Waiter) => {
    const queue = queues.get(channel)!;
    const at = queue.indexOf(waiter);
    if (at >= 0) queue.splice(at, 1);
    if (at === 0) queue[0]?.start();
    if (queue.length === 0) queues.delete(channel);
  };

  return {
    async turn(channel, signal) {
      signal.throwIfAborted();
      const queue = queues.get(channel) ?? [];
      queues.set(channel, queue);
      let start!: () => void;
      const first = new Promise<void>((resolve) => (start = resolve));
      const waiter: Waiter = { start };
      queue.push(waiter);
      if (queue.length === 1) start();
      try {
        await untilAborted(first, signal);
        const last = lastSent.get(channel);
        const wait = last === undefined ? 0 : last + minIntervalMs - now();
        if (wait > 0) await sleep(wait, signal);
        signal.throwIfAborted();
      } catch (error) {
        leave(channel, waiter);
        throw error;
      }
      lastSent.set(channel, now());
      leave(channel, waiter);
    },
  };
}

function untilAborted(work: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(() => (signal.removeEventListener('abort', abort), resolve()));
  });
}

/** A wait that ends early, rejecting with the signal's reason, when the signal aborts. */
export const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const abort = () => (clearTimeout(timer), reject(signal.reason));
    const timer = setTimeout(() => (signal.removeEventListener('abort', abort), resolve()), ms);
    signal.addEventListener('abort', abort, { once: true });
  });
