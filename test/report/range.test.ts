// A time range's figures (report/range.ts) against exact numbers: histograms built from known
// samples, so a range's percentiles must equal those of the union of its intervals' samples
// (hdr-histogram-js recording them all), and the whole range must equal the run's totals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketString, createHistogram, percentileMs, recordMs, summarizeLatency } from '../../engine/metrics/histogram';
import { decodeBuckets, encodeBuckets, mergeBuckets, mergeEncoded, percentileOfBuckets, summarizeBuckets } from '../../report/histogram-buckets';
import { rangeFigures, rangeReport, rowsInRange, snapRange, wholeRange, type TimeRange } from '../../report/range';
import { compactRows } from '../../report/timeseries-compact';
import type { LatencySummary, Report, TimeseriesRow } from '../../report/types';
import { buildLegacyReport, buildSampleReport } from '../fixtures/reports/sample-report';

/** A deterministic generator (mulberry32), so every run of the test sees the same samples. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Latencies in ms from 0.2 ms to a few seconds: a body, a slow tail and the odd outlier. */
function samples(seed: number, n: number, scale = 1): number[] {
  const next = random(seed);
  return Array.from({ length: n }, () => {
    const r = next();
    const ms = r < 0.9 ? 2 + 30 * next() : r < 0.99 ? 40 + 400 * next() : 500 + 4000 * next();
    return Math.round(ms * scale * 1000) / 1000;
  });
}

function histogramOf(values: number[]) {
  const h = createHistogram();
  for (const v of values) recordMs(h, v);
  return h;
}

/** One step ("GET /a") per interval, plus the run's whole-interval figures, from its samples. */
function row(i: number, a: number[], b: number[]): TimeseriesRow {
  const all = [...a, ...b];
  const h = histogramOf(all);
  return {
    time: 1_700_000_000_000 + i * 1000,
    elapsed: i,
    phase: i <= 10 ? 'warm' : 'hot',
    users: 5,
    rps: all.length,
    requests: all.length,
    errors: i % 4,
    dropped: 0,
    p50: percentileMs(h, 50),
    p95: percentileMs(h, 95),
    p99: percentileMs(h, 99),
    cpu: null,
    memory: null,
    eventLoopDelay: null,
    lagP99: null,
    heapUsed: null,
    iterations: a.length,
    statusCodes: { '200': all.length - (i % 4), ...(i % 4 ? { '500': i % 4 } : {}) },
    errorKinds: i % 4 ? { status: i % 4 } : {},
    histogram: bucketString(h),
    steps: {
      'GET /a': { requests: a.length, errors: 0, p50: null, p95: null, p99: null, histogram: bucketString(histogramOf(a)), statusCodes: { '200': a.length }, errorKinds: {} },
      'GET /b': { requests: b.length, errors: i % 4, p50: null, p95: null, p99: null, histogram: bucketString(histogramOf(b)), statusCodes: { '200': b.length - (i % 4), ...(i % 4 ? { '500': i % 4 } : {}) }, errorKinds: i % 4 ? { status: i % 4 } : {} },
    },
  };
}

/** Twenty one-second intervals; B gets slow from the 12th on. */
const A = Array.from({ length: 20 }, (_, i) => samples(100 + i, 150 + i * 7));
const B = Array.from({ length: 20 }, (_, i) => samples(200 + i, 60 + i * 3, i >= 11 ? 6 : 1));
const ROWS = A.map((a, i) => row(i + 1, a, B[i]));

/** Every field but min equal; min within HDR's precision (it keeps the lowest value of its bucket). */
function assertSameLatency(actual: LatencySummary | null, expected: LatencySummary, label: string): void {
  assert.ok(actual, `${label}: no latency`);
  const { min, ...rest } = actual;
  const { min: expectedMin, ...expectedRest } = expected;
  assert.deepEqual(rest, expectedRest, label);
  assert.ok(Math.abs(min - expectedMin) <= expectedMin * 0.001 + 0.001, `${label}: min ${min} vs ${expectedMin}`);
}

