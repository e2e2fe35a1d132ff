// A real run's time series carries what zoom needs: each interval's histogram, status codes,
// errors by kind and iterations, overall and per step. Added up over the whole run (report/range.ts)
// they give the report's own totals and percentiles; setup's requests stay out of the intervals.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { rangeFigures, rangeReport, wholeRange } from '../../report/range';
import type { LatencySummary } from '../../report/types';
import { serveDuringTests } from '../helpers/local-server';
import { runScenario } from '../helpers/report';

let served = 0;
const server = createServer((req, res) => {
  served++;
  // Every seventh answer is a 503 after a longer wait: errors of one kind and a slow tail.
  const slow = served % 7 === 0;
  setTimeout(() => {
    res.writeHead(slow && req.url === '/b' ? 503 : 200, { 'content-type': 'text/plain' });
    res.end('ok');
  }, slow ? 12 : 1);
});
const local = serveDuringTests(server);

function assertSameLatency(actual: LatencySummary | null, expected: LatencySummary, label: string): void {
  assert.ok(actual, `${label}: no latency`);
  for (const key of Object.keys(expected) as (keyof LatencySummary)[]) {
    // HDR keeps three significant digits: min is its bucket's lowest value, the rest are exact.
    if (key === 'min') assert.ok(Math.abs(actual.min - expected.min) <= expected.min * 0.001 + 0.001, `${label}: min`);
    else assert.equal(actual[key], expected[key], `${label}: ${key}`);
  }
}

test('the whole run as a range equals the report: totals, status codes, errors and percentiles, overall and per step', async () => {
  const { report } = await runScenario(`version: 1
name: zoom
target: ${local.origin}
monitor: { interval: 500ms }
phases:
  - duration: 3s
    rate: 60
setup:
  - request: GET /a
    name: a
flows:
  - name: browse
    steps:
      - request: GET /a
        name: a
      - request: GET /b
        name: b
        expect: { status: 200 }
`);
  const rows = report.timeseries;
  assert.ok(rows.length >= 6, `${rows.length} rows`);
  for (const row of rows) {
    assert.equal(typeof row.histogram, 'string');
    assert.equal(typeof row.iterations, 'number');
    for (const step of Object.values(row.steps ?? {})) assert.equal(typeof step.histogram, 'string');
  }
  const whole = rangeFigures(rows, wholeRange(rows), report.steps.map((s) => s.name));
  const { iterations, rps, ...totals } = whole.totals;
  const { iterations: reportIterations, rps: reportRps, ...expectedTotals } = report.totals;
  assert.deepEqual(totals, expectedTotals);
  assert.equal(iterations, reportIterations);
  assert.ok(Math.abs(rps - reportRps) <= 0.02, `rps ${rps} vs ${reportRps}`);
  assert.ok(report.totals.errors > 0, 'the 503s counted as errors');
  assert.deepEqual(whole.statusCodes, report.statusCodes);
  assert.deepEqual(whole.errors, report.errors);
  assertSameLatency(whole.latency, report.latency, 'overall');
  // Setup's GET /a is the step's in the report, not any interval's.
  for (const step of report.steps) {
    const ranged = whole.steps.find((s) => s.name === step.name);
    assert.ok(ranged, step.name);
    const setupRequests = step.name === 'a' ? 1 : 0;
    assert.equal(ranged.requests, step.requests - setupRequests, `${step.name}: requests`);
    assert.equal(ranged.errors, step.errors, `${step.name}: errors`);
    if (step.name === 'b') {
      assert.deepEqual(ranged.statusCodes, step.statusCodes);
      assertSameLatency(ranged.latency, step.latency, step.name);
    }
  }
  // A part of the run: fewer requests, its own percentiles, the rows it covers.
  const part = rangeReport(report, { from: rows[1].elapsed, to: rows[3].elapsed });
  assert.deepEqual(part.timeseries, rows.slice(2, 4));
  assert.equal(part.totals.requests, rows[2].requests + rows[3].requests);
});
