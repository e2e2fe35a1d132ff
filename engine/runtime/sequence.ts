// Runs a list of compiled steps in order for one user: a flow's iteration, a block's body.
import type { StepRunner } from './step';
import { ThinkStepRunner } from './think-step';
import type { VuState } from './vu-state';

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
