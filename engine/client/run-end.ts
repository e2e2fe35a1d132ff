// How a run ended, as the CLI and the extension both tell it: the engine's report, or, when the
// engine died before sending one (killed, crashed, out of memory), a partial report built from
// the intervals already heard, with a reason that names the signal or exit code.
import type { Report } from '../report/types';
import type { EngineExit } from './engine-process';
import type { RunRecorder } from './run-recorder';

export interface RunEnd {
  report: Report | undefined;
  /** Set when the engine ended without its report. */
  failure: string | undefined;
}

export function runEnd(recorder: RunRecorder, exit: EngineExit, file: string): RunEnd {
  if (recorder.report) return { report: recorder.report, failure: undefined };
  const failure = `the engine stopped unexpectedly (${exit.signal ?? `exit code ${exit.code}`}) before sending its report`;
  // Nothing was planned (it died while loading the scenario): there is nothing to keep.
  return { report: recorder.plan ? recorder.partialReport(failure, file) : undefined, failure };
}
