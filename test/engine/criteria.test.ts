import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CriteriaTracker } from '../../engine/metrics/criteria-tracker';
import { createHistogram, recordMs } from '../../engine/metrics/histogram';
import { parseMetricExpression } from '../../scenario/expressions';
import type { Criterion } from '../../scenario/types';

function criterion(expr: string, abort = false, afterMs = 0): Criterion {
  const parsed = parseMetricExpression(expr, 'criteria');
  assert.ok(parsed.ok, expr);
  return { expr, parsed: parsed.value, abort, afterMs };
}

test('criteria: measured ones compare, unmeasured ones fail as "no data" without starting the abort clock, aborts wait for `after`', () => {
  const overall = createHistogram();
  for (let i = 1; i <= 100; i++) recordMs(overall, i);
  const view = {
    latency: (step: string | undefined) => (step === undefined ? overall : undefined),
    requests: 100,
    errors: 5,
    dropped: 0,
    seconds: 10,
  };
  const tracker = new CriteriaTracker([
    criterion('p95(latency) < 90ms'),
    criterion('p95(latency, step=rare) < 1s', true, 0),
    criterion('errorRate < 1%', true, 2000),
    criterion('rps >= 10'),
  ]);
  const live = tracker.evaluate(view, 1000, false);
  assert.deepEqual(live.map((c) => c.passed), [false, false, false, true]);
  assert.deepEqual(
    { passed: live[1].passed, actual: live[1].actual, actualText: live[1].actualText, reason: live[1].reason },
    { passed: false, actual: null, actualText: 'no data', reason: 'no data' },
  );
  assert.equal(live[2].actualText, '5%');
  assert.equal(live[2].reason, undefined, 'a measured criterion has no reason');
  // `rare` has no data: its step may still run, so it does not abort the run, even with `after: 0s`.
  assert.equal(tracker.dueForAbort(2500), undefined, 'failing for 1.5 s of the 2 s window');
  assert.equal(tracker.dueForAbort(3000)?.expr, 'errorRate < 1%');
  const final = tracker.evaluate(view, 3000, true);
  assert.equal(final[2].aborted, true);
  assert.deepEqual([final[1].passed, final[1].reason], [false, 'no data']);
});

test('criteria: a latency criterion whose requests were all tried and none answered fails, says how many, and counts toward an abort', () => {
  const view = { latency: () => undefined, attempted: () => 7, requests: 7, errors: 7, dropped: 0, seconds: 1 };
  const tracker = new CriteriaTracker([criterion('p95(latency) < 250ms', true, 0)]);
  const [live] = tracker.evaluate(view, 1000, false);
  assert.deepEqual(
    { passed: live.passed, actual: live.actual, actualText: live.actualText, reason: live.reason },
    { passed: false, actual: null, actualText: 'no data: none of 7 answered', reason: 'no data' },
  );
  assert.equal(tracker.dueForAbort(1000)?.expr, 'p95(latency) < 250ms');
});
