// Faults of the target and of the run, end to end: the real CLI (and its engine child) against a
// misbehaving server on 127.0.0.1. Each test asserts what the user sees (exit code, report.json)
// and that no process is left behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { writeScenario } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import type { Report } from '../../report/types';
import { freePort, startFaultServer, type FaultServer } from './fault-server';
import { assertNoLeftovers, startTracked } from './processes';

let server: FaultServer;
before(async () => {
  server = await startFaultServer();
});
after(async () => {
  await server.kill();
});

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** The report the CLI wrote, checked against the schema and against the exit code. */
function readReport(out: string, exitCode: number | null): Report {
  const path = join(out, 'report.json');
  assert.ok(existsSync(path), 'report.json was written');
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
  assert.equal(report.exitCode, exitCode);
  assert.ok(existsSync(join(out, 'report.html')) && existsSync(join(out, 'timeseries.csv')));
  return report;
}

const samples = (report: Report): string => JSON.stringify(report.steps.map((s) => [s.name, s.sampleErrors]));

/** Runs `yaml` through the CLI against `target`; returns the result, the report and the wall time. */
async function run(name: string, yaml: string, target: string, timeoutMs = 20_000) {
  const { dir, file } = writeScenario(`${name}.scenario.yaml`, yaml);
  const out = join(dir, 'out');
  const cli = startTracked(['run', file, '--out', out, '--target', target, '--quiet'], { timeoutMs });
  const result = await cli.finished;
  assert.notEqual(result.signal, 'SIGKILL', `the CLI hung and was killed\n${result.stderr}`);
  await assertNoLeftovers(cli);
  assert.doesNotMatch(result.stderr, /engine error|TypeError|RangeError|at .*\.js:\d+/, 'no crash');
  return { result, report: readReport(out, result.code), wallMs: result.wallMs };
}

test('target down at start: every request is a connect error, the run completes, the report is written', { timeout: 15_000 }, async () => {
  const port = await freePort();
  const { result, report, wallMs } = await run(
    'down',
    `version: 1
name: target down
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /ok
      - think: 50ms
teardown:
  - request: GET /cleanup
    name: cleanup
`,
    `http://127.0.0.1:${port}`,
  );
  // No criteria: nothing failed that the user asked to pass, so the run passes with its errors shown.
  assert.equal(result.code, 0, result.stderr);
  assert.equal(report.outcome, 'completed');
  assert.ok(report.errors.connect > 5, `connect errors ${report.errors.connect}`);
  const step = report.steps.find((s) => s.name === 'GET /ok');
  assert.ok(step);
  assert.equal(step.errors, step.requests);
  assert.equal(step.errorKinds.connect, step.errors);
  assert.match(step.sampleErrors[0].message, /ECONNREFUSED/);
  assert.deepEqual(report.teardown.ran, true);
  assert.equal(report.teardown.passed, false);
  assert.match(report.teardown.error ?? '', /cleanup: ECONNREFUSED/);
  assert.ok(wallMs < 8000, `took ${wallMs} ms`);
});

