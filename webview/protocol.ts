// Every message between the extension host (client/) and the run panel (webview/), with who sends
// it to whom. The panel is a browser page: it can only talk to the extension through
// `postMessage`, and anything it says is untrusted input to the extension (a compromised page
// must not be able to name a file to open or a process to stop). So panel -> extension messages
// carry no paths and no process ids: the extension resolves them from the panel it came from.
//
// Lifecycle:
//   1. The extension creates the panel with `panelHtml()` (webview/shell.ts); or VS Code restores
//      one after a reload through the extension's WebviewPanelSerializer, in which case the panel
//      first redraws itself from `getState()` (a `PanelState`).
//   2. The panel posts `ready` once it listens, saying which run it shows and the sequence number
//      of the last engine message it has, if any.
//   3. The extension answers `init` (which run, whether it is still running), then streams that
//      run's engine messages as `engine` (or `engineBatch` to replay the ones the panel missed,
//      i.e. every `seq` above `ready.lastSeq` for the same run). A saved report is shown with
//      `report` alone, at any time.
//   4. The panel posts `stop`, `export`, `openScenario` when the user asks.
import type { EngineToClient, PlanMessage, SnapshotMessage, Stage } from '../engine/protocol/messages';
import type { AlertReport, CriterionReport, Report, TimeseriesRow } from '../report/types';

/** Bumped when a message or `PanelState` changes shape incompatibly. */
export const PANEL_PROTOCOL_VERSION = 1;

/** Which run a panel shows. `runId` is chosen by the extension, unique per run in a session. */
export interface RunIdentity {
  runId: string;
  /** The scenario's `name`. */
  scenario: string;
  /** Absolute path of the scenario file, for display. */
  file: string;
  /** Base URL the run is aimed at, when known (after `--target` or variables). */
  target?: string;
}

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

// ---- extension -> panel ----

/**
 * Sent in answer to `ready`, and again whenever the panel is reused for a new run. A different
 * `run.runId` than the panel holds resets it; the same one keeps what it restored.
 */
export interface InitMessage {
  type: 'init';
  protocol: number;
  run: RunIdentity;
  /** False once the engine process has exited (a restored panel of a finished run). */
  running: boolean;
  /** The run's `plan` message if the engine already sent it (also arrives as `engine`). */
  plan?: PlanMessage;
  /** State the extension holds for this panel (the serializer's), used when the panel has none. */
  state?: PanelState;
}

/** One message of the engine's stream, numbered by the extension from 0 within the run. */
export interface EngineEnvelope {
  type: 'engine';
  runId: string;
  seq: number;
  message: EngineToClient;
}

/** Several consecutive engine messages, `firstSeq` numbering the first: a replay after a reload. */
export interface EngineBatchMessage {
  type: 'engineBatch';
  runId: string;
  firstSeq: number;
  messages: EngineToClient[];
}

/**
 * The engine process ended without a `report` or `fatal` message (crashed, killed, or the
 * connection broke): the panel stops looking live and says why.
 */
export interface RunEndedMessage {
  type: 'runEnded';
  runId: string;
  exitCode: number | null;
  message: string;
}

/** Show a report: the end of a run, or a saved `report.json` ("Open Report…"). */
export interface ShowReportMessage {
  type: 'report';
  report: Report;
  /** Where the report was read from, for display ("Open Report…"); absent for a live run. */
  source?: string;
}

/** The colour theme changed. The panel re-reads its CSS variables and redraws the charts. */
export interface ThemeMessage {
  type: 'theme';
  kind: ThemeKind;
}

/** The outcome of an `export` request, shown next to the export buttons. */
export interface ExportResultMessage {
  type: 'exportResult';
  format: ExportFormat;
  ok: boolean;
  /** Where the file was written (display only), or why it was not. */
  path?: string;
  error?: string;
}

export type ExtensionToPanel =
  | InitMessage
  | EngineEnvelope
  | EngineBatchMessage
  | RunEndedMessage
  | ShowReportMessage
  | ThemeMessage
  | ExportResultMessage;

// ---- panel -> extension ----

/** The panel's script has loaded and listens; answer with `init` (and a replay, if any). */
export interface ReadyMessage {
  type: 'ready';
  protocol: number;
  /** True when the panel redrew itself from saved state (a reload). */
  restored: boolean;
  /** The run the restored state belongs to, if any. */
  runId: string | null;
  /** The last engine message `seq` the panel has applied; -1 when none. */
  lastSeq: number;
}

/** The Stop button: stop the run gracefully (the extension sends the engine `stop`). */
export interface StopRequest {
  type: 'stop';
  runId: string;
}

export type ExportFormat = 'json' | 'csv' | 'html';

/** An export button: save the report the panel shows in this format (the extension asks where). */
export interface ExportRequest {
  type: 'export';
  format: ExportFormat;
  /** The run shown, or null for a report opened from disk; the extension knows which. */
  runId: string | null;
}

/** Open the scenario file of the run or report shown, in an editor. */
export interface OpenScenarioRequest {
  type: 'openScenario';
}

/** Something went wrong inside the panel: for the extension's output channel. */
export interface PanelErrorMessage {
  type: 'panelError';
  message: string;
}

export type PanelToExtension = ReadyMessage | StopRequest | ExportRequest | OpenScenarioRequest | PanelErrorMessage;

// ---- what the panel persists with setState (and the serializer hands back) ----

/** An alert as the panel lists it: the engine's report of it and whether it still holds. */
export interface LiveAlert extends AlertReport {
  state: 'fired' | 'resolved';
}

/**
 * Everything needed to redraw the panel after a reload. Long runs keep their timeseries merged
 * into at most a few hundred rows (peaks kept), so the state stays small.
 */
export interface PanelState {
  version: typeof PANEL_PROTOCOL_VERSION;
  run: RunIdentity | null;
  running: boolean;
  lastSeq: number;
  plan: PlanMessage | null;
  stage: Stage | null;
  /** Epoch ms at which each phase began, by phase index, as the engine reported. */
  phaseStarts: (number | null)[];
  currentPhase: number;
  rows: TimeseriesRow[];
  last: SnapshotMessage | null;
  criteria: CriterionReport[];
  alerts: LiveAlert[];
  logs: { level: 'info' | 'warn' | 'error'; message: string }[];
  report: Report | null;
  reportSource: string | null;
  /** A `fatal` message or a `runEnded`: why the run ended without a report. */
  failure: { message: string; exitCode: number | null } | null;
  stopRequested: boolean;
}
