// Start-up latency: how long from spawning a command to its first request reaching the target.
// Compares `stampede run` (a one-request scenario) with autocannon `-c 1 -a 1`, each started
// REPS times in turn against the same local server, and prints every sample and the medians.
//
//   node scripts/measure-startup.mjs [--reps N] [--only stampede|autocannon] [--keep]
//                                    [--without-extra-ca] [--profile DIR] [--pin CORE]
//
// Run `node scripts/build.mjs` first. The clock starts just before spawn() and stops at the
// server's first request (process.hrtime.bigint() in this same process for both).
// --without-extra-ca: starts both without NODE_EXTRA_CA_CERTS. When it is set, every Node process
//   reads that file and the bundled roots at start (60–90 ms on a small machine), and a run of
//   Stampede starts two processes (the CLI and its engine) where autocannon starts one.
// --pin CORE: runs both pinned to that core (taskset), as the bench's truth section does; the
//   server stays unpinned.
// --profile DIR: CPU profiles of every process (stampede: DIR/stampede-cli, DIR/stampede-engine;
//   DIR/autocannon); profiling slows them down, so the timings of such a run are not comparable.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const reps = Number(arg('--reps', '5'));
const only = arg('--only', undefined);
const keep = process.argv.includes('--keep');
const withoutExtraCa = process.argv.includes('--without-extra-ca');
const pin = arg('--pin', undefined);
const profileDir = arg('--profile', undefined) && resolve(arg('--profile'));

const env = { ...process.env };
if (withoutExtraCa) delete env.NODE_EXTRA_CA_CERTS;
else if (env.NODE_EXTRA_CA_CERTS) console.log(`NODE_EXTRA_CA_CERTS is set: each Node process pays for it at start (see --without-extra-ca)`);
const profile = (name) => {
  if (!profileDir) return [];
  mkdirSync(join(profileDir, name), { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`];
};
if (profileDir) env.STAMPEDE_ENGINE_NODE_OPTIONS = profile('stampede-engine').join(' ');

let firstAt;
const server = createServer((req, res) => {
  firstAt ??= process.hrtime.bigint();
  res.end('ok');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;

const dir = mkdtempSync(join(tmpdir(), 'stampede-startup-'));
const scenario = join(dir, 'startup.scenario.yaml');
writeFileSync(
  scenario,
  `version: 1
name: startup
target: ${url}
phases:
  - duration: 1s
    rate: 1
flows:
  - name: get
    steps:
      - request: GET /
`,
);

const commands = {
  stampede: () => ['node', [...profile('stampede-cli'), join(root, 'bin/stampede.js'), 'run', scenario, '--quiet', '--out', join(dir, 'out')]],
  autocannon: () => ['node', [...profile('autocannon'), join(root, 'node_modules/autocannon/autocannon.js'), '-c', '1', '-a', '1', url]],
};
const names = Object.keys(commands).filter((n) => !only || n === only);

/** One start: ms from spawn to the first request, and the command's exit code. */
function once(name) {
  const [command, commandArgs] = commands[name]();
  const [cmd, args] = pin === undefined ? [command, commandArgs] : ['taskset', ['-c', pin, command, ...commandArgs]];
  return new Promise((resolve, reject) => {
    firstAt = undefined;
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (firstAt === undefined) reject(new Error(`${name} sent no request (exit ${code}): ${stderr}`));
      else resolve({ ms: Number(firstAt - t0) / 1e6, code });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const samples = Object.fromEntries(names.map((n) => [n, []]));
try {
  // Interleaved, so that a busy moment of the machine falls on both alike.
  for (let i = 0; i < reps; i++) {
    for (const name of names) {
      const { ms, code } = await once(name);
      samples[name].push(ms);
      if (name === 'stampede' && code !== 0) console.error(`stampede exited ${code}`);
    }
  }
  for (const name of names) {
    const xs = samples[name];
    console.log(`${name.padEnd(10)} median ${median(xs).toFixed(0).padStart(5)} ms   [${xs.map((x) => x.toFixed(0)).join(', ')}]`);
  }
} finally {
  server.close();
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
