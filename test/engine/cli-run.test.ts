// The real CLI against the real sample server on 127.0.0.1: what a user runs is what is tested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { runCli, startCli, writeScenario } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { resetStats, serverStats, startSampleServer, type SampleServer } from '../helpers/sample-server';
import { formatMs } from '../../report/format';
import type { Report } from '../../report/types';
import { childrenOf } from '../helpers/proc';

let server: SampleServer;
before(async () => {
  server = await startSampleServer();
});
after(async () => {
  await server.close();
});

function readReport(dir: string): Report {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
}

function assertValidReport(report: Report): void {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
}

const CRUD = (phases: string) => `version: 1
name: crud check
target: http://127.0.0.1:1
defaults:
  timeout: 5s
variables:
  adminUser: admin
setup:
  - request: POST /auth/login
    json: { username: "{{ adminUser }}", password: secret }
    capture: { adminToken: body.token }
  - request: POST /collections
    headers: { authorization: "Bearer {{ adminToken }}" }
    json: { name: "test-{{ now() }}" }
    expect: { status: 201 }
    capture: { collectionId: body.id }
flows:
  - name: write
    steps:
      - request: POST /collections/{{ collectionId }}/records
        name: create
        headers: { authorization: "Bearer {{ adminToken }}" }
        json: { owner: "vu{{ vu.id }}", n: "{{ vu.iteration }}" }
        expect: { status: 201 }
        capture: { recordId: body.id }
      - request: GET /collections/{{ collectionId }}/records/{{ recordId }}
        name: read back
        headers: { authorization: "Bearer {{ adminToken }}" }
        expect: { status: 200, contains: '"owner":"vu{{ vu.id }}"' }
      - think: 20ms..60ms
phases:
${phases}
teardown:
  - request: DELETE /collections/{{ collectionId }}
    name: drop collection
    headers: { authorization: "Bearer {{ adminToken }}" }
    expect: { status: 204 }
criteria:
  - errorRate < 1%
  - p95(latency) < 2s
`;

test('the report counts exactly the requests the server saw, and captures flow through', async () => {
  const { dir, file } = writeScenario('crud.scenario.yaml', CRUD('  - duration: 2s\n    users: 4'));
  await resetStats(server.url);
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', server.url, '--quiet']);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const report = readReport(join(dir, 'out'));
  const stats = await serverStats(server.url);
  // The totals cover the load phases; setup's and teardown's requests are in their steps only.
  const stageRequests = report.steps.filter((s) => s.flows.every((f) => f === 'setup' || f === 'teardown')).reduce((sum, s) => sum + s.requests, 0);
  assert.ok(stageRequests >= 2, 'setup and teardown requests are listed per step');
  assert.equal(report.totals.requests + stageRequests, stats.requests);
  assert.ok(report.totals.requests > 20, `only ${report.totals.requests} requests`);
  assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
  // `read back` checks the body holds this VU's own record: captures reached the next request.
  const readBack = report.steps.find((s) => s.name === 'read back');
  const created = report.steps.find((s) => s.name === 'create');
  assert.ok(readBack && created);
  assert.equal(created.requests, stats.byRoute['POST /collections/:id/records']);
  assert.ok(readBack.requests >= created.requests - 4);
  assert.equal(readBack.statusCodes['200'], readBack.requests);
  assert.equal(report.setup.passed, true);
  assert.deepEqual(report.teardown, { ran: true, passed: true });
  assert.equal(stats.byRoute['DELETE /collections/:id'], 1);
  assert.equal(report.passed, true);
  assert.equal(report.exitCode, 0);
  assert.ok(report.timeseries.length >= 2);
  assert.ok(report.latency.p50 > 0 && report.latency.p50 <= report.latency.p99);
  assertValidReport(report);
  assert.ok(existsSync(join(dir, 'out', 'report.html')));
  assert.ok(readFileSync(join(dir, 'out', 'timeseries.csv'), 'utf8').split('\n').length >= 3);
  assert.match(result.stdout, /PASSED/);
  assert.match(result.stdout, /read back/);
  // The generator's own line: its figures from report.json, and its verdict.
  const generator = result.stdout.split('\n').filter((line) => line.startsWith('generator  '));
  assert.equal(generator.length, 1, result.stdout);
  const lag = report.generator.lag;
  assert.ok(generator[0].startsWith(`generator  lag p50 ${formatMs(lag.p50)} p99 ${formatMs(lag.p99)} max ${formatMs(lag.max)}  event-loop delay p99 `), generator[0]);
  assert.match(generator[0], /  engine CPU mean \S+ max \S+  (not saturated|SATURATED: .+)$/);
  assert.equal(generator[0].endsWith('  not saturated'), !report.generator.saturated);
});

