// Two ways to make a long timeseries short, both pure:
// - `compactRows` merges whole rows (for the saved state): counts add up, levels average,
//   latencies and machine load keep their peaks, so a restored chart still shows every spike.
// - `decimateMinMax` thins one drawn series to a min and a max per bucket of x (for the charts):
//   an hour at 1 s draws as a few hundred points per line and looks the same.
import type { TimeseriesRow } from '../engine/report/types';

export interface Point {
  x: number;
  y: number | null;
}

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
    p50: mean((r) => r.p50),
    p95: max((r) => r.p95),
    p99: max((r) => r.p99),
    cpu: max((r) => r.cpu),
    memory: max((r) => r.memory),
    eventLoopDelay: max((r) => r.eventLoopDelay),
    heapUsed: max((r) => r.heapUsed),
    ...(rows.some((r) => r.processCpu !== undefined) ? { processCpu: max((r) => r.processCpu) } : {}),
    ...(rows.some((r) => r.processMemory !== undefined) ? { processMemory: max((r) => r.processMemory) } : {}),
  };
}

/**
 * At most about `2 × buckets` points: for each equal slice of the x range, the lowest and the
 * highest point in x order (a gap — a null — survives as one null). Short series pass through.
 */
export function decimateMinMax(points: Point[], buckets: number): Point[] {
  if (points.length <= buckets * 2 || points.length < 3) return points;
  const x0 = points[0].x;
  const width = (points[points.length - 1].x - x0) / buckets || 1;
  const out: Point[] = [];
  let i = 0;
  while (i < points.length) {
    const bucket = Math.min(buckets - 1, Math.floor((points[i].x - x0) / width));
    let lo: Point | null = null;
    let hi: Point | null = null;
    let gap: Point | null = null;
    while (i < points.length && Math.min(buckets - 1, Math.floor((points[i].x - x0) / width)) === bucket) {
      const p = points[i++];
      if (p.y === null) gap ??= p;
      else {
        if (lo === null || p.y < (lo.y as number)) lo = p;
        if (hi === null || p.y > (hi.y as number)) hi = p;
      }
    }
    const picked: Point[] = [];
    if (lo) picked.push(lo);
    if (hi && hi !== lo) picked.push(hi);
    if (gap) picked.push(gap);
    picked.sort((a, b) => a.x - b.x);
    out.push(...picked);
  }
  return out;
}
