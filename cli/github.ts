// GitHub Actions: with GITHUB_STEP_SUMMARY set, the run is appended to the job's summary as
// markdown (the verdict, the totals, the criteria, the comparison with a baseline), and each
// failed criterion prints a workflow command that annotates its line in the scenario.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { comparisonMarkdown } from '../report/compare-format';
import { criterionResultText, formatMs, formatPercent, formatRate } from '../report/format';
import type { Report } from '../report/types';
import { runFailure } from './junit';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function stepSummaryMarkdown(report: Report): string {
  const verdict = report.passed ? '✅ passed' : `❌ ${report.outcome === 'completed' ? 'failed' : report.outcome}`;
  const t = report.totals;
  const l = report.latency;
  const lines = [
    `## Stampede: ${cell(report.scenario)} — ${verdict}`,
    '',
    '| requests | rps | errors | p50 | p95 | p99 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${t.requests} | ${formatRate(t.rps)} | ${t.errors} (${formatPercent(t.errorRate)}) | ${formatMs(l.p50)} | ${formatMs(l.p95)} | ${formatMs(l.p99)} |`,
  ];
  const failure = runFailure(report);
  if (failure) lines.push('', `**The run did not complete:** ${cell(failure)}`);
  if (report.criteria.length > 0) {
    lines.push('', '| criterion | result |', '| --- | --- |');
    for (const c of report.criteria) lines.push(`| \`${cell(c.expr)}\` | ${c.passed ? '✅' : '❌'} ${cell(criterionResultText(c))} |`);
  }
  if (report.comparison) lines.push('', comparisonMarkdown(report.comparison).trimEnd());
  return `${lines.join('\n')}\n\n`;
}

/** A workflow command's data and properties escaped as GitHub's toolkit does. */
const data = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (text: string): string => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function failedCriterionAnnotations(report: Report, lines: Map<string, number>, cwd = process.cwd()): string[] {
  const file = relative(cwd, report.file) || report.file;
  return report.criteria
    .filter((c) => !c.passed)
    .map((c) => {
      const line = lines.get(c.expr);
      const where = `file=${property(file)}${line !== undefined ? `,line=${line}` : ''},title=${property('Stampede criterion failed')}`;
      return `::error ${where}::${data(`${c.expr}: ${criterionResultText(c)}`)}`;
    });
}

/** Both, when running under GitHub Actions (GITHUB_STEP_SUMMARY set). */
export function reportToGitHub(report: Report, lines: Map<string, number>, env: NodeJS.ProcessEnv = process.env): void {
  const summary = env.GITHUB_STEP_SUMMARY;
  if (!summary) return;
  appendFileSync(summary, stepSummaryMarkdown(report));
  for (const annotation of failedCriterionAnnotations(report, lines)) process.stdout.write(`${annotation}\n`);
}
