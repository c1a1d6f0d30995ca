import { performance } from 'node:perf_hooks';

export interface Rate {
  /** Items per second of wall time. */
  perSecond: number;
  /** Items per second of CPU time of the whole process (V8's GC helper threads included): the stricter reading. */
  perCpuSecond: number;
  items: number;
  seconds: number;
}

/**
 * Runs `round` (which handles some items and says how many) again and again: `warmupSeconds` not counted, then
 * `seconds` measured, in wall time and in the process's CPU time.
 */
export async function rateOf(round: () => Promise<number>, seconds: number, warmupSeconds: number): Promise<Rate> {
  const loop = async (forMs: number) => {
    let items = 0;
    const start = performance.now();
    const cpu = process.cpuUsage();
    let elapsed = 0;
    while (elapsed < forMs) {
      items += await round();
      elapsed = performance.now() - start;
    }
    const used = process.cpuUsage(cpu);
    return { items, elapsed, cpuSeconds: (used.user + used.system) / 1e6 };
  };
  await loop(warmupSeconds * 1000);
  const { items, elapsed, cpuSeconds } = await loop(seconds * 1000);
  return { perSecond: Math.round(items / (elapsed / 1000)), perCpuSecond: Math.round(items / cpuSeconds), items, seconds: elapsed / 1000 };
}
