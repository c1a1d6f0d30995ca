import { formatThroughput } from '../bench/format-throughput.js';
console.log(await formatThroughput(3, 1));
