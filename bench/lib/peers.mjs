// The established peers of the truth section, each run in its own process pinned to core 0
// (children.mjs `pinned`) with a deadline, each parsed into one shape:
//   { p50, p90, p99 (ms), rps, requests, errors }
// hey at a fixed rate, wrk closed-loop, autocannon closed-loop (the devDependency, through
// bench/autocannon-runner.mjs). Every URL must be on 127.0.0.1.
import { runAutocannon, runCommand } from './children.mjs';

/** How long a peer may overrun its planned duration before it is killed. */
const OVERRUN_MS = 20_000;

function loopbackOnly(url) {
  if (!/^http:\/\/127\.0\.0\.1[:/]/.test(url)) throw new Error(`peers only load 127.0.0.1, not ${url}`);
}

/** "0.0014 secs" → ms. */
const secs = (text) => Number(text) * 1000;

/**
 * hey's summary: "Requests/sec:", the "Latency distribution:" lines ("  90% in 0.0031 secs"),
 * the "Status code distribution:" and "Error distribution:" counts. hey prints seconds with 4
 * decimals, so its percentiles have a 0.1 ms resolution.
 */
export function parseHey(text) {
  const percentiles = {};
  for (const match of text.matchAll(/^\s*(\d+(?:\.\d+)?)%\s+in\s+([\d.]+)\s+secs/gm)) percentiles[match[1]] = secs(match[2]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]);
  let requests = 0;
  let non2xx = 0;
  const status = /Status code distribution:\n([\s\S]*?)(?:\n\s*\n|$)/.exec(text)?.[1] ?? '';
  for (const match of status.matchAll(/\[(\d+)\]\s+(\d+)\s+responses/g)) {
    const count = Number(match[2]);
    requests += count;
    if (!match[1].startsWith('2')) non2xx += count;
  }
  let failed = 0;
  const errors = /Error distribution:\n([\s\S]*?)(?:\n\s*\n|$)/.exec(text)?.[1] ?? '';
  for (const match of errors.matchAll(/^\s*\[(\d+)\]/gm)) failed += Number(match[1]);
  if (percentiles['50'] === undefined || !Number.isFinite(rps)) throw new Error(`could not read hey's output:\n${text.slice(0, 2000)}`);
  return {
    p50: percentiles['50'],
    p90: percentiles['90'] ?? null,
    p99: percentiles['99'] ?? null,
    rps,
    requests: requests + failed,
    errors: failed + non2xx,
  };
}

/** "327.00us" / "1.32ms" / "2.01s" / "1.00m" → ms. */
function wrkTime(value, unit) {
  const n = Number(value);
  switch (unit) {
    case 'us':
      return n / 1000;
    case 'ms':
      return n;
    case 's':
      return n * 1000;
    case 'm':
      return n * 60_000;
    default:
      throw new Error(`unknown wrk time unit ${unit}`);
  }
}

/**
 * wrk's --latency summary: "Latency Distribution" (50/75/90/99 % with us/ms/s units),
 * "N requests in", "Requests/sec:", "Socket errors: connect a, read b, write c, timeout d" and
 * "Non-2xx or 3xx responses: N".
 */
export function parseWrk(text) {
  const percentiles = {};
  const block = /Latency Distribution\n([\s\S]*?)\n\s*\d+ requests in/.exec(text)?.[1] ?? '';
  for (const match of block.matchAll(/(\d+)%\s+([\d.]+)(us|ms|s|m)\b/g)) percentiles[match[1]] = wrkTime(match[2], match[3]);
  const requests = Number(/(\d+) requests in/.exec(text)?.[1]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  if (percentiles['50'] === undefined || !Number.isFinite(requests)) throw new Error(`could not read wrk's output:\n${text.slice(0, 2000)}`);
  return { p50: percentiles['50'], p90: percentiles['90'] ?? null, p99: percentiles['99'] ?? null, rps, requests, errors: socketErrors + non2xx };
}

/** `hey -z Ds -c C -q Q URL`: C workers, each at most Q requests per second, so C×Q per second. */
export async function runHey(url, { durationS, workers, perWorker, core = 0 }) {
  loopbackOnly(url);
  const args = ['-z', `${durationS}s`, '-c', String(workers), '-q', String(perWorker), url];
  const { code, stdout, stderr } = await runCommand('hey', args, { timeoutMs: durationS * 1000 + OVERRUN_MS, core });
  if (code !== 0) throw new Error(`hey exited ${code}\n${stderr}`);
  return { ...parseHey(stdout), command: `hey ${args.join(' ')}` };
}

/** `wrk -t1 -cC -dDs --latency URL`. */
export async function runWrk(url, { durationS, connections, core = 0 }) {
  loopbackOnly(url);
  const args = ['-t1', `-c${connections}`, `-d${durationS}s`, '--latency', url];
  const { code, stdout, stderr } = await runCommand('wrk', args, { timeoutMs: durationS * 1000 + OVERRUN_MS, core });
  if (code !== 0) throw new Error(`wrk exited ${code}\n${stderr}`);
  return { ...parseWrk(stdout), command: `wrk ${args.join(' ')}` };
}

/**
 * autocannon -c C -d D (pipelining 1) through bench/autocannon-runner.mjs. p50/p90/p99 are
 * autocannon's own result.latency (whole milliseconds); `exact` holds the same percentiles
 * from every response's time with hrtime precision.
 */
export async function runAutocannonPeer(url, { durationS, connections, core = 0 }) {
  loopbackOnly(url);
  const r = await runAutocannon(url, { connections, durationS, core, exactLatency: true });
  return {
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    rps: r.rps,
    requests: r.requests,
    errors: r.errors + r.non2xx,
    exact: r.exact,
    command: `autocannon -c ${connections} -d ${durationS}`,
  };
}
