// `npm run bench`: prints Stampede's cost figures against their goals, with autocannon measured
// in the same run as the peer. A benchmark, not a test: it prints, it never fails on a timing.
//
//   node bench/run.mjs [--quick] [--only cpu,memory,open,truth,scale]
//     (after `npm run build`; --quick: a short smoke run; --only: just those sections,
//      `npm run bench:truth` is `--only truth`)
//
// See bench/README.md for what each figure means and how to read it.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAll } from './lib/children.mjs';
import { printTable } from './lib/format.mjs';
import { cpuPerRequest } from './sections/cpu-per-request.mjs';
import { memory } from './sections/memory.mjs';
import { openModel } from './sections/open-model.mjs';
import { truth } from './sections/truth.mjs';
import { scale } from './sections/scale.mjs';

const quick = process.argv.includes('--quick');
const SECTIONS = ['cpu', 'memory', 'open', 'truth', 'scale'];
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean)) : null;
if (only && (only.size === 0 || [...only].some((name) => !SECTIONS.includes(name)))) {
  console.error(`usage: node bench/run.mjs [--quick] [--only ${SECTIONS.join(',')}]`);
  process.exit(2);
}
const want = (name) => !only || only.has(name);
const plan = quick
  ? { rounds: 1, roundS: 2, openS: 3, rampS: 2, steadyS: 3 }
  : { rounds: 5, roundS: 5, openS: 10, rampS: 5, steadyS: 10 };

const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'stampede-bench-'));
const rows = [];
let failures = 0;

/** A section that fails is reported and the others still run. */
async function section(name, body) {
  try {
    rows.push(...(await body()));
  } catch (err) {
    failures++;
    console.error(`\n${name} failed: ${err.stack ?? err}`);
    rows.push({ figure: name, value: 'error', goal: '', verdict: 'ERROR' });
  }
}

// Ctrl+C or a kill: every child goes with the bench, then the temp dir.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.error(`\n${signal}: stopping every child`);
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}

console.log(`Stampede bench${quick ? ' (--quick: smoke run, figures are noisy)' : ''}${only ? ` (only ${[...only].join(', ')})` : ''}`);
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; sections 1-3: generators and target share the cores; 4: pinned`);

try {
  if (want('cpu') || want('memory')) {
    const target = await startServer('bench/target-server.mjs');
    if (want('cpu')) await section('CPU per request', () => cpuPerRequest({ target, dir, rounds: plan.rounds, durationS: plan.roundS }));
    if (want('memory')) await section('memory', () => memory({ target, dir, users: 1000, rampS: plan.rampS, steadyS: plan.steadyS }));
    target.child.kill('SIGTERM');
  }

  if (want('open')) {
    const server = await startServer('samples/collection-store/server.js', ['--port', '0']);
    await section('open model', () => openModel({ server, dir, rate: 1000, maxUsers: 200, durationS: plan.openS }));
    server.child.kill('SIGTERM');
  }

  if (want('truth')) await section('truth', () => truth({ dir, quick, section }));
  if (want('scale')) await section('scale', () => scale({ dir, quick }));
} catch (err) {
  failures++;
  console.error(`\nbench failed: ${err.stack ?? err}`);
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nSummary (${Math.round((Date.now() - started) / 1000)} s${quick ? ', --quick' : ''})`);
printTable(rows);
process.exitCode = failures > 0 ? 1 : 0;
