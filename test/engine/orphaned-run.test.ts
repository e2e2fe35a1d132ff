// A client that dies mid-run does not take the measurements with it: the CLI or a library caller
// is SIGKILLed while its run goes on, and the engine (engine/runtime/orphan-report.ts) still stops
// gracefully, runs teardown and writes report.json, report.html and timeseries.csv where the
// client would have; the library's temporary scenario folder is gone and no engine is left. The
// target is a server on 127.0.0.1 that counts what it got, so the report's counts are checked
// against what was really sent.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { Report } from '../../report/types';
import { writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { ROOT } from '../helpers/paths';
import { alive } from '../helpers/proc';
import { startTracked } from '../faults/processes';

const got = { page: 0, teardown: 0 };
const server = serveDuringTests(
  createServer((req, res) => {
    if (req.url === '/teardown') got.teardown++;
    else got.page++;
    res.end('ok');
  }),
);

const scenario = (): string => `version: 1
name: orphaned
target: ${server.origin}
monitor: { interval: 200ms }
phases:
  - { duration: 1m, users: 2 }
flows:
  - name: browse
    steps:
      - request: GET /page
      - think: 20ms
teardown:
  - request: POST /teardown
`;

/** Bounded wait for a file the engine writes after its client died. */
async function whenWritten(file: string, what: string): Promise<void> {
  for (let waited = 0; !existsSync(file); waited += 100) {
    if (waited > 20_000) throw new Error(`${what}: ${file} was never written`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The engine gone too: it leaves after writing, within its bounded wait. */
async function whenGone(pid: number): Promise<void> {
  for (let waited = 0; alive(pid); waited += 100) {
    if (waited > 15_000) throw new Error(`the engine ${pid} outlived its client`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function checkReport(report: Report, dir: string): void {
  assert.equal(report.outcome, 'stopped');
  assert.equal(report.reason, 'the client went away');
  assert.ok(report.totals.requests > 0);
  // Every request the target answered in the flow is counted, and nothing else.
  assert.equal(report.totals.requests, got.page);
  assert.equal(got.teardown, 1, 'teardown ran once');
  assert.ok(existsSync(join(dir, 'report.html')) && existsSync(join(dir, 'timeseries.csv')));
}

test('the CLI killed mid-run: the engine writes the partial report into --out and runs teardown', { timeout: 60_000 }, async () => {
  got.page = 0;
  got.teardown = 0;
  const { dir, file } = writeScenario('orphaned.scenario.yaml', scenario());
  const out = join(dir, 'out');
  const cli = startTracked(['run', file, '--out', out], { timeoutMs: 50_000 });
  await cli.waitFor(/requests [1-9]/);
  const [enginePid] = [...cli.engines];
  assert.ok(enginePid, 'the CLI forked its engine');
  cli.child.kill('SIGKILL');
  await cli.done;
  await whenWritten(join(out, 'report.json'), 'the CLI killed');
  // Written whole (renamed into place), so it parses at once.
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  checkReport(report, out);
  await whenGone(enginePid);
});

test('a library caller that dies mid-run: the report in its `out`, its scenario folder removed, no engine left', { timeout: 60_000 }, async () => {
  got.page = 0;
  got.teardown = 0;
  const { dir } = writeScenario('unused.txt', '');
  const out = join(dir, 'out');
  // A caller's own test file: it starts a run, and dies at its first interval (a crash, an OOM).
  const caller = join(dir, 'caller.cjs');
  writeFileSync(
    caller,
    `const { fromYaml, run } = require(${JSON.stringify(join(ROOT, 'dist', 'library.js'))});
const handle = run(fromYaml(${JSON.stringify(scenario())}), { out: ${JSON.stringify(out)} });
handle.on('interval', () => {
  process.stdout.write('engine ' + handle.pid + '\\n');
  process.kill(process.pid, 'SIGKILL');
});
`,
  );
  const child = spawn(process.execPath, [caller], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  assert.equal(exit, 'SIGKILL', `the caller died by its own hand: ${stdout}`);
  const enginePid = Number(/engine (\d+)/.exec(stdout)?.[1]);
  assert.ok(enginePid > 0 && enginePid !== child.pid, stdout);
  await whenWritten(join(out, 'report.json'), 'the caller killed');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  checkReport(report, out);
  // The scenario file the library wrote for the run is in a folder of its own, now removed.
  assert.match(report.file, /stampede-library-/);
  assert.equal(existsSync(dirname(report.file)), false, 'the scratch folder is gone');
  await whenGone(enginePid);
});
