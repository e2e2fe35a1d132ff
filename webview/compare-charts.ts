// The compare panel's two charts, drawn by the report's chart board (report/view/charts.ts):
// p95 latency and throughput of each interval, the baseline's line and the current run's on one
// chart, x in seconds since each run's first phase began. The current run's phases are shaded.
import { formatMs, formatRate } from '../report/format';
import type { TimeseriesRow } from '../report/types';
import { frameOfReport, type ChartSpec, type Frame } from '../report/view/charts';
import type { Point } from '../report/view/decimate';
import type { CompareState } from './compare-model';

/** The current run's frame (rows, phases) with the baseline's rows beside it. */
export interface CompareFrame extends Frame {
  baseline: TimeseriesRow[];
}

export function compareFrame(s: CompareState): CompareFrame {
  const frame = frameOfReport({ timeseries: s.current.rows, phases: s.current.phases });
  const baselineEnd = s.baseline.rows.length ? s.baseline.rows[s.baseline.rows.length - 1].elapsed : 0;
  return { ...frame, xMax: Math.max(frame.xMax, baselineEnd), baseline: s.baseline.rows };
}

/** The board hands specs a plain Frame; the compare view only ever draws a CompareFrame. */
const baselineRows = (f: Frame): TimeseriesRow[] => (f as CompareFrame).baseline ?? [];

const line = (rows: TimeseriesRow[], pick: (r: TimeseriesRow) => number | null): Point[] => rows.map((r) => ({ x: r.elapsed, y: pick(r) }));

function peak(rows: TimeseriesRow[], pick: (r: TimeseriesRow) => number | null): number | null {
  let best: number | null = null;
  for (const r of rows) {
    const v = pick(r);
    if (v !== null && (best === null || v > best)) best = v;
  }
  return best;
}

function overlay(id: string, title: string, unit: 'ms' | 'rate', pick: (r: TimeseriesRow) => number | null, show: (v: number | null) => string): ChartSpec {
  return {
    id,
    title,
    hint: 'each interval; baseline dashed',
    label: `Line chart of ${title.toLowerCase()} per interval, the baseline run against the current one`,
    y: { unit, ...(unit === 'rate' ? { title: 'requests/s' } : {}) },
    series: [
      { label: 'baseline', color: 'baseline', unit, dash: [5, 4], points: (f) => line(baselineRows(f), pick) },
      { label: 'current', color: 'current', unit, points: (f) => line(f.rows, pick) },
    ],
    summary: (f) => `Highest ${title.toLowerCase()}: baseline ${show(peak(baselineRows(f), pick))}, current ${show(peak(f.rows, pick))}.`,
  };
}

export const COMPARE_CHARTS: ChartSpec[] = [
  overlay('compare-latency', 'p95 latency', 'ms', (r) => r.p95, formatMs),
  overlay('compare-throughput', 'Throughput', 'rate', (r) => r.rps, (v) => `${formatRate(v)} requests/s`),
];
