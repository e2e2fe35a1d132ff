// One iteration of a flow (engine/runtime/flow.ts) with stub step runners: steps run in order,
// a failed step ends the iteration and — for the load's users — waits out the think that would
// have followed it (so a failing endpoint never multiplies the load), a stop ends it at the next
// step boundary, each step gets the right due time. Also the weighted FlowPicker (Math.random
// mocked), where defaults.think is compiled in, and how runFlowIteration records iterations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSteps, FlowPicker, runFlowIteration, type CompiledFlow } from '../../../engine/runtime/flow';
import { runIteration } from '../../../engine/runtime/sequence';
import { HttpPools } from '../../../engine/runtime/http-pools';
import { MetricsStore } from '../../../engine/metrics/store';
import type { RequestContext } from '../../../engine/runtime/request-step';
import type { StepRunner } from '../../../engine/runtime/step';
import { ThinkStepRunner } from '../../../engine/runtime/think-step';
import { parseTarget } from '../../../engine/runtime/url';
import { VuState } from '../../../engine/runtime/vu-state';
import type { Step } from '../../../scenario/types';

function newVu(id = 1): VuState {
  return new VuState(id, { shared: {}, templated: new Map(), env: {}, data: {} });
}

interface Call {
  name: string;
  dueAt: number;
}

/** A step that logs its run, then answers `ok` on the next turn (or at once with `sync`). */
class StubStep implements StepRunner {
  constructor(
    readonly name: string,
    private readonly log: Call[],
    private readonly ok = true,
    private readonly before?: (vu: VuState) => void,
  ) {}

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    this.log.push({ name: this.name, dueAt });
    this.before?.(vu);
    setImmediate(() => done(this.ok));
  }
}

/** A think step that logs instead of waiting (still a ThinkStepRunner, as the flow looks for). */
class RecordingThink extends ThinkStepRunner {
  constructor(private readonly log: Call[]) {
    super({ minMs: 60_000, maxMs: 60_000 });
  }

  override run(_vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    this.log.push({ name: 'think', dueAt });
    setImmediate(() => done(true));
  }
}

function iterate(steps: StepRunner[], vu: VuState, pauseAfterFailure: boolean, dueAt = 0): Promise<{ failed: boolean; calls: number }> {
  return new Promise((resolve) => {
    let calls = 0;
    let failed: boolean | undefined;
    runIteration(
      steps,
      vu,
      dueAt,
      (result) => {
        calls++;
        failed = result;
        // Let any stray second call arrive before reporting.
        setImmediate(() => resolve({ failed: failed as boolean, calls }));
      },
      pauseAfterFailure,
    );
  });
}

test('steps run in order and a passing iteration reports not failed', async () => {
  const log: Call[] = [];
  const steps = [new StubStep('a', log), new RecordingThink(log), new StubStep('b', log)];
  const result = await iterate(steps, newVu(), true);
  assert.deepEqual(log.map((c) => c.name), ['a', 'think', 'b']);
  assert.deepEqual(result, { failed: false, calls: 1 });
  assert.deepEqual(await iterate([], newVu(), true), { failed: false, calls: 1 });
});

test('a failed step ends the iteration, then waits out the following think (pauseAfterFailure)', async () => {
  const log: Call[] = [];
  const steps = [new StubStep('a', log), new StubStep('b', log, false), new RecordingThink(log), new StubStep('c', log)];
  const result = await iterate(steps, newVu(), true);
  assert.deepEqual(log.map((c) => c.name), ['a', 'b', 'think']);
  assert.deepEqual(result, { failed: true, calls: 1 });
});

test('the pause after a failure is the next think of the flow, even past other steps', async () => {
  const log: Call[] = [];
  const think = new RecordingThink(log);
  const steps = [new StubStep('fail', log, false), new StubStep('x', log), think, new StubStep('y', log)];
  const result = await iterate(steps, newVu(), true);
  assert.deepEqual(log.map((c) => c.name), ['fail', 'think']);
  assert.equal(result.failed, true);
  // A think before the failed step is not "after" it; none follows: no pause.
  const log2: Call[] = [];
  await iterate([new RecordingThink(log2), new StubStep('last', log2, false)], newVu(), true);
  assert.deepEqual(log2.map((c) => c.name), ['think', 'last']);
});

