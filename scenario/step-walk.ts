// Steps inside blocks (`group`, `repeat`, `if`/`else`) are steps too: one walk for every reader
// that looks at all of them (hosts a run would reach, names, the engine's compile).
import type { Step } from './types';

/** The steps nested directly in `step` (none for a request, sse, think or record). */
export function innerSteps(step: Step): Step[] {
  if (step.kind === 'group' || step.kind === 'repeat') return step.steps;
  if (step.kind === 'if') return [...step.steps, ...step.else];
  return [];
}

/** Every step of `steps`, blocks' steps included, in document order. */
export function allSteps(steps: Step[]): Step[] {
  return steps.flatMap((step) => [step, ...allSteps(innerSteps(step))]);
}
