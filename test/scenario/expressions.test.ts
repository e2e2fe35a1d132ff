import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMetricExpression, type ExpressionContext } from '../../scenario/expressions';
import type { MetricExpression } from '../../scenario/types';

const ok = (text: string, context: ExpressionContext = 'criteria'): MetricExpression => {
  const result = parseMetricExpression(text, context);
  assert.ok(result.ok, `${text}: ${result.ok ? '' : result.message}`);
  return result.value;
};
const fail = (text: string, context: ExpressionContext = 'criteria') => {
  const result = parseMetricExpression(text, context);
  assert.ok(!result.ok, `${text} should not parse`);
  return result;
};

describe('parseMetricExpression', () => {
  it('reads the contract examples', () => {
    assert.deepEqual(ok('p95(latency) < 250ms'), { aggregate: 'p95', metric: 'latency', op: '<', value: 250, valueText: '250ms' });
    assert.deepEqual(ok('errorRate < 1%'), { metric: 'errorRate', op: '<', value: 0.01, valueText: '1%' });
    assert.deepEqual(ok('p99(latency, step=login) <= 800ms'), { aggregate: 'p99', metric: 'latency', step: 'login', op: '<=', value: 800, valueText: '800ms' });
    assert.deepEqual(ok('rps >= 400'), { metric: 'rps', op: '>=', value: 400, valueText: '400' });
  });
  it('takes a name with spaces and braces up to the closing parenthesis', () => {
    const parsed = ok('p50(latency, step=GET /collections/{{ id }}) > 1s');
    assert.equal(parsed.step, 'GET /collections/{{ id }}');
    assert.equal(parsed.value, 1000);
    assert.equal(ok('max( latency ,flow = checkout flow (v2) )>=2m').flow, 'checkout flow (v2)');
  });
  it('converts every metric to its base unit', () => {
    assert.equal(ok('errorRate <= 0.5%').value, 0.005);
    assert.equal(ok('requests > 1000').value, 1000);
    assert.equal(ok('errors < 5').value, 5);
    assert.equal(ok('dropped <= 0').value, 0);
    assert.equal(ok('cpu > 90%', 'alert').value, 90);
    assert.equal(ok('memory > 75', 'alert').value, 75);
    assert.equal(ok('eventLoopDelay > 50ms', 'alert').value, 50);
    assert.equal(ok('eventLoopDelay > 1s', 'alert').value, 1000);
    assert.equal(ok('eventLoopDelay > 20', 'alert').value, 20);
    assert.equal(ok('heapUsed > 512', 'alert').value, 512);
    assert.equal(ok('heapUsed > 1GB', 'alert').value, 1024);
    assert.equal(ok('process.cpu >= 80%', 'alert').value, 80);
    assert.equal(ok('process.memory > 256MB', 'alert').value, 256);
    assert.equal(ok('p999(latency) < 2s', 'alert').aggregate, 'p999');
  });
  it('rejects latency without aggregate and aggregates elsewhere', () => {
    assert.match(fail('latency < 250ms').message, /needs an aggregate/);
    assert.match(fail('p95(errorRate) < 1%').message, /takes no aggregate/);
    assert.match(fail('avg(latency) < 1s').message, /unknown aggregate `avg`/);
    assert.match(fail('p96(latency) < 1s').message, /did you mean `p95`|did you mean `p90`|did you mean `p99`/);
  });
  it('rejects wrong units with the expected one', () => {
    assert.match(fail('p95(latency) < 250').message, /duration such as `250ms`/);
    assert.match(fail('errorRate < 0.01').message, /percentage such as `1%`/);
    assert.match(fail('rps > 40/s').message, /plain number/);
    assert.match(fail('heapUsed > lots', 'alert').message, /megabytes/);
  });
  it('rejects unknown metrics with a suggestion, and alert metrics in criteria', () => {
    const unknown = fail('erorRate < 1%');
    assert.match(unknown.message, /unknown metric `erorRate`.*did you mean `errorRate`/);
    assert.deepEqual([unknown.offset, unknown.length], [0, 8]);
    assert.match(fail('cpu > 90%').message, /only be used in `alerts`/);
    assert.match(fail('process.memory > 10').message, /only be used in `alerts`/);
  });
  it('rejects bad operators and structure with offsets', () => {
    const eq = fail('rps == 5');
    assert.match(eq.message, /`==` is not a comparison/);
    assert.equal(eq.offset, 4);
    assert.match(fail('rps 5').message, /expected a comparison/);
    assert.match(fail('rps >').message, /expected a value/);
    assert.match(fail('p95(latency < 5ms').message, /not closed/);
    assert.match(fail('p95(latency, stp=x) < 5ms').message, /step=NAME/);
    assert.match(fail('p95(latency, step=) < 5ms').message, /needs a name/);
    assert.match(fail('').message, /empty/);
  });
});

it('timeToFirstEvent is an aggregated duration metric for sse steps', () => {
  const parsed = parseMetricExpression('p95(timeToFirstEvent, step=watch channel) < 1s', 'criteria');
  assert.ok(parsed.ok);
  assert.deepEqual(
    { metric: parsed.value.metric, aggregate: parsed.value.aggregate, step: parsed.value.step, value: parsed.value.value },
    { metric: 'timeToFirstEvent', aggregate: 'p95', step: 'watch channel', value: 1000 },
  );
  const bare = parseMetricExpression('timeToFirstEvent < 1s', 'criteria');
  assert.equal(bare.ok, false);
});
