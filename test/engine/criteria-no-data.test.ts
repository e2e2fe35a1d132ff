// A criterion whose metric has no data is not evaluated, and the run does not pass (exit code 1):
// the real CLI against a real server on 127.0.0.1, read as a user reads it — the exit code,
// report.json, report.html, the summary and the live criteria messages (--events).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, writeScenario } from '../helpers/cli';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';
import { readValidReport } from '../helpers/report';
import { oneFlowScenario } from '../helpers/scenario-text';
import { freePort } from '../faults/fault-server';
import type { CriterionReport } from '../../report/types';

let echo: EchoServer;
before(async () => {
  echo = await startEchoServer();
});
after(async () => {
  await echo.close();
});

/** The live `criteria` messages the engine sent, in order. */
function liveCriteria(eventsFile: string): CriterionReport[][] {
  return readFileSync(eventsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; criteria?: CriterionReport[] })
    .filter((m) => m.type === 'criteria')
    .map((m) => m.criteria ?? []);
}

test('a criterion whose step never ran fails as "not evaluated: no data" everywhere, live too, and the run exits 1', async () => {
  // `fails` answers 500 where 200 is expected, which ends each iteration: `never` never runs.
  const { dir, file } = writeScenario(
    'no-data.scenario.yaml',
    oneFlowScenario({
      name: 'no data',
      duration: '2s',
      users: 2,
      steps: `      - request: GET /fail?status=500
        name: fails
        expect: { status: 200 }
      - request: GET /ok
        name: never
      - think: 50ms`,
      after: `criteria:
  - { expr: "p95(latency, step=never) < 1s", abort: true }
  - p95(latency, step=fails) < 5s
monitor: { interval: 500ms, system: false }
`,
    }),
  );
  const out = join(dir, 'out');
  const events = join(dir, 'events.ndjson');
  const result = await runCli(['run', file, '--out', out, '--target', echo.url, '--events', events], { timeoutMs: 30_000 });
  assert.equal(result.code, 1, result.stderr + result.stdout);
  const report = readValidReport(out);
  // Its step may still run while the load goes on: no data is no reason to abort.
  assert.equal(report.outcome, 'completed');
  assert.deepEqual(report.criteria[0], { expr: 'p95(latency, step=never) < 1s', passed: false, actual: null, actualText: 'no data', reason: 'no data', abort: true, aborted: false });
  assert.equal(report.criteria[1].passed, true);
  assert.equal(report.criteria[1].reason, undefined);
  assert.deepEqual([report.passed, report.exitCode], [false, 1]);
  assert.ok(!report.steps.some((s) => s.name === 'never' && s.requests > 0), 'the step never ran');

  assert.match(result.stdout, /FAILED/);
  assert.ok(result.stdout.includes('  ✗ p95(latency, step=never) < 1s   (not evaluated: no data)'), result.stdout);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.includes('not evaluated: no data'), 'the report\'s criteria table says so');

  const live = liveCriteria(events);
  assert.ok(live.length >= 2, `${live.length} live criteria messages`);
  for (const criteria of live) assert.deepEqual([criteria[0].passed, criteria[0].actual, criteria[0].reason], [false, null, 'no data']);
});

test('a latency criterion whose requests were all refused keeps "none of N answered", with the reason "no data"', async () => {
  const { dir, file } = writeScenario(
    'refused.scenario.yaml',
    oneFlowScenario({
      name: 'refused',
      target: `http://127.0.0.1:${await freePort()}`,
      steps: '      - request: GET /hello\n      - think: 50ms',
      after: 'criteria:\n  - p95(latency) < 250ms\n',
    }),
  );
  const out = join(dir, 'out');
  const result = await runCli(['run', file, '--out', out, '--quiet'], { timeoutMs: 30_000 });
  assert.equal(result.code, 1, result.stderr + result.stdout);
  const [criterion] = readValidReport(out).criteria;
  assert.equal(criterion.passed, false);
  assert.equal(criterion.actual, null);
  assert.equal(criterion.reason, 'no data');
  assert.match(criterion.actualText, /^no data: none of \d+ answered$/);
  assert.ok(result.stdout.includes(`  ✗ p95(latency) < 250ms   (actual ${criterion.actualText})`), result.stdout);
});
