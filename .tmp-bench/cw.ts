import { runStorm } from '../bench/storm/index.js';
import { STORM } from '../bench/storm/scenario.js';
const r = await runStorm({ shape: { ...STORM, alarms: 20, notifications: 200, flapping: 5, duplicateRate: 0.2 }, latency: { cloudWatchMs: 60_000 } });
console.log(r.account.criticalPageMaxDelayMs, r.stuckTimers, r.simulatedMs, r.account.slackMaxDelayMs, r.account.problems, r.logs.filter(l => l.level === 'warn').length);
