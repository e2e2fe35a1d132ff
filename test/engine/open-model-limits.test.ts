// The open model under pressure, end to end through the real CLI: without `maxUsers`, the engine
// holds no more users (and connections) at once than its open-files limit allows — arrivals past
// it wait for a free user, counted as generator lag, instead of failing with EMFILE — and every
// planned arrival is still sent. The limit is made small with `ulimit -n` so the test stays small.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Report } from '../../report/types';
import { openFilesLimit, openUserLimit } from '../../engine/runtime/open-files';
import { writeScenario } from '../helpers/cli';
import { CLI } from '../helpers/paths';

const ANSWER_AFTER_MS = 100;
let server: Server;
let url: string;
let requests = 0;
let open = 0;
let mostOpen = 0;

before(async () => {
  server = createServer((req, res) => {
    requests++;
    setTimeout(() => res.end('ok'), ANSWER_AFTER_MS);
  });
  server.on('connection', (socket) => {
    mostOpen = Math.max(mostOpen, ++open);
    socket.on('close', () => open--);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The CLI under `ulimit -n files` (bash's builtin: the limit is the process's own, inherited by the engine). */
function runLimited(files: number, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('bash', ['-c', `ulimit -n ${files} && exec "$0" "$@"`, process.execPath, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(limit), resolve({ code, stderr }))));
}

test('the open-files limit is read from /proc and leaves room for everything else', () => {
  assert.equal(openFilesLimit('Limit   Soft Limit   Hard Limit   Units\nMax open files            400                  1048576              files\n'), 400);
  assert.equal(openFilesLimit('Max open files            unlimited            unlimited            files\n'), Number.MAX_SAFE_INTEGER);
  assert.equal(openFilesLimit('nothing here'), undefined);
  assert.equal(openUserLimit(400), 72);
  assert.equal(openUserLimit(20_000), 9_872);
  assert.equal(openUserLimit(1024), 384);
});

test('without maxUsers, arrivals past the open-files limit wait for a free user: none fails, none is dropped, the lag says so', async () => {
  const files = 400;
  const users = openUserLimit(files);
  // 1,500 arrivals in a second on a target answering after 100 ms would need 150 users at once.
  const arrivals = 1_500;
  const { dir, file } = writeScenario(
    'limited.scenario.yaml',
    `version: 1\nname: limited\ntarget: ${url}\nphases:\n  - duration: 1s\n    rate: ${arrivals}\nflows:\n  - name: slow\n    steps:\n      - request: GET /slow\n`,
  );
  requests = 0;
  mostOpen = 0;
  const result = await runLimited(files, ['run', file, '--out', join(dir, 'out')]);
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}\n${result.stderr}`);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;

  assert.equal(report.totals.requests, arrivals, 'every planned arrival was sent');
  assert.equal(requests, arrivals, 'and reached the server');
  assert.equal(report.totals.errors, 0, JSON.stringify(report.errors ?? report.steps));
  assert.equal(report.totals.dropped, 0, 'without maxUsers nothing is dropped');
  assert.ok(mostOpen <= users, `at most ${users} connections at once (saw ${mostOpen})`);
  assert.match(result.stderr, new RegExp(`reached ${users} users at once.*open-files limit`));
  // 1,500 arrivals through 72 users at 100 ms each take about 2 s: most left late, and the report says whose fault that was.
  assert.ok((report.generator.lag.p99 as number) > ANSWER_AFTER_MS, `lag p99 ${report.generator.lag.p99} ms`);
  assert.equal(report.generator.saturated, true, 'the generator limited the run');
  assert.match(report.generator.reason ?? '', /late/);
});

test('a maxUsers above the open-files limit is held to the limit the same way: arrivals wait, none fails', async () => {
  const files = 400;
  const users = openUserLimit(files);
  const { dir, file } = writeScenario(
    'above.scenario.yaml',
    `version: 1\nname: above\ntarget: ${url}\nphases:\n  - duration: 1s\n    rate: 1000\n    maxUsers: 5000\nflows:\n  - name: slow\n    steps:\n      - request: GET /slow\n`,
  );
  requests = 0;
  mostOpen = 0;
  const result = await runLimited(files, ['run', file, '--out', join(dir, 'out'), '--quiet']);
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}\n${result.stderr}`);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;
  assert.equal(report.totals.requests, 1000);
  assert.equal(requests, 1000);
  assert.equal(report.totals.errors, 0, JSON.stringify(report.errors));
  assert.equal(report.totals.dropped, 0, 'under maxUsers nothing is dropped');
  assert.ok(mostOpen <= users, `at most ${users} connections at once (saw ${mostOpen})`);
});

test('with maxUsers the cap is the scenario\'s: arrivals past it are dropped, as the contract says', async () => {
  const { dir, file } = writeScenario(
    'capped.scenario.yaml',
    `version: 1\nname: capped\ntarget: ${url}\nphases:\n  - duration: 1s\n    rate: 300\n    maxUsers: 10\nflows:\n  - name: slow\n    steps:\n      - request: GET /slow\n`,
  );
  requests = 0;
  const result = await runLimited(4096, ['run', file, '--out', join(dir, 'out'), '--quiet']);
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}\n${result.stderr}`);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;
  assert.ok(report.totals.dropped > 0, 'some arrivals were dropped');
  assert.equal(report.totals.requests + report.totals.dropped, 300, 'every arrival was either sent or dropped');
  assert.equal(requests, report.totals.requests);
});