test('without pauseAfterFailure (setup, teardown) a failure ends the iteration at once', async () => {
  const log: Call[] = [];
  const steps = [new StubStep('a', log, false), new RecordingThink(log), new StubStep('b', log)];
  const result = await iterate(steps, newVu(), false);
  assert.deepEqual(log.map((c) => c.name), ['a']);
  assert.deepEqual(result, { failed: true, calls: 1 });
});

test('a stopping user skips the pause after a failure and the steps after a success', async () => {
  const log: Call[] = [];
  const stop = (vu: VuState): void => {
    vu.stopping = true;
  };
  const failing = [new StubStep('a', log, false, stop), new RecordingThink(log), new StubStep('b', log)];
  assert.deepEqual(await iterate(failing, newVu(), true), { failed: true, calls: 1 });
  assert.deepEqual(log.map((c) => c.name), ['a']);

  const log2: Call[] = [];
  const passing = [new StubStep('a', log2, true, stop), new RecordingThink(log2), new StubStep('b', log2)];
  // Ended by a stop, the iteration is not a failure.
  assert.deepEqual(await iterate(passing, newVu(), true), { failed: false, calls: 1 });
  assert.deepEqual(log2.map((c) => c.name), ['a']);
});

test('the first step is due at dueAt; the next one when the previous think planned to end', async () => {
  const log: Call[] = [];
  let seenDuringB: number | undefined = -1;
  const steps = [
    new StubStep('a', log, true, (vu) => {
      vu.thinkEndedAt = 5_555;
    }),
    new StubStep('b', log, true, (vu) => {
      seenDuringB = vu.thinkEndedAt;
    }),
    new StubStep('c', log),
  ];
  await iterate(steps, newVu(), true, 1_234);
  assert.deepEqual(log.slice(0, 2), [
    { name: 'a', dueAt: 1_234 },
    { name: 'b', dueAt: 5_555 },
  ]);
  // Taken once: the step after it is due when its predecessor ended, not at the same moment.
  assert.equal(seenDuringB, undefined);
  assert.notEqual(log[2].dueAt, 5_555);
});

test('a real think after a failure is cut short by a stop (wake)', async () => {
  const log: Call[] = [];
  const think = new ThinkStepRunner({ minMs: 60_000, maxMs: 60_000 });
  const vu = newVu();
  const pending = iterate([new StubStep('a', log, false), think], vu, true);
  // Wait until the pause has started.
  while (!vu.wake) await new Promise((resolve) => setImmediate(resolve));
  vu.stopping = true;
  vu.wake();
  assert.deepEqual(await pending, { failed: true, calls: 1 });
  assert.equal(vu.wake, null);
});

function flow(name: string, weight: number): CompiledFlow {
  return { name, weight, steps: [], metrics: undefined };
}

test('FlowPicker picks by weight from the cumulative table', (t) => {
  const a = flow('a', 1);
  const b = flow('b', 3);
  const picker = new FlowPicker([a, b]);
  const random = t.mock.method(Math, 'random', () => 0);
  const pickAt = (value: number): string => {
    random.mock.mockImplementation(() => value);
    return picker.pick().name;
  };
  assert.equal(pickAt(0), 'a');
  assert.equal(pickAt(0.2499), 'a');
  assert.equal(pickAt(0.25), 'b');
  assert.equal(pickAt(0.9999), 'b');
  // Over an even sweep of draws, 1 in 4 goes to a.
  const counts = { a: 0, b: 0 };
  for (let i = 0; i < 1000; i++) counts[pickAt(i / 1000) as 'a' | 'b']++;
  assert.deepEqual(counts, { a: 250, b: 750 });
});

