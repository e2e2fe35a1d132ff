// A flow compiled into step runners, and the loop that runs one iteration of it for a VU.
import type { FlowMetrics, MetricsStore } from '../metrics/store';
import type { Step, Think } from '../../scenario/types';
import { RequestStepRunner, type RequestContext } from './request-step';
import { SseStepRunner } from './sse-step';
import type { StepRunner } from './step';
import { ThinkStepRunner } from './think-step';
import type { VuState } from './vu-state';

export interface CompiledFlow {
  name: string;
  weight: number;
  steps: StepRunner[];
  metrics: FlowMetrics | undefined;
}

/**
 * Compiles steps; `defaultThink` (the scenario's `defaults.think`) is inserted after each request
 * or sse step that is not already followed by a `think` step.
 */
export function compileSteps(steps: Step[], ctx: RequestContext, defaultThink: Think): StepRunner[] {
  const runners: StepRunner[] = [];
  const pause = defaultThink.maxMs > 0 ? new ThinkStepRunner(defaultThink) : undefined;
  steps.forEach((step, index) => {
    if (step.kind === 'think') {
      runners.push(new ThinkStepRunner(step.think));
      return;
    }
    runners.push(step.kind === 'request' ? new RequestStepRunner(step, ctx) : new SseStepRunner(step, ctx));
    if (pause && steps[index + 1]?.kind !== 'think') runners.push(pause);
  });
  return runners;
}

/** Picks flows by weight from a precomputed cumulative table. */
export class FlowPicker {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly flows: CompiledFlow[]) {
    let sum = 0;
    for (const flow of flows) {
      sum += flow.weight;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  pick(): CompiledFlow {
    if (this.flows.length === 1) return this.flows[0];
    const draw = Math.random() * this.total;
    for (let i = 0; i < this.cumulative.length; i++) if (draw < this.cumulative[i]) return this.flows[i];
    return this.flows[this.flows.length - 1];
  }
}

/** The think that would have followed step `index` (0-based): the next think step of the flow. */
function thinkAfter(steps: StepRunner[], index: number): ThinkStepRunner | undefined {
  for (let i = index + 1; i < steps.length; i++) {
    const step = steps[i];
    if (step instanceof ThinkStepRunner) return step;
  }
  return undefined;
}

/**
 * Runs the steps of one iteration in order; a failed step ends the iteration. The first step
 * is due at `dueAt`, each later one when the previous one finished (after a think: when the
 * think was planned to end). With `pauseAfterFailure` (the load's users), a failed step is
 * followed by the think that would have followed it, so a failing endpoint never multiplies
 * the load (`defaults.think` is already compiled in after each request without its own think).
 */
export function runIteration(
  steps: StepRunner[],
  vu: VuState,
  dueAt: number,
  done: (failed: boolean) => void,
  pauseAfterFailure = false,
): void {
  let index = 0;
  const next = (ok: boolean): void => {
    if (!ok) {
      const pause = pauseAfterFailure && !vu.stopping ? thinkAfter(steps, index - 1) : undefined;
      if (pause) pause.run(vu, performance.now(), () => done(true));
      else done(true);
      return;
    }
    if (index >= steps.length || vu.stopping) {
      done(false);
      return;
    }
    const step = steps[index++];
    let due = dueAt;
    if (index > 1) {
      due = vu.thinkEndedAt ?? performance.now();
      vu.thinkEndedAt = undefined;
    }
    step.run(vu, due, next);
  };
  next(true);
}

/** Runs one iteration of a flow for a VU and records it. */
export function runFlowIteration(
  flow: CompiledFlow,
  vu: VuState,
  dueAt: number,
  store: MetricsStore,
  done: () => void,
): void {
  vu.beginIteration();
  runIteration(
    flow.steps,
    vu,
    dueAt,
    (failed) => {
      if (flow.metrics) store.recordIteration(flow.metrics, failed, performance.now() - dueAt);
      done();
    },
    true,
  );
}
