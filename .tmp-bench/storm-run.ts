import { runStorm } from '../bench/storm/index.js';
const t = performance.now();
const r = await runStorm();
console.log(JSON.stringify({ ...r.account, containers: r.containers, simulatedMs: r.simulatedMs, stuck: r.stuckTimers, invocations: r.invocations.length, realMs: Math.round(performance.now() - t) }, null, 1));
