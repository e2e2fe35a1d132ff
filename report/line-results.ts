// A run's results as the scenario's lines show them (the extension's inlay hints and hovers):
// one short text per step, flow and criterion, keyed by the name or expression the report uses,
// and a markdown hover with the details. Against a pinned baseline, the verdict is
// `compareReports`' own, so a line says "regression" exactly when `stampede compare` does.
// Pure: no `vscode`, no files (newestLineResults reads them, for the report writer process).
import { compareReports, type Comparison, type MetricChange, type ScopeComparison } from './compare';
import { criterionValueText, formatMs, formatPercent, notEvaluated } from './format';
import { readBaseline, readReport, runsOf } from './history';
import { changeText, criterionHover, flowHover, stepHover, type HoverContext } from './line-results-hover';
import type { CriterionReport, FlowReport, Report, StepReport } from './types';

/** The threshold `stampede compare` uses when none is given. */
export const COMPARE_THRESHOLD = 0.1;

/** One step's, flow's or criterion's result. */
export interface LineResult {
  /** The step's or flow's name, or the criterion's expression, as the report has it. */
  name: string;
  /** The line's hint: `p95 12.4ms · 0.2% errors · ▲ +18.0% vs baseline`, `✓ 212.4ms`. */
  text: string;
  /** Markdown: every figure, and against the baseline each one's change and p-value. */
  hover: string;
}

export interface LineResults {
  /** The run's report.json. */
  reportPath: string;
  steps: LineResult[];
  flows: LineResult[];
  /** In the report's order (an expression may be written twice). */
  criteria: LineResult[];
}

export function lineResults(report: Report, reportPath: string, baseline?: Report, threshold = COMPARE_THRESHOLD): LineResults {
  const comparison = baseline ? compareReports(baseline, report, threshold) : undefined;
  const context: HoverContext = { report, baseline, comparison };
  return {
    reportPath,
    steps: report.steps.map((step) => {
      const scope = comparison?.scopes.find((s) => s.kind === 'step' && s.name === step.name);
      return { name: step.name, text: stepText(step, scope, threshold), hover: stepHover(step, scope, context) };
    }),
    flows: report.flows.map((flow) => {
      const before = baseline?.flows.find((f) => f.name === flow.name);
      const regressed = comparison ? regressedSteps(comparison, report, flow.name) : [];
      return { name: flow.name, text: flowText(flow, before, regressed, threshold), hover: flowHover(flow, before, regressed, context) };
    }),
    criteria: report.criteria.map((criterion, index) => ({
      name: criterion.expr,
      text: criterionText(criterion),
      hover: criterionHover(criterion, baseline ? sameCriterion(baseline, report, index) : undefined, context),
    })),
  };
}

/**
 * The newest run of `scenarioFile` under `runsFolder` with the scenario's pinned baseline (under
 * `root`), as lines; undefined when it has no run yet.
 */
export function newestLineResults(runsFolder: string, root: string, scenarioFile: string): LineResults | undefined {
  const newest = runsOf(runsFolder, scenarioFile)[0];
  const report = newest && readReport(newest.reportPath);
  return report ? lineResults(report, newest.reportPath, readBaseline(root, scenarioFile)) : undefined;
}

function stepText(step: StepReport, scope: ScopeComparison | undefined, threshold: number): string {
  if (step.requests === 0) return 'no requests in this run';
  return figures(step.latency.p95, step.errors / step.requests, 'errors', scope ? stepDelta(scope, threshold) : undefined);
}

function flowText(flow: FlowReport, before: FlowReport | undefined, regressed: string[], threshold: number): string {
  if (flow.iterations === 0) return 'not run in this run';
  // Reports from before per-flow requests count failed iterations instead.
  const errors = flow.requests !== undefined ? [flow.requests > 0 ? (flow.errors ?? 0) / flow.requests : 0, 'errors'] as const : [flow.failures / flow.iterations, 'failed iterations'] as const;
  const change = before && before.iterations > 0 && before.latency.p95 > 0 ? (flow.latency.p95 - before.latency.p95) / before.latency.p95 : null;
  const delta = change === null ? undefined : marked(change, regressed.length > 0, threshold, 'no step regressed');
  return figures(flow.latency.p95, errors[0], errors[1], delta);
}

function figures(p95: number, errorRate: number, errorsLabel: string, delta: string | undefined): string {
  return [`p95 ${formatMs(p95)}`, `${formatPercent(errorRate)} ${errorsLabel}`, ...(delta ? [delta] : [])].join(' · ');
}

const LABELS: Record<MetricChange['metric'], string> = { p50: 'p50', p95: 'p95', p99: 'p99', rps: 'rps', errorRate: 'error rate' };

/** The p95's change, unless another figure of the step is the regression `compare` found. */
function stepDelta(scope: ScopeComparison, threshold: number): string | undefined {
  const regressions = scope.metrics.filter((m) => m.regression);
  const head = regressions.find((m) => m.metric === 'p95') ?? regressions[0] ?? scope.metrics.find((m) => m.metric === 'p95');
  if (!head || head.change === null) return undefined;
  const label = head.metric === 'p95' ? '' : `${LABELS[head.metric]} `;
  if (head.regression) return `▲ ${label}${changeText(head.change, head.metric)} vs baseline`;
  return marked(head.change, false, threshold, head.test.p === null ? 'too few intervals to test' : 'not significant');
}

/**
 * ▲ a regression (as `compare` finds it); △ worse than the threshold but not a regression (why in
 * brackets); ▼ better than the threshold; = within it. `change` is a latency's: higher is worse.
 */
function marked(change: number, regression: boolean, threshold: number, whyNot: string): string {
  const text = `${changeText(change, 'p95')} vs baseline`;
  if (regression) return `▲ ${text}`;
  if (change > threshold) return `△ ${text} (${whyNot})`;
  return `${change < -threshold ? '▼' : '='} ${text}`;
}

/** The request steps of `flow` in which `compare` found a regression. */
function regressedSteps(comparison: Comparison, report: Report, flow: string): string[] {
  return comparison.scopes
    .filter((scope) => scope.kind === 'step' && scope.metrics.some((m) => m.regression) && report.steps.some((s) => s.name === scope.name && s.flows.includes(flow)))
    .map((scope) => scope.name);
}

function criterionText(criterion: CriterionReport): string {
  return `${criterion.passed ? '✓' : '✗'} ${notEvaluated(criterion) ? criterionValueText(criterion) : criterion.actualText}`;
}

/** The baseline's criterion written the same way (the n-th of that expression, as in `report`). */
function sameCriterion(baseline: Report, report: Report, index: number): CriterionReport | undefined {
  const expr = report.criteria[index].expr;
  const nth = report.criteria.slice(0, index).filter((c) => c.expr === expr).length;
  return baseline.criteria.filter((c) => c.expr === expr)[nth];
}
