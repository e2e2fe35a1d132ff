// A segment's results in a form that crosses thread and process boundaries: counters as numbers,
// histograms encoded. Merging is exact: counters add, decoded histograms add, intervals line up
// on their wall-clock end times.
import type { ErrorCounts, StepReport } from '../../report/types';
import { copyCounts, decodeHistogram, encodeHistogram, histogramFromCounts, type Histogram } from './histogram';
import { MetricsStore, type IntervalMetrics } from './store';

/** A step as the report has it, with its histograms held as H and its maps as entry lists. */
export type StepShape<H> = Pick<StepReport, 'name' | 'kind' | 'flows' | 'requests' | 'errors' | 'redirects' | 'checks' | 'errorKinds'> & {
  statusCodes: [number, number][];
  latency: H;
  events: number;
  /** ws: messages sent (absent in parts from before WebSocket). */
  sent?: number;
  timeToFirstEvent?: H;
  sampleErrors: [string, number][];
};

export interface FlowShape<H> {
  name: string;
  weight: number;
  iterations: number;
  failures: number;
  /** Requests, errors and checks of the flow's steps (absent in parts from before they were kept). */
  requests?: number;
  errors?: number;
  checks?: { passed: number; failed: number };
  latency: H;
  iterationDuration: H;
}

/** A store's counters and histograms, each histogram held as H (encoded, or copied counts). */
export interface StoreShape<H> {
  requests: number;
  errors: number;
  dropped: number;
  iterations: number;
  /** `check:` tests of the load (absent in parts from before checks). */
  checks?: { passed: number; failed: number };
  errorKinds: ErrorCounts;
  statusCodes: [number, number][];
  latency: H;
  /** Generator lag of the load's requests (absent in parts from before it was measured). */
  lag?: H;
  steps: StepShape<H>[];
  flows: FlowShape<H>[];
  /** `group:` durations and `record:` values by name (absent in parts from before them). */
  groups?: [string, H][];
  custom?: [string, H][];
}

export type PartialStep = StepShape<string>;
export type PartialFlow = FlowShape<string>;
/** What crosses process boundaries: histograms encoded. */
export type PartialResult = StoreShape<string>;
/** What crosses to another thread of the engine: histograms as copied counts, to encode there. */
export type StoreSnapshot = StoreShape<Uint32Array>;

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

function describeStore<H>(store: MetricsStore, take: (histogram: Histogram) => H): StoreShape<H> {
  return {
    requests: store.requests,
    errors: store.errors,
    dropped: store.dropped,
    iterations: store.iterations,
    checks: { passed: store.checksPassed, failed: store.checksFailed },
    errorKinds: { ...store.errorKinds },
    statusCodes: [...store.statusCodes.entries()],
    latency: take(store.latency),
    lag: take(store.lag),
    steps: [...store.steps.values()].map((step) => ({
      ...step.counters(),
      statusCodes: [...step.statusCodes.entries()],
      latency: take(step.latency),
      events: step.events,
      sent: step.sent,
      ...(step.timeToFirstEvent ? { timeToFirstEvent: take(step.timeToFirstEvent) } : {}),
      sampleErrors: [...step.sampleErrors.entries()],
    })),
    groups: [...store.groups.entries()].map(([name, histogram]): [string, H] => [name, take(histogram)]),
    custom: [...store.custom.entries()].map(([name, histogram]): [string, H] => [name, take(histogram)]),
    flows: [...store.flows.values()].map((flow) => ({
      name: flow.name,
      weight: flow.weight,
      iterations: flow.iterations,
      failures: flow.failures,
      requests: flow.requests,
      errors: flow.errors,
      checks: { passed: flow.checksPassed, failed: flow.checksFailed },
      latency: take(flow.latency),
      iterationDuration: take(flow.iterationDuration),
    })),
  };
}

export function encodeStore(store: MetricsStore): PartialResult {
  return describeStore(store, encodeHistogram);
}

/** Counters and copied histogram counts: cheap enough for the loop that sends requests. */
export function snapshotStore(store: MetricsStore): StoreSnapshot {
  return describeStore(store, copyCounts);
}

