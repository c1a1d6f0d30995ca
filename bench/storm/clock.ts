/**
 * Simulated time for the storm: a minute of alerts runs in a fraction of a second, and the same seed gives the
 * same run. Time moves only when every simulated task is waiting for it: the clock lets all pending work settle
 * (promises, and the next turns of the event loop) before it jumps to the earliest timer.
 *
 * Code under simulation gets this clock through the seams it already has (Slack pacing `now`/`sleep`, retry
 * `now`/`sleep`, prepare's `now`). The per-attempt timeout inside `withRetry` uses the global `setTimeout`; inside
 * `clock.enter()` that global is the simulated one too (an AsyncLocalStorage scope), so an attempt times out after
 * 5 simulated seconds, and anything else in the process (a test runner) keeps real timers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Timer {
  id: number;
  at: number;
  fire: () => void;
}

/** A timer handle that also satisfies code that calls `unref()`/`ref()` on Node timers. */
interface SimulatedHandle {
  id: number;
  unref(): SimulatedHandle;
  ref(): SimulatedHandle;
  hasRef(): boolean;
  [Symbol.toPrimitive](): number;
}

const scope = new AsyncLocalStorage<VirtualClock>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realSetImmediate = globalThis.setImmediate;
let installed = 0;

function install(): void {
  if (installed++ > 0) return;
  const simulatedSetTimeout = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const clock = scope.getStore();
    if (!clock) return realSetTimeout(fn, ms, ...args);
    return clock.handle(clock.at(clock.now() + Math.max(0, ms ?? 0), () => fn(...args)));
  };
  const simulatedClearTimeout = (handle: unknown) => {
    if (handle && typeof handle === 'object' && 'id' in handle && typeof (handle as SimulatedHandle).id === 'number' && simulated.has(handle)) {
      simulated.get(handle)!.cancel((handle as SimulatedHandle).id);
      return;
    }
    realClearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  };
  globalThis.setTimeout = simulatedSetTimeout as typeof setTimeout;
  globalThis.clearTimeout = simulatedClearTimeout as typeof clearTimeout;
}

function uninstall(): void {
  if (--installed > 0) return;
  globalThis.setTimeout = realSetTimeout;
  globalThis.clearTimeout = realClearTimeout;
}

const simulated = new WeakMap<object, VirtualClock>();

export class VirtualClock {
  #now = 0;
  #seq = 0;
  /** A binary heap ordered by (at, id): a storm schedules tens of thousands of timers, most of them cancelled. */
  #timers: Timer[] = [];
  #cancelled = new Set<number>();
  #live = new Set<number>();
  /** Bumped by everything observable; the clock advances only after it has stopped moving. */
  #activity = 0;

  now = (): number => this.#now;

  /** Runs `fire` when simulated time reaches `at` (timers at the same instant fire in the order they were set). */
  at(at: number, fire: () => void): number {
    const timer: Timer = { id: ++this.#seq, at: Math.max(at, this.#now), fire };
    // Ties go by id, the order they were set: stable, so runs are reproducible.
    const heap = this.#timers;
    heap.push(timer);
    this.#live.add(timer.id);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
    this.#activity++;
    return timer.id;
  }

  cancel(id: number): void {
    if (this.#live.delete(id)) this.#cancelled.add(id);
    this.#activity++;
  }

  /** The earliest timer still to fire, dropping cancelled ones on the way. */
  #peek(): Timer | undefined {
    for (;;) {
      const top = this.#timers[0];
      if (!top || !this.#cancelled.has(top.id)) return top;
      this.#cancelled.delete(top.id);
      this.#pop();
    }
  }

  #pop(): void {
    const heap = this.#timers;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && earlier(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && earlier(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }

  /** Waits `ms` of simulated time; an abort (a per-attempt timeout, say) rejects with the signal's reason. */
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const id = this.at(this.#now + Math.max(0, ms), () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = () => {
        this.cancel(id);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  /** Marks progress that is not a timer (a request reached a stand-in, an invocation finished). */
  touch(): void {
    this.#activity++;
  }

  /** True for code the simulation started (directly or through any chain of promises and callbacks). */
  inside(): boolean {
    return scope.getStore() === this;
  }

  /** Runs `fn` with the global `setTimeout` simulated for everything it starts. */
  enter<T>(fn: () => T): T {
    return scope.run(this, fn);
  }

  /** @internal a handle for the simulated global `setTimeout`. */
  handle(id: number): SimulatedHandle {
    const h: SimulatedHandle = {
      id,
      unref: () => h,
      ref: () => h,
      hasRef: () => false,
      [Symbol.toPrimitive]: () => id,
    };
    simulated.set(h, this);
    return h;
  }

  /** Lets every runnable task run until none is left (all wait for simulated time, or for nothing). */
  async settle(): Promise<void> {
    for (let stable = 0; stable < 3; ) {
      const before = this.#activity;
      await new Promise<void>((resolve) => realSetImmediate(resolve));
      stable = this.#activity === before ? stable + 1 : 0;
    }
  }

  /**
   * Advances time timer by timer until nothing is scheduled, or `until` is passed. Returns the final time.
   * Timers are fired one at a time, each followed by a full settle, so their effects never overlap by accident.
   */
  async run(until = Number.POSITIVE_INFINITY): Promise<number> {
    install();
    try {
      await this.settle();
      for (;;) {
        const next = this.#peek();
        if (!next || next.at > until) break;
        this.#pop();
        this.#live.delete(next.id);
        this.#now = next.at;
        this.#activity++;
        this.enter(next.fire);
        await this.settle();
      }
      return this.#now;
    } finally {
      uninstall();
    }
  }

  /** Timers still scheduled (a stuck simulation leaves some behind). */
  get pending(): number {
    return this.#live.size;
  }
}

const earlier = (a: Timer, b: Timer): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);
