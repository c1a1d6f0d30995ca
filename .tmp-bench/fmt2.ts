import { formatThroughput } from '../bench/format-throughput.js';
const c0 = process.cpuUsage(); const t0 = performance.now();
const r = await formatThroughput(3, 1);
const c = process.cpuUsage(c0); 
console.log(r, 'cpu s', (c.user + c.system) / 1e6, 'wall', (performance.now() - t0) / 1000);