test('buckets: the string holds the histogram exactly; percentiles and the summary are hdr-histogram-js’s', () => {
  const values = samples(7, 5000);
  const h = histogramOf(values);
  const buckets = decodeBuckets(bucketString(h));
  assert.equal(buckets.total, values.length);
  for (const p of [0, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100]) assert.equal(percentileOfBuckets(buckets, p), percentileMs(h, p), `p${p}`);
  assertSameLatency(summarizeBuckets(buckets), summarizeLatency(h), 'summary');
  // Values under 2048 µs have buckets one µs wide: there the minimum is exact too.
  const small = histogramOf([0.731, 1.5, 1.999]);
  assert.deepEqual(summarizeBuckets(decodeBuckets(bucketString(small))), summarizeLatency(small));
  // Mostly one character a bucket.
  assert.ok(bucketString(h).length < buckets.indexes.length * 1.6, `${bucketString(h).length} characters for ${buckets.indexes.length} buckets`);
});

test('buckets: empty and huge counts survive; merging adds; garbage is refused', () => {
  assert.deepEqual(decodeBuckets(''), { indexes: [], counts: [], total: 0 });
  assert.equal(percentileOfBuckets(decodeBuckets(''), 99), null);
  assert.deepEqual(summarizeBuckets(decodeBuckets('')), summarizeLatency(createHistogram()));
  const big = { indexes: [0, 5, 40_000], counts: [1, 5_000_000_000, 31], total: 5_000_000_032 };
  assert.deepEqual(decodeBuckets(encodeBuckets(big)), big);
  assert.deepEqual(mergeBuckets([big, { indexes: [5, 6], counts: [1, 2], total: 3 }]), { indexes: [0, 5, 6, 40_000], counts: [1, 5_000_000_001, 2, 31], total: 5_000_000_035 });
  assert.throws(() => decodeBuckets('AB=C'), /not a histogram/);
});

test('a range’s percentiles are those of the union of its intervals’ samples, overall and per step', () => {
  const range: TimeRange = { from: 11, to: 17 };
  const figures = rangeFigures(ROWS, range, ['GET /b', 'GET /a']);
  assert.deepEqual(figures.range, range);
  assert.deepEqual(figures.rows.map((r) => r.elapsed), [12, 13, 14, 15, 16, 17]);
  const a = A.slice(11, 17).flat();
  const b = B.slice(11, 17).flat();
  assertSameLatency(figures.latency, summarizeLatency(histogramOf([...a, ...b])), 'overall');
  assert.deepEqual(figures.steps.map((s) => s.name), ['GET /b', 'GET /a'], 'steps in the order asked');
  const [stepB, stepA] = figures.steps;
  assertSameLatency(stepA.latency, summarizeLatency(histogramOf(a)), 'GET /a');
  assertSameLatency(stepB.latency, summarizeLatency(histogramOf(b)), 'GET /b');
  // The exact p99, not the mean nor the peak of the intervals' p99s.
  const union = percentileMs(histogramOf([...a, ...b]), 99);
  assert.equal(figures.latency?.p99, union);
  const intervalP99s = figures.rows.map((r) => r.p99 as number);
  assert.notEqual(union, intervalP99s.reduce((x, y) => x + y, 0) / intervalP99s.length);
  // Counts add up; rates over the range's six seconds.
  const requests = a.length + b.length;
  const errors = [12, 13, 14, 15, 16, 17].reduce((n, i) => n + (i % 4), 0);
  assert.deepEqual(figures.totals, { requests, errors, dropped: 0, rps: Math.round((requests / 6) * 100) / 100, errorRate: Math.round((errors / requests) * 1e6) / 1e6, iterations: a.length });
  assert.equal(figures.seconds, 6);
  assert.deepEqual(figures.statusCodes, { '200': requests - errors, '500': errors });
  assert.deepEqual(figures.errors, { connect: 0, timeout: 0, status: errors, expectation: 0, capture: 0, template: 0, other: 0 });
  assert.deepEqual(stepB.statusCodes, { '200': b.length - errors, '500': errors });
  assert.equal(stepB.errors, errors);
  assert.equal(stepA.requests, a.length);
});

