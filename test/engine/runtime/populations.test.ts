// The load's users (engine/runtime/populations.ts) with stub steps and no network. Closed model:
// setLevel starts users (numbered by segment) and a ramp down takes the last ones away at their
// next step boundary, waking them from a think; a flow failing at once cannot starve the loop.
// Open model: arrive() runs one iteration on a free or new user, returns false at the cap, hands
// freed users back (hasIdle, onNextIdle once), and stopAll ends busy iterations for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowPicker, type CompiledFlow } from '../../../engine/runtime/flow';
import { MetricsStore } from '../../../engine/metrics/store';
import { ClosedPopulation, OpenPopulation } from '../../../engine/runtime/populations';
import { WHOLE, type Segment } from '../../../engine/runtime/schedule';
import type { StepRunner } from '../../../engine/runtime/step';
import type { RunScope, VuState } from '../../../engine/runtime/vu-state';

const scope = (): RunScope => ({ shared: {}, templated: new Map(), env: {}, data: {} });

/** Resolves once `condition` holds, checking on each turn of the loop (bounded by turns, not time). */
async function until(condition: () => boolean, what: string, turns = 100_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`never happened: ${what}`);
}

/** Completes each run on the next turn of the loop with `ok`, logging the VU's id. */
class QuickStep implements StepRunner {
  readonly name = 'quick';
  readonly ids: number[] = [];
  ok = true;
  run(vu: VuState, _dueAt: number, done: (ok: boolean) => void): void {
    this.ids.push(vu.id);
    setImmediate(() => done(this.ok));
  }
}

/** Holds each run until released, or until a stop wakes its user (like a think). */
class HeldStep implements StepRunner {
  readonly name = 'held';
  readonly ids: number[] = [];
  private readonly pending = new Set<() => void>();
  run(vu: VuState, _dueAt: number, done: (ok: boolean) => void): void {
    this.ids.push(vu.id);
    const finish = (): void => {
      if (!this.pending.delete(finish)) return;
      vu.wake = null;
      done(true);
    };
    this.pending.add(finish);
    vu.wake = finish;
  }
  get held(): number {
    return this.pending.size;
  }
  releaseOne(): void {
    const [first] = this.pending;
    first?.();
  }
  releaseAll(): void {
    for (const finish of [...this.pending]) finish();
  }
}

function setup(steps: StepRunner[], segment: Segment = WHOLE) {
  const store = new MetricsStore();
  const metrics = store.flow('f', 1);
  const flow: CompiledFlow = { name: 'f', weight: 1, steps, metrics };
  return { store, metrics, picker: new FlowPicker([flow]), segment };
}

test('closed: setLevel up starts users numbered by segment; down lets the last ones leave', async () => {
  const step = new QuickStep();
  const { store, metrics, picker } = setup([step]);
  const left: number[] = [];
  const segment = { index: 1, count: 3 };
  const population = new ClosedPopulation(picker, store, scope(), segment, (vu) => left.push(vu.id));
  population.setLevel(3);
  assert.equal(population.level, 3);
  assert.equal(population.running, 3);
  // Each user's first iteration starts at once: users 2, 5 and 8 of the whole run.
  assert.deepEqual(step.ids, [2, 5, 8]);
  await until(() => step.ids.length >= 30, 'users loop');
  assert.deepEqual([...new Set(step.ids)].sort((a, b) => a - b), [2, 5, 8]);

  population.setLevel(1);
  assert.equal(population.level, 1);
  await until(() => population.running === 1, 'two users leave');
  assert.deepEqual([...left].sort((a, b) => a - b), [5, 8]);
  const mark = step.ids.length;
  await until(() => step.ids.length >= mark + 10, 'the remaining user loops');
  assert.deepEqual([...new Set(step.ids.slice(mark))], [2]);

  population.setLevel(0);
  await population.whenIdle();
  assert.equal(population.running, 0);
  assert.equal(left.length, 3);
  assert.equal(store.iterations, metrics.iterations);
  assert.ok(metrics.iterations >= 30, `iterations ${metrics.iterations}`);
  assert.equal(metrics.failures, 0);
});