test('target killed mid-run: measured before, connect errors after, the criterion fails with exit 1', { timeout: 15_000 }, async () => {
  const dying = await startFaultServer();
  // Killed about 1 s after the load reached it (the CLI's start-up time is not counted).
  let killAt = Number.POSITIVE_INFINITY;
  const watch = setInterval(() => {
    if (dying.seen.length === 0 || killAt !== Number.POSITIVE_INFINITY) return;
    killAt = Date.now() + 1000;
    setTimeout(() => void dying.kill(), 1000);
  }, 10);
  try {
    const { result, report } = await run(
      'killed-target',
      `version: 1
name: killed target
target: http://127.0.0.1:1
monitor: { interval: 500ms }
phases:
  - duration: 3s
    users: 3
flows:
  - name: f
    steps:
      - request: GET /ok
        name: hello
      - think: 20ms
criteria:
  - errorRate < 1%
`,
      dying.url,
    );
    assert.equal(result.code, 1, result.stderr);
    assert.equal(report.outcome, 'completed');
    assert.equal(report.criteria[0].passed, false);
    const step = report.steps.find((s) => s.name === 'hello');
    assert.ok(step);
    assert.ok((step.statusCodes['200'] ?? 0) > 20, `answered before the kill: ${JSON.stringify(step.statusCodes)}`);
    assert.ok(report.errors.connect > 5, `connect errors ${report.errors.connect}`);
    assert.equal(report.errors.connect, report.totals.errors, samples(report));
    assert.ok(step.sampleErrors.some((e) => /ECONNREFUSED/.test(e.message)), samples(report));
    // The partial timeseries shows the change: clean intervals before the kill, errors after.
    const before = report.timeseries.filter((row) => row.time <= killAt);
    const afterKill = report.timeseries.filter((row) => row.time > killAt + 500);
    assert.ok(before.length >= 1 && afterKill.length >= 1, JSON.stringify(report.timeseries.map((r) => [r.time - killAt, r.requests, r.errors])));
    assert.ok(before.every((row) => row.errors === 0) && before.some((row) => row.requests > 0));
    // After the kill nothing succeeds. (The last row may cover only the few ms between the last
    // tick and the end of the load, and hold no request at all.)
    const rows = JSON.stringify(report.timeseries.map((r) => [r.time - killAt, r.requests, r.errors]));
    assert.ok(afterKill.every((row) => row.errors === row.requests), rows);
    assert.ok(afterKill.some((row) => row.errors > 0), rows);
    assert.ok(dying.seen.length > 20);
  } finally {
    clearInterval(watch);
    await dying.kill();
  }
});

test('connections reset on every request: counted as connect errors with a socket message', { timeout: 15_000 }, async () => {
  const { result, report } = await run(
    'reset-all',
    `version: 1
name: reset all
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /reset
        name: reset
      - think: 20ms
`,
    server.url,
  );
  assert.equal(result.code, 0, result.stderr);
  const step = report.steps.find((s) => s.name === 'reset');
  assert.ok(step);
  assert.ok(step.requests > 5 && step.errors === step.requests, `${step.requests} ${step.errors}`);
  assert.equal(step.errorKinds.connect, step.errors, samples(report));
  assert.ok(step.sampleErrors.every((e) => /ECONNRESET|UND_ERR_SOCKET|socket|other side closed/i.test(e.message)), samples(report));
});

test('every third connection reset: the rest succeed, the resets are connect errors, the criterion fails', { timeout: 15_000 }, async () => {
  const { result, report } = await run(
    'reset-third',
    `version: 1
name: reset some
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /reset?every=3
        name: flaky
      - think: 20ms
criteria:
  - errorRate < 5%
`,
    server.url,
  );
  assert.equal(result.code, 1, result.stderr);
  const step = report.steps.find((s) => s.name === 'flaky');
  assert.ok(step);
  assert.ok((step.statusCodes['200'] ?? 0) > 5, JSON.stringify(step.statusCodes));
  assert.ok(step.errors > 2, `errors ${step.errors}`);
  assert.equal(step.errorKinds.connect, step.errors, samples(report));
  assert.equal(step.requests, step.errors + step.statusCodes['200']);
  // About a third (each reset also costs its VU a reconnect, which is not a request).
  const rate = report.totals.errorRate;
  assert.ok(rate > 0.15 && rate < 0.5, `error rate ${rate}`);
});

test('responses that stall past the timeout: timeout errors, and the run ends on time', { timeout: 15_000 }, async (t) => {
  const { result, report, wallMs } = await run(
    'stall',
    `version: 1
name: stall
target: http://127.0.0.1:1
phases:
  - duration: 2s
    users: 3
flows:
  - name: f
    steps:
      - request: GET /stall
        name: stalled
        timeout: 300ms
`,
    server.url,
  );
  assert.equal(result.code, 0, result.stderr);
  const step = report.steps.find((s) => s.name === 'stalled');
  assert.ok(step);
  // Each stalled request ends by its timeout (precision: see the next test), never hangs the VU.
  assert.ok(step.requests >= 3 && step.requests <= 24, `requests ${step.requests}`);
  assert.equal(step.errors, step.requests);
  assert.equal(step.errorKinds.timeout, step.errors, samples(report));
  assert.match(step.sampleErrors[0].message, /^timeout: /);
  t.diagnostic(`${step.requests} timeouts, run ${report.durationMs} ms for a 2 s phase`);
  assert.ok(report.durationMs < 4000, `durationMs ${report.durationMs}`);
  assert.ok(wallMs < 8000, `took ${wallMs} ms`);
});

