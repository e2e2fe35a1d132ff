// Counters and histograms of one run (or one segment of it). The hot path holds direct
// references to its StepMetrics and FlowMetrics; nothing is looked up by name per request.
import type { ErrorCounts, StepReport } from '../../report/types';
import { createHistogram, recordMs, type Histogram } from './histogram';

export type ErrorKind = keyof ErrorCounts;

export function emptyErrorCounts(): ErrorCounts {
  return { connect: 0, timeout: 0, status: 0, expectation: 0, capture: 0, template: 0, other: 0 };
}

/** What a measured step is: an HTTP request, an sse subscription or a WebSocket session. */
export type StepKind = StepReport['kind'];

/** Distinct error messages kept per step, for the report's diagnosis table. */
const MAX_SAMPLE_ERRORS = 5;

export class StepMetrics {
  readonly flows = new Set<string>();
  requests = 0;
  errors = 0;
  /** Redirect hops followed (each also one of `requests`). */
  redirects = 0;
  /** `check:` tests passed and failed. */
  checksPassed = 0;
  checksFailed = 0;
  readonly errorKinds = emptyErrorCounts();
  readonly statusCodes = new Map<number, number>();
  readonly latency = createHistogram();
  /** sse: events received; ws: messages received. */
  events = 0;
  /** ws: messages sent. */
  sent = 0;
  readonly timeToFirstEvent: Histogram | undefined;
  readonly sampleErrors = new Map<string, number>();
  /** Latency of the current monitor interval, only for steps that alerts name. */
  intervalLatency: Histogram | undefined;

  constructor(
    readonly name: string,
    readonly kind: StepKind,
  ) {
    if (kind !== 'request') this.timeToFirstEvent = createHistogram();
    // Every request step keeps its interval's latency: the time series has each step's
    // percentiles per interval, which comparisons between runs test (report/compare.ts).
    else this.intervalLatency = createHistogram();
  }

  /** Its name and counters as plain data: what every form of a step's results starts from. */
  counters(): { name: string; kind: StepKind; flows: string[]; requests: number; errors: number; redirects: number; checks: { passed: number; failed: number }; errorKinds: ErrorCounts } {
    return {
      name: this.name,
      kind: this.kind,
      flows: [...this.flows],
      requests: this.requests,
      errors: this.errors,
      redirects: this.redirects,
      checks: { passed: this.checksPassed, failed: this.checksFailed },
      errorKinds: { ...this.errorKinds },
    };
  }
}

export class FlowMetrics {
  iterations = 0;
  failures = 0;
  /** Requests, errors and `check:` tests of this flow's steps (criteria: `requests(flow=…)`). */
  requests = 0;
  errors = 0;
  checksPassed = 0;
  checksFailed = 0;
  /** Latency of the requests made by this flow (the same metric as a step's). */
  readonly latency = createHistogram();
  /** Duration of whole iterations, think times included. */
  readonly iterationDuration = createHistogram();
  intervalLatency: Histogram | undefined;

  constructor(
    readonly name: string,
    readonly weight: number,
  ) {}
}

/** What one monitor interval saw; swapped out whole at each tick. */
export class IntervalMetrics {
  requests = 0;
  errors = 0;
  dropped = 0;
  iterations = 0;
  readonly latency = createHistogram();
  /** Generator lag of the interval's requests: due to handed to the connection. */
  readonly lag = createHistogram();
}

export class MetricsStore {
  readonly steps = new Map<string, StepMetrics>();
  readonly flows = new Map<string, FlowMetrics>();
  readonly latency = createHistogram();
  /** Generator lag of every load request: from when it was due to when it was sent. */
  readonly lag = createHistogram();
  readonly errorKinds = emptyErrorCounts();
  readonly statusCodes = new Map<number, number>();
  requests = 0;
  errors = 0;
  dropped = 0;
  iterations = 0;
  /** `check:` tests of the load, passed and failed (criteria: `checks`). */
  checksPassed = 0;
  checksFailed = 0;
  /** Durations of `group:` blocks, by group name (criteria: `p95(duration, group=NAME)`). */
  readonly groups = new Map<string, Histogram>();
  /** Values of `record:` steps, by custom metric name (kept in thousandths, like latency in µs). */
  readonly custom = new Map<string, Histogram>();
  interval = new IntervalMetrics();
  /**
   * False during setup and teardown: their requests are kept per step (the steps table shows
   * them) but stay out of the run's totals, latency, status codes and intervals, which the
   * report defines over the load phases.
   */
  recordingLoad = true;
  /** Applied to every error message before it is kept (secrets from `env.*` never stay). */
  redact: (text: string) => string = (text) => text;

  step(name: string, kind: StepKind, flow: string): StepMetrics {
    let step = this.steps.get(name);
    if (!step) {
      step = new StepMetrics(name, kind);
      this.steps.set(name, step);
    }
    step.flows.add(flow);
    return step;
  }

  flow(name: string, weight: number): FlowMetrics {
    let flow = this.flows.get(name);
    if (!flow) {
      flow = new FlowMetrics(name, weight);
      this.flows.set(name, flow);
    }
    return flow;
  }

