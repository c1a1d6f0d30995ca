'use strict';
/**
 * Runs a function bundle exactly as `sls package` built it (plain Node, no TypeScript loader), for
 * scripts/bench.ts. The handler's log lines go to stdout, which the bench discards; this program reports on
 * stderr, one JSON line, and exits as soon as it is done (a Lambda container is frozen then, not drained).
 *
 *   once   <bundle> <event.json>                    cold start: load, handle one event, exit
 *   modules <bundle> <event.json>                   as once, untimed, and reports the bytes of every file
 *                                                   loaded, by where it comes from (bundle, layer, runtime)
 *   repeat <bundle> <event.json> <count> <warmup>   warm: the same event with a fresh MessageId each time
 *   replay <bundle> <events.ndjson>                 a recorded sequence of invocations (a storm's), one a line,
 *                                                   each read just before it runs: the recorded storm would
 *                                                   otherwise sit in the heap measured
 *   floor  <url> <body.json> <count> <warmup>       no bundle: bare node:http POSTs to the same stand-in, the
 *                                                   round trip every warm event includes
 */
const { readFileSync, statSync } = require('node:fs');

const [mode, bundle, eventFile, countArg, warmupArg] = process.argv.slice(2);
// Loaded by Lambda's runtime before the handler, as in the bare baseline (bench/processes.ts, runBareNode).
require('node:http');
const loadStart = process.hrtime.bigint();
const { handler } = mode === 'floor' ? { handler: undefined } : require(bundle);
const loadedMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

/** True when every record was delivered (an SNS invocation) or none failed (an SQS batch). */
function delivered(result) {
  if (result && Array.isArray(result.batchItemFailures)) return result.batchItemFailures.length === 0;
  return Boolean(result && Array.isArray(result.delivered) && result.delivered.every((r) => r.outcome === 'sent' || r.outcome === 'duplicate'));
}

/** A new SNS MessageId, so the in-process ledger does not skip the repeat as a duplicate. */
function withMessageId(event, id) {
  const copy = structuredClone(event);
  for (const record of copy.Records) {
    if (record.Sns) record.Sns.MessageId = id;
    else if (typeof record.body === 'string') record.body = JSON.stringify({ ...JSON.parse(record.body), MessageId: id });
  }
  return copy;
}

/** Where the memory is at the end of a long run: V8's heap by space, code included, and what lives outside it. */
function memoryBreakdown() {
  const kb = (n) => Math.round(n / 1024);
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(require('node:v8').getHeapSpaceStatistics().map((s) => [s.space_name, { sizeKb: kb(s.space_size), usedKb: kb(s.space_used_size) }]));
  // What is still reachable (Lambda's flags include --expose-gc): the rest of heapUsed was garbage.
  if (typeof global.gc === 'function') global.gc();
  const live = process.memoryUsage();
  return { rssKb: kb(m.rss), heapTotalKb: kb(m.heapTotal), heapUsedKb: kb(m.heapUsed), liveHeapKb: kb(live.heapUsed), externalKb: kb(m.external), arrayBuffersKb: kb(m.arrayBuffers), spaces };
}

function finish(report) {
  const usage = process.resourceUsage();
  process.stderr.write(`${JSON.stringify({ ...report, loadedMs, maxRssKb: usage.maxRSS, rssKb: Math.round(process.memoryUsage().rss / 1024) })}\n`);
  process.exit(report.failures > 0 ? 3 : 0);
}

/**
 * Each event read and parsed just before its invocation and dropped after it: the peak is the function's, not
 * the file's. Read synchronously up to the next newline: readline's async iterator reads ahead (up to 1,024
 * lines), which put all of storm10k's 79 email batches (20 MB) in the heap measured.
 */
