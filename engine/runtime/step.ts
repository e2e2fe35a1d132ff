// The shape every executable step shares: run for one VU, then call `done` exactly once.
import type { FlowMetrics, MetricsStore, StepMetrics } from '../metrics/store';
import { TemplateError } from './template';
import type { VuState } from './vu-state';

export interface StepRunner {
  readonly name: string;
  /** Request and sse steps: where their results are counted. */
  readonly metrics?: StepMetrics;
  /**
   * `dueAt` (performance.now() ms) is when the step should have started: the scheduled start of
   * the iteration in the open model, the planned end of the think before it, or the moment its
   * user was ready. Latency and lag run from it, so any delay the generator added is counted.
   */
  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void;
}

/** Things every step needs from the run while it executes. */
export interface StepEnvironment {
  /** True once a stop has cut in-flight work: such failures are not counted as errors. */
  readonly cancelled: boolean;
}

/**
 * A request, subscription or session whose text could not be rendered (a template failed): a
 * request that was tried and failed with a template error, as the report counts it.
 */
export function countRenderFailure(store: MetricsStore, metrics: StepMetrics, flow: FlowMetrics | undefined, err: unknown): void {
  store.recordFailedRequest(metrics, flow);
  store.recordError(metrics, 'template', err instanceof TemplateError ? err.message : String(err), flow);
}
