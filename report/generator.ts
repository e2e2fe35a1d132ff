// The report's `generator` section: how late the engine sent what was due, how long its event
// loop stalled, how busy it was, and whether it — not the target — limited the run. A pure
// function of what the run measured, so partial and merged reports reach the same verdict.
import type { GeneratorReport, TimeseriesRow } from './types';

/**
 * An interval is over a limit when requests left more than LAG_P99_MS late at its p99, its event
 * loop stalled more than EVENT_LOOP_DELAY_MS beyond the sampling interval at p99, or the engine
 * used CPU_PCT of a core (its one loop had no idle time left). 10 ms of lag or stall is already
 * larger than the service time of a fast endpoint, so the figures would be the generator's.
 */
export const LAG_P99_MS = 10;
export const EVENT_LOOP_DELAY_MS = 10;
export const CPU_PCT = 90;
/** The share of the load's intervals that must be over a limit: sustained, not one bad moment. */
export const SATURATED_SHARE = 0.2;

/** Lag percentiles in ms, as the engine reads them from its lag histogram. */
export interface LagFigures {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface GeneratorInputs {
  /** Lag of every request of the load phases (ms), from its histogram; undefined without requests. */
  lag: LagFigures | undefined;
  /** Event-loop delay beyond the sampling interval over the load, when the engine measured it. */
  eventLoopDelay: { p99: number | null; max: number | null } | undefined;
  /** The load's monitor intervals. */
  rows: TimeseriesRow[];
  /** Load threads (`--workers N`): the engine's CPU limit is CPU_PCT of a core for each. */
  threads?: number;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

interface Over {
  lag: number;
  loop: number;
  cpu: number;
}

function overLimits(row: TimeseriesRow, counts: Over, cpuLimit: number): boolean {
  const lag = row.lagP99 !== null && row.lagP99 > LAG_P99_MS;
  const loop = row.eventLoopDelay !== null && row.eventLoopDelay > EVENT_LOOP_DELAY_MS;
  const cpu = row.engineCpu !== undefined && row.engineCpu !== null && row.engineCpu >= cpuLimit;
  if (lag) counts.lag++;
  if (loop) counts.loop++;
  if (cpu) counts.cpu++;
  return lag || loop || cpu;
}

const peakOf = (rows: TimeseriesRow[], read: (row: TimeseriesRow) => number | null | undefined): number | null => {
  let best: number | null = null;
  for (const row of rows) {
    const value = read(row);
    if (value !== null && value !== undefined && (best === null || value > best)) best = value;
  }
  return best;
};

function reasonFor(counts: Over, hot: number, rows: TimeseriesRow[], lagP99: number | null, threads: number): string {
  const parts: string[] = [];
  if (counts.lag > 0) {
    const worst = peakOf(rows, (r) => r.lagP99);
    parts.push(`requests left late (lag p99 over ${LAG_P99_MS} ms in ${counts.lag} of ${rows.length} intervals, up to ${worst} ms${lagP99 !== null ? `; ${lagP99} ms over the run` : ''})`);
  }
  if (counts.loop > 0) {
    const worst = peakOf(rows, (r) => r.eventLoopDelay);
    parts.push(`the engine's event loop stalled (delay p99 over ${EVENT_LOOP_DELAY_MS} ms in ${counts.loop} of ${rows.length} intervals, up to ${worst} ms)`);
  }
  if (counts.cpu > 0) {
    const worst = peakOf(rows, (r) => r.engineCpu);
    const limit = threads > 1 ? `${CPU_PCT * threads}% (${CPU_PCT}% of a core for each of its ${threads} load threads)` : `${CPU_PCT}% of a core`;
    parts.push(`the engine had no CPU to spare (${limit} or more in ${counts.cpu} of ${rows.length} intervals, up to ${worst}%)`);
  }
  return `The load generator limited this run in ${hot} of ${rows.length} intervals: ${parts.join('; ')}.`;
}

export function generatorReport(inputs: GeneratorInputs): GeneratorReport {
  const { rows } = inputs;
  const lag = inputs.lag;
  const lagP99 = lag ? lag.p99 : null;
  const counts: Over = { lag: 0, loop: 0, cpu: 0 };
  let hot = 0;
  const threads = Math.max(1, inputs.threads ?? 1);
  for (const row of rows) if (overLimits(row, counts, CPU_PCT * threads)) hot++;
  const saturated = rows.length > 0 && hot > 0 && hot / rows.length >= SATURATED_SHARE;
  const cpuRows = rows.filter((r) => r.engineCpu !== undefined && r.engineCpu !== null);
  const loop = inputs.eventLoopDelay ?? { p99: peakOf(rows, (r) => r.eventLoopDelay), max: null };
  return {
    lag: {
      p50: lag ? lag.p50 : null,
      p99: lagP99,
      max: lag ? lag.max : null,
    },
    eventLoopDelay: { p99: loop.p99, max: loop.max },
    cpu: {
      mean: cpuRows.length > 0 ? round1(cpuRows.reduce((sum, r) => sum + (r.engineCpu as number), 0) / cpuRows.length) : null,
      max: peakOf(rows, (r) => r.engineCpu),
    },
    saturated,
    reason: saturated ? reasonFor(counts, hot, rows, lagP99, threads) : null,
    limits: { lagP99Ms: LAG_P99_MS, eventLoopDelayMs: EVENT_LOOP_DELAY_MS, cpuPct: CPU_PCT * threads, share: SATURATED_SHARE },
    hotIntervals: hot,
    intervals: rows.length,
  };
}
