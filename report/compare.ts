// Two runs of a scenario compared (`stampede compare`, `run --baseline`): per step and overall,
// p50/p95/p99, rps and error rate, baseline → current with the change. A regression is a change
// worse than the threshold that the Mann-Whitney U test over the runs' intervals also finds
// significant. A comparison makes many tests at once (five figures per step), so significance is
// Holm-Bonferroni's at 0.05 over all of them: two runs of the same code must not show a
// "regression" by chance. With too few intervals on a side the test does not answer and nothing
// is called a regression.
import { MIN_SAMPLES, mannWhitneyGreater, type UTest } from './mann-whitney';
import type { Report, StepInterval, TimeseriesRow } from './types';

export type ComparedMetric = 'p50' | 'p95' | 'p99' | 'rps' | 'errorRate';
const METRICS: readonly ComparedMetric[] = ['p50', 'p95', 'p99', 'rps', 'errorRate'];
/** The family-wise error rate the comparison's tests are held to together. */
export const ALPHA = 0.05;

export interface MetricChange {
  metric: ComparedMetric;
  baseline: number | null;
  current: number | null;
  /** Relative change (current - baseline) / baseline; for errorRate the difference in points. */
  change: number | null;
  /** The change is worse than the threshold, in the metric's bad direction. */
  beyondThreshold: boolean;
  test: UTest & { name: 'Mann-Whitney U' };
  /** The test's p-value passes Holm-Bonferroni over all the comparison's tests. */
  significant: boolean;
  regression: boolean;
}

export interface ScopeComparison {
  /** `overall`, or a step's name. */
  name: string;
  kind: 'overall' | 'step';
  metrics: MetricChange[];
}

export interface RunRef {
  scenario: string;
  file: string;
  startedAt: string;
}

export interface Comparison {
  baseline: RunRef;
  current: RunRef;
  /** The threshold as a fraction (0.1 for 10%). */
  threshold: number;
  scopes: ScopeComparison[];
  /** The regressions found, worst first, in words (`GET /slow p95 +48.2% (p = 0.0001)`). */
  regressions: string[];
  verdict: 'regression' | 'no regression';
  /** Metrics whose test could not answer (too few intervals): said, never guessed. */
  untested: string[];
}

/** Higher is worse for latency and errors, lower is worse for throughput. */
const worseWhenHigher = (metric: ComparedMetric): boolean => metric !== 'rps';

export function compareReports(baseline: Report, current: Report, threshold = 0.1): Comparison {
  const scopes: ScopeComparison[] = [{ name: 'overall', kind: 'overall', metrics: METRICS.map((m) => compareMetric(m, overallValue(baseline, m), overallValue(current, m), overallSeries(baseline, m), overallSeries(current, m), threshold)) }];
  for (const step of current.steps) {
    const before = baseline.steps.find((s) => s.name === step.name);
    if (!before || step.kind !== 'request') continue;
    scopes.push({
      name: step.name,
      kind: 'step',
      metrics: METRICS.map((m) => compareMetric(m, stepValue(baseline, before.name, m), stepValue(current, step.name, m), stepSeries(baseline, step.name, m), stepSeries(current, step.name, m), threshold)),
    });
  }
  holmBonferroni(scopes.flatMap((scope) => scope.metrics));
  const found = scopes.flatMap((scope) => scope.metrics.filter((m) => m.regression).map((m) => ({ scope, m })));
  found.sort((a, b) => Math.abs(b.m.change ?? 0) - Math.abs(a.m.change ?? 0));
  const untested = scopes.flatMap((scope) => scope.metrics.filter((m) => m.beyondThreshold && m.test.p === null).map((m) => `${scope.name} ${m.metric}`));
  return {
    baseline: ref(baseline),
    current: ref(current),
    threshold,
    scopes,
    regressions: found.map(({ scope, m }) => `${scope.name} ${m.metric} ${formatChange(m)} (p = ${formatP(m.test.p)})`),
    verdict: found.length > 0 ? 'regression' : 'no regression',
    untested,
  };
}

function compareMetric(metric: ComparedMetric, baseline: number | null, current: number | null, before: number[], after: number[], threshold: number): MetricChange {
  const change = changeOf(metric, baseline, current);
  const higher = worseWhenHigher(metric);
  const limit = changeLimit(metric, baseline, threshold);
  const beyondThreshold = change !== null && (higher ? change > limit : change < -limit);
  // Is current worse? For rps, "larger" is tested on the negated values.
  const test = higher ? mannWhitneyGreater(before, after) : mannWhitneyGreater(before.map((v) => -v), after.map((v) => -v));
  // `significant` and `regression` are settled over all the tests at once (holmBonferroni).
  return { metric, baseline, current, change, beyondThreshold, test: { name: 'Mann-Whitney U', ...test }, significant: false, regression: false };
}