/** The memory of a snapshot's copied counts: handed to the monitor thread, not copied again. */
export function snapshotBuffers(snapshot: StoreSnapshot): ArrayBuffer[] {
  const arrays = [
    snapshot.latency,
    snapshot.lag,
    ...snapshot.steps.flatMap((s) => [s.latency, s.timeToFirstEvent]),
    ...snapshot.flows.flatMap((f) => [f.latency, f.iterationDuration]),
    ...[...(snapshot.groups ?? []), ...(snapshot.custom ?? [])].map(([, counts]) => counts),
  ];
  return [...new Set(arrays.filter((a): a is Uint32Array => a !== undefined).map((a) => a.buffer as ArrayBuffer))];
}

/** Encodes a snapshot, off the sending loop; the same result encodeStore gives. */
export function encodeSnapshot(snapshot: StoreSnapshot): PartialResult {
  const encode = (counts: Uint32Array): string => encodeHistogram(histogramFromCounts(counts));
  const { lag, groups, custom, ...counters } = snapshot;
  const named = (list: [string, Uint32Array][] | undefined): [string, string][] => (list ?? []).map(([name, counts]) => [name, encode(counts)]);
  return {
    ...counters,
    latency: encode(snapshot.latency),
    ...(lag ? { lag: encode(lag) } : {}),
    groups: named(groups),
    custom: named(custom),
    steps: snapshot.steps.map(({ timeToFirstEvent, ...step }) => ({
      ...step,
      latency: encode(step.latency),
      ...(timeToFirstEvent ? { timeToFirstEvent: encode(timeToFirstEvent) } : {}),
    })),
    flows: snapshot.flows.map((flow) => ({ ...flow, latency: encode(flow.latency), iterationDuration: encode(flow.iterationDuration) })),
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

function mergeNamed(target: Map<string, Histogram>, name: string, histogram: Histogram): void {
  const existing = target.get(name);
  if (existing) existing.add(histogram);
  else target.set(name, histogram);
}

/** Adds every segment's results into one store, as if a single process had run them all. */
export function mergePartials(parts: PartialResult[]): MetricsStore {
  const store = new MetricsStore();
  for (const part of parts) addPartial(store, part);
  return store;
}

/** Adds one segment's results into `store` (a run's own, holding its setup and teardown). */
export function addPartial(store: MetricsStore, part: PartialResult): void {
  store.requests += part.requests;
  store.errors += part.errors;
  store.dropped += part.dropped;
  store.iterations += part.iterations;
  store.checksPassed += part.checks?.passed ?? 0;
  store.checksFailed += part.checks?.failed ?? 0;
  addCounts(store.errorKinds, part.errorKinds);
  addCodes(store.statusCodes, part.statusCodes);
  store.latency.add(decodeHistogram(part.latency));
  if (part.lag) store.lag.add(decodeHistogram(part.lag));
  for (const partStep of part.steps) {
    const [first, ...others] = partStep.flows.length > 0 ? partStep.flows : [''];
    const step = store.step(partStep.name, partStep.kind, first);
    for (const flow of others) step.flows.add(flow);
    step.requests += partStep.requests;
    step.errors += partStep.errors;
    step.redirects += partStep.redirects ?? 0;
    step.checksPassed += partStep.checks?.passed ?? 0;
    step.checksFailed += partStep.checks?.failed ?? 0;
    addCounts(step.errorKinds, partStep.errorKinds);
    addCodes(step.statusCodes, partStep.statusCodes);
    step.latency.add(decodeHistogram(partStep.latency));
    step.events += partStep.events;
    step.sent += partStep.sent ?? 0;
    if (partStep.timeToFirstEvent && step.timeToFirstEvent) step.timeToFirstEvent.add(decodeHistogram(partStep.timeToFirstEvent));
    for (const [message, count] of partStep.sampleErrors) step.sampleErrors.set(message, (step.sampleErrors.get(message) ?? 0) + count);
  }
  for (const [name, encoded] of part.groups ?? []) mergeNamed(store.groups, name, decodeHistogram(encoded));
  for (const [name, encoded] of part.custom ?? []) mergeNamed(store.custom, name, decodeHistogram(encoded));
  for (const partFlow of part.flows) {
    const flow = store.flow(partFlow.name, partFlow.weight);
    flow.iterations += partFlow.iterations;
    flow.failures += partFlow.failures;
    flow.requests += partFlow.requests ?? 0;
    flow.errors += partFlow.errors ?? 0;
    flow.checksPassed += partFlow.checks?.passed ?? 0;
    flow.checksFailed += partFlow.checks?.failed ?? 0;
    flow.latency.add(decodeHistogram(partFlow.latency));
    flow.iterationDuration.add(decodeHistogram(partFlow.iterationDuration));
  }
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
