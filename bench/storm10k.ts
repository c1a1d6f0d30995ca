/**
 * Issue 13's ten-times storm for the bench: the simulation (bench/storm, STORM10K) and the peak memory of the
 * function bundles replaying what it gave them. The Slack function is not replayed: its replay paces itself in
 * real time, one post a second per webhook, which for this storm's two hundred digests is minutes; its batches
 * are no larger than in today's storm (at most 100 records), whose replay measures it.
 */
import { performance } from 'node:perf_hooks';
import { stormFields } from './storm/accounting.js';
import { runStorm } from './storm/index.js';
import { STORM10K } from './storm/scenario.js';
import type { NotifierName } from './storm/topology.js';

/** The functions whose bundles replay the storm10k invocations. */
export const STORM10K_REPLAYED: readonly NotifierName[] = ['pagerduty', 'email'];

export type Replay = (fn: NotifierName, events: unknown[]) => Promise<{ invocations: number; maxRssMb: number }>;

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

export async function storm10k(replay: Replay) {
  const start = performance.now();
  const storm = await runStorm({ shape: STORM10K });
  const realMs = Math.round(performance.now() - start);
  const rss = {} as Record<NotifierName, { invocations: number; maxRssMb: number }>;
  for (const fn of STORM10K_REPLAYED) rss[fn] = await replay(fn, storm.invocations.filter((i) => i.fn === fn).map((i) => i.event));
  const a = storm.account;
  const { calls, throttled, maxPerSecond } = storm.cloudwatch;
  return {
    field: {
      ...stormFields(a),
      peakRssMb: Math.max(...Object.values(rss).map((r) => r.maxRssMb)),
      cloudwatchCalls: calls,
      cloudwatchThrottled: throttled,
    },
    details: {
      ...a,
      cloudwatchCallsTotal: sum(calls),
      cloudwatchThrottledTotal: sum(throttled),
      cloudwatchMaxPerSecond: maxPerSecond,
      containers: storm.containers,
      throttledInvocations: storm.throttledInvocations,
      invocations: storm.invocations.length,
      simulatedMs: storm.simulatedMs,
      realMs,
      peakRssMbByFunction: rss,
      peakRssSetting: `the ${STORM10K_REPLAYED.join(' and ')} bundles as deployed replaying all of their storm10k invocations in one process each; Slack not replayed (paced in real time)`,
    },
  };
}
