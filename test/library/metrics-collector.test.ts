// MetricsCollector: bounded retention (oldest dropped first), time ranges over what is kept, and
// a range's figures counted from the range's own start, even once the run's start was dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsCollector } from '../../lib/index';
import type { TimeseriesRow } from '../../report/types';

/** Interval `i` (1-based) of a run at one row a second: `i` requests, no errors. */
function row(i: number): TimeseriesRow {
  return { time: 1_000_000 + i * 1000, elapsed: i, phase: 'steady', users: 5, rps: i, requests: i, errors: 0, dropped: 0, p50: 1, p95: 2, p99: 3, cpu: null, memory: null, eventLoopDelay: null, lagP99: null, heapUsed: null };
}

test('keeps the newest intervals up to its retention, and says how many it dropped', () => {
  const metrics = new MetricsCollector({ retention: 5 });
  for (let i = 1; i <= 8; i++) metrics.add(row(i));
  assert.deepEqual(metrics.intervals.map((r) => r.elapsed), [4, 5, 6, 7, 8]);
  assert.equal(metrics.dropped, 3);
  assert.equal(metrics.latest?.elapsed, 8);
  assert.throws(() => new MetricsCollector({ retention: 0 }), RangeError);
});

test('a time range takes the intervals wholly inside it; figures count from the range\'s own start', () => {
  const metrics = new MetricsCollector({ retention: 5 });
  for (let i = 1; i <= 8; i++) metrics.add(row(i));
  // Interval 4 runs from 3 s to 4 s: inside [3, 6]; interval 7 ends past it.
  assert.deepEqual(metrics.range({ from: 3, to: 6 }).map((r) => r.elapsed), [4, 5, 6]);
  assert.deepEqual(metrics.range({ from: 3.5, to: 6 }).map((r) => r.elapsed), [5, 6]);
  const figures = metrics.figures({ from: 3, to: 6 });
  assert.deepEqual(figures.range, { from: 3, to: 6 });
  assert.equal(figures.totals.requests, 4 + 5 + 6);
  assert.equal(figures.totals.rps, 5);
  // The whole of what is kept: from where the first kept interval began (3 s), not from 0.
  assert.deepEqual(metrics.figures().range, { from: 3, to: 8 });
  assert.equal(metrics.figures().totals.rps, (4 + 5 + 6 + 7 + 8) / 5);
});

test('exports the kept intervals, or a range of them, as JSON and as timeseries.csv', () => {
  const metrics = new MetricsCollector();
  for (let i = 1; i <= 3; i++) metrics.add(row(i));
  assert.deepEqual(JSON.parse(metrics.toJson({ from: 1, to: 3 })), [row(2), row(3)]);
  const csv = metrics.toCsv().split('\r\n');
  assert.match(csv[0], /^time,elapsed_s,phase,users,rps,requests,errors,dropped,p50_ms/);
  assert.equal(csv.filter(Boolean).length, 4);
  assert.match(csv[1], /^1970-01-01T00:16:41\.000Z,1,steady,5,1,1,0,0,1,2,3/);
});
