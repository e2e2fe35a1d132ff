// The load's monitor ticks, alone (engine/runtime/interval-ticker.ts): each tick adds one row and
// one snapshot from the store's interval, evaluates criteria and alerts, and sends a checkpoint
// on the first three intervals, every 5 s after and at the end. Ticks are driven by hand with
// epoch times, so nothing here depends on timers or on how fast the machine is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlertTracker } from '../../../engine/metrics/alert-tracker';
import { CriteriaTracker } from '../../../engine/metrics/criteria-tracker';
import { encodeSnapshot, type StoreSnapshot } from '../../../engine/metrics/partial';
import { MetricsStore } from '../../../engine/metrics/store';
import { NO_MACHINE_SAMPLE } from '../../../engine/metrics/monitor-thread-protocol';
import type { EngineToClient } from '../../../engine/protocol/messages';
import { CHECKPOINT_EVERY_MS, IntervalTicker, MAX_TIMESERIES_ROWS } from '../../../engine/runtime/interval-ticker';
import { analyzeScenarioText } from '../../../scenario/load';
import type { Scenario } from '../../../scenario/types';

function scenario(extra = ''): Scenario {
  const { scenario: model, diagnostics } = analyzeScenarioText(
    `version: 1\nname: ticks\ntarget: http://127.0.0.1:1\nphases:\n  - duration: 60s\n    rate: 10\nflows:\n  - name: get\n    steps:\n      - request: GET /\n        name: home\n${extra}`,
  );
  assert.ok(model, JSON.stringify(diagnostics));
  return model;
}

function setUp(model: Scenario) {
  const store = new MetricsStore();
  store.recordingLoad = true;
  const messages: EngineToClient[] = [];
  const aborts: string[] = [];
  const encoded: StoreSnapshot[] = [];
  const ticker = new IntervalTicker(
    model,
    store,
    { sample: async () => ({ ...NO_MACHINE_SAMPLE, eventLoopDelay: 0.2, engineCpu: 12.5, heapUsed: 20, rssMB: 80 + messages.length }) },
    {
      encode: async (snapshot) => {
        encoded.push(snapshot);
        return encodeSnapshot(snapshot);
      },
    },
    new CriteriaTracker(model.criteria),
    new AlertTracker(model.alerts),
    { emit: (m) => messages.push(m), abort: (reason) => aborts.push(reason), phase: () => 'steady', users: () => 7, measuring: () => true },
  );
  const step = store.step('home', 'request', 'get');
  const flow = store.flow('get', 1);
  const requests = (n: number, latencyMs: number): void => {
    for (let i = 0; i < n; i++) {
      store.recordLag(0.5);
      store.recordRequest(step, latencyMs, 200, flow);
    }
  };
  return { store, ticker, messages, aborts, encoded, requests };
}

const T0 = 1_700_000_000_000;
const of = <K extends EngineToClient['type']>(messages: EngineToClient[], type: K) => messages.filter((m): m is Extract<EngineToClient, { type: K }> => m.type === type);

test('each tick is one row and one snapshot of that interval only', async () => {
  const { ticker, messages, requests } = setUp(scenario());
  ticker.start(T0);
  ticker.stopTimer();
  requests(10, 4);
  await ticker.tick(T0 + 1000);
  requests(30, 8);
  await ticker.tick(T0 + 2000);
  assert.equal(ticker.rows.length, 2);
  assert.deepEqual(ticker.rows.map((r) => [r.requests, r.rps, r.phase, r.users, r.elapsed]), [
    [10, 10, 'steady', 7, 1],
    [30, 30, 'steady', 7, 2],
  ]);
  assert.ok(Math.abs((ticker.rows[1].p50 as number) - 8) < 0.1, `p50 of the second interval is its own: ${ticker.rows[1].p50}`);
  assert.equal(ticker.rows[0].lagP99, 0.5);
  const snapshots = of(messages, 'snapshot');
  assert.equal(snapshots.length, 2);
  assert.deepEqual(snapshots[1].totals, { requests: 40, errors: 0, dropped: 0, iterations: 0 });
  assert.equal(ticker.peakRssMB > 80, true);
  // A tick at or before the last one is not a new interval.
  await ticker.tick(T0 + 2000);
  assert.equal(ticker.rows.length, 2);
});

