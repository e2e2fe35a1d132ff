// The benchmark's child processes: servers that announce their URL on stdout, the autocannon
// runner, the real Stampede CLI, and native peers (nginx, hey, wrk). Every child is tracked so
// that `stopAll` can end it and whatever it started (the CLI's engine), and every run has a
// deadline after which it is killed.
//
// Pinning: with two cores or more, `pinned(core, …)` wraps a command in `taskset -c CORE`
// (taskset execs the command, so the pid, signals and an IPC channel are the command's own;
// the affinity is inherited by everything it starts). On one core it runs the command as is.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
const live = new Set();

const tasksetWorks = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
/** Whether `pinned` pins: two usable cores or more and a working taskset. */
export const pinning = {
  enabled: availableParallelism() >= 2 && tasksetWorks,
  why:
    availableParallelism() < 2
      ? `only ${availableParallelism()} core: generators and target run unpinned, sharing it`
      : tasksetWorks
        ? 'generators pinned to core 0 (taskset -c 0), targets to core 1 (taskset -c 1)'
        : 'taskset is missing or refused: generators and target run unpinned',
};

/** [file, args] that run `file args` on `core` when pinning is on (core: 0 generators, 1 targets). */
export function pinned(core, file, args = []) {
  return pinning.enabled ? ['taskset', ['-c', String(core), file, ...args]] : [file, args];
}

/** Every process below `pid` (children first), read from /proc. */
export function descendants(pid) {
  const found = [];
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let kids = [];
    try {
      kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      continue;
    }
    for (const kid of kids) found.push(kid, ...descendants(kid));
  }
  return found;
}

/** SIGKILLs a child and everything it started. */
function killTree(child, signal = 'SIGKILL') {
  const below = child.pid ? descendants(child.pid) : [];
  try {
    child.kill(signal);
  } catch { /* gone */ }
  for (const pid of below) {
    try {
      process.kill(pid, signal);
    } catch { /* gone */ }
  }
}

/** Tracks a child until it exits, so that `stopAll` ends it. */
export function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/**
 * Runs a command to completion with a deadline; resolves { code, signal, stdout, stderr,
 * spawnedAt, timedOut } where spawnedAt is process.hrtime.bigint() taken just before the spawn.
 * At the deadline the command gets `graceSignal` (when given: SIGINT lets the Stampede CLI write
 * its partial report) and, `graceMs` later or at once without one, it and everything it started
 * are killed (SIGKILL). A run that hit its deadline rejects, unless `resolveOnTimeout`.
 * `core` pins it (see `pinned`); `onSpawn(child)` is called right after the spawn.
 */
