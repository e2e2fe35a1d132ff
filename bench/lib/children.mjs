// The benchmark's child processes: servers that announce their URL on stdout, the autocannon
// runner and the real Stampede CLI. Every child is tracked so that `stopAll` can end it, and
// every run has a deadline after which it is killed.
import { execFile, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const live = new Set();

/** How long a run may overrun its planned duration before it is killed. */
const OVERRUN_MS = 30_000;

/**
 * Forks a Node server script and resolves once it prints a URL on 127.0.0.1.
 * Returns { url, child, cpuSeconds() } — cpuSeconds asks the child over IPC when it supports it.
 */
export function startServer(script, args = []) {
  const child = fork(join(root, script), args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
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
function runNode(args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, args, { cwd: root, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      live.delete(child);
      if (err && err.killed) reject(new Error(`${args[0]} ${args[1] ?? ''} killed after ${timeoutMs} ms\n${stderr}`));
      else resolve({ code: err ? err.code : 0, stdout, stderr });
    });
    live.add(child);
  });
}

/** One autocannon run against `url`: { requests, cpuSeconds, durationSeconds, rps, errors, non2xx }. */
export async function runAutocannon(url, { connections, durationS }) {
  const args = ['bench/autocannon-runner.mjs', url, '--connections', String(connections), '--pipelining', '1', '--duration', String(durationS)];
  const { code, stdout, stderr } = await runNode(args, durationS * 1000 + OVERRUN_MS);
  if (code !== 0) throw new Error(`autocannon runner exited ${code}\n${stderr}`);
  return JSON.parse(stdout.trim().split('\n').pop());
}

/**
 * Runs a scenario through the real CLI (`stampede run FILE --out DIR --target URL --quiet`)
 * and returns the report it wrote. Exit codes 0 and 1 both mean a complete run.
 */
export async function runStampede({ name, yaml, dir, target, plannedMs }) {
  const file = join(dir, `${name}.scenario.yaml`);
  const out = join(dir, name);
  writeFileSync(file, yaml);
  const args = ['bin/stampede.js', 'run', file, '--out', out, '--quiet', ...(target ? ['--target', target] : [])];
  const { code, stderr } = await runNode(args, plannedMs + OVERRUN_MS);
  if (code !== 0 && code !== 1) throw new Error(`stampede run ${name} exited ${code}\n${stderr}`);
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
}

/** Ends every child still running (servers, and runs cut short by an error). */
export async function stopAll() {
  const exits = [...live].map(
    (child) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 2000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(exits);
  live.clear();
}
