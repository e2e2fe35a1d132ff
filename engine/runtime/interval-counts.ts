// What one interval added to the store's running counters: the time series row's status codes,
// errors by kind and per-step figures are differences from the previous tick, taken at the
// tick, so the request path keeps counting one map per step and nothing per interval.
import { bucketString, percentileMs } from '../metrics/histogram';
import { emptyErrorCounts, type MetricsStore, type StepMetrics } from '../metrics/store';
import type { ErrorCounts, StepInterval, TimeseriesRow } from '../../report/types';

type Counted = Pick<StepMetrics, 'requests' | 'errors' | 'errorKinds' | 'statusCodes'>;

interface Baseline {
  requests: number;
  errors: number;
  errorKinds: ErrorCounts;
  statusCodes: Map<number, number>;
}

const nothing = (): Counted => ({ requests: 0, errors: 0, errorKinds: emptyErrorCounts(), statusCodes: new Map() });

const baselineOf = (counted: Counted): Baseline => ({
  requests: counted.requests,
  errors: counted.errors,
  errorKinds: { ...counted.errorKinds },
  statusCodes: new Map(counted.statusCodes),
});

function codesSince(now: Map<number, number>, before: Map<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, count] of [...now.entries()].sort((a, b) => a[0] - b[0])) {
    const added = count - (before.get(code) ?? 0);
    if (added > 0) out[String(code)] = added;
  }
  return out;
}

function kindsSince(now: ErrorCounts, before: ErrorCounts): Partial<ErrorCounts> {
  const out: Partial<ErrorCounts> = {};
  for (const kind of Object.keys(now) as (keyof ErrorCounts)[]) {
    if (now[kind] > before[kind]) out[kind] = now[kind] - before[kind];
  }
  return out;
}

export class IntervalCounts {
  private run: Baseline = baselineOf(nothing());
  private readonly steps = new Map<StepMetrics, Baseline>();

  constructor(private readonly store: MetricsStore) {}

  /**
   * The load begins: what setup counted stays out of the first interval, and the steps' interval
   * histograms start empty (setup's requests are kept per step, but they are not the load's).
   */
  begin(): void {
    this.run = baselineOf(this.store);
    for (const step of this.store.steps.values()) this.steps.set(step, baselineOf(step));
    this.store.resetIntervalHistograms();
  }

  /** The run's status codes and errors by kind since the last call. */
  runSince(): Pick<TimeseriesRow, 'statusCodes' | 'errorKinds'> {
    const before = this.run;
    this.run = baselineOf(this.store);
    return { statusCodes: codesSince(this.store.statusCodes, before.statusCodes), errorKinds: kindsSince(this.store.errorKinds, before.errorKinds) };
  }

  /** Each request step's figures since the last call (steps that had no request are left out). */
  stepsSince(): { steps?: Record<string, StepInterval> } {
    const steps: Record<string, StepInterval> = {};
    let any = false;
    for (const step of this.store.steps.values()) {
      const latency = step.intervalLatency;
      if (!latency) continue;
      const before = this.steps.get(step) ?? baselineOf(nothing());
      this.steps.set(step, baselineOf(step));
      const requests = step.requests - before.requests;
      const errors = step.errors - before.errors;
      if (requests === 0 && errors === 0) continue;
      steps[step.name] = {
        requests,
        errors,
        p50: percentileMs(latency, 50),
        p95: percentileMs(latency, 95),
        p99: percentileMs(latency, 99),
        statusCodes: codesSince(step.statusCodes, before.statusCodes),
        errorKinds: kindsSince(step.errorKinds, before.errorKinds),
        histogram: bucketString(latency),
      };
      any = true;
    }
    return any ? { steps } : {};
  }
}
