// How a trial run (`stampede try`, the editor's Try) came out, from the exchanges it made and the
// engine's report: the CLI prints it, the editor's inspector shows it. Pure.
import type { Report } from '../../report/types';

export interface TrialOutcome {
  passed: boolean;
  /** `passed: 3 requests, 0 failed`, with the run's outcome when it did not complete. */
  summary: string;
  /** Setup or teardown that failed, and why. */
  stageProblems: string[];
  /**
   * Failures that made no exchange to show them (the report counts more errors than failed
   * exchanges): the steps' sample errors (a template that could not render, a ws or sse step).
   */
  stepProblems: string[];
}

export function trialOutcome(report: Report, exchanges: number, failedExchanges: number): TrialOutcome {
  const stages = [report.setup, report.teardown].filter((s) => s.ran && !s.passed);
  const stageProblems = stages.flatMap((s) => (s.error ? [`${s === report.setup ? 'setup' : 'teardown'} failed: ${s.error}`] : []));
  const stepProblems = report.totals.errors > failedExchanges ? report.steps.flatMap((step) => step.sampleErrors.map((sample) => `${step.name}: ${sample.message}`)) : [];
  const passed = failedExchanges === 0 && stages.length === 0 && report.outcome === 'completed' && report.totals.errors === 0;
  const ended = report.outcome !== 'completed' ? ` (${report.outcome}${report.reason ? `: ${report.reason}` : ''})` : '';
  return { passed, summary: `${passed ? 'passed' : 'failed'}: ${exchanges} request${exchanges === 1 ? '' : 's'}, ${failedExchanges} failed${ended}`, stageProblems, stepProblems };
}
