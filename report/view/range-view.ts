// The figures of a zoomed time range, drawn by the same sections as the whole run's: the summary
// tiles and the steps table (with its latency distribution) are redrawn from report/range.ts;
// criteria, flows, phases and the rest stay the whole run's, and the zoom bar says so. A report
// from before zoom has no histograms to merge: its tiles and tables stay whole.
import { formatDuration, formatElapsed } from '../format';
import { rangeFigures, type RangeFigures, type TimeRange } from '../range';
import type { ErrorCounts, Report, StepReport, TimeseriesRow, Totals } from '../types';
import { reportTiles, stepsSection, summaryTileList } from './sections';

const NO_ERRORS: ErrorCounts = { connect: 0, timeout: 0, status: 0, expectation: 0, capture: 0, template: 0, other: 0 };

/** `0:12 – 0:40 (28s)`: a range as the time axis writes it, and its length. */
export function rangeText(range: TimeRange): string {
  return `${formatElapsed(range.from)} – ${formatElapsed(range.to)} (${formatDuration((range.to - range.from) * 1000)})`;
}

/** The range's totals as report.totals has them; null without the per-interval data (before zoom). */
function totalsOf(figures: RangeFigures): Totals | null {
  const { iterations, ...rest } = figures.totals;
  return figures.latency && iterations !== null ? { ...rest, iterations } : null;
}

/** The report as the range's sections draw it: its request steps and figures over the range. */
export function rangeView(report: Report, figures: RangeFigures): Report | null {
  const totals = totalsOf(figures);
  if (!totals || !figures.latency) return null;
  const steps: StepReport[] = figures.steps.flatMap((s) => {
    const step = report.steps.find((x) => x.name === s.name);
    if (!step || !s.latency) return [];
    return [{ name: s.name, kind: step.kind, flows: step.flows, requests: s.requests, errors: s.errors, errorKinds: s.errorKinds ?? NO_ERRORS, latency: s.latency, statusCodes: s.statusCodes ?? {}, sampleErrors: [] }];
  });
  return { ...report, totals, latency: figures.latency, statusCodes: figures.statusCodes ?? {}, errors: figures.errors ?? NO_ERRORS, steps, timeseries: figures.rows };
}

/** What the zoom bar says under the range: which parts of the page show it. */
export const RANGE_NOTES = {
  exact: 'The tiles and the steps table show this range, percentiles from its intervals’ histograms; criteria, flows and the rest are the whole run’s.',
  chartsOnly: 'This report has no per-interval histograms (it was written before zoom): only the charts show this range; the tiles and tables are the whole run’s.',
} as const;

/**
 * Redraws the summary tiles (#summary) and the steps section (#report-steps) under `root` for
 * `range`, or for the whole run when null; returns the note for the zoom bar.
 */
export function showRange(root: ParentNode, report: Report, range: TimeRange | null): string {
  const view = range ? rangeView(report, rangeFigures(report.timeseries, range, report.steps.map((s) => s.name))) : null;
  const shown = view ?? report;
  const tiles = reportTiles(shown);
  if (view && range) tiles.setAttribute('aria-label', `Summary of ${rangeText(range)}`);
  root.querySelector('#summary')?.replaceWith(tiles);
  root.querySelector('#report-steps')?.replaceWith(stepsSection(shown));
  return view ? RANGE_NOTES.exact : RANGE_NOTES.chartsOnly;
}

/** The live panel's tiles for a range of the rows so far; null when they cannot be computed. */
export function liveRangeTiles(rows: TimeseriesRow[], range: TimeRange): HTMLElement[] | null {
  const figures = rangeFigures(rows, range);
  const totals = totalsOf(figures);
  return totals && figures.latency ? summaryTileList(totals, figures.latency, 'in this range') : null;
}