  /** One finished request: latency is measured from when it was due to its last byte. */
  recordRequest(step: StepMetrics, latencyMs: number, status: number, flow: FlowMetrics | undefined): void {
    step.requests++;
    recordMs(step.latency, latencyMs);
    if (step.intervalLatency) recordMs(step.intervalLatency, latencyMs);
    if (flow) {
      flow.requests++;
      recordMs(flow.latency, latencyMs);
      if (flow.intervalLatency) recordMs(flow.intervalLatency, latencyMs);
    }
    if (status > 0) step.statusCodes.set(status, (step.statusCodes.get(status) ?? 0) + 1);
    if (!this.recordingLoad) return;
    this.requests++;
    this.interval.requests++;
    recordMs(this.latency, latencyMs);
    recordMs(this.interval.latency, latencyMs);
    if (status > 0) this.statusCodes.set(status, (this.statusCodes.get(status) ?? 0) + 1);
  }

  /**
   * A redirect hop the request followed: a request of its own in every count (the server saw
   * it), with its status, but no latency sample — the step's latency runs to the final response.
   */
  recordRedirect(step: StepMetrics, status: number, flow?: FlowMetrics): void {
    step.requests++;
    if (flow) flow.requests++;
    step.redirects++;
    step.statusCodes.set(status, (step.statusCodes.get(status) ?? 0) + 1);
    if (!this.recordingLoad) return;
    this.requests++;
    this.interval.requests++;
    this.statusCodes.set(status, (this.statusCodes.get(status) ?? 0) + 1);
  }

  /** A `group:` block finished: its duration, from when its first step was due. */
  recordGroup(name: string, durationMs: number): void {
    let histogram = this.groups.get(name);
    if (!histogram) this.groups.set(name, (histogram = createHistogram()));
    recordMs(histogram, durationMs);
  }

  /** A `record:` step's value for custom metric `name` (negative values count as 0). */
  recordCustom(name: string, value: number): void {
    let histogram = this.custom.get(name);
    if (!histogram) this.custom.set(name, (histogram = createHistogram()));
    recordMs(histogram, Math.max(0, value));
  }

  /** A response's `check:` tests: counted per step and for the run (criteria read `checks`). */
  recordChecks(step: StepMetrics, passed: number, failed: number, flow?: FlowMetrics): void {
    step.checksPassed += passed;
    step.checksFailed += failed;
    if (flow) {
      flow.checksPassed += passed;
      flow.checksFailed += failed;
    }
    if (!this.recordingLoad) return;
    this.checksPassed += passed;
    this.checksFailed += failed;
  }

  /**
   * A finished event-stream subscription: a request, but its duration is how long the stream
   * was held, so it stays out of the request-latency histograms (overall, interval, flow).
   */
  recordStream(step: StepMetrics, durationMs: number, status: number, flow?: FlowMetrics): void {
    step.requests++;
    if (flow) flow.requests++;
    recordMs(step.latency, durationMs);
    if (status > 0) step.statusCodes.set(status, (step.statusCodes.get(status) ?? 0) + 1);
    if (!this.recordingLoad) return;
    this.requests++;
    this.interval.requests++;
    if (status > 0) this.statusCodes.set(status, (this.statusCodes.get(status) ?? 0) + 1);
  }

  /** A request that could not complete (no latency to record) still counts as a request. */
  recordFailedRequest(step: StepMetrics, flow?: FlowMetrics): void {
    step.requests++;
    if (flow) flow.requests++;
    if (!this.recordingLoad) return;
    this.requests++;
    this.interval.requests++;
  }

  recordError(step: StepMetrics, kind: ErrorKind, message: string, flow?: FlowMetrics): void {
    step.errors++;
    if (flow) flow.errors++;
    step.errorKinds[kind]++;
    if (this.recordingLoad) {
      this.errors++;
      this.interval.errors++;
      this.errorKinds[kind]++;
    }
    message = this.redact(message);
    const seen = step.sampleErrors.get(message);
    if (seen !== undefined) step.sampleErrors.set(message, seen + 1);
    else if (step.sampleErrors.size < MAX_SAMPLE_ERRORS) step.sampleErrors.set(message, 1);
  }

  /** How late the engine sent a request: from when it was due to its hand-over to the connection. */
  recordLag(lagMs: number): void {
    if (!this.recordingLoad) return;
    recordMs(this.lag, lagMs);
    recordMs(this.interval.lag, lagMs);
  }

  recordIteration(flow: FlowMetrics, failed: boolean, durationMs: number): void {
    this.iterations++;
    this.interval.iterations++;
    flow.iterations++;
    if (failed) flow.failures++;
    recordMs(flow.iterationDuration, durationMs);
  }

  recordDropped(): void {
    this.dropped++;
    this.interval.dropped++;
  }

  /** Ends the current interval and starts a new one; per-name interval histograms reset too. */
  takeInterval(): IntervalMetrics {
    const ended = this.interval;
    this.interval = new IntervalMetrics();
    return ended;
  }

  resetIntervalHistograms(): void {
    for (const step of this.steps.values()) step.intervalLatency?.reset();
    for (const flow of this.flows.values()) flow.intervalLatency?.reset();
  }
}
