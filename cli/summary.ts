// The summary printed when a run ends: verdict, totals, latency, the generator's own lateness and
// verdict, steps, the most frequent errors, criteria, alerts, recommendations and where the
// report files are.
import type { Report } from '../report/types';
import { criterionResultText, formatCount, formatDuration, formatMs, formatPercent, formatRate, loadSourceText } from '../report/format';
import { generatorLine } from '../report/generator-view';
import { topErrors } from './top-errors';

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows
    .map((row, index) => {
      const line = row
        .map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
        .join('  ')
        .trimEnd();
      return index === 0 ? `${line}\n${widths.map((w) => '─'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

function verdict(report: Report): string {
  if (report.outcome === 'stopped') return `STOPPED (${report.reason ?? 'interrupted'})`;
  if (report.outcome === 'error') return `ERROR (${report.reason ?? 'the run could not complete'})`;
  if (report.outcome === 'aborted') return `ABORTED (${report.reason ?? ''})`;
  return report.passed ? 'PASSED' : 'FAILED';
}

/** `most frequent errors`, then one line each: count, step, message; nothing when none failed. */
function errorLines(report: Report): string[] {
  const top = topErrors(report);
  if (top.length === 0) return [];
  const counts = top.map((e) => formatCount(e.count));
  const countWidth = Math.max(...counts.map((c) => c.length));
  const stepWidth = Math.max(...top.map((e) => e.step.length));
  // One line per message, however the server worded it (a body echoed into an expectation
  // failure can hold line breaks).
  return ['', 'most frequent errors', ...top.map((e, i) => `  ${counts[i].padStart(countWidth)}  ${e.step.padEnd(stepWidth)}  ${e.message.replace(/\s+/g, ' ')}`)];
}

/** After a step's status codes: redirects, events or messages, checks. */
function stepExtras(step: Report['steps'][number]): string {
  const extras: string[] = [];
  if (step.redirects) extras.push(`redirects×${step.redirects}`);
  if (step.kind === 'ws') extras.push(`messages ${step.events ?? 0}↓ ${step.sent ?? 0}↑`);
  else if (step.events !== undefined) extras.push(`events×${step.events}`);
  if (step.checks && step.checks.passed + step.checks.failed > 0) extras.push(`checks ${step.checks.passed}/${step.checks.passed + step.checks.failed}`);
  return extras.length > 0 ? ` ${extras.join(' ')}` : '';
}

export function renderSummary(report: Report, files: { json: string; html: string; csv: string } | undefined): string {
  const lines: string[] = [];
  const t = report.totals;
  lines.push('');
  lines.push(`${report.scenario} — ${verdict(report)} in ${formatDuration(report.durationMs)}`);
  const fedBy = loadSourceText(report);
  if (fedBy) lines.push(`load from ${fedBy}, merged`);
  lines.push(
    `requests ${formatCount(t.requests)}  rps ${formatRate(t.rps)}  errors ${formatCount(t.errors)} (${formatPercent(t.errorRate)})` +
      `  iterations ${formatCount(t.iterations)}${t.dropped > 0 ? `  dropped ${formatCount(t.dropped)}` : ''}`,
  );
  const l = report.latency;
  lines.push(
    `latency  min ${formatMs(l.min)}  p50 ${formatMs(l.p50)}  p90 ${formatMs(l.p90)}  p95 ${formatMs(l.p95)}` +
      `  p99 ${formatMs(l.p99)}  max ${formatMs(l.max)}`,
  );
  // How late the generator itself was, and whether it (not the target) limited the run.
  const generator = generatorLine(report);
  if (generator) lines.push(generator);
  if (report.steps.length > 0) {
    lines.push('');
    const rows = [['step', 'requests', 'errors', 'p50', 'p95', 'p99', 'max', 'status codes']];
    for (const step of report.steps) {
      rows.push([
        step.name,
        formatCount(step.requests),
        formatCount(step.errors),
        formatMs(step.latency.p50),
        formatMs(step.latency.p95),
        formatMs(step.latency.p99),
        formatMs(step.latency.max),
        Object.entries(step.statusCodes).map(([code, n]) => `${code}×${n}`).join(' ') + stepExtras(step),
      ]);
    }
    lines.push(table(rows, new Set([1, 2, 3, 4, 5, 6])));
  }
  for (const group of report.groups ?? []) {
    const d = group.duration;
    lines.push(`group ${group.name}  ×${formatCount(group.count)}  p50 ${formatMs(d.p50)}  p95 ${formatMs(d.p95)}  p99 ${formatMs(d.p99)}  max ${formatMs(d.max)}`);
  }
  for (const metric of report.metrics ?? []) {
    const v = metric.values;
    lines.push(`metric ${metric.name}  ×${formatCount(metric.count)}  min ${v.min}  mean ${v.mean}  p95 ${v.p95}  max ${v.max}`);
  }
  if (report.checks && report.checks.passed + report.checks.failed > 0) {
    const { passed, failed } = report.checks;
    lines.push(`checks ${formatCount(passed)} of ${formatCount(passed + failed)} passed (${formatPercent(passed / (passed + failed))})`);
  }
  lines.push(...errorLines(report));
  if (report.criteria.length > 0) {
    lines.push('');
    lines.push('criteria');
    for (const c of report.criteria) lines.push(`  ${c.passed ? '✓' : '✗'} ${c.expr}   (${criterionResultText(c)})`);
  }
  if (report.alerts.length > 0) {
    lines.push('');
    lines.push('alerts');
    for (const a of report.alerts) lines.push(`  [${a.severity}] ${a.when} fired at ${new Date(a.firedAt).toISOString()}`);
  }
  if (!report.setup.passed) lines.push(`\nsetup failed: ${report.setup.error ?? ''}`);
  if (report.teardown.ran && !report.teardown.passed) lines.push(`\nteardown failed: ${report.teardown.error ?? ''}`);
  if (report.recommendations.length > 0) {
    lines.push('');
    lines.push('recommendations');
    for (const r of report.recommendations) lines.push(`  • ${r}`);
  }
  if (files) {
    lines.push('');
    lines.push(`report: ${files.html}`);
    lines.push(`        ${files.json}`);
    lines.push(`        ${files.csv}`);
  }
  lines.push('');
  return lines.join('\n');
}
