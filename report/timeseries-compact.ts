// Long time series made short, for reports and the engine itself: rows merge so that counts add
// up, levels average, and latencies and machine load keep their peaks (a merged chart still shows
// every spike); the histograms add, so a time range's percentiles stay exact. Pure, shared by
// the engine (bounded memory on long runs) and the panel (state).
import { encodeBuckets, mergeEncoded } from './histogram-buckets';
import type { StepInterval, TimeseriesRow } from './types';

/** At most `max` rows: the most recent quarter kept as they are, the rest merged in buckets. */
export function compactRows(rows: TimeseriesRow[], max: number): TimeseriesRow[] {
  if (rows.length <= max) return rows.slice();
  const tail = Math.floor(max / 4);
  const head = rows.slice(0, rows.length - tail);
  const buckets = max - tail;
  const size = Math.ceil(head.length / buckets);
  const merged: TimeseriesRow[] = [];
  for (let i = 0; i < head.length; i += size) {
    merged.push(mergeRows(head.slice(i, i + size), i === 0 ? null : head[i - 1]));
  }
  return merged.concat(rows.slice(rows.length - tail));
}

/** One row standing for consecutive `rows`; `before` is the row preceding them, for the span. */
export function mergeRows(rows: TimeseriesRow[], before: TimeseriesRow | null): TimeseriesRow {
  const last = rows[rows.length - 1];
  if (rows.length === 1) return { ...last };
  const sum = (pick: (r: TimeseriesRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const max = (pick: (r: TimeseriesRow) => number | null | undefined): number | null => {
    let m: number | null = null;
    for (const r of rows) {
      const v = pick(r);
      if (typeof v === 'number' && (m === null || v > m)) m = v;
    }
    return m;
  };
  const mean = (pick: (r: TimeseriesRow) => number | null | undefined): number | null => {
    let n = 0;
    let total = 0;
    for (const r of rows) {
      const v = pick(r);
      if (typeof v === 'number') {
        n++;
        total += v;
      }
    }
    return n === 0 ? null : total / n;
  };
  const requests = sum((r) => r.requests);
  const span = last.elapsed - (before ? before.elapsed : Math.max(0, rows[0].elapsed - 1));
  return {
    time: last.time,
    elapsed: last.elapsed,
    phase: last.phase,
    users: Math.round(mean((r) => r.users) ?? 0),
    rps: span > 0 ? requests / span : (mean((r) => r.rps) ?? 0),
    requests,
    errors: sum((r) => r.errors),
    dropped: sum((r) => r.dropped),
    ...(rows.every((r) => r.iterations !== undefined) ? { iterations: sum((r) => r.iterations ?? 0) } : {}),
    p50: mean((r) => r.p50),
    p95: max((r) => r.p95),
    p99: max((r) => r.p99),
    cpu: max((r) => r.cpu),
    memory: max((r) => r.memory),
    eventLoopDelay: max((r) => r.eventLoopDelay),
    lagP99: max((r) => r.lagP99 ?? null),
    ...(rows.some((r) => r.engineCpu !== undefined) ? { engineCpu: max((r) => r.engineCpu ?? null) } : {}),
    heapUsed: max((r) => r.heapUsed),
    ...(rows.some((r) => r.processCpu !== undefined) ? { processCpu: max((r) => r.processCpu) } : {}),
    ...(rows.some((r) => r.processMemory !== undefined) ? { processMemory: max((r) => r.processMemory) } : {}),
    ...(rows.some((r) => r.networkRxBytes != null) ? { networkRxBytes: sum((r) => r.networkRxBytes ?? 0), networkTxBytes: sum((r) => r.networkTxBytes ?? 0) } : {}),
    ...(rows.some((r) => r.diskReadBytes != null) ? { diskReadBytes: sum((r) => r.diskReadBytes ?? 0), diskWriteBytes: sum((r) => r.diskWriteBytes ?? 0) } : {}),
    ...(rows.some((r) => r.steps) ? { steps: mergeSteps(rows) } : {}),
    ...mergeCounted(rows),
  };
}

type Counted = Pick<TimeseriesRow, 'statusCodes' | 'errorKinds' | 'histogram'>;

/** Status codes and error kinds added, histograms merged: only when every row has them. */
function mergeCounted(rows: Counted[]): Counted {
  const out: Counted = {};
  if (rows.every((r) => r.statusCodes)) out.statusCodes = addCounts(rows.map((r) => r.statusCodes ?? {}));
  if (rows.every((r) => r.errorKinds)) out.errorKinds = addCounts(rows.map((r) => r.errorKinds ?? {}));
  if (rows.every((r) => r.histogram !== undefined)) out.histogram = encodeBuckets(mergeEncoded(rows.map((r) => r.histogram ?? '')));
  return out;
}

/** Counts by key added together. */
export function addCounts<T extends Partial<Record<string, number>>>(parts: T[]): T {
  const out: Partial<Record<string, number>> = {};
  for (const part of parts) for (const [key, n] of Object.entries(part)) out[key] = (out[key] ?? 0) + (n ?? 0);
  return out as T;
}

/**
 * Each step over merged rows, as the rows merge: counts add, p50 averages, p95 and p99 keep their
 * peaks; status codes, error kinds and histograms add when every row had them (a step absent
 * from a row made no request in it).
 */
function mergeSteps(rows: TimeseriesRow[]): Record<string, StepInterval> {
  const out: Record<string, StepInterval> = {};
  const p50s = new Map<string, number[]>();
  const parts = new Map<string, Counted[]>();
  for (const row of rows) {
    for (const [name, step] of Object.entries(row.steps ?? {})) {
      const into = (out[name] ??= { requests: 0, errors: 0, p50: null, p95: null, p99: null });
      into.requests += step.requests;
      into.errors += step.errors;
      into.p95 = peak(into.p95, step.p95);
      into.p99 = peak(into.p99, step.p99);
      if (step.p50 !== null) p50s.set(name, [...(p50s.get(name) ?? []), step.p50]);
      parts.set(name, [...(parts.get(name) ?? []), step]);
    }
  }
  for (const [name, values] of p50s) out[name].p50 = values.reduce((a, b) => a + b, 0) / values.length;
  const newer = rows.every((r) => r.histogram !== undefined);
  for (const [name, counted] of parts) if (newer) Object.assign(out[name], mergeCounted(counted));
  return out;
}

function peak(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