/** How far `change` may move either way before it counts: the threshold, for error rates in points. */
export function changeLimit(metric: ComparedMetric, baseline: number | null, threshold: number): number {
  // Error rates change in points: from 0 any error is an infinite relative change.
  return metric === 'errorRate' ? threshold * Math.max(baseline ?? 0, 0.01) : threshold;
}

/**
 * A change beyond the threshold in the metric's good direction (faster, more throughput, fewer
 * errors). Shown, not tested: the comparison's test looks for regressions only.
 */
export function isImprovement(m: MetricChange, threshold: number): boolean {
  if (m.change === null) return false;
  const limit = changeLimit(m.metric, m.baseline, threshold);
  return worseWhenHigher(m.metric) ? m.change < -limit : m.change > limit;
}

/**
 * Holm-Bonferroni: the k-th smallest of m p-values is significant when it and every smaller one
 * are below ALPHA / (m - k). Marks `significant`, then `regression` where the change is also
 * beyond the threshold.
 */
function holmBonferroni(changes: MetricChange[]): void {
  const tested = changes.filter((c) => c.test.p !== null).sort((a, b) => (a.test.p as number) - (b.test.p as number));
  for (let k = 0; k < tested.length; k++) {
    if ((tested[k].test.p as number) >= ALPHA / (tested.length - k)) break;
    tested[k].significant = true;
  }
  for (const change of changes) change.regression = change.beyondThreshold && change.significant;
}

function changeOf(metric: ComparedMetric, baseline: number | null, current: number | null): number | null {
  if (baseline === null || current === null) return null;
  if (metric === 'errorRate') return current - baseline;
  return baseline === 0 ? null : (current - baseline) / baseline;
}

function ref(report: Report): RunRef {
  return { scenario: report.scenario, file: report.file, startedAt: report.startedAt };
}

function overallValue(report: Report, metric: ComparedMetric): number | null {
  if (metric === 'rps') return report.totals.rps;
  if (metric === 'errorRate') return report.totals.requests > 0 ? report.totals.errorRate : null;
  return report.totals.requests > 0 ? report.latency[metric] : null;
}

function stepValue(report: Report, name: string, metric: ComparedMetric): number | null {
  const step = report.steps.find((s) => s.name === name);
  if (!step || step.requests === 0) return null;
  if (metric === 'errorRate') return step.errors / step.requests;
  if (metric === 'rps') {
    const seconds = loadSeconds(report);
    return seconds > 0 ? step.requests / seconds : null;
  }
  return step.latency[metric];
}

/** The seconds a step's or flow's rate is over: the run's load, as its time series measured it. */
export function loadSeconds(report: Report): number {
  const rows = report.timeseries;
  return rows.length > 0 ? rows[rows.length - 1].elapsed : report.durationMs / 1000;
}

/** The interval values of a metric: one per time-series row that measured it. */
function overallSeries(report: Report, metric: ComparedMetric): number[] {
  return seriesOf(report.timeseries, metric, (row) => row);
}

function stepSeries(report: Report, name: string, metric: ComparedMetric): number[] {
  return seriesOf(report.timeseries, metric, (row) => row.steps?.[name]);
}

function seriesOf(rows: TimeseriesRow[], metric: ComparedMetric, pick: (row: TimeseriesRow) => StepInterval | TimeseriesRow | undefined): number[] {
  const values: number[] = [];
  let previous = 0;
  for (const row of rows) {
    const seconds = row.elapsed - previous;
    previous = row.elapsed;
    const at = pick(row);
    if (!at || at.requests === 0) continue;
    if (metric === 'rps') values.push(seconds > 0 ? at.requests / seconds : at.requests);
    else if (metric === 'errorRate') values.push(at.errors / at.requests);
    else if (at[metric] !== null) values.push(at[metric] as number);
  }
  return values;
}

export function formatChange(m: MetricChange): string {
  if (m.change === null) return 'n/a';
  if (m.metric === 'errorRate') return `${m.change >= 0 ? '+' : ''}${(m.change * 100).toFixed(2)} pts`;
  return `${m.change >= 0 ? '+' : ''}${(m.change * 100).toFixed(1)}%`;
}

export function formatP(p: number | null): string {
  if (p === null) return `n/a (fewer than ${MIN_SAMPLES} intervals)`;
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}
