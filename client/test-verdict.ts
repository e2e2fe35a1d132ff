// What the Test Explorer says of a finished run, from its report (or its absence). A plain
// function, without vscode, so that every case (engine killed, stopped, setup failed, criteria
// breached) is checked by unit tests; test-explorer.ts turns it into TestRun calls.
import { criterionResultText } from '../report/format';
import type { Report } from '../report/types';

export type TestVerdict = { kind: 'passed' } | { kind: 'failed' | 'errored'; message: string };

export function scenarioVerdict(report: Report | undefined, failure: string | undefined): TestVerdict {
  if (!report) return { kind: 'errored', message: failure ?? 'the run ended without a report' };
  if (report.outcome === 'stopped') return { kind: 'errored', message: `Stopped: ${report.reason ?? 'interrupted'}` };
  // An engine that died mid-run leaves a partial report whose outcome is `error`.
  if (report.outcome === 'error') return { kind: 'errored', message: report.reason ?? failure ?? 'the run could not complete' };
  if (report.passed) return { kind: 'passed' };
  const failed = report.criteria.filter((c) => !c.passed).map((c) => `${c.expr} (${criterionResultText(c)})`);
  // An alert stopped it while every criterion held: it did not complete, nothing failed.
  if (report.outcome === 'aborted' && failed.length === 0) return { kind: 'errored', message: `Aborted: ${report.reason ?? 'stopped early'}` };
  const why = report.outcome === 'aborted' ? `Aborted: ${report.reason ?? ''}. ` : '';
  return { kind: 'failed', message: `${why}${failed.length} criterion failed: ${failed.join('; ')}` };
}
