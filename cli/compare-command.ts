// `stampede compare BASELINE CURRENT [--format text|markdown|json] [--threshold 10%]`: two runs'
// reports (files or run folders) compared; exit 0 no regression, 1 a regression, 2 usage.
import { compareReports } from '../report/compare';
import { comparisonMarkdown, comparisonText } from '../report/compare-format';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import { readRunReport } from './run-report';

export async function compareCommand(args: ParsedArgs): Promise<number> {
  if (args.files.length !== 2) throw new UsageError('compare takes two runs: BASELINE CURRENT (report.json files or run folders)');
  const [baseline, current] = args.files.map(readRunReport);
  const comparison = compareReports(baseline, current, args.threshold ?? 0.1);
  const format = args.format ?? 'text';
  process.stdout.write(format === 'json' ? `${JSON.stringify(comparison, null, 2)}\n` : format === 'markdown' ? comparisonMarkdown(comparison) : comparisonText(comparison));
  return comparison.verdict === 'regression' ? 1 : 0;
}
