// The shape of `report.json` (machine form: schemas/report.schema.json). Every time is ISO 8601
// or epoch milliseconds as named; every latency is milliseconds with sub-millisecond precision.
import type { Comparison } from './compare';

export interface LatencySummary {
  min: number;
  mean: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface Totals {
  requests: number;
  errors: number;
  dropped: number;
  /** Mean requests per second over the load phases. */
  rps: number;
  /** errors / requests, a fraction 0..1. */
  errorRate: number;
  /** Flow iterations started and completed. */
  iterations: number;
}

/** Errors by kind. */
export interface ErrorCounts {
  connect: number;
  timeout: number;
  status: number;
  expectation: number;
  capture: number;
  template: number;
  other: number;
}

export interface StepReport {
  name: string;
  /** `request`, `sse` or `ws`; think steps and blocks are not reported. */
  kind: 'request' | 'sse' | 'ws';
  /** Flow names the step appears in (`setup`, `teardown` for those stages). */
  flows: string[];
  requests: number;
  errors: number;
  /** Redirect hops followed, each one of `requests` (absent in reports from before redirects). */
  redirects?: number;
  /** `check:` tests passed and failed (absent in reports from before checks). */
  checks?: { passed: number; failed: number };
  errorKinds: ErrorCounts;
  latency: LatencySummary;
  statusCodes: Record<string, number>;
  /** sse: events received; ws: messages received; both with the time to the first one. */
  events?: number;
  /** ws: messages sent. */
  sent?: number;
  timeToFirstEvent?: LatencySummary;
  /** Up to a few distinct error messages with counts, for diagnosis. */
  sampleErrors: { message: string; count: number }[];
}

export interface GroupReport {
  name: string;
  /** Times the group ran to its end or to a failed step. */
  count: number;
  /** From when its first step was due to the end of its last, in ms. */
  duration: LatencySummary;
}

export interface CustomMetricReport {
  name: string;
  count: number;
  /** The recorded values' distribution (in the values' own unit, not ms). */
  values: LatencySummary;
}

export interface FlowReport {
  name: string;
  weight: number;
  iterations: number;
  failures: number;
  /** Latency of the requests this flow made. */
  latency: LatencySummary;
  /** Requests, errors and `check:` tests of this flow's steps (absent in reports from before them). */
  requests?: number;
  errors?: number;
  checks?: { passed: number; failed: number };
  /** Duration of whole iterations, think times included. */
  iterationDuration: LatencySummary;
}

export interface PhaseReport {
  name: string;
  /** Epoch ms. */
  start: number;
  end: number;
  model: 'closed' | 'open';
  from: number;
  to: number;
  /** The level reached at the end of the phase: `to`. */
  target: number;
  maxUsers?: number;
}

export interface CriterionReport {
  expr: string;
  passed: boolean;
  /** The measured value in the metric's unit (ms, fraction, count); null when nothing measured. */
  actual: number | null;
  /** The measured value formatted like the threshold (`212.4ms`, `0.3%`). */
  actualText: string;
  /**
   * Set when nothing was measured for it (`actual` is null): its step never ran, or none of its
   * requests answered. Such a criterion fails: a run cannot pass on what it never measured.
   */
  reason?: 'no data';
  abort: boolean;
  /** True when this criterion stopped the run early. */
  aborted: boolean;
}

export interface AlertReport {
  when: string;
  severity: 'info' | 'warning' | 'critical';
  /** Epoch ms when the alert fired and when its condition stopped holding (null while active). */
  firedAt: number;
  resolvedAt: number | null;
  /** The value that made it fire. */
  value: number | null;
  abort: boolean;
}

export interface TimeseriesRow {
  /** Epoch ms at the end of the interval. */
  time: number;
  /** Seconds since the first phase began. */
  elapsed: number;
  phase: string;
  users: number;
  rps: number;
  requests: number;
  errors: number;
  dropped: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  cpu: number | null;
  memory: number | null;
  /** p99 of the engine's event-loop delay beyond its sampling interval (ms): about 0 when idle. */
  eventLoopDelay: number | null;
  /** p99 of the interval's generator lag (ms): from when a request was due to when it was sent. */
  lagP99: number | null;
  /** The engine process's CPU over the interval, in % of one core. */
  engineCpu?: number | null;
  heapUsed: number | null;
  processCpu?: number | null;
  processMemory?: number | null;
  networkRxBytes?: number | null;
  networkTxBytes?: number | null;
  /** Bytes this machine's disks read and wrote in the interval. */
  diskReadBytes?: number | null;
  diskWriteBytes?: number | null;
  /** Each request step's own figures in the interval (steps with no request in it are absent). */
  steps?: Record<string, StepInterval>;
  /** Flow iterations completed in the interval. The fields from here on are absent in reports from before zoom. */
  iterations?: number;
  /** Status codes of the interval's load requests. */
  statusCodes?: Record<string, number>;
  /** The interval's errors by kind, only the kinds that had any. */
  errorKinds?: Partial<ErrorCounts>;
  /**
   * The interval's latency histogram (report/histogram-buckets.ts): a time range's percentiles
   * are those of its intervals' histograms added together (report/range.ts), not an average.
   */
  histogram?: string;
}

/** One request step in one interval: what comparisons between runs test (report/compare.ts). */
export interface StepInterval {
  requests: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** As the row's own: status codes, errors by kind, latency histogram (absent before zoom). */
  statusCodes?: Record<string, number>;
  errorKinds?: Partial<ErrorCounts>;
  histogram?: string;
}

/**
 * What the generator itself did: how late it sent what was due, how long its loop stalled, and
 * whether it (not the target) limited the run. Figures in ms; null when nothing was measured.
 */
export interface GeneratorReport {
  /** From when a request was due to when the engine handed it to its connection. */
  lag: { p50: number | null; p99: number | null; max: number | null };
  /** The engine's event-loop delay beyond its sampling interval over the load. */
  eventLoopDelay: { p99: number | null; max: number | null };
  /** Engine CPU over the load, in % of one core. */
  cpu: { mean: number | null; max: number | null };
  /** True when lag, event-loop delay or CPU were past their limits for a sustained share of the load. */
  saturated: boolean;
  /** Which limit was passed, in words; null when not saturated. */
  reason: string | null;
  /** The limits applied, so a reader can judge the verdict. */
  limits: { lagP99Ms: number; eventLoopDelayMs: number; cpuPct: number; share: number };
  /** Load intervals over a limit, of all load intervals. */
  hotIntervals: number;
  intervals: number;
}

export interface SystemFacts {
  hostname: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryMB: number;
  node: string;
  stampede: string;
  /** Peaks over the run, for the generator-saturation recommendation. */
  peakCpu: number | null;
  peakEventLoopDelay: number | null;
  peakHeapUsed: number | null;
  /** CPU time the engine process used during the load phases (user + system), in seconds. */
  engineCpuSeconds?: number;
  /** Peak resident memory of the engine process, in MB. */
  peakRssMB?: number;
}

/** One segment of a distributed run, as the merged report lists it. */
export interface SegmentReport {
  /** Segment I of N (I 1-based). */
  index: number;
  count: number;
  host: string;
  outcome: Report['outcome'];
  requests: number;
}

export interface Report {
  scenario: string;
  file: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  passed: boolean;
  exitCode: 0 | 1 | 2 | 3;
  /** Why the run ended: `completed`, `stopped` (user), `aborted` (criterion or alert), `error`. */
  outcome: 'completed' | 'stopped' | 'aborted' | 'error';
  /** Human-readable reason for a stop, abort or error. */
  reason?: string;
  target?: string;
  totals: Totals;
  latency: LatencySummary;
  errors: ErrorCounts;
  statusCodes: Record<string, number>;
  steps: StepReport[];
  flows: FlowReport[];
  /** `group:` blocks: how many ran and how long they took (absent in reports from before groups). */
  groups?: GroupReport[];
  /** Custom metrics of `record:` steps: how many values and their distribution. */
  metrics?: CustomMetricReport[];
  /** `check:` tests of the load, passed and failed. */
  checks?: { passed: number; failed: number };
  /** `--workers N`: the load ran in N worker threads of one engine (absent for one). */
  workers?: number;
  /**
   * A segment that joined the load after `--start-at` (absent when on time): how late (ms), and
   * the arrivals due before it joined, dropped rather than sent late (counted in `totals.dropped`).
   */
  lateStart?: { byMs: number; missed: number };
  /** A run merged from segments (`stampede merge`): each part, in segment order. */
  segments?: SegmentReport[];
  /** `run --baseline`: this run compared with the baseline (./compare.ts). */
  comparison?: Comparison;
  phases: PhaseReport[];
  criteria: CriterionReport[];
  alerts: AlertReport[];
  timeseries: TimeseriesRow[];
  generator: GeneratorReport;
  system: SystemFacts;
  recommendations: string[];
  setup: { ran: boolean; passed: boolean; error?: string };
  teardown: { ran: boolean; passed: boolean; error?: string };
}