test('the whole range gives the run’s own totals and percentiles', () => {
  const a = A.flat();
  const b = B.flat();
  const figures = rangeFigures(ROWS, wholeRange(ROWS));
  assert.equal(figures.rows.length, ROWS.length);
  assert.equal(figures.totals.requests, a.length + b.length);
  assertSameLatency(figures.latency, summarizeLatency(histogramOf([...a, ...b])), 'whole run');
  // And still after the engine's compaction of a long series: histograms add, nothing averages.
  const compacted = compactRows(ROWS, 8);
  assert.ok(compacted.length <= 8);
  const again = rangeFigures(compacted, wholeRange(compacted));
  assert.deepEqual(again.latency, figures.latency);
  assert.deepEqual(again.totals, figures.totals);
  assert.deepEqual(again.steps, figures.steps);
  assert.deepEqual(again.statusCodes, figures.statusCodes);
});

test('a drag snaps to whole intervals: those whose middle it covers, or the one under a sliver', () => {
  assert.deepEqual(snapRange(ROWS, 11.4, 16.6), { from: 11, to: 17 });
  assert.deepEqual(snapRange(ROWS, 16.6, 11.4), { from: 11, to: 17 }, 'either direction');
  assert.deepEqual(snapRange(ROWS, 11.6, 11.8), { from: 11, to: 12 });
  assert.deepEqual(snapRange(ROWS, -5, 100), wholeRange(ROWS));
  assert.equal(snapRange([], 1, 2), null);
  assert.deepEqual(rowsInRange(ROWS, { from: 11.0004, to: 12.9996 }).map((r) => r.elapsed), [12, 13], 'millisecond rounding is slack');
});

test('a report from before zoom: counts still add up, latency is null rather than guessed', () => {
  const legacy = buildLegacyReport();
  const rows = legacy.timeseries;
  const figures = rangeFigures(rows, { from: 10, to: 20 });
  assert.equal(figures.rows.length, 10);
  assert.equal(figures.totals.requests, figures.rows.reduce((n, r) => n + r.requests, 0));
  assert.equal(figures.latency, null);
  assert.equal(figures.totals.iterations, null);
  assert.equal(figures.statusCodes, null);
  for (const step of figures.steps) assert.equal(step.latency, null);
});

test('rangeReport: the range’s figures in the report’s shape, with the phases and alerts it overlaps', () => {
  const report: Report = { ...buildSampleReport(), timeseries: ROWS.map((r) => ({ ...r, time: r.time })) };
  const t0 = ROWS[0].time - 1000;
  report.phases = [
    { name: 'warm', start: t0, end: t0 + 10_000, model: 'closed', from: 0, to: 5, target: 5 },
    { name: 'hot', start: t0 + 10_000, end: t0 + 20_000, model: 'closed', from: 5, to: 5, target: 5 },
  ];
  report.alerts = [
    { when: 'p95 > 100ms', severity: 'warning', firedAt: t0 + 2_000, resolvedAt: t0 + 4_000, value: 120, abort: false },
    { when: 'errorRate > 1%', severity: 'critical', firedAt: t0 + 13_000, resolvedAt: null, value: 0.02, abort: false },
  ];
  const out = rangeReport(report, { from: 11.2, to: 17 });
  assert.deepEqual(out.range, { from: 12, to: 17 }, 'whole intervals only');
  assert.equal(out.startedAt, new Date(t0 + 12_000).toISOString());
  assert.equal(out.endedAt, new Date(t0 + 17_000).toISOString());
  assert.equal(out.durationMs, 5000);
  assert.deepEqual(out.phases.map((p) => p.name), ['hot']);
  assert.deepEqual(out.alerts.map((a) => a.when), ['errorRate > 1%']);
  assert.deepEqual(out.timeseries, ROWS.slice(12, 17));
  assert.deepEqual(out.latency, rangeFigures(ROWS, { from: 12, to: 17 }).latency);
  assert.deepEqual(mergeEncoded(out.timeseries.map((r) => r.histogram ?? '')).total, out.totals.requests);
});
