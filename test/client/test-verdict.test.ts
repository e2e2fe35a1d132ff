// What the Test Explorer says of a run (client/test-verdict.ts), for runs of the real engine
// (dist/engine.js, driven through EngineProcess as the extension drives it, and ended through
// the extension's report writer process, dist/report-writer.js) against a local server: passed, a breached criterion, stopped, an engine killed with SIGKILL mid-run, and a
// scenario the engine refuses. The extension maps the verdict to TestRun.passed/failed/errored.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EngineProcess } from '../../engine/driver/engine-process';
import { ReportWriter } from '../../engine/driver/report-writer';
import type { RunEnd } from '../../engine/driver/run-end';
import { RunRecorder } from '../../engine/driver/run-recorder';
import type { EngineToClient } from '../../engine/protocol/messages';
import { scenarioVerdict } from '../../client/test-verdict';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';
import { ROOT } from '../helpers/paths';

const ENGINE = join(ROOT, 'dist', 'engine.js');
const WRITER = new ReportWriter(join(ROOT, 'dist', 'report-writer.js'));

function scenario(target: string, phase: string, criteria = ''): string {
  return `version: 1
name: Verdict
target: ${target}
phases:
${phase}
flows:
  - name: ping
    steps:
      - request: GET /ping
      - think: 50ms
monitor: { interval: 500ms, system: false }
${criteria}`;
}

/** Runs `text` in a real engine; `during` may stop or kill it once it has sent an interval. */
async function run(text: string, during?: (engine: EngineProcess) => void): Promise<RunEnd & { fatal?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-verdict-'));
  const file = join(dir, 'verdict.scenario.yaml');
  writeFileSync(file, text);
  const recorder = new RunRecorder();
  let fatal: string | undefined;
  let intervals = 0;
  const engine: EngineProcess = new EngineProcess((message: EngineToClient) => {
    recorder.onMessage(message);
    if (message.type === 'fatal') fatal = message.message;
    // The third interval: the checkpoints of the first two have arrived by then.
    if (message.type === 'snapshot' && ++intervals === 3) during?.(engine);
  }, ENGINE);
  engine.start({ file, vars: {}, env: {} });
  const exit = await engine.whenExited();
  const outDir = join(dir, 'run');
  const end = await WRITER.finish({ type: 'finish', run: recorder.recorded(), exit, file, fatal, outDir });
  // Whatever ended the run, a report that exists has its files.
  if (end.report) assert.ok(existsSync(join(outDir, 'report.json')) && existsSync(join(outDir, 'report.html')), 'the report files are written');
  rmSync(dir, { recursive: true, force: true });
  return { report: end.report, failure: end.failure, fatal };
}

describe('the Test Explorer verdict of real runs', () => {
  let server: EchoServer;
  before(async () => {
    server = await startEchoServer();
  });
  after(async () => {
    await server.close();
  });

  it('passes when every criterion holds', async () => {
    const end = await run(scenario(server.url, '  - duration: 1s\n    users: 2', 'criteria:\n  - errorRate < 1%\n'));
    assert.equal(end.failure, undefined);
    assert.deepEqual(scenarioVerdict(end.report, end.failure), { kind: 'passed' });
  });

  it('fails with the breached criterion and its actual value', async () => {
    const end = await run(scenario(server.url, '  - duration: 1s\n    users: 2', 'criteria:\n  - rps > 1000000\n'));
    const verdict = scenarioVerdict(end.report, end.failure);
    assert.equal(verdict.kind, 'failed');
    assert.match(verdict.kind === 'failed' ? verdict.message : '', /^1 criterion failed: rps > 1000000 \(actual [\d.,]+\S*\)$/);
  });

  it('fails a latency criterion when every request failed: 100% errors never pass on latency', async () => {
    // Nothing listens on port 1 of 127.0.0.1: every connection is refused, no latency is measured.
    const end = await run(scenario('http://127.0.0.1:1', '  - duration: 1s\n    users: 1', 'criteria:\n  - p95(latency) < 250ms\n'));
    assert.equal(end.report?.exitCode, 1);
    const verdict = scenarioVerdict(end.report, end.failure);
    assert.equal(verdict.kind, 'failed');
    assert.match(verdict.kind === 'failed' ? verdict.message : '', /p95\(latency\) < 250ms \(actual no data: none of \d+ answered\)/);
  });

  it('is an error naming the reason when the run is stopped', async () => {
    const end = await run(scenario(server.url, '  - duration: 60s\n    users: 2'), (engine) => engine.stop('stopped from the editor'));
    assert.deepEqual(scenarioVerdict(end.report, end.failure), { kind: 'errored', message: 'Stopped: stopped from the editor' });
  });

  it('is an error naming SIGKILL when the engine is killed mid-run, and the partial report keeps what was measured', async () => {
    const end = await run(scenario(server.url, '  - duration: 60s\n    users: 2', 'criteria:\n  - errorRate < 1%\n'), (engine) => engine.kill());
    assert.match(end.failure ?? '', /^the engine stopped unexpectedly \(SIGKILL\) before sending its report$/);
    assert.ok(end.report, 'a partial report');
    assert.equal(end.report.outcome, 'error');
    assert.ok(end.report.totals.requests > 0, 'requests measured before the kill are kept');
    assert.ok(end.report.timeseries.length >= 2, 'the intervals heard before the kill are kept');
    // Exact figures as of the last interval, from the engine's checkpoint (merged histograms).
    assert.ok(end.report.latency.p50 > 0 && end.report.latency.p99 >= end.report.latency.p50, JSON.stringify(end.report.latency));
    // Steps and status codes as of the last checkpoint heard, totals as of the last interval.
    assert.deepEqual(end.report.steps.map((s) => s.name), ['GET /ping']);
    assert.ok(end.report.steps[0].requests > 0 && end.report.steps[0].requests <= end.report.totals.requests);
    assert.equal(end.report.statusCodes['200'], end.report.steps[0].requests);
    assert.equal(end.report.criteria.length, 1, 'the criteria as last evaluated live');
    assert.deepEqual(scenarioVerdict(end.report, end.failure), { kind: 'errored', message: end.failure });
  });

  it('is an error, not a failure, when an alert aborts the run and every criterion held', async () => {
    const end = await run(scenario(server.url, '  - duration: 60s\n    users: 2', 'criteria:\n  - errorRate < 1%\nalerts:\n  - { when: "requests > 0", for: 500ms, severity: critical, abort: true }\n'));
    assert.equal(end.report?.outcome, 'aborted');
    assert.equal(end.report?.exitCode, 3);
    assert.deepEqual(scenarioVerdict(end.report, end.failure), { kind: 'errored', message: 'Aborted: alert "requests > 0" fired' });
  });

  it('is an error with the engine\'s message when the scenario is refused', async () => {
    const end = await run(scenario(server.url, '  - duration: 10 parsecs\n    users: 2'));
    assert.equal(end.report, undefined);
    const verdict = scenarioVerdict(end.report, end.failure);
    assert.equal(verdict.kind, 'errored');
    assert.match(verdict.kind === 'errored' ? verdict.message : '', /verdict\.scenario\.yaml:5:\d+.*10 parsecs/s);
  });
});