test('SIGINT stops gracefully: teardown runs and the partial report is written', async () => {
  const { dir, file } = writeScenario('long.scenario.yaml', CRUD('  - duration: 60s\n    users: 3'));
  await resetStats(server.url);
  const out = join(dir, 'out');
  const cli = startCli(['run', file, '--out', out, '--target', server.url], { timeoutMs: 30_000 });
  await cli.waitFor(/phase 1/);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const stoppedAt = Date.now();
  cli.child.kill('SIGINT');
  const result = await cli.done;
  assert.equal(result.code, 3, result.stderr);
  assert.ok(Date.now() - stoppedAt < 10_000);
  const report = readReport(out);
  assert.equal(report.outcome, 'stopped');
  assert.equal(report.exitCode, 3);
  assert.equal(report.passed, false);
  assert.deepEqual(report.teardown, { ran: true, passed: true });
  const stats = await serverStats(server.url);
  assert.equal(stats.byRoute['DELETE /collections/:id'], 1);
  assert.ok(report.totals.requests > 0);
  assert.ok(report.durationMs < 20_000);
  assertValidReport(report);
});

test('an engine killed with SIGKILL mid-run still leaves a partial report of what was measured', async () => {
  const { dir, file } = writeScenario('killed.scenario.yaml', CRUD('  - duration: 60s\n    users: 2'));
  const out = join(dir, 'out');
  const cli = startCli(['run', file, '--out', out, '--target', server.url], { timeoutMs: 30_000 });
  await cli.waitFor(/phase 1/);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const children = childrenOf(cli.child.pid as number);
  assert.equal(children.length, 1, `the CLI has one engine child: ${children.join(' ')}`);
  process.kill(children[0], 'SIGKILL');
  const result = await cli.done;
  assert.equal(result.code, 3);
  assert.match(result.stderr, /the engine stopped unexpectedly \(SIGKILL\) before sending its report/);
  const report = readReport(out);
  assert.equal(report.outcome, 'error');
  assert.equal(report.exitCode, 3);
  assert.ok(report.timeseries.length >= 1, 'the intervals measured before the kill are kept');
  assert.ok(report.totals.requests > 0);
  // Percentiles, steps and flows exactly as of the engine's last checkpoint (every few seconds).
  assert.ok(report.latency.p95 > 0, JSON.stringify(report.latency));
  assert.ok(report.steps.length > 0 && report.flows.length > 0);
  const loadSteps = report.steps.filter((s) => !s.flows.every((f) => f === 'setup' || f === 'teardown'));
  const stepRequests = loadSteps.reduce((sum, step) => sum + step.requests, 0);
  assert.ok(stepRequests > 0 && stepRequests <= report.totals.requests, `${stepRequests} step requests, ${report.totals.requests} in all`);
  assertValidReport(report);
});

// A client killed with SIGKILL: test/engine/orphaned-run.test.ts (teardown, the report, no engine left).

test('an open-model phase holds its rate', async () => {
  const { dir, file } = writeScenario(
    'rate.scenario.yaml',
    `version: 1
name: rate check
target: http://127.0.0.1:1
phases:
  - duration: 3s
    rate: 200
    maxUsers: 100
flows:
  - name: hello
    steps:
      - request: GET /hello
`,
  );
  await resetStats(server.url);
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', server.url, '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  const report = readReport(join(dir, 'out'));
  // 200/s for 3 s is 600 arrivals on the schedule; allow a few percent.
  assert.ok(Math.abs(report.totals.requests - 600) <= 18, `requests ${report.totals.requests}`);
  assert.equal(report.totals.dropped, 0);
  assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
  assert.equal((await serverStats(server.url)).requests, report.totals.requests);
  assert.equal(report.phases[0].model, 'open');
});