function* lines(file) {
  const { openSync, readSync, closeSync } = require('node:fs');
  const fd = openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 16);
  let rest = Buffer.alloc(0);
  try {
    for (;;) {
      let at = rest.indexOf(10);
      while (at < 0) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        rest = Buffer.concat([rest, chunk.subarray(0, n)]);
        at = rest.indexOf(10, rest.length - n);
      }
      if (at < 0) {
        if (rest.length > 0) yield rest.toString('utf8');
        return;
      }
      yield rest.toString('utf8', 0, at);
      rest = Buffer.from(rest.subarray(at + 1));
    }
  } finally {
    closeSync(fd);
  }
}

async function replay() {
  let invocations = 0;
  let failures = 0;
  // Handler time, what Lambda bills (Slack's own pacing waits included).
  let handlerMs = 0;
  for (const line of lines(eventFile)) {
    if (!line.trim()) continue;
    const start = process.hrtime.bigint();
    const result = await handler(JSON.parse(line));
    handlerMs += Number(process.hrtime.bigint() - start) / 1e6;
    invocations++;
    if (!delivered(result)) failures++;
  }
  return finish({ invocations, failures, handlerMs, memory: memoryBreakdown() });
}

/** Where a loaded file comes from on Lambda: Powertools' layer, the runtime's SDK, or the function's zip. */
function originOf(file) {
  if (/[\\/]node_modules[\\/]@aws-lambda-powertools[\\/]/.test(file)) return 'layer';
  if (/[\\/]node_modules[\\/]@aws[\\/]lambda-invoke-store[\\/]/.test(file)) return 'layerOrRuntime';
  if (/[\\/]node_modules[\\/]/.test(file)) return 'runtime';
  return 'bundle';
}

function loadedBytes() {
  const bytes = { bundle: 0, layer: 0, layerOrRuntime: 0, runtime: 0 };
  const files = { bundle: 0, layer: 0, layerOrRuntime: 0, runtime: 0 };
  for (const file of Object.keys(require.cache)) {
    if (file === __filename) continue;
    const origin = originOf(file);
    bytes[origin] += statSync(file).size;
    files[origin] += 1;
  }
  return { bytes, files };
}

async function main() {
  if (mode === 'replay') return replay();
  const input = JSON.parse(readFileSync(eventFile, 'utf8'));
  if (mode === 'modules') {
    const ok = delivered(await handler(input));
    return finish({ loaded: loadedBytes(), failures: ok ? 0 : 1 });
  }
  if (mode === 'once') {
    const start = process.hrtime.bigint();
    const ok = delivered(await handler(input));
    return finish({ firstEventMs: Number(process.hrtime.bigint() - start) / 1e6, failures: ok ? 0 : 1 });
  }
  if (mode === 'repeat') {
    const count = Number(countArg);
    const warmup = Number(warmupArg ?? 0);
    const timings = [];
    let failures = 0;
    for (let i = 0; i < warmup + count; i++) {
      // Made just before its invocation, untimed: a container holds one event, not the whole run's (10 MB).
      const event = withMessageId(input, `bench-${process.pid}-${i}`);
      const start = process.hrtime.bigint();
      const ok = delivered(await handler(event));
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (!ok) failures++;
      if (i >= warmup) timings.push(ms);
    }
    return finish({ timings, failures, memory: memoryBreakdown() });
  }
  if (mode === 'floor') {
    const http = require('node:http');
    const body = JSON.stringify(input);
    const post = () =>
      new Promise((resolve, reject) => {
        const req = http.request(bundle, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode));
        });
        req.on('error', reject);
        req.end(body);
      });
    const timings = [];
    let failures = 0;
    const warmup = Number(warmupArg ?? 0);
    for (let i = 0; i < warmup + Number(countArg); i++) {
      const start = process.hrtime.bigint();
      if ((await post()) !== 202) failures++;
      if (i >= warmup) timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return finish({ timings, failures });
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((error) => {
  process.stderr.write(`${JSON.stringify({ error: String(error && error.stack ? error.stack : error) })}\n`);
  process.exit(4);
});
