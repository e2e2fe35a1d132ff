// A time range of a run and its figures: what the tiles and the steps table show when a chart is
// zoomed (report/view/zoom.ts), and what Export writes for it. Counts add up over the range's
// intervals; percentiles come from their histograms added together (./histogram-buckets.ts), so
// a range's p99 is the p99 of every request in it, not an average of the intervals' p99s. Pure:
// the panel, report.html and the report writer process compute the same figures.
import { mergeEncoded, summarizeBuckets } from './histogram-buckets';
import { addCounts } from './timeseries-compact';
import type { AlertReport, ErrorCounts, LatencySummary, PhaseReport, Report, TimeseriesRow, Totals } from './types';

/** Seconds since the first phase began, as the rows' `elapsed` and the charts' x axis. */
export interface TimeRange {
  from: number;
  to: number;
}

/** Rows' `elapsed` is rounded to the millisecond: bounds match within half of one. */
const SLACK = 0.0005;

const ERROR_KINDS: (keyof ErrorCounts)[] = ['connect', 'timeout', 'status', 'expectation', 'capture', 'template', 'other'];

/** Where row `i`'s interval begins: where the previous one ended (the first's at 0). */
function startOf(rows: TimeseriesRow[], i: number): number {
  return i === 0 ? 0 : rows[i - 1].elapsed;
}

/**
 * The whole intervals a selection from `a` to `b` (seconds, either order) covers: those whose
 * middle lies within it — or, for a sliver, the one under its middle — as their bounds. Null
 * when there are no rows.
 */
export function snapRange(rows: TimeseriesRow[], a: number, b: number): TimeRange | null {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  let first = -1;
  let last = -1;
  rows.forEach((row, i) => {
    const middle = (startOf(rows, i) + row.elapsed) / 2;
    if (middle < lo || middle > hi) return;
    if (first < 0) first = i;
    last = i;
  });
  if (first < 0) {
    const centre = (lo + hi) / 2;
    first = last = rows.findIndex((row) => row.elapsed >= centre);
    if (first < 0) first = last = rows.length - 1;
  }
  return first < 0 ? null : { from: startOf(rows, first), to: rows[last].elapsed };
}

/** The first and last of the rows whose whole interval lies within `range` (rows are in time order). */
function within(rows: TimeseriesRow[], range: TimeRange): { first: number; last: number } | null {
  const inside = (i: number) => startOf(rows, i) >= range.from - SLACK && rows[i].elapsed <= range.to + SLACK;
  let first = 0;
  while (first < rows.length && !inside(first)) first++;
  if (first === rows.length) return null;
  let last = first;
  while (last + 1 < rows.length && inside(last + 1)) last++;
  return { first, last };
}

/** The rows whose whole interval lies within `range`. */
export function rowsInRange(rows: TimeseriesRow[], range: TimeRange): TimeseriesRow[] {
  const found = within(rows, range);
  return found ? rows.slice(found.first, found.last + 1) : [];
}

/** The whole run as a range: from 0 to the last interval's end. */
export function wholeRange(rows: TimeseriesRow[]): TimeRange {
  return { from: 0, to: rows.length > 0 ? rows[rows.length - 1].elapsed : 0 };
}

/** One request step over a range. Latency, status codes and error kinds are null in reports from before zoom. */
export interface RangeStep {
  name: string;
  requests: number;
  errors: number;
  errorRate: number;
  latency: LatencySummary | null;
  statusCodes: Record<string, number> | null;
  errorKinds: ErrorCounts | null;
}

