// A segment's results in a form that crosses thread and process boundaries: counters as numbers,
// histograms encoded. Merging is exact: counters add, decoded histograms add, intervals line up
// on their wall-clock end times.
import type { ErrorCounts } from '../report/types';
import { decodeHistogram, encodeHistogram } from './histogram';
import { MetricsStore, type IntervalMetrics } from './store';

export interface PartialStep {
  name: string;
  kind: 'request' | 'sse';
  flows: string[];
  requests: number;
  errors: number;
  errorKinds: ErrorCounts;
  statusCodes: [number, number][];
  latency: string;
  events: number;
  timeToFirstEvent?: string;
  sampleErrors: [string, number][];
}

export interface PartialFlow {
  name: string;
  weight: number;
  iterations: number;
  failures: number;
  latency: string;
  iterationDuration: string;
}

export interface PartialResult {
  requests: number;
  errors: number;
  dropped: number;
  iterations: number;
  errorKinds: ErrorCounts;
  statusCodes: [number, number][];
  latency: string;
  steps: PartialStep[];
  flows: PartialFlow[];
}

export interface PartialInterval {
  /** Epoch ms at the end of the interval: the key intervals merge on. */
  time: number;
  requests: number;
  errors: number;
  dropped: number;
  iterations: number;
  users: number;
  latency: string;
}

export function encodeStore(store: MetricsStore): PartialResult {
  return {
    requests: store.requests,
    errors: store.errors,
    dropped: store.dropped,
    iterations: store.iterations,
    errorKinds: { ...store.errorKinds },
    statusCodes: [...store.statusCodes.entries()],
    latency: encodeHistogram(store.latency),
    steps: [...store.steps.values()].map((step) => ({
      name: step.name,
      kind: step.kind,
      flows: [...step.flows],
      requests: step.requests,
      errors: step.errors,
      errorKinds: { ...step.errorKinds },
      statusCodes: [...step.statusCodes.entries()],
      latency: encodeHistogram(step.latency),
      events: step.events,
      ...(step.timeToFirstEvent ? { timeToFirstEvent: encodeHistogram(step.timeToFirstEvent) } : {}),
      sampleErrors: [...step.sampleErrors.entries()],
    })),
    flows: [...store.flows.values()].map((flow) => ({
      name: flow.name,
      weight: flow.weight,
      iterations: flow.iterations,
      failures: flow.failures,
      latency: encodeHistogram(flow.latency),
      iterationDuration: encodeHistogram(flow.iterationDuration),
    })),
  };
}

export function encodeInterval(time: number, interval: IntervalMetrics, users: number): PartialInterval {
  return {
    time,
    requests: interval.requests,
    errors: interval.errors,
    dropped: interval.dropped,
    iterations: interval.iterations,
    users,
    latency: encodeHistogram(interval.latency),
  };
}

function addCounts(target: ErrorCounts, source: ErrorCounts): void {
  for (const key of Object.keys(target) as (keyof ErrorCounts)[]) target[key] += source[key];
}

function addCodes(target: Map<number, number>, source: [number, number][]): void {
  for (const [code, count] of source) target.set(code, (target.get(code) ?? 0) + count);
}

/** Adds every segment's results into one store, as if a single process had run them all. */
export function mergePartials(parts: PartialResult[]): MetricsStore {
  const store = new MetricsStore();
  for (const part of parts) {
    store.requests += part.requests;
    store.errors += part.errors;
    store.dropped += part.dropped;
    store.iterations += part.iterations;
    addCounts(store.errorKinds, part.errorKinds);
    addCodes(store.statusCodes, part.statusCodes);
    store.latency.add(decodeHistogram(part.latency));
    for (const partStep of part.steps) {
      const [first, ...others] = partStep.flows.length > 0 ? partStep.flows : [''];
      const step = store.step(partStep.name, partStep.kind, first);
      for (const flow of others) step.flows.add(flow);
      step.requests += partStep.requests;
      step.errors += partStep.errors;
      addCounts(step.errorKinds, partStep.errorKinds);
      addCodes(step.statusCodes, partStep.statusCodes);
      step.latency.add(decodeHistogram(partStep.latency));
      step.events += partStep.events;
      if (partStep.timeToFirstEvent && step.timeToFirstEvent) step.timeToFirstEvent.add(decodeHistogram(partStep.timeToFirstEvent));
      for (const [message, count] of partStep.sampleErrors) step.sampleErrors.set(message, (step.sampleErrors.get(message) ?? 0) + count);
    }
    for (const partFlow of part.flows) {
      const flow = store.flow(partFlow.name, partFlow.weight);
      flow.iterations += partFlow.iterations;
      flow.failures += partFlow.failures;
      flow.latency.add(decodeHistogram(partFlow.latency));
      flow.iterationDuration.add(decodeHistogram(partFlow.iterationDuration));
    }
  }
  return store;
}

/** Merges the segments' intervals that end at the same wall-clock time. */
export function mergeIntervals(parts: PartialInterval[]): { time: number; users: number; interval: IntervalMetrics }[] {
  const byTime = new Map<number, { time: number; users: number; interval: IntervalMetrics }>();
  for (const part of parts) {
    let entry = byTime.get(part.time);
    if (!entry) {
      entry = { time: part.time, users: 0, interval: new MetricsStore().takeInterval() };
      byTime.set(part.time, entry);
    }
    entry.users += part.users;
    entry.interval.requests += part.requests;
    entry.interval.errors += part.errors;
    entry.interval.dropped += part.dropped;
    entry.interval.iterations += part.iterations;
    entry.interval.latency.add(decodeHistogram(part.latency));
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}
