// A number of iterations (contract, second edition: "Phases: a number of iterations"), through
// the real CLI against a recording server on 127.0.0.1: each user runs exactly N iterations and
// leaves, the phase ends when all have left (no duration needed), `duration` still cuts it
// short, and `--iterations N` overrides every closed phase — the server's count is exact.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { Report } from '../../report/types';
import { runCli, writeScenario } from '../helpers/cli';
import { runScenario } from '../helpers/report';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';

let server: EchoServer;
before(async () => {
  server = await startEchoServer();
});
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const flows = `flows:
  - name: f
    steps:
      - request: GET /a?user={{ vu.id }}&iteration={{ vu.iteration }}
      - request: GET /b
`;

async function run(yaml: string, args: string[] = []): Promise<{ report: Report; code: number | null }> {
  const { report, result } = await runScenario(yaml, args);
  return { report, code: result.code };
}

test('each user runs exactly its iterations and leaves; the phase ends with the last one', async () => {
  const { report, code } = await run(`version: 1
name: iterations
target: ${server.url}
phases:
  - users: 3
    iterations: 2
${flows}`);
  assert.equal(code, 0);
  assert.equal(server.received.length, 3 * 2 * 2);
  assert.equal(report.totals.requests, 12);
  assert.equal(report.totals.iterations, 6);
  // Every user ran iterations 1 and 2, once each.
  const seen = server.received.filter((r) => r.url.startsWith('/a')).map((r) => new URL(r.url, 'http://x').searchParams);
  const pairs = seen.map((q) => `${q.get('user')}:${q.get('iteration')}`).sort();
  assert.deepEqual(pairs, ['1:1', '1:2', '2:1', '2:2', '3:1', '3:2']);
  // It ended by itself, when the last user left (a phase that never ended would be cut by the
  // test's own limit and write no report).
  assert.equal(report.outcome, 'completed');
});

test('--iterations 1 overrides a long closed phase: the run ends after one iteration per user', async () => {
  const { report } = await run(
    `version: 1
name: smoke
target: ${server.url}
phases:
  - duration: 10m
    users: 2
${flows}`,
    ['--iterations', '1'],
  );
  assert.equal(server.received.length, 2 * 2);
  assert.equal(report.totals.requests, 4);
  assert.equal(report.outcome, 'completed');
});

test('duration cuts a phase of iterations short', async () => {
  const { report } = await run(`version: 1
name: cut
target: ${server.url}
phases:
  - duration: 1s
    users: 1
    iterations: 100000
flows:
  - name: f
    steps:
      - request: GET /a
      - think: 200ms
`);
  // Cut by its duration: far fewer than the iterations asked for, and the run completed.
  assert.equal(report.outcome, 'completed');
  assert.ok(report.totals.iterations >= 1 && report.totals.iterations < 100_000, `${report.totals.iterations} iterations`);
  assert.equal(report.totals.requests, server.received.length);
});

test('a phase without duration needs iterations, and iterations need users: clear messages', async () => {
  const { dir, file } = writeScenario(
    'bad.scenario.yaml',
    `version: 1
name: bad
target: ${server.url}
phases:
  - users: 2
  - rate: 5
    iterations: 3
    duration: 1s
${flows}`,
  );
  const result = await runCli(['validate', file], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stdout, /:5:5: error: a phase needs a `duration` \(e\.g\. `duration: 30s`\), or, in the closed model, `iterations`/);
  assert.match(result.stdout, /:7:5: error: `iterations` is for the closed model/);
  assert.equal(server.received.length, 0);
});

test('the progress of a run of iterations shows no total it cannot know', async () => {
  const { dir, file } = writeScenario(
    'progress.scenario.yaml',
    `version: 1
name: progress
target: ${server.url}
phases:
  - users: 1
    iterations: 1
${flows}`,
  );
  const result = await runCli(['run', file, '--out', `${dir}/out`]);
  assert.match(result.stderr, /Running "progress": 1 phase\(s\), until every user has run its iterations/);
  assert.doesNotMatch(result.stderr, /\/0s/);
});