test('a 300 ms timeout fires after about 300 ms', { timeout: 15_000 }, async () => {
  const { report } = await run(
    'stall-precision',
    `version: 1
name: stall precision
target: http://127.0.0.1:1
phases:
  - duration: 2s
    users: 3
flows:
  - name: f
    steps:
      - request: GET /stall
        name: stalled
        timeout: 300ms
`,
    server.url,
  );
  const step = report.steps.find((s) => s.name === 'stalled');
  assert.ok(step);
  // 3 users × 2 s / 300 ms each is about 20.
  assert.ok(step.requests >= 12, `only ${step.requests} requests: each timeout took about ${Math.round(6000 / step.requests)} ms`);
});

for (const kind of ['hello', 'random']) {
  test(`non-HTTP garbage (${kind}): errors of kind other with the parser's message, no crash`, { timeout: 15_000 }, async () => {
    const { result, report } = await run(
      `garbage-${kind}`,
      `version: 1
name: garbage ${kind}
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /garbage?kind=${kind}
        name: garbage
      - think: 20ms
`,
      server.url,
    );
    assert.equal(result.code, 0, result.stderr);
    const step = report.steps.find((s) => s.name === 'garbage');
    assert.ok(step);
    assert.ok(step.requests > 5 && step.errors === step.requests, `${step.requests} ${step.errors}`);
    assert.equal(step.errorKinds.other, step.errors, samples(report));
    assert.ok(step.sampleErrors.every((e) => /HPE_|parse|does not match the HTTP\/1\.1 protocol/i.test(e.message)), samples(report));
  });
}

for (const withLength of [true, false]) {
  test(`a 400 MB response ${withLength ? 'with' : 'without'} content-length completes and memory stays bounded`, { timeout: 20_000 }, async (t) => {
    const before = server.hugeBytesSent;
    const { result, report } = await run(
      `huge-${withLength}`,
      `version: 1
name: huge body
target: http://127.0.0.1:1
monitor: { interval: 250ms }
phases:
  - duration: 1s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /huge?mb=400&length=${withLength ? 1 : 0}
        name: huge
        timeout: 5s
      - think: 5s
`,
      server.url,
    );
    assert.equal(result.code, 0, result.stderr);
    const step = report.steps.find((s) => s.name === 'huge');
    assert.ok(step);
    assert.equal(step.requests, 1);
    assert.equal(step.errors, 0, samples(report));
    assert.equal(step.statusCodes['200'], 1);
    assert.ok(server.hugeBytesSent - before >= 400 * 1024 * 1024, 'the whole body went out');
    const peak = report.system.peakRssMB ?? 0;
    t.diagnostic(`peak RSS ${peak} MB, request latency ${Math.round(step.latency.max)} ms`);
    assert.ok(peak > 0 && peak < 300, `peak RSS ${peak} MB`);
  });
}

test('a 150 MB response checked with expect.contains: memory still bounded', { timeout: 20_000 }, async () => {
  const { result, report } = await run(
    'huge-contains',
    `version: 1
name: huge body checked
target: http://127.0.0.1:1
monitor: { interval: 250ms }
phases:
  - duration: 1s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /huge?mb=150&length=1
        name: huge
        timeout: 10s
        expect: { contains: "needle" }
      - think: 5s
`,
    server.url,
  );
  assert.equal(result.code, 0, result.stderr);
  const peak = report.system.peakRssMB ?? 0;
  assert.ok(peak < 300, `peak RSS ${peak} MB for a 150 MB body`);
});

