// The phase driver (engine/runtime/phases.ts) with real populations and stub steps that finish
// on the next turn of the loop (or are held), never a network. An open phase starts exactly its
// planned arrivals, each at its scheduled time; past `maxUsers` arrivals are dropped and
// counted; without it, arrivals past the engine's user limit wait instead; segments split the
// arrivals; closed users leave when the model switches to open; stop() ends the run. Phases are
// short (≤ 300 ms) and nothing asserts on wall-clock durations: counts and order only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowPicker, type CompiledFlow } from '../../../engine/runtime/flow';
import { MetricsStore } from '../../../engine/metrics/store';
import { PhaseDriver, type PhaseHooks } from '../../../engine/runtime/phases';
import { ClosedPopulation, OpenPopulation } from '../../../engine/runtime/populations';
import { arrivalTimeMs, plannedArrivals, WHOLE, type Segment } from '../../../engine/runtime/schedule';
import type { StepRunner } from '../../../engine/runtime/step';
import type { RunScope, VuState } from '../../../engine/runtime/vu-state';
import type { Phase } from '../../../scenario/types';

const scope = (): RunScope => ({ shared: {}, templated: new Map(), env: {}, data: {} });

/** Logs each run's VU and due time; completes on the next turn, or holds while `holding`. */
class StubStep implements StepRunner {
  readonly name = 'stub';
  readonly runs: { id: number; dueAt: number }[] = [];
  holding = false;
  active = 0;
  mostActive = 0;
  onRun: ((vu: VuState) => void) | undefined;
  private readonly held: (() => void)[] = [];

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    this.runs.push({ id: vu.id, dueAt });
    this.active++;
    this.mostActive = Math.max(this.mostActive, this.active);
    this.onRun?.(vu);
    const finish = (): void => {
      this.active--;
      done(true);
    };
    if (this.holding) this.held.push(finish);
    else setImmediate(finish);
  }

  release(): void {
    this.holding = false;
    for (const finish of this.held.splice(0)) finish();
  }
}

function harness(segment: Segment = WHOLE, userLimit = 1_000) {
  const store = new MetricsStore();
  const openStep = new StubStep();
  const closedStep = new StubStep();
  const flow = (step: StubStep): CompiledFlow => ({ name: 'f', weight: 1, steps: [step], metrics: store.flow('f', 1) });
  const closed = new ClosedPopulation(new FlowPicker([flow(closedStep)]), store, scope(), segment);
  const open = new OpenPopulation(new FlowPicker([flow(openStep)]), store, scope(), segment);
  const started: { index: number; name: string }[] = [];
  const limits: number[] = [];
  const hooks: PhaseHooks = {
    onPhaseStart: (index, phase) => started.push({ index, name: phase.name }),
    onUserLimit: (limit) => limits.push(limit),
  };
  const make = (phases: Phase[]): PhaseDriver => new PhaseDriver(phases, closed, open, store, segment, hooks, userLimit);
  return { store, openStep, closedStep, closed, open, started, limits, hooks, make };
}

const openPhase = (name: string, rate: number, durationMs: number, maxUsers?: number): Phase => ({ name, durationMs, model: 'open', from: rate, to: rate, maxUsers });

test('an open phase starts exactly its planned arrivals, each due at its scheduled time', async () => {
  const h = harness();
  const phase = openPhase('steady', 50, 200);
  const driver = h.make([phase]);
  await driver.runAll();
  await h.open.whenIdle();
  const planned = plannedArrivals(50, 50, 200);
  assert.equal(planned, 10);
  assert.equal(h.openStep.runs.length, planned);
  assert.equal(h.store.dropped, 0);
  assert.equal(h.store.iterations, planned);
  assert.deepEqual(h.started, [{ index: 0, name: 'steady' }]);
  assert.deepEqual(h.closedStep.runs, [], 'no closed user in an open phase');
  // Due times are the schedule's, relative to the first: not when the engine got to them.
  const first = h.openStep.runs[0].dueAt;
  h.openStep.runs.forEach((run, n) => {
    assert.ok(Math.abs(run.dueAt - first - arrivalTimeMs(n, 50, 50, 200)) < 1e-6, `arrival ${n}`);
  });
  // Completed users are reused: far fewer users than arrivals are needed.
  assert.ok(new Set(h.openStep.runs.map((r) => r.id)).size < planned);
});

test('a ramping open phase also starts its planned arrivals', async () => {
  const h = harness();
  const phase: Phase = { name: 'ramp', durationMs: 250, model: 'open', from: 0, to: 160 };
  await h.make([phase]).runAll();
  await h.open.whenIdle();
  assert.equal(h.openStep.runs.length, plannedArrivals(0, 160, 250));
  assert.equal(h.openStep.runs.length, 20);
});

