// The summary names the run's most frequent error messages, each with its step and count, however
// many steps the run had: a CI log must say why requests failed without report.json at hand.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderSummary } from '../../cli/summary';
import { runCli, writeScenario } from '../helpers/cli';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';
import { readValidReport } from '../helpers/report';
import { oneFlowScenario } from '../helpers/scenario-text';
import { freePort } from '../faults/fault-server';
import { buildSampleReport } from '../fixtures/reports/sample-report';

let echo: EchoServer;
before(async () => {
  echo = await startEchoServer();
});
after(async () => {
  await echo.close();
});

/** The lines under `most frequent errors`, up to the next blank line. */
function errorSection(summary: string): string[] {
  const lines = summary.split('\n');
  const at = lines.indexOf('most frequent errors');
  if (at < 0) return [];
  const end = lines.indexOf('', at);
  return lines.slice(at + 1, end < 0 ? undefined : end);
}

test('a one-step run against a port nobody listens on says the connection was refused, with its step and count', async () => {
  const port = await freePort();
  const { dir, file } = writeScenario(
    'refused.scenario.yaml',
    oneFlowScenario({ name: 'refused', target: `http://127.0.0.1:${port}`, steps: '      - request: GET /hello\n        name: hello\n      - think: 50ms' }),
  );
  const out = join(dir, 'out');
  const result = await runCli(['run', file, '--out', out, '--quiet'], { timeoutMs: 30_000 });
  const report = readValidReport(out);
  assert.ok(report.totals.errors > 0, result.stderr);
  const [sample] = report.steps[0].sampleErrors;
  assert.match(sample.message, /ECONNREFUSED/);
  assert.deepEqual(errorSection(result.stdout), [`  ${sample.count}  hello  ${sample.message}`], result.stdout);
});

test('a run whose one step gets 500s names that step and message, not the step that worked', async () => {
  const { dir, file } = writeScenario(
    'status.scenario.yaml',
    oneFlowScenario({
      name: 'status',
      users: 2,
      steps: `      - request: GET /ok
        name: works
      - request: GET /broken?status=500
        name: broken
        expect: { status: 200 }
      - think: 50ms`,
    }),
  );
  const out = join(dir, 'out');
  const result = await runCli(['run', file, '--out', out, '--target', echo.url, '--quiet'], { timeoutMs: 30_000 });
  const report = readValidReport(out);
  const broken = report.steps.find((s) => s.name === 'broken');
  assert.ok(broken && broken.errors > 0, result.stderr);
  assert.equal(report.steps.find((s) => s.name === 'works')?.errors, 0);
  const lines = errorSection(result.stdout);
  assert.equal(lines.length, 1, result.stdout);
  assert.match(lines[0], new RegExp(`^  ${broken.errors}  broken  status 500\\b`));
});

test('at most five messages are listed, the most frequent first, across steps; none when nothing failed', () => {
  const sample = buildSampleReport();
  const counts = [3, 40, 1, 7, 12, 9];
  const steps = sample.steps.slice(0, 2).map((s, i) => ({
    ...s,
    name: ['alpha', 'omega'][i],
    sampleErrors: counts.slice(i * 3, i * 3 + 3).map((count) => ({ message: `failure ${count}\nsecond line`, count })),
  }));
  const lines = errorSection(renderSummary({ ...sample, steps }, undefined));
  // One line each, a message's line breaks folded: the sixth (1) is left out.
  assert.deepEqual(lines, [
    '  40  alpha  failure 40 second line',
    '  12  omega  failure 12 second line',
    '   9  omega  failure 9 second line',
    '   7  omega  failure 7 second line',
    '   3  alpha  failure 3 second line',
  ]);
  const clean = renderSummary({ ...sample, steps: sample.steps.map((s) => ({ ...s, sampleErrors: [] })) }, undefined);
  assert.ok(!clean.includes('most frequent errors'), clean);
});
