// The Mann-Whitney U test of report/mann-whitney.ts against values worked out by hand and known
// behaviour: U counts the pairs where current is larger, ties count a half, a clear shift is
// significant, the same sample is not, and fewer than eight values a side give no p-value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_SAMPLES, mannWhitneyGreater, normalCdf } from '../../report/mann-whitney';

test('U counts the pairs where current is larger, ties one half', () => {
  // (1, 2, 3) vs (2, 3, 4): 4 beats all three (3); 3 beats 1 and 2 and ties 3 (2.5); 2 beats 1
  // and ties 2 (1.5).
  const result = mannWhitneyGreater([1, 2, 3], [2, 3, 4]);
  assert.equal(result.u, 3 + 2.5 + 1.5);
  assert.equal(result.p, null, 'too few values for the approximation');
  assert.equal(result.effect, (2 * 7) / 9 - 1);
});

test('a clear shift is significant; the same sample is not; the direction matters', () => {
  const base = Array.from({ length: 16 }, (_, i) => 20 + (i % 4));
  const slower = base.map((v) => v + 10);
  const up = mannWhitneyGreater(base, slower);
  assert.ok(up.p !== null && up.p < 0.001, String(up.p));
  assert.equal(up.effect, 1);
  const same = mannWhitneyGreater(base, [...base]);
  assert.ok(same.p !== null && same.p > 0.4, String(same.p));
  const down = mannWhitneyGreater(slower, base);
  assert.ok(down.p !== null && down.p > 0.999, String(down.p));
});

test('exactly MIN_SAMPLES a side is enough; one fewer is not', () => {
  const eight = Array.from({ length: MIN_SAMPLES }, (_, i) => i);
  assert.notEqual(mannWhitneyGreater(eight, eight.map((v) => v + 100)).p, null);
  assert.equal(mannWhitneyGreater(eight.slice(1), eight).p, null);
});

test('Φ matches known values', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(normalCdf(-2.326348) - 0.01) < 1e-6);
});