export interface RangeFigures {
  /** The bounds of the intervals taken (a range between them takes only whole ones). */
  range: TimeRange;
  rows: TimeseriesRow[];
  seconds: number;
  /** The figures of report.totals, over the range; `iterations` is null in reports from before zoom. */
  totals: Omit<Totals, 'iterations'> & { iterations: number | null };
  /** Percentiles of every request in the range; null when its rows carry no histograms (reports from before zoom). */
  latency: LatencySummary | null;
  statusCodes: Record<string, number> | null;
  errors: ErrorCounts | null;
  /** Request steps that made a request in the range, in `stepOrder` first. */
  steps: RangeStep[];
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

/** Every kind, counted or 0. */
function fullKinds(kinds: Partial<ErrorCounts>): ErrorCounts {
  return Object.fromEntries(ERROR_KINDS.map((kind) => [kind, kinds[kind] ?? 0])) as unknown as ErrorCounts;
}

/** What `rows` add up to, when every one of them has it. */
function counted(parts: { statusCodes?: Record<string, number>; errorKinds?: Partial<ErrorCounts>; histogram?: string }[]) {
  const all = <T>(pick: (p: (typeof parts)[number]) => T | undefined): T[] | null => {
    const values = parts.map(pick);
    return values.every((v) => v !== undefined) ? (values as T[]) : null;
  };
  const codes = all((p) => p.statusCodes);
  const kinds = all((p) => p.errorKinds);
  const histograms = all((p) => p.histogram);
  return {
    statusCodes: codes && addCounts(codes),
    errorKinds: kinds && fullKinds(addCounts(kinds)),
    latency: histograms && summarizeBuckets(mergeEncoded(histograms)),
  };
}

/** The figures of the intervals wholly within `range`; steps listed in `stepOrder` come first. */
export function rangeFigures(all: TimeseriesRow[], range: TimeRange, stepOrder: string[] = []): RangeFigures {
  const found = within(all, range);
  const rows = found ? all.slice(found.first, found.last + 1) : [];
  const bounds = found ? { from: startOf(all, found.first), to: all[found.last].elapsed } : { from: range.from, to: range.from };
  const seconds = bounds.to - bounds.from;
  const sum = (pick: (row: TimeseriesRow) => number) => rows.reduce((n, row) => n + pick(row), 0);
  const requests = sum((r) => r.requests);
  const errors = sum((r) => r.errors);
  const run = counted(rows);
  // A row of a newer report without a step made no request to it: it adds nothing to the step.
  const newer = rows.every((row) => row.histogram !== undefined);
  const names = new Set([...stepOrder, ...rows.flatMap((row) => Object.keys(row.steps ?? {}))]);
  const steps: RangeStep[] = [];
  for (const name of names) {
    const entries = rows.flatMap((row) => (row.steps?.[name] ? [row.steps[name]] : []));
    if (entries.length === 0) continue;
    const stepRequests = entries.reduce((n, s) => n + s.requests, 0);
    const stepErrors = entries.reduce((n, s) => n + s.errors, 0);
    const parts = newer ? counted(entries) : { statusCodes: null, errorKinds: null, latency: null };
    steps.push({
      name,
      requests: stepRequests,
      errors: stepErrors,
      errorRate: stepRequests > 0 ? round(stepErrors / stepRequests, 6) : 0,
      ...parts,
    });
  }
  return {
    range: bounds,
    rows,
    seconds,
    totals: {
      requests,
      errors,
      dropped: sum((r) => r.dropped),
      // As report.totals: requests per second over the range, the error rate to six places.
      rps: seconds > 0 ? round(requests / seconds, 2) : 0,
      errorRate: requests > 0 ? round(errors / requests, 6) : 0,
      iterations: rows.every((r) => r.iterations !== undefined) ? sum((r) => r.iterations ?? 0) : null,
    },
    latency: run.latency,
    statusCodes: run.statusCodes,
    errors: run.errorKinds,
    steps,
  };
}

/** A range of a report, as Export writes it (JSON): the report's shape for what a range has. */
export interface RangeReport {
  scenario: string;
  file: string;
  target?: string;
  range: TimeRange;
  /** When the range's first interval began and its last ended (ISO 8601). */
  startedAt: string;
  endedAt: string;
  durationMs: number;
  totals: RangeFigures['totals'];
  latency: LatencySummary | null;
  errors: ErrorCounts | null;
  statusCodes: Record<string, number> | null;
  steps: RangeStep[];
  /** The phases and alerts the range overlaps. */
  phases: PhaseReport[];
  alerts: AlertReport[];
  timeseries: TimeseriesRow[];
}

/** Epoch ms at which the range's first interval began and its last one ended. */
function clockOf(figures: RangeFigures): { start: number; end: number } {
  const last = figures.rows[figures.rows.length - 1];
  return last ? { start: last.time - figures.seconds * 1000, end: last.time } : { start: 0, end: 0 };
}

export function rangeReport(report: Report, range: TimeRange): RangeReport {
  const figures = rangeFigures(report.timeseries, range, report.steps.map((s) => s.name));
  const { start, end } = clockOf(figures);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    scenario: report.scenario,
    file: report.file,
    ...(report.target ? { target: report.target } : {}),
    range: figures.range,
    startedAt: iso(start),
    endedAt: iso(end),
    durationMs: end - start,
    totals: figures.totals,
    latency: figures.latency,
    errors: figures.errors,
    statusCodes: figures.statusCodes,
    steps: figures.steps,
    phases: report.phases.filter((p) => p.end > start && p.start < end),
    alerts: report.alerts.filter((a) => a.firedAt < end && (a.resolvedAt === null || a.resolvedAt > start)),
    timeseries: figures.rows,
  };
}
