// A flow compiled into step runners, and the loop that runs one iteration of it for a VU.
import type { FlowMetrics, MetricsStore } from '../metrics/store';
import type { Step, Think } from '../../scenario/types';
import { RequestStepRunner, type RequestContext } from './request-step';
import { SseStepRunner } from './sse-step';
import { GroupRunner, IfRunner, RecordRunner, RepeatRunner } from './blocks';
import { runIteration } from './sequence';
import type { StepRunner } from './step';
import { ThinkStepRunner } from './think-step';
import { WsStepRunner } from './ws-step';
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
  const inner = (list: Step[]): StepRunner[] => compileSteps(list, ctx, defaultThink);
  steps.forEach((step, index) => {
    switch (step.kind) {
      case 'think':
        runners.push(new ThinkStepRunner(step.think));
        return;
      case 'group':
        runners.push(new GroupRunner(step.name, inner(step.steps), ctx.store));
        return;
      case 'repeat':
        runners.push(new RepeatRunner(step, inner(step.steps), ctx));
        return;
      case 'if':
        runners.push(new IfRunner(step, inner(step.steps), inner(step.else), ctx));
        return;
      case 'record':
        runners.push(new RecordRunner(step, ctx));
        return;
      default:
        runners.push(step.kind === 'request' ? new RequestStepRunner(step, ctx) : step.kind === 'sse' ? new SseStepRunner(step, ctx) : new WsStepRunner(step, ctx));
        if (pause && steps[index + 1]?.kind !== 'think') runners.push(pause);
    }
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
