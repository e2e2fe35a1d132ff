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

test('criteria: measured ones compare, unmeasured ones pass as "no data", aborts wait for `after`', () => {
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
    criterion('p95(latency, step=rare) < 1s'),
    criterion('errorRate < 1%', true, 2000),
    criterion('rps >= 10'),
  ]);
  const live = tracker.evaluate(view, 1000, false);
  assert.deepEqual(live.map((c) => c.passed), [false, true, false, true]);
  assert.equal(live[1].actual, null);
  assert.equal(live[1].actualText, 'no data');
  assert.equal(live[2].actualText, '5%');
  assert.equal(tracker.dueForAbort(2500), undefined, 'failing for 1.5 s of the 2 s window');
  assert.equal(tracker.dueForAbort(3000)?.expr, 'errorRate < 1%');
  const final = tracker.evaluate(view, 3000, true);
  assert.equal(final[2].aborted, true);
  assert.equal(final[1].passed, true);
});
