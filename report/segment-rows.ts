// The time series of segments that ran side by side (`stampede merge`, workers): rows ending at
// the same wall-clock time are one interval of the whole run. Counts, users and rates add; the
// latency histograms add, so each interval's percentiles are exact again; the generator and
// machine figures keep their worst (each segment had its own machine or thread).
import { encodeBuckets, mergeEncoded, percentileOfBuckets } from './histogram-buckets';
import { addCounts } from './timeseries-compact';
import type { PhaseReport, Report, StepInterval, TimeseriesRow } from './types';

export function mergeSegmentRows(segments: TimeseriesRow[][]): TimeseriesRow[] {
  const byTime = new Map<number, TimeseriesRow[]>();
  for (const rows of segments) for (const row of rows) byTime.set(row.time, [...(byTime.get(row.time) ?? []), row]);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => sideBySide(rows));
}

const sum = (rows: TimeseriesRow[], pick: (r: TimeseriesRow) => number | null | undefined): number => rows.reduce((n, r) => n + (pick(r) ?? 0), 0);

/** The highest of the figures `pick` reads (absent ones skipped), or null. */
export function worst<T>(items: T[], pick: (item: T) => number | null | undefined): number | null {
  let m: number | null = null;
  for (const item of items) {
    const v = pick(item);
    if (typeof v === 'number' && (m === null || v > m)) m = v;
  }
  return m;
}

/** The phases of segments that ran side by side: each from its earliest start to its latest end. */
export function sideBySidePhases(reports: Report[]): PhaseReport[] {
  const phases = reports.find((r) => r.phases.length > 0)?.phases ?? [];
  return phases.map((phase, i) => ({
    ...phase,
    start: Math.min(...reports.map((r) => r.phases[i]?.start ?? phase.start)),
    end: Math.max(...reports.map((r) => r.phases[i]?.end ?? phase.end)),
  }));
}

/** The worst event-loop delay of segments that ran side by side (each had its own loop). */
export function sideBySideLoopDelay(reports: Report[]): { p99: number | null; max: number | null } {
  return { p99: worst(reports, (r) => r.generator?.eventLoopDelay?.p99), max: worst(reports, (r) => r.generator?.eventLoopDelay?.max) };
}

/** p50/p95/p99 from the merged histogram when every row has one, else the worst of the rows'. */
function percentiles(rows: { p50: number | null; p95: number | null; p99: number | null; histogram?: string }[]): Pick<StepInterval, 'p50' | 'p95' | 'p99' | 'histogram'> {
  if (rows.every((r) => r.histogram !== undefined)) {
    const merged = mergeEncoded(rows.map((r) => r.histogram as string));
    return { p50: percentileOfBuckets(merged, 50), p95: percentileOfBuckets(merged, 95), p99: percentileOfBuckets(merged, 99), histogram: encodeBuckets(merged) };
  }
  const top = (pick: (r: (typeof rows)[number]) => number | null): number | null => rows.reduce<number | null>((m, r) => (pick(r) !== null && (m === null || (pick(r) as number) > m) ? pick(r) : m), null);
  return { p50: top((r) => r.p50), p95: top((r) => r.p95), p99: top((r) => r.p99) };
}

function sideBySide(rows: TimeseriesRow[]): TimeseriesRow {
  const [first] = rows;
  if (rows.length === 1) return { ...first };
  const steps: Record<string, StepInterval> = {};
  const names = new Set(rows.flatMap((r) => Object.keys(r.steps ?? {})));
  for (const name of names) {
    const parts = rows.flatMap((r) => (r.steps?.[name] ? [r.steps[name]] : []));
    steps[name] = {
      requests: parts.reduce((n, p) => n + p.requests, 0),
      errors: parts.reduce((n, p) => n + p.errors, 0),
      ...percentiles(parts),
      ...(parts.every((p) => p.statusCodes) ? { statusCodes: addCounts(parts.map((p) => p.statusCodes ?? {})) } : {}),
      ...(parts.every((p) => p.errorKinds) ? { errorKinds: addCounts(parts.map((p) => p.errorKinds ?? {})) } : {}),
    };
  }
  const { histogram, ...latency } = percentiles(rows);
  return {
    time: first.time,
    elapsed: Math.max(...rows.map((r) => r.elapsed)),
    phase: first.phase,
    users: sum(rows, (r) => r.users),
    rps: sum(rows, (r) => r.rps),
    requests: sum(rows, (r) => r.requests),
    errors: sum(rows, (r) => r.errors),
    dropped: sum(rows, (r) => r.dropped),
    ...(rows.every((r) => r.iterations !== undefined) ? { iterations: sum(rows, (r) => r.iterations) } : {}),
    ...latency,
    cpu: worst(rows, (r) => r.cpu),
    memory: worst(rows, (r) => r.memory),
    eventLoopDelay: worst(rows, (r) => r.eventLoopDelay),
    lagP99: worst(rows, (r) => r.lagP99),
    ...(rows.some((r) => r.engineCpu != null) ? { engineCpu: worst(rows, (r) => r.engineCpu) } : {}),
    heapUsed: worst(rows, (r) => r.heapUsed),
    ...(rows.some((r) => r.processCpu != null) ? { processCpu: worst(rows, (r) => r.processCpu) } : {}),
    ...(rows.some((r) => r.processMemory != null) ? { processMemory: worst(rows, (r) => r.processMemory) } : {}),
    ...(rows.some((r) => r.networkRxBytes != null) ? { networkRxBytes: sum(rows, (r) => r.networkRxBytes), networkTxBytes: sum(rows, (r) => r.networkTxBytes) } : {}),
    ...(rows.some((r) => r.diskReadBytes != null) ? { diskReadBytes: sum(rows, (r) => r.diskReadBytes), diskWriteBytes: sum(rows, (r) => r.diskWriteBytes) } : {}),
    ...(names.size > 0 ? { steps } : {}),
    ...(rows.every((r) => r.statusCodes) ? { statusCodes: addCounts(rows.map((r) => r.statusCodes ?? {})) } : {}),
    ...(rows.every((r) => r.errorKinds) ? { errorKinds: addCounts(rows.map((r) => r.errorKinds ?? {})) } : {}),
    ...(histogram !== undefined ? { histogram } : {}),
  };
}

/** Loads that ran side by side, some joining after `--start-at`: the latest one's lateness, and what all missed. */
export function sideBySideLateStart(reports: readonly Pick<Report, 'lateStart'>[]): Report['lateStart'] {
  const late = reports.flatMap((r) => (r.lateStart ? [r.lateStart] : []));
  return late.length > 0 ? { byMs: Math.max(...late.map((l) => l.byMs)), missed: late.reduce((n, l) => n + l.missed, 0) } : undefined;
}
