// How a run ended, as the CLI and the extension (through its report writer process) both tell
// it: the engine's report, or, when the engine died before sending one (killed, crashed, out of
// memory, an engine error after the run began), a partial report built from what was already
// heard, with a reason that names the signal, the exit code or the error.
import type { EngineExit } from '../protocol/messages';
import type { RecordedRun } from '../protocol/report-writer-messages';
import type { Report } from '../../report/types';
import { partialReport } from './partial-report';

export interface RunEnd {
  report: Report | undefined;
  /** Set when the engine ended without its report. */
  failure: string | undefined;
}

export function runEnd(run: RecordedRun, exit: EngineExit, file: string, fatal?: string): RunEnd {
  if (run.report) return { report: run.report, failure: fatal };
  // A `fatal` message says why; otherwise the exit tells how it died.
  const failure = fatal ?? `the engine stopped unexpectedly (${exit.signal ?? `exit code ${exit.code}`}) before sending its report`;
  // Nothing was planned (the scenario was refused, or it died while loading it): nothing to keep.
  return { report: run.plan ? partialReport(run, failure, file) : undefined, failure };
}
