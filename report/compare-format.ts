// A comparison (./compare.ts) as text for a terminal, GitHub-flavoured markdown for a pull
// request or a step summary: one row per scope and metric, baseline → current, the change, the
// test's p-value and the verdict.
import { formatChange, formatP, type Comparison, type MetricChange, type ScopeComparison } from './compare';
import { formatMs, formatPercent, formatRate } from './format';

export const METRIC_LABELS: Record<MetricChange['metric'], string> = { p50: 'p50', p95: 'p95', p99: 'p99', rps: 'rps', errorRate: 'error rate' };

/** A compared figure in its metric's unit: `12.4ms`, `85.2`, `0.3%`, `—` when not measured. */
export function comparedValue(m: MetricChange, v: number | null): string {
  if (v === null) return '—';
  if (m.metric === 'rps') return formatRate(v);
  if (m.metric === 'errorRate') return formatPercent(v);
  return formatMs(v);
}

/** The verdict column: `REGRESSION`, why a worse figure is not one, or '' (nothing to say). */
export function changeVerdictText(m: MetricChange): string {
  if (m.regression) return 'REGRESSION';
  if (!m.beyondThreshold) return '';
  return m.test.p === null ? 'worse, too few intervals to test' : 'worse, not significant (Holm)';
}

function rows(comparison: Comparison): string[][] {
  return comparison.scopes.flatMap((scope: ScopeComparison) =>
    scope.metrics
      .filter((m) => m.baseline !== null || m.current !== null)
      .map((m) => [scope.name, METRIC_LABELS[m.metric], comparedValue(m, m.baseline), comparedValue(m, m.current), formatChange(m), formatP(m.test.p), changeVerdictText(m)]),
  );
}

const HEAD = ['scope', 'metric', 'baseline', 'current', 'change', 'p (Mann-Whitney U)', 'verdict'];

function headline(c: Comparison): string {
  const verdict = c.verdict === 'regression' ? `REGRESSION: ${c.regressions.join('; ')}` : 'no regression';
  return `${c.current.scenario}: ${verdict} (threshold ${formatPercent(c.threshold)}, baseline ${c.baseline.startedAt}, current ${c.current.startedAt})`;
}

export function comparisonText(c: Comparison): string {
  const table = [HEAD, ...rows(c)];
  const widths = HEAD.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const lines = table.map((row) => row.map((cell, i) => (i >= 2 && i <= 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());
  const notes = c.untested.length > 0 ? [`not tested (fewer intervals than the test needs): ${c.untested.join(', ')}`] : [];
  return [headline(c), '', ...lines, ...notes, ''].join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function comparisonMarkdown(c: Comparison): string {
  const body = rows(c).map((row) => `| ${row.map((text, i) => (i === 6 && text === 'REGRESSION' ? '**REGRESSION**' : cell(text))).join(' | ')} |`);
  const notes = c.untested.length > 0 ? ['', `Not tested (fewer intervals than the test needs): ${c.untested.map(cell).join(', ')}`] : [];
  return [
    `### ${cell(headline(c))}`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `| ${HEAD.map((_, i) => (i >= 2 && i <= 5 ? '---:' : '---')).join(' | ')} |`,
    ...body,
    ...notes,
    '',
  ].join('\n');
}