export function runCommand(file, args, { timeoutMs = 60_000, core, env, onSpawn, graceSignal, graceMs = 5000, resolveOnTimeout = false } = {}) {
  const [cmd, argv] = core === undefined ? [file, args] : pinned(core, file, args);
  return new Promise((resolve, reject) => {
    const spawnedAt = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd: root, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let force;
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      if (graceSignal) {
        child.kill(graceSignal);
        force = setTimeout(() => killTree(child), graceMs);
      } else {
        killTree(child);
      }
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      clearTimeout(force);
      reject(new Error(`${file}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(force);
      if (timedOut && !resolveOnTimeout) reject(new Error(`${file} ${args.slice(0, 3).join(' ')} killed after ${timeoutMs} ms\n${stderr}`));
      else resolve({ code, signal, stdout, stderr, spawnedAt, timedOut });
    });
    onSpawn?.(child);
  });
}

/** How long a run may overrun its planned duration before it is killed. */
const OVERRUN_MS = 30_000;

/**
 * Forks a Node server script and resolves once it prints a URL on 127.0.0.1.
 * Returns { url, child, cpuSeconds() } — cpuSeconds asks the child over IPC when it supports it.
 * With `core`, the script runs pinned (see `pinned`).
 */
export function startServer(script, args = [], { core } = {}) {
  // Pinned, the script runs under taskset with the same stdio (the IPC channel is inherited
  // through taskset's exec); unpinned it is a plain fork.
  const child =
    core === undefined
      ? fork(join(root, script), args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
      : spawn(...pinned(core, process.execPath, [join(root, script), ...args]), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`${script} did not print its URL within 10 s`)), 10_000);
    const fail = (err) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('exit', (code) => fail(new Error(`${script} exited (${code}) before listening`)));
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      child.removeAllListeners('exit');
      child.on('exit', () => live.delete(child));
      resolve({ url: match[1], child, cpuSeconds: () => askCpu(child) });
    });
  });
}

/** Sends `message` over IPC and resolves the first reply of type `reply` (rejects after timeoutMs). */
export function ask(child, message, reply, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', listen);
      reject(new Error(`no ${reply} reply within ${timeoutMs} ms`));
    }, timeoutMs);
    const listen = (answer) => {
      if (answer?.type !== reply) return;
      clearTimeout(timer);
      child.off('message', listen);
      resolve(answer);
    };
    child.on('message', listen);
    child.send(message);
  });
}

function askCpu(child) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 1000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message?.type === 'cpu' ? message.cpuSeconds : null);
    });
    child.send({ type: 'cpu' });
  });
}

/** Runs a Node script to completion with a deadline; resolves { code, stdout, stderr }. */
async function runNode(args, timeoutMs, core) {
  const r = await runCommand(process.execPath, args, { timeoutMs, core });
  return { code: r.code ?? r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * One autocannon run against `url`: { requests, cpuSeconds, durationSeconds, rps, errors, non2xx,
 * latency: { p50, p90, p99 } (autocannon's own, ms) }; with `exactLatency` also `exact` { p50,
 * p90, p99 } from every response's time (autocannon's histogram keeps whole milliseconds).
 */
export async function runAutocannon(url, { connections, durationS, core, exactLatency = false, variant = 'get' }) {
  const args = ['bench/autocannon-runner.mjs', url, '--connections', String(connections), '--pipelining', '1', '--duration', String(durationS), '--variant', variant];
  if (exactLatency) args.push('--exact-latency');
  const { code, stdout, stderr } = await runNode(args, durationS * 1000 + OVERRUN_MS, core);
  if (code !== 0) throw new Error(`autocannon runner exited ${code}\n${stderr}`);
  return JSON.parse(stdout.trim().split('\n').pop());
}

/**
 * Runs a scenario through the real CLI (`stampede run FILE --out DIR --target URL --quiet`)
 * and returns the report it wrote. Exit codes 0 and 1 both mean a complete run.
 * With `allowIncomplete`, a run that exited 3 (engine error, …) or overran its deadline (it then
 * gets SIGINT, and `graceMs` to write its partial report) returns the report it wrote anyway, with
 * `bench: { exitCode, timedOut, stderr }` added, instead of failing. `overrunMs`: how long past
 * `plannedMs` the run may take (default 30 s).
 */
export async function runStampede({ name, yaml, dir, target, plannedMs, core, extraArgs = [], allowIncomplete = false, overrunMs = OVERRUN_MS, graceMs = 5000 }) {
  const file = join(dir, `${name}.scenario.yaml`);
  const out = join(dir, name);
  writeFileSync(file, yaml);
  const args = ['bin/stampede.js', 'run', file, '--out', out, '--quiet', ...(target ? ['--target', target] : []), ...extraArgs];
  const r = await runCommand(process.execPath, args, {
    timeoutMs: plannedMs + overrunMs,
    core,
    ...(allowIncomplete ? { graceSignal: 'SIGINT', graceMs, resolveOnTimeout: true } : {}),
  });
  const code = r.code ?? r.signal;
  const complete = !r.timedOut && (code === 0 || code === 1);
  const reportFile = join(out, 'report.json');
  if (!complete && !(allowIncomplete && existsSync(reportFile))) {
    throw new Error(`stampede run ${name} ${r.timedOut ? `overran its deadline (${plannedMs + overrunMs} ms)` : `exited ${code}`}\n${r.stderr}`);
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  if (!complete) report.bench = { exitCode: code, timedOut: r.timedOut, stderr: r.stderr };
  return report;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Ends every child still running (servers, and runs cut short by an error): SIGTERM, then
 * SIGKILL after 2 s. Whatever a child started (the CLI's engine) gets the same: SIGTERM once
 * its parent is gone, SIGKILL if it is still there 2 s later.
 */
export async function stopAll() {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const ends = [...live].map(async (child) => {
    const below = child.pid ? descendants(child.pid) : [];
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const force = setTimeout(() => killTree(child), 2000);
      await exited;
      clearTimeout(force);
    }
    const left = below.filter(alive);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch { /* gone */ }
    }
    for (let waited = 0; waited < 2000 && left.some(alive); waited += 50) await sleep(50);
    for (const pid of left.filter(alive)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch { /* gone */ }
    }
  });
  await Promise.all(ends);
  live.clear();
}
