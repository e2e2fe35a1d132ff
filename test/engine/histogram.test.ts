import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  recordMs,
  summarizeLatency,
} from '../../engine/metrics/histogram';

test('histograms keep sub-millisecond precision', () => {
  const h = createHistogram();
  for (let i = 0; i < 1000; i++) recordMs(h, 0.25 + i * 0.001);
  const summary = summarizeLatency(h);
  assert.ok(summary.min >= 0.249 && summary.min <= 0.251, `min ${summary.min}`);
  assert.ok(summary.p50 > 0.7 && summary.p50 < 0.8, `p50 ${summary.p50}`);
  assert.ok(summary.max < 1.3);
});

test('encoded partial histograms decode and add up exactly to the whole', () => {
  const whole = createHistogram();
  const parts = [createHistogram(), createHistogram(), createHistogram()];
  for (let i = 0; i < 30_000; i++) {
    const ms = ((i * 7919) % 5000) / 10 + 0.5;
    recordMs(whole, ms);
    recordMs(parts[i % 3], ms);
  }
  const merged = mergeHistograms(parts.map((part) => decodeHistogram(encodeHistogram(part))));
  assert.equal(merged.totalCount, whole.totalCount);
  assert.deepEqual(summarizeLatency(merged), summarizeLatency(whole));
});