test('iterations beyond maxUsers are dropped and counted', async () => {
  const { dir, file } = writeScenario(
    'dropped.scenario.yaml',
    `version: 1
name: dropped check
target: http://127.0.0.1:1
phases:
  - duration: 2s
    rate: 100
    maxUsers: 2
flows:
  - name: slow
    steps:
      - request: GET /delay?ms=200
`,
  );
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', server.url, '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  const report = readReport(join(dir, 'out'));
  // Two users, 200 ms each: about 10 iterations a second fit, the rest of 100/s are dropped.
  assert.ok(report.totals.dropped > 120, `dropped ${report.totals.dropped}`);
  assert.equal(report.totals.requests + report.totals.dropped, 200);
  assert.ok(report.recommendations.some((r) => /maxUsers/.test(r)), report.recommendations.join('\n'));
});

test('an unreachable target is an error in the report, not a crash', async () => {
  const { dir, file } = writeScenario(
    'down.scenario.yaml',
    `version: 1
name: target down
target: http://127.0.0.1:9
phases:
  - duration: 1s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /hello
      - think: 50ms
criteria:
  - errorRate < 1%
`,
  );
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--quiet']);
  assert.equal(result.code, 1, result.stderr);
  const report = readReport(join(dir, 'out'));
  assert.ok(report.errors.connect > 0);
  assert.equal(report.errors.connect, report.totals.errors);
  assert.equal(report.criteria[0].passed, false);
  assert.match(report.steps[0].sampleErrors[0].message, /ECONNREFUSED/);
});

test('a failing setup stops the run with exit code 3, and teardown still runs', async () => {
  const { dir, file } = writeScenario(
    'setup-fails.scenario.yaml',
    `version: 1
name: setup fails
target: http://127.0.0.1:1
setup:
  - request: GET /status/500
    name: broken setup
phases:
  - duration: 5s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /hello
teardown:
  - request: GET /health
    name: cleanup
`,
  );
  await resetStats(server.url);
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', server.url, '--quiet']);
  assert.equal(result.code, 3, result.stderr);
  const report = readReport(join(dir, 'out'));
  assert.equal(report.outcome, 'error');
  assert.equal(report.setup.passed, false);
  assert.match(report.setup.error ?? '', /broken setup/);
  assert.deepEqual(report.teardown, { ran: true, passed: true });
  const stats = await serverStats(server.url);
  assert.equal(stats.requests, 2);
  assert.equal(report.steps.find((s) => s.name === 'GET /hello'), undefined);
});

test('an invalid scenario exits 2 with file:line:col messages and sends nothing', async () => {
  const { dir, file } = writeScenario(
    'bad.scenario.yaml',
    `version: 1
name: broken
target: http://127.0.0.1:1
phases:
  - duration: 10 parsecs
    users: 5
flows:
  - name: f
    steps:
      - request: GET /hello
`,
  );
  await resetStats(server.url);
  const run = await runCli(['run', file, '--out', join(dir, 'out'), '--target', server.url, '--quiet']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /bad\.scenario\.yaml:5:\d+: error: /);
  assert.equal((await serverStats(server.url)).requests, 0);
  assert.ok(!existsSync(join(dir, 'out')));
  const validate = await runCli(['validate', file]);
  assert.equal(validate.code, 2);
  assert.match(validate.stdout, /bad\.scenario\.yaml:5:\d+: error: /);
});

test('a scenario above the safety ceiling is refused at the phase that asks, until the ceiling is raised', async () => {
  const { dir, file } = writeScenario(
    'huge.scenario.yaml',
    `version: 1
name: huge
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 50
  - duration: 1s
    rate: { from: 10, to: 60000 }
flows:
  - name: f
    steps:
      - request: GET /hello
`,
  );
  await resetStats(server.url);
  const refused = await runCli(['run', file, '--out', join(dir, 'out'), '--target', server.url, '--quiet', '--max-users', '20']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /huge\.scenario\.yaml:6:12: error: 50 users is above the ceiling of 20/);
  assert.match(refused.stderr, /huge\.scenario\.yaml:8:11: error: a rate of 60000\/s is above the ceiling of 10000\/s/);
  assert.equal((await serverStats(server.url)).requests, 0);
  const validate = await runCli(['validate', file, '--max-rate', '100000']);
  assert.equal(validate.code, 0, validate.stdout);
});

test('bad usage answers with the usage text and exit code 2', async () => {
  const unknown = await runCli(['run']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Usage: stampede/);
  const flag = await runCli(['run', 'x.scenario.yaml', '--bogus']);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /unknown option --bogus/);
  const missing = await runCli(['validate', '/nonexistent/x.scenario.yaml']);
  assert.equal(missing.code, 2);
});
