// Runs autocannon once, in its own process, and prints one JSON line:
//   { requests, cpuSeconds, durationSeconds, rps, errors, non2xx, latency: { p50, p90, p99 } }
// where cpuSeconds is this process's CPU (user + system) measured around the run only, and
// latency is autocannon's own result.latency (ms; its histogram keeps whole milliseconds, so a
// sub-millisecond latency reads 0 or 1).
//
// --exact-latency also keeps every 2xx response's time as autocannon measured it (its
// 'response' event, ms with hrtime precision) and adds `exact: { p50, p90, p99 }` from them.
// It costs a function call per response, so the CPU-per-request figure runs without it.
//
// --variant picks the request (bench/lib/variants.mjs): get (default), get-template (a path that
// changes per request, autocannon's setupRequest), post (a constant JSON body), post-template (a
// JSON body with an id per request, autocannon's [<id>] replacement).
//
//   node bench/autocannon-runner.mjs URL [--connections 50] [--pipelining 1] [--duration 5] [--exact-latency] [--variant NAME]
import autocannon from 'autocannon';
import { autocannonRequest } from './lib/variants.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const url = process.argv[2];
if (!url || !/^http:\/\/127\.0\.0\.1[:/]/.test(url)) {
  process.stderr.write('usage: node bench/autocannon-runner.mjs http://127.0.0.1:PORT/PATH [--connections N] [--pipelining N] [--duration S] [--exact-latency]\n');
  process.exit(2);
}
const exactLatency = process.argv.includes('--exact-latency');
const variantAt = process.argv.indexOf('--variant');
const variant = variantAt > 0 ? process.argv[variantAt + 1] : 'get';

let times = new Float64Array(exactLatency ? 1 << 18 : 0);
let count = 0;
const record = (client, statusCode, resBytes, responseTime) => {
  if (statusCode < 200 || statusCode >= 300) return;
  if (count === times.length) {
    const grown = new Float64Array(times.length * 2);
    grown.set(times);
    times = grown;
  }
  times[count++] = responseTime;
};

const before = process.cpuUsage();
const instance = autocannon({
  url,
  connections: option('connections', 50),
  pipelining: option('pipelining', 1),
  duration: option('duration', 5),
  ...autocannonRequest(variant),
});
if (exactLatency) instance.on('response', record);
const result = await instance;
const cpu = process.cpuUsage(before);

/** Nearest-rank percentile of the recorded times, 3 decimals. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank] * 1000) / 1000;
}
let exact;
if (exactLatency) {
  const sorted = times.subarray(0, count).sort();
  exact = { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
}

const requests = result.requests.total;
process.stdout.write(
  `${JSON.stringify({
    requests,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    durationSeconds: result.duration,
    rps: requests / result.duration,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99 },
    ...(exact ? { exact } : {}),
  })}\n`,
);
