// Latency histograms: HDR histograms recording microseconds, so that reports keep
// sub-millisecond precision. Histograms (never samples) cross process and thread boundaries,
// encoded; merging is plain addition.
import * as hdr from 'hdr-histogram-js';
import { bucketsOfCounts, encodeBuckets, summaryFromMicros } from '../../report/histogram-buckets';
import type { LatencySummary } from '../../report/types';

export type Histogram = hdr.Histogram;

/** One hour in microseconds: anything slower is clamped (the step timeout caps it long before). */
const HIGHEST_US = 3_600_000_000;

export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records a duration given in milliseconds (fractional). */
export function recordMs(histogram: Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  histogram.recordValue(us < 1 ? 1 : us > HIGHEST_US ? HIGHEST_US : us);
}

/** The shape every histogram here has underneath (hdr-histogram-js's Int32Histogram). */
interface CountsView {
  _counts: Uint32Array;
  establishInternalTackingValues(lengthToCover?: number): void;
}

/**
 * A copy of the histogram's counts: a memory copy, far cheaper than encoding, so the loop that
 * sends requests can hand a histogram to another thread to encode.
 */
export function copyCounts(histogram: Histogram): Uint32Array {
  return (histogram as unknown as CountsView)._counts.slice();
}

/**
 * The histogram as the report's time series holds it (report/histogram-buckets.ts): its
 * non-empty buckets, read straight from the counts — no copy, no hdr encoding, no deflate.
 */
export function bucketString(histogram: Histogram): string {
  return encodeBuckets(bucketsOfCounts((histogram as unknown as CountsView)._counts));
}

/** The histogram whose counts `copyCounts` took (same shape: createHistogram's). */
export function histogramFromCounts(counts: Uint32Array): Histogram {
  const histogram = createHistogram();
  const view = histogram as unknown as CountsView;
  view._counts.set(counts);
  view.establishInternalTackingValues();
  return histogram;
}

/**
 * How many values are at most each bound (microseconds, ascending): the cumulative `le` buckets
 * of a Prometheus histogram, from the HDR counts (each bound rounded to its HDR bucket, 0.1%).
 */
export function cumulativeCounts(histogram: Histogram, boundsUs: number[]): number[] {
  const view = histogram as unknown as CountsView & { countsArrayIndex(value: number): number };
  const counts = view._counts;
  const out: number[] = [];
  let index = 0;
  let running = 0;
  for (const bound of boundsUs) {
    const last = Math.min(counts.length - 1, view.countsArrayIndex(Math.min(bound, HIGHEST_US)));
    for (; index <= last; index++) running += counts[index];
    out.push(running);
  }
  return out;
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false);
  // Re-home into our standard shape so later `add` calls never need to resize.
  const histogram = createHistogram();
  histogram.add(decoded);
  decoded.destroy();
  return histogram;
}

/** Adds every histogram of `parts` into a new one. */
export function mergeHistograms(parts: Histogram[]): Histogram {
  const merged = createHistogram();
  for (const part of parts) merged.add(part);
  return merged;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** Percentile in ms (3 decimals), or null when nothing was recorded. */
export function percentileMs(histogram: Histogram, percentile: number): number | null {
  if (histogram.totalCount === 0) return null;
  return round3(histogram.getValueAtPercentile(percentile) / 1000);
}

export function emptyLatency(): LatencySummary {
  return { min: 0, mean: 0, p50: 0, p75: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
}

export function summarizeLatency(histogram: Histogram): LatencySummary {
  if (histogram.totalCount === 0) return emptyLatency();
  return summaryFromMicros(histogram.minNonZeroValue, histogram.mean, (p) => histogram.getValueAtPercentile(p));
}
