import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expressionMetric, formatCount, formatDuration, formatMetricValue, formatMs, formatPercent, formatRate } from '../../report/format';

test('milliseconds keep sensible precision', () => {
  assert.equal(formatMs(0.4123), '0.412ms');
  assert.equal(formatMs(4.567), '4.57ms');
  assert.equal(formatMs(12.34), '12.3ms');
  assert.equal(formatMs(212.44), '212.4ms');
  assert.equal(formatMs(1240), '1.24s');
  assert.equal(formatMs(125_000), '2m 05s');
  assert.equal(formatMs(null), '—');
});

test('durations, percentages, counts and rates', () => {
  assert.equal(formatDuration(62_000), '1m 02s');
  assert.equal(formatDuration(3_720_000), '1h 02m');
  assert.equal(formatPercent(0), '0%');
  assert.equal(formatPercent(0.00003), '<0.01%');
  assert.equal(formatPercent(0.0034), '0.34%');
  assert.equal(formatPercent(0.042), '4.2%');
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatRate(42.54), '42.5');
  assert.equal(formatRate(1234.4), '1,234');
});

test('metric values read in their own unit: cpu is already percent, errorRate a fraction', () => {
  assert.equal(expressionMetric('p95(latency, step=get (x)) > 1s'), 'latency');
  assert.equal(expressionMetric('cpu > 1%'), 'cpu');
  assert.equal(expressionMetric('process.memory > 500MB'), 'process.memory');
  assert.equal(formatMetricValue('cpu', 100), '100%');
  assert.equal(formatMetricValue('errorRate', 0.05), '5%');
  // A group's duration reads as a time, checks as a share, a custom metric in its own unit.
  assert.equal(formatMetricValue('duration', 388.863), '388.9ms');
  assert.equal(formatMetricValue('checks', 0.995), '99.5%');
  assert.equal(formatMetricValue('cart_total', 42.52713), '42.527');
  assert.equal(formatMetricValue('latency', 212.44), '212.4ms');
  assert.equal(formatMetricValue('heapUsed', 512), '512MB');
  assert.equal(formatMetricValue('requests', null), 'no data');
});
