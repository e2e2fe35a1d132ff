// The hovers of the results on a scenario's lines (./line-results.ts), as markdown: the run's
// date and outcome, the figures (p50/p90/p95/p99, requests, errors by kind, rps) and, against a
// pinned baseline, each figure's baseline value, change and — where `compareReports` tested it —
// its p-value. The extension appends the link that opens the report.
import { ALPHA, formatP, loadSeconds, type Comparison, type ComparedMetric, type MetricChange, type ScopeComparison } from './compare';
import { criterionResultText, formatCount, formatMs, formatPercent, formatRate, formatTimestamp } from './format';
import { criterionMargin } from './threshold';
import type { CriterionReport, ErrorCounts, FlowReport, LatencySummary, Report, StepReport } from './types';

export interface HoverContext {
  report: Report;
  baseline: Report | undefined;
  comparison: Comparison | undefined;
}

/** One figure: its value in this run and the baseline, and the comparison's test when it made one. */
interface Figure {
  label: string;
  current: number | null;
  baseline: number | null;
  format: (value: number) => string;
  tested?: MetricChange;
}

export function stepHover(step: StepReport, scope: ScopeComparison | undefined, context: HoverContext): string {
  const before = context.baseline?.steps.find((s) => s.name === step.name);
  const tested = (metric: ComparedMetric): MetricChange | undefined => scope?.metrics.find((m) => m.metric === metric);
  const figures = [
    ...latencyFigures(step.latency, before?.latency, tested),
    { label: 'rps', current: rate(context.report, step.requests), baseline: before && context.baseline ? rate(context.baseline, before.requests) : null, format: formatRate, tested: tested('rps') },
    { label: step.kind === 'request' ? 'requests' : 'sessions', current: step.requests, baseline: before?.requests ?? null, format: formatCount },
    { label: 'error rate', current: errorRate(step.errors, step.requests), baseline: before ? errorRate(before.errors, before.requests) : null, format: formatPercent, tested: tested('errorRate') },
  ];
  const regressions = scope?.metrics.filter((m) => m.regression).map((m) => `${m.metric} ${changeText(m.change ?? 0, m.metric)} (p = ${formatP(m.test.p)})`) ?? [];
  return [
    `**${escape(step.name)}** · ${step.kind} step`,
    runLine(context),
    table(figures, context.baseline !== undefined),
    `Errors: ${errorsByKind(step.errors, step.errorKinds)}`,
    ...(context.comparison ? [verdictLine(context.comparison, regressions, scope ? undefined : 'not compared: `stampede compare` compares request steps')] : []),
  ].join('\n\n');
}

export function flowHover(flow: FlowReport, before: FlowReport | undefined, regressed: string[], context: HoverContext): string {
  const figures: Figure[] = [
    ...latencyFigures(flow.latency, before?.latency),
    { label: 'iterations', current: flow.iterations, baseline: before?.iterations ?? null, format: formatCount },
    { label: 'failed iterations', current: flow.failures, baseline: before?.failures ?? null, format: formatCount },
  ];
  if (flow.requests !== undefined) {
    figures.push(
      { label: 'rps', current: rate(context.report, flow.requests), baseline: before?.requests !== undefined && context.baseline ? rate(context.baseline, before.requests) : null, format: formatRate },
      { label: 'requests', current: flow.requests, baseline: before?.requests ?? null, format: formatCount },
      { label: 'error rate', current: errorRate(flow.errors ?? 0, flow.requests), baseline: before?.requests !== undefined ? errorRate(before.errors ?? 0, before.requests) : null, format: formatPercent },
    );
  }
  const steps = context.report.steps.filter((s) => s.flows.includes(flow.name));
  const kinds = steps.reduce<ErrorCounts | undefined>((sum, s) => (sum ? addCounts(sum, s.errorKinds) : { ...s.errorKinds }), undefined);
  return [
    `**${escape(flow.name)}** · flow`,
    runLine(context),
    table(figures, context.baseline !== undefined),
    `Errors of its steps: ${errorsByKind(steps.reduce((n, s) => n + s.errors, 0), kinds)}`,
    ...(context.comparison
      ? [verdictLine(context.comparison, regressed.map((name) => escape(name)), 'a flow is not tested on its own: its request steps are (p-values in their hovers)')]
      : []),
  ].join('\n\n');
}