test('checkpoints: each of the first three intervals, then every 5 s, and the final one', async () => {
  const { ticker, messages, encoded } = setUp(scenario());
  ticker.start(T0);
  ticker.stopTimer();
  for (let s = 1; s <= 12; s++) await ticker.tick(T0 + s * 1000);
  await ticker.finish(T0 + 12_500);
  await ticker.checkpointsSent;
  // 1, 2, 3, then 3 + 5 = 8, then the final one at 12.5 s (12 is 4 s after 8).
  assert.equal(CHECKPOINT_EVERY_MS, 5_000);
  assert.equal(encoded.length, 5);
  assert.equal(of(messages, 'checkpoint').length, 5, 'every encoded checkpoint was sent');
  assert.equal(ticker.rows.length, 13, 'the final, partial interval is a row too');
});

test('a criterion that fails for its `after` asks to abort, and a firing alert is sent and can abort', async () => {
  const model = scenario(`criteria:\n  - { expr: "p95(latency) < 5ms", abort: true, after: 2s }\nalerts:\n  - { when: "p99(latency) > 50ms", for: 1s, severity: critical, abort: true }\n`);
  const { ticker, messages, aborts, requests } = setUp(model);
  ticker.start(T0);
  ticker.stopTimer();
  for (let s = 1; s <= 4; s++) {
    requests(20, 80);
    await ticker.tick(T0 + s * 1000);
  }
  assert.ok(of(messages, 'criteria').length >= 1, 'criteria are sent as they are evaluated');
  assert.ok(of(messages, 'alert').some((m) => m.state === 'fired'), 'the alert fired');
  assert.ok(aborts.some((r) => r.startsWith('alert "p99(latency) > 50ms"')), aborts.join('; '));
  assert.ok(aborts.some((r) => r.startsWith('criterion "p95(latency) < 5ms"')), aborts.join('; '));
});

test('past the row limit, older intervals merge: the rows stay bounded and their counts add up', async () => {
  const { ticker, requests } = setUp(scenario());
  ticker.start(T0);
  ticker.stopTimer();
  const ticks = MAX_TIMESERIES_ROWS + 1;
  for (let s = 1; s <= ticks; s++) {
    requests(1, 2);
    await ticker.tick(T0 + s * 1000);
  }
  assert.ok(ticker.rows.length <= MAX_TIMESERIES_ROWS * 0.75, `${ticker.rows.length} rows`);
  assert.equal(ticker.rows.reduce((n, r) => n + r.requests, 0), ticks, 'no request lost in the merge');
  assert.equal(ticker.rows[ticker.rows.length - 1].time, T0 + ticks * 1000, 'the newest row is kept as it is');
});

test('once the run has reported, ticks measure and send nothing', async () => {
  const { store, messages } = setUp(scenario());
  let measuring = true;
  const ticker = new IntervalTicker(scenario(), store, { sample: async () => ({ ...NO_MACHINE_SAMPLE, eventLoopDelay: null, engineCpu: null, heapUsed: 1, rssMB: 1 }) }, { encode: async (s) => encodeSnapshot(s) }, new CriteriaTracker([]), new AlertTracker([]), {
    emit: (m) => messages.push(m),
    abort: () => undefined,
    phase: () => 'x',
    users: () => 0,
    measuring: () => measuring,
  });
  ticker.start(T0);
  ticker.stopTimer();
  measuring = false;
  await ticker.tick(T0 + 1000);
  assert.equal(ticker.rows.length, 0);
  assert.equal(messages.length, 0);
});
