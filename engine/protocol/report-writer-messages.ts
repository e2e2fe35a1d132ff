// What the extension host and its report writer process (dist/report-writer.js) say to each
// other. The host only relays a run: building a report from histograms and rendering its files
// happen in that short-lived process, so the host's bundle carries neither.
import type { PartialResult } from '../metrics/partial';
import type { TimeRange } from '../../report/range';
import type { LineResults } from '../../report/line-results';
import type { AlertReport, CriterionReport, PhaseReport, Report, TimeseriesRow } from '../../report/types';
import type { EngineExit, PlanMessage } from './messages';

/** Everything a client heard from the engine during a run, as plain data (RunRecorder). */
export interface RecordedRun {
  startedAt: number;
  plan: PlanMessage | undefined;
  /** The engine's own report, when it sent one. */
  report: Report | undefined;
  rows: TimeseriesRow[];
  phases: PhaseReport[];
  alerts: AlertReport[];
  criteria: CriterionReport[];
  /** The latest checkpoint: everything measured as of a recent interval. */
  measured: PartialResult | undefined;
  /** Run-so-far counters of the last snapshot: newer than the checkpoint's. */
  totals: { requests: number; errors: number; dropped: number; iterations: number } | undefined;
}

/** The end of a run: its report (the engine's or a partial one), written into `outDir`. */
export interface FinishRequest {
  type: 'finish';
  run: RecordedRun;
  exit: EngineExit;
  file: string;
  fatal?: string;
  outDir: string;
}

/** One of a report's files, written to `target` ("Export Report"). */
export interface ExportRequest {
  type: 'export';
  report: Report;
  format: 'json' | 'csv' | 'html';
  target: string;
  /** A zoomed time range: CSV and JSON write only it (report/range-export.ts). */
  range?: TimeRange;
}

/**
 * The results on a scenario's lines: its newest run under `runsFolder`, against its pinned
 * baseline under `root` (the comparison's statistics stay out of the host's bundle).
 */
export interface LineResultsRequest {
  type: 'lineResults';
  runsFolder: string;
  root: string;
  file: string;
}

export type ReportWriterRequest = FinishRequest | ExportRequest | LineResultsRequest;

export interface FinishReply {
  type: 'finished';
  report: Report | undefined;
  files: { json: string; html: string; csv: string } | undefined;
  /** The engine ended without its report, or the files could not be written. */
  failure: string | undefined;
}

export interface ExportReply {
  type: 'exported';
  /** Set when the file could not be written. */
  error?: string;
}

export interface LineResultsReply {
  type: 'lineResults';
  /** Undefined when the scenario has no readable run. */
  results: LineResults | undefined;
}

export type ReportWriterReply = FinishReply | ExportReply | LineResultsReply;
