// Latency histograms as the report's time series carries them: the non-empty buckets of the
// engine's HDR layout (engine/metrics/histogram.ts: microseconds, lowest 1, three significant
// digits), written as a short string. Pure and dependency-free, so the panel and report.html can
// merge a time range's intervals and read its percentiles without hdr-histogram-js or an
// inflater: the figures come out exactly as the engine's own summarizeLatency gives them.
//
// The string, in base64url characters: one per non-empty bucket when it follows the previous one
// closely, more when not. For each bucket, `skip` is how many empty buckets lie between it and the
// previous non-empty one (from index 0 for the first), `count` its count:
// - skip < 8 and count ≤ 4: one character of value skip × 4 + count − 1 (0..31);
// - otherwise a character of value 32 + min(skip, 31), then skip − 31 as a number when skip ≥ 31,
//   then count − 1 as a number. A number is written in characters of 5 bits each, least
//   significant first, with 32 added to every character but the last.
import type { LatencySummary } from './types';

/** HDR's layout for three significant digits: 2048 unit-wide buckets, then 1024 per power of two. */
const HALF_COUNT_MAGNITUDE = 10;
const HALF_COUNT = 1 << HALF_COUNT_MAGNITUDE;

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUE = new Map([...DIGITS].map((c, i) => [c, i]));

/** A histogram's non-empty buckets, ascending by index. */
export interface Buckets {
  indexes: number[];
  counts: number[];
  total: number;
}

function putNumber(out: string[], n: number): void {
  for (;;) {
    const low = n % 32;
    n = Math.floor(n / 32);
    out.push(DIGITS[n > 0 ? low + 32 : low]);
    if (n === 0) return;
  }
}

function putBucket(out: string[], skip: number, count: number): void {
  if (skip < 8 && count <= 4) {
    out.push(DIGITS[skip * 4 + count - 1]);
    return;
  }
  out.push(DIGITS[32 + Math.min(skip, 31)]);
  if (skip >= 31) putNumber(out, skip - 31);
  putNumber(out, count - 1);
}

/** The buckets of a dense counts array (an HDR histogram's own counts, index by index). */
export function bucketsOfCounts(counts: ArrayLike<number>): Buckets {
  const out: Buckets = { indexes: [], counts: [], total: 0 };
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    out.indexes.push(i);
    out.counts.push(counts[i]);
    out.total += counts[i];
  }
  return out;
}

export function encodeBuckets(buckets: Buckets): string {
  const out: string[] = [];
  let next = 0;
  buckets.indexes.forEach((index, i) => {
    putBucket(out, index - next, buckets.counts[i]);
    next = index + 1;
  });
  return out.join('');
}

/** The buckets of a string written by encodeBuckets; throws on anything else. */
export function decodeBuckets(text: string): Buckets {
  let at = 0;
  const digit = (): number => {
    const value = at < text.length ? DIGIT_VALUE.get(text[at++]) : undefined;
    if (value === undefined) throw new Error(`not a histogram at character ${at}`);
    return value;
  };
  const number = (): number => {
    let value = 0;
    for (let scale = 1; ; scale *= 32) {
      const d = digit();
      value += (d & 31) * scale;
      if (d < 32) return value;
    }
  };
  const out: Buckets = { indexes: [], counts: [], total: 0 };
  let next = 0;
  while (at < text.length) {
    const first = digit();
    let skip: number;
    let count: number;
    if (first < 32) {
      skip = first >> 2;
      count = (first & 3) + 1;
    } else {
      skip = first - 32;
      if (skip === 31) skip += number();
      count = number() + 1;
    }
    const index = next + skip;
    out.indexes.push(index);
    out.counts.push(count);
    out.total += count;
    next = index + 1;
  }
  return out;
}

/** All of `parts` added together: what recording every part's values in one histogram gives. */
export function mergeBuckets(parts: Buckets[]): Buckets {
  const sum = new Map<number, number>();
  for (const part of parts) part.indexes.forEach((index, i) => sum.set(index, (sum.get(index) ?? 0) + part.counts[i]));
  const indexes = [...sum.keys()].sort((a, b) => a - b);
  const counts = indexes.map((index) => sum.get(index) as number);
  return { indexes, counts, total: counts.reduce((a, b) => a + b, 0) };
}

/** The strings of `encoded` decoded and added: a time range's histogram from its intervals'. */
export function mergeEncoded(encoded: string[]): Buckets {
  return mergeBuckets(encoded.map(decodeBuckets));
}

// ---- reading values, as hdr-histogram-js does (JsHistogram: valueFromIndex and its kin) ----

/** The power of two a bucket index's values step by. */
function bucketOf(index: number): number {
  return index < 2 * HALF_COUNT ? 0 : Math.floor(index / HALF_COUNT) - 1;
}

/** The lowest value (µs) a bucket holds. */
function lowestValue(index: number): number {
  const bucket = bucketOf(index);
  const sub = bucket === 0 ? index : (index % HALF_COUNT) + HALF_COUNT;
  return sub * 2 ** bucket;
}

function highestValue(index: number): number {
  return lowestValue(index) + 2 ** bucketOf(index) - 1;
}

function medianValue(index: number): number {
  return lowestValue(index) + Math.floor(2 ** bucketOf(index) / 2);
}

/** One unit in the last place of `x` (HDR rounds the count at a percentile with it). */
function ulp(x: number): number {
  return Math.pow(2, Math.floor(Math.log2(x)) - 52);
}

/** The value (µs) at `percentile` (0..100), as JsHistogram.getValueAtPercentile; 0 when empty. */
export function valueAtPercentile(buckets: Buckets, percentile: number): number {
  const fp = (Math.min(percentile, 100) / 100) * buckets.total;
  const countAt = Math.max(Math.ceil(fp - ulp(fp)), 1);
  let running = 0;
  for (let i = 0; i < buckets.indexes.length; i++) {
    running += buckets.counts[i];
    if (running >= countAt) return percentile === 0 ? lowestValue(buckets.indexes[i]) : highestValue(buckets.indexes[i]);
  }
  return 0;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** A percentile in ms (3 decimals), or null when the histogram is empty: percentileMs's figure. */
export function percentileOfBuckets(buckets: Buckets, percentile: number): number | null {
  return buckets.total === 0 ? null : round3(valueAtPercentile(buckets, percentile) / 1000);
}

/**
 * A latency summary in ms (three decimals) from a histogram's figures in µs: one shape for the
 * engine's histograms (summarizeLatency) and for these buckets. Max is the top of the highest
 * bucket, not the raw maximum: it survives encoding and merging unchanged.
 */
export function summaryFromMicros(minUs: number, meanUs: number, atUs: (percentile: number) => number): LatencySummary {
  const at = (p: number): number => round3(atUs(p) / 1000);
  return { min: round3(minUs / 1000), mean: round3(meanUs / 1000), p50: at(50), p75: at(75), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9), max: at(100) };
}

/** The latency summary summarizeLatency gives for the same values (all zero when empty). */
export function summarizeBuckets(buckets: Buckets): LatencySummary {
  if (buckets.total === 0) return summaryFromMicros(0, 0, () => 0);
  let sum = 0;
  buckets.indexes.forEach((index, i) => (sum += medianValue(index) * buckets.counts[i]));
  const first = buckets.indexes.find((index) => index > 0) ?? 0;
  return summaryFromMicros(lowestValue(first), sum / buckets.total, (p) => valueAtPercentile(buckets, p));
}