test('a trickling response: latency reflects it', { timeout: 15_000 }, async (t) => {
  const { result, report } = await run(
    'trickle',
    `version: 1
name: trickle
target: http://127.0.0.1:1
phases:
  - duration: 500ms
    users: 1
flows:
  - name: f
    steps:
      - request: GET /trickle?bytes=16&every=50
        name: trickle
        timeout: 2s
`,
    server.url,
  );
  assert.equal(result.code, 0, result.stderr);
  const step = report.steps.find((s) => s.name === 'trickle');
  assert.ok(step);
  assert.equal(step.errors, 0, samples(report));
  assert.ok(step.requests >= 1 && step.requests <= 2);
  t.diagnostic(`latency ${Math.round(step.latency.min)}..${Math.round(step.latency.max)} ms`);
  // 16 bytes, one each 50 ms: the last byte arrives after about 800 ms.
  assert.ok(step.latency.min >= 750 && step.latency.max < 2000, JSON.stringify(step.latency));
});

test('a trickling response longer than the timeout is a timeout error', { timeout: 15_000 }, async () => {
  const { result, report } = await run(
    'trickle-timeout',
    `version: 1
name: trickle past timeout
target: http://127.0.0.1:1
phases:
  - duration: 500ms
    users: 1
flows:
  - name: f
    steps:
      - request: GET /trickle?bytes=30&every=50
        name: trickle
        timeout: 300ms
`,
    server.url,
  );
  assert.equal(result.code, 0, result.stderr);
  const step = report.steps.find((s) => s.name === 'trickle');
  assert.ok(step);
  assert.ok(step.errors >= 1 && step.errorKinds.timeout === step.errors, samples(report));
  assert.ok(step.latency.max < 1000, `latency ${JSON.stringify(step.latency)} (the body takes 1.5 s)`);
});

test('an SSE server that drops subscribers after one event: the sse step counts an error', { timeout: 15_000 }, async () => {
  const { result, report } = await run(
    'sse-drop',
    `version: 1
name: sse drop
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 2
flows:
  - name: f
    steps:
      - sse: GET /sse-drop?events=1
        name: events
        until: { events: 5, timeout: 5s }
      - think: 50ms
`,
    server.url,
  );
  assert.equal(result.code, 0, result.stderr);
  const step = report.steps.find((s) => s.name === 'events');
  assert.ok(step);
  assert.equal(step.kind, 'sse');
  assert.ok(step.requests >= 2 && step.errors === step.requests, `${step.requests} ${step.errors}`);
  assert.equal(step.events, step.requests, 'one event per subscription was counted');
  assert.equal(step.errorKinds.expectation, step.errors, samples(report));
  assert.deepEqual(step.sampleErrors.map((e) => e.message), ['the stream ended before the expected events']);
});

