// The summary the CLI prints when a run ends, as a user reads it in a terminal or a CI log: the
// `generator` line gives the generator's own lateness and whether it limited the run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSummary } from '../../cli/summary';
import { formatMs } from '../../report/format';
import { buildLegacyReport, buildSampleReport, buildSaturatedReport } from '../fixtures/reports/sample-report';

const generatorLines = (text: string) => text.split('\n').filter((line) => line.startsWith('generator'));

test('the summary has one generator line under latency: lag, event-loop delay, engine CPU, not saturated', () => {
  const report = buildSampleReport();
  const text = renderSummary(report, undefined);
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.startsWith('generator'));
  assert.ok(lines[at - 1].startsWith('latency  '), 'right under the latency line');
  const g = report.generator;
  assert.equal(
    lines[at],
    `generator  lag p50 ${formatMs(g.lag.p50)} p99 ${formatMs(g.lag.p99)} max ${formatMs(g.lag.max)}` +
      `  event-loop delay p99 ${formatMs(g.eventLoopDelay.p99)}  engine CPU mean ${g.cpu.mean}% max ${g.cpu.max}%  not saturated`,
  );
  // The fixture's figures, as a reader sees them.
  assert.equal(lines[at], 'generator  lag p50 0.152ms p99 1.08ms max 1.78ms  event-loop delay p99 1.58ms  engine CPU mean 29.3% max 40%  not saturated');
  assert.equal(text.match(/saturat/gi)?.length, 1, 'no saturation wording beyond the verdict');
});

test('a saturated generator reads SATURATED with the reason, and the first recommendation says so', () => {
  const report = buildSaturatedReport();
  const text = renderSummary(report, undefined);
  const [line] = generatorLines(text);
  assert.match(line, /^generator  lag p50 10\.7ms p99 99\.4ms max 181\.1ms  event-loop delay p99 52ms  engine CPU mean 75\.2% max 100%  SATURATED: /);
  assert.ok(line.endsWith(`SATURATED: ${report.generator.reason}`), line);
  const recommendations = text.split('\n').filter((l) => l.startsWith('  • '));
  assert.match(recommendations[0], /^  • The load generator was saturated/);
  assert.doesNotMatch(text, /raise `?maxUsers/i);
});

test('a report without a generator section (an old report.json) prints no generator line and does not fail', () => {
  const text = renderSummary(buildLegacyReport(), undefined);
  assert.deepEqual(generatorLines(text), []);
  assert.match(text, /^latency  /m);
});
