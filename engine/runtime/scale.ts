// `--scale F`: multiplies every phase duration and the time windows of criteria and alerts, so
// that a long scenario can run in seconds in tests and CI without a copy.
import type { Scenario } from '../../scenario/types';

export function applyScale(scenario: Scenario, factor: number): Scenario {
  if (factor === 1) return scenario;
  const scale = (ms: number): number => Math.max(1, Math.round(ms * factor));
  return {
    ...scenario,
    phases: scenario.phases.map((phase) => ({ ...phase, durationMs: scale(phase.durationMs) })),
    criteria: scenario.criteria.map((criterion) => ({ ...criterion, afterMs: Math.round(criterion.afterMs * factor) })),
    alerts: scenario.alerts.map((alert) => ({ ...alert, forMs: Math.round(alert.forMs * factor) })),
  };
}