test('closed: a ramp down wakes users out of a long wait, and whenIdle resolves', { timeout: 5_000 }, async () => {
  const step = new HeldStep();
  const { store, metrics, picker } = setup([step, new QuickStep()]);
  const population = new ClosedPopulation(picker, store, scope(), WHOLE);
  // With no user running, whenIdle is already resolved.
  await population.whenIdle();
  assert.equal(population.running, 0);
  population.setLevel(2);
  assert.equal(step.held, 2);
  let idle = false;
  const whenIdle = population.whenIdle().then(() => {
    idle = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(idle, false);
  population.setLevel(0);
  await whenIdle;
  assert.equal(step.held, 0);
  assert.equal(population.running, 0);
  // Both iterations ended (not as failures) and nothing after the wait ran.
  assert.deepEqual([metrics.iterations, metrics.failures, store.iterations], [2, 0, 2]);
});

test('closed: a flow that fails at once yields between iterations and counts failures', async () => {
  let runs = 0;
  const failing: StepRunner = {
    name: 'fails-at-once',
    run: (_vu, _dueAt, done) => {
      runs++;
      done(false);
    },
  };
  const { store, metrics, picker } = setup([failing]);
  const population = new ClosedPopulation(picker, store, scope(), WHOLE);
  population.setLevel(1);
  // setLevel returned after one iteration: the next waits for a turn of the loop.
  assert.equal(runs, 1);
  await until(() => runs >= 20, 'iterations go on');
  population.setLevel(0);
  await population.whenIdle();
  assert.equal(metrics.failures, metrics.iterations);
  assert.equal(metrics.iterations, runs);
  assert.equal(store.iterations, runs);
});

test('open: arrive runs an iteration and returns false once `cap` users are busy', async () => {
  const step = new HeldStep();
  const { store, metrics, picker } = setup([step], { index: 0, count: 2 });
  const population = new OpenPopulation(picker, store, scope(), { index: 0, count: 2 });
  assert.equal(population.hasIdle(), false);
  assert.equal(population.arrive(0, 2), true);
  assert.equal(population.arrive(0, 2), true);
  assert.equal(population.arrive(0, 2), false);
  assert.equal(population.busy, 2);
  // Users 1 and 3 of the whole run (segment 0 of 2).
  assert.deepEqual(step.ids, [1, 3]);
  assert.equal(population.hasIdle(), false);

  let calls = 0;
  population.onNextIdle(() => calls++);
  step.releaseOne();
  assert.equal(population.busy, 1);
  assert.equal(population.hasIdle(), true);
  assert.equal(calls, 1);
  step.releaseOne();
  // onNextIdle fires once only.
  assert.equal(calls, 1);
  await population.whenIdle();
  assert.equal(metrics.iterations, 2);

  // Free users are reused before new ones are made.
  assert.equal(population.arrive(0, 2), true);
  assert.equal(population.arrive(0, 2), true);
  assert.deepEqual([...step.ids.slice(2)].sort(), [1, 3]);
  assert.equal(population.hasIdle(), false);
  assert.equal(population.arrive(0, Infinity), true);
  assert.equal(step.ids[4], 5);
  step.releaseAll();
  await population.whenIdle();
  assert.equal(metrics.iterations, 5);
  assert.equal(store.dropped, 0, 'arrive itself records no drop');
});

test('open: onNextIdle(undefined) cancels a waiting callback', () => {
  const step = new HeldStep();
  const { store, picker } = setup([step]);
  const population = new OpenPopulation(picker, store, scope(), WHOLE);
  population.arrive(0, Infinity);
  let calls = 0;
  population.onNextIdle(() => calls++);
  population.onNextIdle(undefined);
  step.releaseAll();
  assert.equal(calls, 0);
  assert.equal(population.hasIdle(), true);
});

test('open: stopAll ends busy iterations at their next boundary and keeps no user', async () => {
  const held = new HeldStep();
  const after = new QuickStep();
  const { store, metrics, picker } = setup([held, after]);
  const population = new OpenPopulation(picker, store, scope(), WHOLE);
  population.arrive(0, Infinity);
  population.arrive(0, Infinity);
  assert.equal(population.busy, 2);
  population.stopAll();
  await population.whenIdle();
  assert.equal(population.busy, 0);
  assert.equal(held.held, 0);
  assert.deepEqual(after.ids, [], 'no step after the stop');
  assert.equal(population.hasIdle(), false, 'stopped users do not return to the pool');
  assert.equal(metrics.iterations, 2);
  assert.equal(metrics.failures, 0);
});
