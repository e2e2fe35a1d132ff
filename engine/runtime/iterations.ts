// `stampede run --iterations N`: every closed phase runs N iterations per user (overriding its
// own `iterations`), so a long scenario can run each flow once in CI or a smoke test.
import type { Scenario } from '../../scenario/types';

export function applyIterations(scenario: Scenario, iterations: number | undefined): Scenario {
  if (iterations === undefined) return scenario;
  return { ...scenario, phases: scenario.phases.map((phase) => (phase.model === 'closed' ? { ...phase, iterations } : phase)) };
}
