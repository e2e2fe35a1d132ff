// Generator truth, end to end through the real CLI against servers on 127.0.0.1: the report says
// what the generator itself did (lag, event-loop delay, saturation), a generator that falls
// behind is reported as such, a failing endpoint is not hammered, and the first phase starts
// with its connections open. No assertion here rests on how fast this machine is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { runCli, writeScenario } from '../helpers/cli';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';
import { encodeSnapshot, encodeStore, snapshotStore } from '../../engine/metrics/partial';
import { MetricsStore } from '../../engine/metrics/store';
import type { Report } from '../../report/types';

let echo: EchoServer;
before(async () => {
  echo = await startEchoServer();
});
after(async () => {
  await echo.close();
});

const readReport = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

async function run(yaml: string, env: Record<string, string> = {}): Promise<{ report: Report; code: number | null; stdout: string }> {
  const { dir, file } = writeScenario('truth.scenario.yaml', yaml);
  const out = join(dir, 'out');
  const result = await runCli(['run', file, '--out', out, '--target', echo.url], { env });
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}\n${result.stderr}`);
  return { report: readReport(out), code: result.code, stdout: result.stdout };
}

const isNumberOrNull = (value: unknown): boolean => value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0);

test('report.generator and every interval follow the contract: lag, event-loop delay beyond the interval, saturated and its reason', async () => {
  const { report } = await run(`version: 1
name: calm
target: http://127.0.0.1:1
phases:
  - duration: 2s
    rate: 50
flows:
  - name: get
    steps:
      - request: GET /calm
`);
  const g = report.generator;
  assert.ok(g, 'report.generator exists');
  for (const key of ['p50', 'p99', 'max'] as const) assert.ok(typeof g.lag[key] === 'number' && g.lag[key] >= 0, `lag.${key} is a number of ms`);
  assert.ok((g.lag.p50 as number) <= (g.lag.p99 as number) && (g.lag.p99 as number) <= (g.lag.max as number), 'lag percentiles are ordered');
  assert.ok(isNumberOrNull(g.eventLoopDelay.p99) && isNumberOrNull(g.eventLoopDelay.max));
  assert.equal(typeof g.saturated, 'boolean');
  // The reason is words exactly when saturated.
  assert.equal(g.reason === null, !g.saturated);
  assert.equal(g.intervals, report.timeseries.length);
  assert.ok(report.timeseries.length >= 2);
  for (const row of report.timeseries) {
    assert.ok('lagP99' in row, 'every interval has lagP99');
    assert.ok(isNumberOrNull(row.lagP99));
    assert.ok(isNumberOrNull(row.eventLoopDelay));
  }
  assert.equal(report.totals.requests, 100);
});

test('a stalled generator shows up as lag and saturation, and no recommendation tells the user to raise maxUsers', async () => {
  // The test hook blocks the engine's loop 60 ms of every 100 ms: arrivals due during a stall
  // leave late, and with maxUsers: 1 some find the one user busy and are dropped.
  const { report, stdout } = await run(
    `version: 1
name: stalled
target: http://127.0.0.1:1
monitor: { interval: 500ms }
phases:
  - duration: 3s
    rate: 100
    maxUsers: 1
flows:
  - name: get
    steps:
      - request: GET /stalled
`,
    { STAMPEDE_TEST_STALL: '60/100' },
  );
  const g = report.generator;
  assert.equal(g.saturated, true, JSON.stringify(g));
  assert.ok((g.lag.p99 as number) > g.limits.lagP99Ms, `lag p99 ${g.lag.p99} ms is past its limit`);
  assert.match(g.reason ?? '', /late|stalled/);
  assert.ok(report.timeseries.some((row) => (row.lagP99 ?? 0) > g.limits.lagP99Ms), 'the intervals show the lag');
  assert.match(report.recommendations[0] ?? '', /generator/i, 'the first recommendation is the saturation');
  for (const advice of report.recommendations) assert.doesNotMatch(advice, /raise\s+`?maxUsers/i, advice);
  assert.match(stdout, /generator/i, 'the CLI summary names the generator');
});

test('after a failed step the user still waits out the think that would have followed', async () => {
  // One user, a step that always fails, then a 200 ms think: about 10 requests in 2 s, not
  // thousands. Both the flow's own think and defaults.think count.
  const flowThink = await run(`version: 1
name: failing-with-think
target: http://127.0.0.1:1
phases:
  - duration: 2s
    users: 1
flows:
  - name: fail
    steps:
      - request: GET /fail?status=500
      - think: 200ms
`);
  assert.ok(flowThink.report.totals.requests >= 2 && flowThink.report.totals.requests <= 14, `${flowThink.report.totals.requests} requests`);
  assert.equal(flowThink.report.totals.errors, flowThink.report.totals.requests);

  const defaultThink = await run(`version: 1
name: failing-with-default-think
target: http://127.0.0.1:1
defaults: { think: 200ms }
phases:
  - duration: 2s
    users: 1
flows:
  - name: fail
    steps:
      - request: GET /fail?status=503
      - request: GET /never
`);
  assert.ok(defaultThink.report.totals.requests <= 14, `${defaultThink.report.totals.requests} requests`);
  assert.equal(defaultThink.report.steps.find((s) => s.name === 'GET /never')?.requests ?? 0, 0, 'the iteration still ends at the failed step');
});

test('the warm start: the first phase begins with its users\' connections already open', async () => {
  const sockets = new Set<Socket>();
  let openAtFirstRequest: number | undefined;
  const server: Server = createServer((_req, res) => {
    openAtFirstRequest ??= sockets.size;
    res.end('ok');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { dir, file } = writeScenario('warm.scenario.yaml', `version: 1
name: warm
target: ${url}
phases:
  - duration: 1s
    users: 8
flows:
  - name: get
    steps:
      - request: GET /
      - think: 100ms
`);
    const result = await runCli(['run', file, '--out', join(dir, 'out')]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(openAtFirstRequest, 8, 'all 8 connections were open before the first request');
    assert.equal(readReport(join(dir, 'out')).totals.errors, 0);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a checkpoint encoded off the loop (counts copied, encoded elsewhere) equals one encoded in place', () => {
  const store = new MetricsStore();
  const step = store.step('GET /', 'request', 'f');
  const flow = store.flow('f', 1);
  for (let i = 0; i < 5000; i++) {
    store.recordRequest(step, 0.2 + (i % 97) * 0.37, 200, flow);
    store.recordLag((i % 13) * 0.05);
  }
  store.recordIteration(flow, false, 3.5);
  const copied = JSON.parse(JSON.stringify(encodeSnapshot(structuredClone(snapshotStore(store)))));
  assert.deepEqual(copied, JSON.parse(JSON.stringify(encodeStore(store))));
});