test('SIGINT during setup: exit 3 at once, teardown attempted, partial report with outcome stopped', { timeout: 15_000 }, async (t) => {
  const { dir, file } = writeScenario(
    'stop-setup.scenario.yaml',
    `version: 1
name: stop in setup
target: http://127.0.0.1:1
setup:
  - request: GET /stall?stage=setup
    name: slow setup
    timeout: 30s
phases:
  - duration: 10s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /ok?stage=load
teardown:
  - request: GET /ok?stage=teardown
    name: cleanup
`,
  );
  const out = join(dir, 'out');
  const cli = startTracked(['run', file, '--out', out, '--target', server.url]);
  await cli.waitFor(/setup…/);
  const deadline = Date.now() + 5000;
  while (!server.seen.includes('GET /stall?stage=setup') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(server.seen.includes('GET /stall?stage=setup'), 'setup reached the server');
  const stoppedAt = Date.now();
  cli.child.kill('SIGINT');
  const result = await cli.finished;
  const stopMs = Date.now() - stoppedAt;
  t.diagnostic(`exited ${stopMs} ms after SIGINT`);
  await assertNoLeftovers(cli);
  assert.equal(result.code, 3, result.stderr);
  assert.ok(stopMs < 3000, `stopped in ${stopMs} ms`);
  const report = readReport(out, 3);
  assert.equal(report.outcome, 'stopped');
  assert.match(report.reason ?? '', /interrupted/);
  assert.equal(report.setup.ran, true);
  assert.equal(report.setup.passed, false);
  assert.deepEqual(report.teardown, { ran: true, passed: true });
  assert.ok(server.seen.includes('GET /ok?stage=teardown'), 'the server saw the teardown request');
  assert.ok(!server.seen.includes('GET /ok?stage=load'), 'no load was sent');
  // Only the teardown's request completed; the cut setup request is not a target failure.
  assert.deepEqual(report.steps.map((s) => [s.name, s.requests, s.errors]), [['slow setup', 0, 0], ['cleanup', 1, 0]]);
  assert.equal(report.phases.length, 0);
});

/** A scenario whose setup and teardown each think for 30 s, with a request on either side. */
const THINKING_STAGES = `version: 1
name: thinking stages
target: http://127.0.0.1:1
setup:
  - request: GET /ok?stage=setup
  - think: 30s
phases:
  - duration: 2s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /ok?stage=load
      - think: 100ms
teardown:
  - request: GET /ok?stage=teardown
  - think: 30s
  - request: GET /ok?stage=teardown-end
`;

async function seenWithin(line: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!server.seen.includes(line) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
}

/** The CLI stopped by SIGINT: exit 3, nothing left running, a report with outcome `stopped`. */
async function stoppedReport(cli: ReturnType<typeof startTracked>, out: string): Promise<Report> {
  const result = await cli.finished;
  await assertNoLeftovers(cli);
  assert.equal(result.code, 3, result.stderr);
  const report = readReport(out, 3);
  assert.equal(report.outcome, 'stopped');
  return report;
}

test('SIGINT while setup thinks: the think is cut, setup is interrupted, teardown runs', { timeout: 45_000 }, async (t) => {
  // Found by the extension's fault tests: a stop used to wait a setup `think` out.
  server.seen.splice(0);
  const { dir, file } = writeScenario('stop-setup-think.scenario.yaml', THINKING_STAGES);
  const out = join(dir, 'out');
  const cli = startTracked(['run', file, '--out', out, '--target', server.url]);
  await cli.waitFor(/setup…/);
  await seenWithin('GET /ok?stage=setup', 5000);
  // Into the think: a stop while the request is still in flight would fail that request instead.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const stoppedAt = Date.now();
  cli.child.kill('SIGINT');
  // The teardown thinks 30 s after its first request; a second SIGINT then cuts it.
  await seenWithin('GET /ok?stage=teardown', 5000);
  const setupStopMs = Date.now() - stoppedAt;
  t.diagnostic(`setup cut and teardown reached ${setupStopMs} ms after SIGINT`);
  assert.ok(server.seen.includes('GET /ok?stage=teardown'), 'teardown ran');
  assert.ok(setupStopMs < 3000, `setup's think held the stop for ${setupStopMs} ms`);
  cli.child.kill('SIGINT');
  const report = await stoppedReport(cli, out);
  assert.deepEqual(report.setup, { ran: true, passed: false, error: 'interrupted' });
  assert.deepEqual(report.teardown, { ran: true, passed: false, error: 'interrupted' });
  assert.ok(!server.seen.includes('GET /ok?stage=load'), 'no load was sent');
  assert.ok(!server.seen.includes('GET /ok?stage=teardown-end'), 'the cut teardown went no further');
  assert.ok(Date.now() - stoppedAt < 10_000);
});

test('one SIGINT during teardown lets it finish; teardown is not cut by a graceful stop', { timeout: 60_000 }, async () => {
  server.seen.splice(0);
  const { dir, file } = writeScenario('stop-teardown.scenario.yaml', THINKING_STAGES.replace('  - think: 30s\n  - request: GET /ok?stage=teardown-end', '  - think: 1500ms\n  - request: GET /ok?stage=teardown-end').replace('  - request: GET /ok?stage=setup\n  - think: 30s\n', '  - request: GET /ok?stage=setup\n'));
  const out = join(dir, 'out');
  const cli = startTracked(['run', file, '--out', out, '--target', server.url]);
  await seenWithin('GET /ok?stage=teardown', 15_000);
  assert.ok(server.seen.includes('GET /ok?stage=teardown'), 'teardown began');
  cli.child.kill('SIGINT');
  const report = await stoppedReport(cli, out);
  assert.deepEqual(report.teardown, { ran: true, passed: true });
  assert.ok(server.seen.includes('GET /ok?stage=teardown-end'), 'teardown went to its end');
});