test('arrivals past maxUsers are dropped and recorded', async () => {
  const h = harness();
  h.openStep.holding = true;
  await h.make([openPhase('capped', 50, 200, 3)]).runAll();
  assert.equal(h.openStep.runs.length, 3);
  assert.equal(h.openStep.mostActive, 3);
  assert.equal(h.store.dropped, 10 - 3);
  assert.equal(h.store.interval.dropped, 10 - 3);
  h.openStep.release();
  await h.open.whenIdle();
  assert.equal(h.store.iterations, 3);
  assert.deepEqual(h.limits, [], 'a maxUsers cap is not the engine limit');
});

test("without maxUsers, arrivals past the engine's user limit wait for a free user, none dropped", async () => {
  const h = harness(WHOLE, 3);
  h.openStep.holding = true;
  // Users free up only once the limit was reported (on the next turn, after the driver waits).
  h.hooks.onUserLimit = (limit) => {
    h.limits.push(limit);
    setImmediate(() => h.openStep.release());
  };
  await h.make([openPhase('limited', 50, 200)]).runAll();
  await h.open.whenIdle();
  assert.deepEqual(h.limits, [3]);
  assert.equal(h.openStep.runs.length, 10);
  assert.equal(h.store.dropped, 0);
  assert.ok(h.openStep.mostActive <= 3, `most active ${h.openStep.mostActive}`);
});

test('segments of an open phase take disjoint arrivals that add up to the whole', async () => {
  const a = harness({ index: 0, count: 2 });
  const b = harness({ index: 1, count: 2 });
  const phase = openPhase('split', 50, 200);
  await Promise.all([a.make([phase]).runAll(), b.make([phase]).runAll()]);
  await Promise.all([a.open.whenIdle(), b.open.whenIdle()]);
  assert.equal(a.openStep.runs.length, 5);
  assert.equal(b.openStep.runs.length, 5);
  // Users are numbered within the whole run: odd for segment 0, even for segment 1.
  assert.ok(a.openStep.runs.every((r) => r.id % 2 === 1));
  assert.ok(b.openStep.runs.every((r) => r.id % 2 === 0));
});

test('a closed ramp brings users in; they leave when an open phase follows', async () => {
  const h = harness();
  const levelsAtArrivals: number[] = [];
  h.openStep.onRun = () => levelsAtArrivals.push(h.closed.level);
  const phases: Phase[] = [
    { name: 'ramp', durationMs: 120, model: 'closed', from: 0, to: 3 },
    openPhase('open', 20, 100),
  ];
  await h.make(phases).runAll();
  await Promise.all([h.open.whenIdle(), h.closed.whenIdle()]);
  assert.deepEqual(h.started.map((s) => s.index), [0, 1]);
  assert.deepEqual([...new Set(h.closedStep.runs.map((r) => r.id))].sort(), [1, 2, 3]);
  assert.deepEqual(levelsAtArrivals, [0, 0]);
  assert.equal(h.closed.level, 0);
  assert.equal(h.closed.running, 0);
});

test('a closed phase holds its level and ends with no user left', async () => {
  const h = harness();
  await h.make([{ name: 'hold', durationMs: 100, model: 'closed', from: 2, to: 2 }]).runAll();
  await h.closed.whenIdle();
  assert.deepEqual([...new Set(h.closedStep.runs.map((r) => r.id))].sort(), [1, 2]);
  assert.ok(h.closedStep.runs.length > 2, 'users loop over their flow');
  assert.equal(h.closed.level, 0);
  assert.equal(h.store.iterations, h.closedStep.runs.length);
});

test('stop() ends the current phase and runs no further one', async () => {
  const h = harness();
  const phases = [openPhase('long', 20, 10_000), openPhase('never', 20, 1_000)];
  const driver = h.make(phases);
  h.openStep.onRun = () => {
    if (h.openStep.runs.length === 3) setImmediate(() => driver.stop());
  };
  await driver.runAll();
  assert.deepEqual(h.started.map((s) => s.name), ['long']);
  assert.equal(h.openStep.runs.length, 3);
  // Give any stray timer a chance: no arrival starts after the stop.
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(h.openStep.runs.length, 3);
  await h.open.whenIdle();
  assert.equal(h.store.iterations, 3);
});

test('stop() also ends a closed phase; its users are left to the caller', async () => {
  const h = harness();
  const driver = h.make([{ name: 'closed', durationMs: 10_000, model: 'closed', from: 2, to: 2 }, openPhase('never', 10, 100)]);
  h.closedStep.onRun = () => {
    if (h.closedStep.runs.length === 10) setImmediate(() => driver.stop());
  };
  await driver.runAll();
  assert.deepEqual(h.started.map((s) => s.name), ['closed']);
  // After a stop, runAll does not take the users away: the run does, with its own stop.
  assert.equal(h.closed.level, 2);
  h.closed.setLevel(0);
  await h.closed.whenIdle();
  assert.equal(h.openStep.runs.length, 0);
});