export function criterionHover(criterion: CriterionReport, before: CriterionReport | undefined, context: HoverContext): string {
  const margin = criterionMargin(criterion);
  const verdict = `${criterion.passed ? '✓ passed' : '✗ failed'}: ${criterionResultText(criterion)}${margin !== '—' ? `, ${margin} the limit` : ''}`;
  const lines = [`**${escape(criterion.expr)}** · criterion`, runLine(context), verdict];
  if (criterion.aborted) lines.push('This criterion stopped the run early.');
  if (context.baseline) {
    const base = before ? `${before.passed ? '✓ passed' : '✗ failed'}: ${criterionResultText(before)}` : 'not a criterion of that run';
    lines.push(`Baseline (run of ${formatTimestamp(context.baseline.startedAt)}): ${base}`);
  }
  return lines.join('\n\n');
}

/** A change as `compare` writes it: `+18.3%`, or points for an error rate. */
export function changeText(change: number, metric: MetricChange['metric'] | 'count'): string {
  const sign = change >= 0 ? '+' : '';
  return metric === 'errorRate' ? `${sign}${(change * 100).toFixed(2)} pts` : `${sign}${(change * 100).toFixed(1)}%`;
}

function latencyFigures(now: LatencySummary, before: LatencySummary | undefined, tested: (metric: ComparedMetric) => MetricChange | undefined = () => undefined): Figure[] {
  return (['p50', 'p90', 'p95', 'p99'] as const).map((p) => ({
    label: p,
    current: now[p],
    baseline: before?.[p] ?? null,
    format: formatMs,
    ...(p === 'p90' ? {} : { tested: tested(p) }),
  }));
}

function table(figures: Figure[], withBaseline: boolean): string {
  const value = (figure: Figure, v: number | null): string => (v === null ? '—' : figure.format(v));
  if (!withBaseline) return ['| | this run |', '| --- | ---: |', ...figures.map((f) => `| ${f.label} | ${value(f, f.current)} |`)].join('\n');
  const rows = figures.map((f) => {
    const change = f.tested ? f.tested.change : relative(f.current, f.baseline, f.label === 'error rate');
    const changed = change === null ? '—' : changeText(change, f.label === 'error rate' ? 'errorRate' : 'count');
    const p = f.tested ? formatP(f.tested.test.p) : 'not tested';
    return `| ${f.label} | ${value(f, f.current)} | ${value(f, f.baseline)} | ${changed} | ${p} |`;
  });
  return ['| | this run | baseline | change | p (Mann-Whitney U) |', '| --- | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

function verdictLine(comparison: Comparison, regressions: string[], note: string | undefined): string {
  const how = `threshold ${formatPercent(comparison.threshold)}, Holm-Bonferroni at ${ALPHA} over the runs' intervals`;
  const found = regressions.length > 0 ? `**▲ Regression** as \`stampede compare\` finds it: ${regressions.join('; ')}` : 'No regression here against the baseline';
  return `${found} (${how}).${note ? ` ${note[0].toUpperCase()}${note.slice(1)}.` : ''}`;
}

function runLine({ report, baseline }: HoverContext): string {
  const outcome = report.outcome === 'completed' ? `completed, ${report.passed ? 'passed' : 'failed'}` : `${report.outcome}${report.reason ? `: ${escape(report.reason)}` : ''}`;
  const against = baseline ? ` · baseline: run of ${formatTimestamp(baseline.startedAt)}` : '';
  return `Run of ${formatTimestamp(report.startedAt)} (${outcome})${against}`;
}

function errorsByKind(total: number, kinds: ErrorCounts | undefined): string {
  if (total === 0 || !kinds) return 'none';
  const parts = Object.entries(kinds).filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${formatCount(n)}`);
  return `${formatCount(total)} (${parts.join(' · ')})`;
}

function addCounts(a: ErrorCounts, b: ErrorCounts): ErrorCounts {
  const sum = { ...a };
  for (const kind of Object.keys(b) as (keyof ErrorCounts)[]) sum[kind] += b[kind];
  return sum;
}

function rate(report: Report, requests: number): number | null {
  const seconds = loadSeconds(report);
  return seconds > 0 ? requests / seconds : null;
}

function errorRate(errors: number, requests: number): number | null {
  return requests > 0 ? errors / requests : null;
}

/** As `compare` counts a change: relative, but in points for a rate. */
function relative(current: number | null, baseline: number | null, points: boolean): number | null {
  if (current === null || baseline === null) return null;
  if (points) return current - baseline;
  return baseline === 0 ? null : (current - baseline) / baseline;
}

/** Names and expressions are the user's text: nothing in them may become markdown. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