test('FlowPicker never picks a weight-0 flow, and a single flow needs no draw', (t) => {
  const random = t.mock.method(Math, 'random', () => 0);
  const picker = new FlowPicker([flow('never', 0), flow('x', 2), flow('y', 2)]);
  assert.equal(picker.pick().name, 'x');
  random.mock.mockImplementation(() => 0.5);
  assert.equal(picker.pick().name, 'y');
  random.mock.mockImplementation(() => 0.999999);
  assert.equal(picker.pick().name, 'y');
  const before = random.mock.callCount();
  const only = flow('only', 5);
  assert.equal(new FlowPicker([only]).pick(), only);
  assert.equal(random.mock.callCount(), before);
});

test('compileSteps puts defaults.think after each request or sse step without its own think', () => {
  const store = new MetricsStore();
  const ctx = {
    target: parseTarget('http://127.0.0.1:9'),
    // Compiling reads only the connection profiles; nothing is sent.
    pools: new HttpPools(),
    deadlines: undefined,
    store,
    env: { cancelled: false },
    defaultHeaders: {},
    flow: undefined,
    flowName: 'main',
  } as unknown as RequestContext;
  const request = (name: string): Step => ({ kind: 'request', name, method: 'GET', url: `/${name}`, headers: {}, query: {}, timeoutMs: 1000, expect: {}, capture: {}, connection: { redirects: 0, http2: false }, cookies: {} });
  const steps: Step[] = [
    request('a'),
    request('b'),
    { kind: 'think', name: 'think', think: { minMs: 5, maxMs: 5 } },
    { kind: 'sse', name: 'c', method: 'GET', url: '/events', headers: {}, until: { timeoutMs: 1000 }, timeoutMs: 1000 },
  ];
  const runners = compileSteps(steps, ctx, { minMs: 10, maxMs: 20 });
  assert.deepEqual(runners.map((r) => r.name), ['a', 'think', 'b', 'think', 'c', 'think']);
  // The inserted pause is one shared runner; the written think is its own.
  assert.ok(runners[1] instanceof ThinkStepRunner);
  assert.equal(runners[1], runners[5]);
  assert.notEqual(runners[1], runners[3]);
  assert.deepEqual([...store.steps.keys()], ['a', 'b', 'c']);
  assert.equal(store.steps.get('c')?.kind, 'sse');
  assert.deepEqual([...(store.steps.get('a')?.flows ?? [])], ['main']);

  const none = compileSteps(steps, ctx, { minMs: 0, maxMs: 0 });
  assert.deepEqual(none.map((r) => r.name), ['a', 'b', 'think', 'c']);
});

test('runFlowIteration starts a VU iteration and records it in the flow metrics', async () => {
  const store = new MetricsStore();
  const metrics = store.flow('f', 1);
  const log: Call[] = [];
  const vu = newVu();
  const run = (steps: StepRunner[], withMetrics = true): Promise<void> =>
    new Promise((resolve) => runFlowIteration({ name: 'f', weight: 1, steps, metrics: withMetrics ? metrics : undefined }, vu, 0, store, resolve));
  await run([new StubStep('ok', log)]);
  assert.equal(vu.iteration, 1);
  assert.deepEqual([store.iterations, metrics.iterations, metrics.failures], [1, 1, 0]);
  await run([new StubStep('bad', log, false), new StubStep('never', log)]);
  assert.equal(vu.iteration, 2);
  assert.deepEqual([store.iterations, metrics.iterations, metrics.failures], [2, 2, 1]);
  assert.equal(metrics.iterationDuration.totalCount, 2);
  // Setup and teardown flows have no metrics: nothing recorded.
  await run([new StubStep('ok', log)], false);
  assert.equal(vu.iteration, 3);
  assert.equal(store.iterations, 2);
  assert.deepEqual(log.map((c) => c.name), ['ok', 'bad', 'ok']);
});
