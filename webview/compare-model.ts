// What the compare panel shows, built from the extension's `compare` message: the comparison of
// the two reports (report/compare.ts, the same code as `stampede compare`), each run's headline
// figures and the rows its charts draw. Pure (no DOM); it is also the state the page persists, so
// a reload redraws without the extension and without recomputing from shortened rows.
import { compareReports, isImprovement, type Comparison, type MetricChange } from '../report/compare';
import { changeVerdictText } from '../report/compare-format';
import { compactRows } from '../report/timeseries-compact';
import type { Tone } from '../report/tones';
import type { PhaseReport, Report, TimeseriesRow } from '../report/types';
import { verdictOf } from '../report/view/sections';
import type { CompareMessage, CompareSide } from './protocol';

/** Bumped when CompareState changes shape; an older saved state is dropped, not misread. */
export const COMPARE_STATE_VERSION = 1;
/** Rows kept per run for the charts (the comparison itself is computed from all of them). */
const MAX_CHART_ROWS = 600;

/** One run as the compare panel shows it. */
export interface ComparedRun {
  label: string;
  scenario: string;
  file: string;
  startedAt: string;
  durationMs: number;
  verdict: { label: string; tone: Tone; detail: string };
  requests: number;
  rps: number | null;
  p95: number | null;
  errorRate: number | null;
  rows: TimeseriesRow[];
  phases: PhaseReport[];
}

export interface CompareState {
  version: typeof COMPARE_STATE_VERSION;
  comparison: Comparison;
  baseline: ComparedRun;
  current: ComparedRun;
}

/** How a compared figure moved: worse and significant, worse only, better, or within the threshold. */
export type ChangeVerdict = 'regression' | 'worse' | 'improvement' | 'neutral';

export const VERDICT_TONE: Record<ChangeVerdict, Tone> = { regression: 'bad', worse: 'warn', improvement: 'ok', neutral: 'neutral' };

export function changeVerdict(m: MetricChange, threshold: number): ChangeVerdict {
  if (m.regression) return 'regression';
  if (m.beyondThreshold) return 'worse';
  return isImprovement(m, threshold) ? 'improvement' : 'neutral';
}

/** The verdict column's words, as `stampede compare` prints them, plus the two it leaves blank. */
export function changeVerdictLabel(m: MetricChange, verdict: ChangeVerdict): string {
  if (verdict === 'improvement') return 'better';
  if (verdict === 'neutral') return m.change === null ? '—' : 'within threshold';
  return changeVerdictText(m).toLowerCase();
}

function comparedRun(side: CompareSide): ComparedRun {
  const r: Report = side.report;
  const measured = r.totals.requests > 0;
  return {
    label: side.label,
    scenario: r.scenario,
    file: r.file,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    verdict: verdictOf(r),
    requests: r.totals.requests,
    rps: r.totals.rps,
    p95: measured ? r.latency.p95 : null,
    errorRate: measured ? r.totals.errorRate : null,
    rows: compactRows(r.timeseries, MAX_CHART_ROWS),
    phases: r.phases,
  };
}

export function compareState(message: CompareMessage): CompareState {
  return {
    version: COMPARE_STATE_VERSION,
    comparison: compareReports(message.baseline.report, message.current.report, message.threshold),
    baseline: comparedRun(message.baseline),
    current: comparedRun(message.current),
  };
}

/** True when a value read back from `getState` is a compare state this version can draw. */
export function isCompareState(value: unknown): value is CompareState {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<CompareState>;
  return s.version === COMPARE_STATE_VERSION && !!s.comparison && Array.isArray(s.baseline?.rows) && Array.isArray(s.current?.rows);
}
