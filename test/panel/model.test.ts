// The panel's state, without a browser: the recorded streams reduce to what the engine said, a
// report replaces the live view, long runs are merged for saving without losing totals or peaks,
// and chart thinning keeps every extreme.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SnapshotMessage } from '../../engine/protocol/messages';
import type { TimeseriesRow } from '../../report/types';
import { compactRows, decimateMinMax, mergeRows, type Point } from '../../webview/compact';
import { applyEngine, applyReport, emptyState, isLive, isPanelState, MAX_SAVED_ROWS, savedState } from '../../webview/model';
import { buildSampleReport } from '../fixtures/reports/sample-report';
import { readStream } from './host';

const run = { runId: 'r1', scenario: 'x', file: '/x.scenario.yaml' };

test('the alerts stream reduces to its last snapshot, criteria, alerts and report', () => {
  const stream = readStream('alerts-events.ndjson');
  const s = emptyState(run);
  const announced: string[] = [];
  for (const m of stream.filter((m) => m.type !== 'report')) announced.push(...applyEngine(s, m).announce.map((a) => a.text));
  const snapshots = stream.filter((m): m is SnapshotMessage => m.type === 'snapshot');
  assert.equal(s.rows.length, snapshots.length);
  assert.deepEqual(s.last, snapshots[snapshots.length - 1]);
  assert.equal(s.run?.scenario, 'Panel <b>alerts</b> & "errors"');
  assert.equal(s.currentPhase, 2);
  assert.equal(s.alerts.length, 3);
  assert.equal(s.criteria.filter((c) => !c.passed).length, 1);
  assert.ok(isLive(s) === false, 'stage done: no longer live');
  assert.ok(announced.includes('Phase 2 of 3: steady'));
  assert.ok(announced.includes('Critical alert: p95(latency) > 1ms'));

  const report = stream.find((m) => m.type === 'report');
  assert.ok(report && report.type === 'report');
  const { parts } = applyEngine(s, report);
  assert.ok(parts.includes('report'));
  assert.equal(s.report, report.report);
  assert.equal(s.plan?.scenario, report.report.scenario, 'the live run keeps its plan');
  assert.ok(isPanelState(JSON.parse(JSON.stringify(savedState(s)))));
});

test('an alert that resolves updates its entry instead of adding one', () => {
  const s = emptyState(run);
  const alert = { when: 'cpu > 90%', severity: 'info' as const, firedAt: 1000, resolvedAt: null, value: 95, abort: false };
  applyEngine(s, { type: 'alert', alert, state: 'fired' });
  applyEngine(s, { type: 'alert', alert: { ...alert, resolvedAt: 5000 }, state: 'resolved' });
  assert.equal(s.alerts.length, 1);
  assert.equal(s.alerts[0].state, 'resolved');
  assert.equal(s.alerts[0].resolvedAt, 5000);
});

test('fatal ends the live view; a report opened from disk replaces whatever was shown', () => {
  const s = emptyState(run);
  applyEngine(s, { type: 'fatal', message: 'scenario has 2 errors', exitCode: 2 });
  assert.equal(isLive(s), false);
  assert.deepEqual(s.failure, { message: 'scenario has 2 errors', exitCode: 2 });
  const report = buildSampleReport();
  applyReport(s, report, '/runs/a/report.json');
  assert.equal(s.failure, null);
  assert.equal(s.reportSource, '/runs/a/report.json');
  assert.equal(s.run?.scenario, report.scenario);
});

function rows(n: number): TimeseriesRow[] {
  return Array.from({ length: n }, (_, i) => ({
    time: 1000 * (i + 1), elapsed: i + 1, phase: 'p', users: 10, rps: 100 + (i % 7), requests: 100 + (i % 7), errors: i % 11 === 0 ? 3 : 0, dropped: 0,
    p50: 10, p95: i === 1234 ? 999 : 20, p99: 30, cpu: i === 2000 ? 99 : 50, memory: 40, eventLoopDelay: 0.4, lagP99: i === 2500 ? 77 : 0.6, engineCpu: 30, heapUsed: 80,
  }));
}

test('compactRows: at most the limit, same request and error totals, peaks kept, the recent tail untouched', () => {
  const long = rows(3600);
  const short = compactRows(long, MAX_SAVED_ROWS);
  assert.ok(short.length <= MAX_SAVED_ROWS, `${short.length}`);
  const total = (r: TimeseriesRow[], k: 'requests' | 'errors') => r.reduce((n, x) => n + x[k], 0);
  assert.equal(total(short, 'requests'), total(long, 'requests'));
  assert.equal(total(short, 'errors'), total(long, 'errors'));
  assert.equal(Math.max(...short.map((r) => r.p95 ?? 0)), 999);
  assert.equal(Math.max(...short.map((r) => r.cpu ?? 0)), 99);
  assert.equal(Math.max(...short.map((r) => r.lagP99 ?? 0)), 77, 'a lag spike survives the merge');
  assert.ok(short.every((r) => r.engineCpu === 30));
  assert.deepEqual(short.slice(-10), long.slice(-10));
  assert.equal(short[short.length - 1].elapsed, 3600);
  // Merged rows keep the rate right: requests over the seconds they cover.
  const merged = mergeRows(long.slice(10, 16), long[9]);
  assert.equal(merged.rps, long.slice(10, 16).reduce((n, r) => n + r.requests, 0) / 6);
  assert.deepEqual(compactRows(long.slice(0, 10), MAX_SAVED_ROWS), long.slice(0, 10));
  // Rows of a report from before lag was measured merge without inventing one.
  const old = long.slice(0, 6).map(({ lagP99: _lag, engineCpu: _cpu, ...row }) => row as TimeseriesRow);
  const mergedOld = mergeRows(old, null);
  assert.equal(mergedOld.lagP99, null);
  assert.equal('engineCpu' in mergedOld, false);
});

test('decimateMinMax: bounded output, every bucket extreme kept, gaps kept, x in order', () => {
  const points: Point[] = Array.from({ length: 3600 }, (_, i) => ({ x: i + 1, y: i === 1800 ? 5000 : i === 900 ? -50 : i >= 2000 && i < 2010 ? null : Math.sin(i / 10) * 100 }));
  const out = decimateMinMax(points, 300);
  assert.ok(out.length <= 2 * 300 + 12, `${out.length}`);
  assert.ok(out.some((p) => p.y === 5000));
  assert.ok(out.some((p) => p.y === -50));
  assert.ok(out.some((p) => p.y === null), 'a gap stays a gap');
  for (let i = 1; i < out.length; i++) assert.ok(out[i].x >= out[i - 1].x, 'sorted by x');
  const small = points.slice(0, 100);
  assert.equal(decimateMinMax(small, 300), small);
});
