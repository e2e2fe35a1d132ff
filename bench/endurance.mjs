// `npm run bench:endurance [-- --minutes N --rate R]`: a long run at a high rate with the
// engine's RSS sampled every second from /proc. Memory must stay flat after warm-up: histograms
// are fixed-size and the time series is bounded (older intervals merge past 7,200 rows).
// Default: 10 minutes at 2,000 iterations/s against the bench's own target on 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAll } from './lib/children.mjs';

const root = new URL('..', import.meta.url).pathname;
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const minutes = arg('--minutes', 10);
const rate = arg('--rate', 2000);

const rssMB = (pid) => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return undefined;
  }
};
const childrenOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

const dir = mkdtempSync(join(tmpdir(), 'stampede-endurance-'));
try {
  const target = await startServer('bench/target-server.mjs');
  const file = join(dir, 'endurance.scenario.yaml');
  writeFileSync(
    file,
    `version: 1
name: endurance
target: ${target.url}
phases:
  - duration: ${minutes}m
    rate: ${rate}
    maxUsers: 500
flows:
  - name: hello
    steps:
      - request: GET /hello
monitor: { interval: 1s, system: false }
`,
  );
  console.log(`Endurance: ${minutes} min at ${rate}/s against ${target.url}; RSS of the engine sampled every second`);
  const cli = spawn(process.execPath, [join(root, 'bin/stampede.js'), 'run', file, '--out', join(dir, 'out'), '--quiet'], { stdio: 'inherit' });
  const samples = [];
  let engine;
  const sampler = setInterval(() => {
    engine ??= childrenOf(cli.pid)[0];
    const rss = engine ? rssMB(engine) : undefined;
    if (rss !== undefined) samples.push(rss);
    if (samples.length % 60 === 0 && samples.length > 0) console.log(`  ${samples.length / 60} min: RSS ${rss?.toFixed(1)} MB`);
  }, 1000);
  const code = await new Promise((resolve) => cli.on('exit', resolve));
  clearInterval(sampler);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  // Warm-up: the first fifth of the run (at least 30 s) fills pools, JIT and the heap's steady state.
  const warm = Math.max(30, Math.floor(samples.length / 5));
  const after = samples.slice(warm);
  const mean = (list) => list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
  const half = Math.floor(after.length / 2);
  const early = mean(after.slice(0, half));
  const late = mean(after.slice(half));
  console.log('');
  console.log(`exit ${code}; requests ${report.totals.requests}, achieved ${(report.totals.requests / (minutes * 60)).toFixed(1)}/s, errors ${report.totals.errors}, dropped ${report.totals.dropped}`);
  console.log(`RSS after warm-up: min ${Math.min(...after).toFixed(1)} MB, max ${Math.max(...after).toFixed(1)} MB`);
  console.log(`RSS mean, first half ${early.toFixed(1)} MB vs second half ${late.toFixed(1)} MB: drift ${(late - early).toFixed(1)} MB (${(((late - early) / early) * 100).toFixed(1)}%)`);
  console.log(`time series rows in the report: ${report.timeseries.length}; peak engine RSS per the report ${report.system.peakRssMB} MB`);
  console.log(`verdict: ${Math.abs(late - early) / early < 0.1 ? 'FLAT (drift under 10%)' : 'GROWING'}`);
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}
