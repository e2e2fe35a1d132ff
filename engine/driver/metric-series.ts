// The run's metrics as time series for metrics backends (Prometheus remote write, OTLP): per
// step, requests and errors as counters and latency as a histogram with fixed buckets, from the
// engine's latest checkpoint (exact: merged HDR counts, not sampled), and the users as a gauge.
import { cumulativeCounts, decodeHistogram } from '../metrics/histogram';
import type { PartialResult } from '../metrics/partial';

/** Latency bucket bounds in seconds (Prometheus' `le`); +Inf is added after them. */
export const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface StepSeries {
  step: string;
  requests: number;
  errors: number;
  /** Cumulative counts at each bound of LATENCY_BUCKETS_S, then +Inf (= count). */
  buckets: number[];
  /** Sum of the latencies, seconds (from the HDR histogram's mean). */
  sumSeconds: number;
  count: number;
}

export interface RunSeries {
  users: number;
  steps: StepSeries[];
}

export function runSeries(measured: PartialResult, users: number): RunSeries {
  const bounds = LATENCY_BUCKETS_S.map((s) => s * 1_000_000);
  const steps = measured.steps.map((step) => {
    const histogram = decodeHistogram(step.latency);
    const count = histogram.totalCount;
    const series: StepSeries = {
      step: step.name,
      requests: step.requests,
      errors: step.errors,
      buckets: [...cumulativeCounts(histogram, bounds), count],
      sumSeconds: count > 0 ? (histogram.mean * count) / 1_000_000 : 0,
      count,
    };
    histogram.destroy();
    return series;
  });
  return { users, steps };
}
