// The criteria's view of a whole store: the run so far while it goes (interval-ticker.ts), or a
// merged run's (`stampede merge`, engine/driver/merge-parts.ts).
import type { MetricView } from './evaluate';
import { mergeHistograms } from './histogram';
import type { MetricsStore } from './store';

export function storeView(store: MetricsStore, seconds: number): MetricView {
  return {
    latency: (step, flow) => (step !== undefined ? store.steps.get(step)?.latency : flow !== undefined ? store.flows.get(flow)?.latency : store.latency),
    timeToFirstEvent: (step) => {
      if (step !== undefined) return store.steps.get(step)?.timeToFirstEvent;
      const streams = [...store.steps.values()].flatMap((s) => (s.timeToFirstEvent ? [s.timeToFirstEvent] : []));
      return streams.length > 0 ? mergeHistograms(streams) : undefined;
    },
    attempted: (step, flow) =>
      step !== undefined ? (store.steps.get(step)?.requests ?? 0) : flow !== undefined ? (store.flows.get(flow)?.iterations ?? 0) : store.requests,
    requests: store.requests,
    errors: store.errors,
    dropped: store.dropped,
    checks: { passed: store.checksPassed, failed: store.checksFailed },
    scoped: (step, flow) => {
      const counted = step !== undefined ? store.steps.get(step) : flow !== undefined ? store.flows.get(flow) : undefined;
      return counted ? { requests: counted.requests, errors: counted.errors, checks: { passed: counted.checksPassed, failed: counted.checksFailed } } : undefined;
    },
    group: (name) => store.groups.get(name),
    custom: (name) => store.custom.get(name),
    seconds: Math.max(0.001, seconds),
  };
}
