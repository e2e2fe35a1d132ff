// The compare panel's model, in Node: how a compared figure is coloured (including "worse, but the
// test cannot say so" and a change within the threshold), and a long run's state keeping few rows
// for its charts while its comparison is computed from all of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareReports, type MetricChange } from '../../report/compare';
import type { Report, TimeseriesRow } from '../../report/types';
import { changeVerdict, changeVerdictLabel, compareState, isCompareState } from '../../webview/compare-model';
import { comparePair, SAME_STEP, SLOWED_STEP } from '../fixtures/reports/compare-pair';

const change = (m: Partial<MetricChange>): MetricChange => ({
  metric: 'p95',
  baseline: 100,
  current: 100,
  change: 0,
  beyondThreshold: false,
  test: { name: 'Mann-Whitney U', u: 0, n: [10, 10], p: 0.5, effect: 0 },
  significant: false,
  regression: false,
  ...m,
});

test('a figure is a regression, worse, better or within the threshold, as it moved and as the test says', () => {
  const regression = change({ current: 150, change: 0.5, beyondThreshold: true, significant: true, regression: true, test: { name: 'Mann-Whitney U', u: 90, n: [10, 10], p: 0.001, effect: 0.8 } });
  assert.equal(changeVerdict(regression, 0.1), 'regression');
  assert.equal(changeVerdictLabel(regression, 'regression'), 'regression');

  const untested = change({ current: 150, change: 0.5, beyondThreshold: true, test: { name: 'Mann-Whitney U', u: 6, n: [3, 3], p: null, effect: 0.3 } });
  assert.equal(changeVerdict(untested, 0.1), 'worse');
  assert.equal(changeVerdictLabel(untested, 'worse'), 'worse, too few intervals to test');

  // Faster latency and more throughput are better; within 10% is neither.
  assert.equal(changeVerdict(change({ current: 60, change: -0.4 }), 0.1), 'improvement');
  assert.equal(changeVerdict(change({ metric: 'rps', current: 130, change: 0.3 }), 0.1), 'improvement');
  assert.equal(changeVerdict(change({ metric: 'rps', current: 95, change: -0.05 }), 0.1), 'neutral');
  assert.equal(changeVerdict(change({ current: 108, change: 0.08 }), 0.1), 'neutral');
  // Error rates move in points: from 2% to 1% is better, from 0.5% to 0.4% is within the threshold.
  assert.equal(changeVerdict(change({ metric: 'errorRate', baseline: 0.02, current: 0.01, change: -0.01 }), 0.1), 'improvement');
  assert.equal(changeVerdict(change({ metric: 'errorRate', baseline: 0.005, current: 0.004, change: -0.001 }), 0.1), 'neutral');
});

test('a long run keeps at most 600 rows per side for its charts; the comparison uses every interval', () => {
  const { baseline, current } = comparePair();
  // Twenty times as long: 1,200 one-second intervals a side.
  const longer = (r: Report): Report => ({
    ...r,
    timeseries: Array.from({ length: 20 }, (_, k) => r.timeseries.map((row): TimeseriesRow => ({ ...row, elapsed: row.elapsed + k * 60, time: row.time + k * 60_000 }))).flat(),
  });
  const [before, after] = [longer(baseline), longer(current)];
  const state = compareState({ type: 'compare', baseline: { report: before, label: 'baseline' }, current: { report: after, label: 'now' }, threshold: 0.1 });
  assert.ok(isCompareState(JSON.parse(JSON.stringify(state))));
  for (const side of [state.baseline, state.current]) assert.ok(side.rows.length <= 600 && side.rows.length >= 300, `${side.rows.length} rows`);
  assert.deepEqual(state.comparison, compareReports(before, after, 0.1));
  const p95 = (scope: string) => state.comparison.scopes.find((s) => s.name === scope)!.metrics.find((m) => m.metric === 'p95')!;
  assert.deepEqual(p95(SLOWED_STEP).test.n, [1180, 1180]);
  assert.equal(p95(SAME_STEP).regression, false);
  assert.equal(state.current.label, 'now');
  assert.equal(state.baseline.verdict.label, 'PASSED');
});
