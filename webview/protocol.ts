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
//   4. The panel posts `stop`, `export`, `openScenario` when the user asks, and `zoom` whenever
//      its charts zoom to a time range or back (so the palette's Export writes what is shown).
//
// The compare panel (viewType `stampede.compare`, dist/compare.js) is the same kind of page
// with another script: it posts `ready`, and the extension answers `compare` with the two runs'
// reports; the page compares them itself (report/compare.ts), so the extension host carries no
// statistics. It persists what it drew (a `CompareState`) for reloads.
//
// The inspector (viewType `stampede.inspector`, dist/inspector.js) shows a trial run (the Try
// CodeLens: one user, one iteration): it posts `ready`; the extension answers `inspector` with
// the trial and its exchanges so far, then sends each new one as `trialExchange` and the end as
// `trialEnded`. The page posts `revealLine` when a failed step's link is clicked: a line of the
// trial's own scenario, never a path. It persists what it shows (an `InspectorState`).
import type { EngineToClient, PlanMessage, SnapshotMessage, Stage } from '../engine/protocol/messages';
import type { Exchange } from '../engine/protocol/exchange';
import type { TimeRange } from '../report/range';
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

/** One side of a comparison: a run's report and how the compare panel names it. */
export interface CompareSide {
  report: Report;
  /** `baseline (pinned)` or the run's start time, for the headers and the charts' legends. */
  label: string;
}

/** Show two runs of a scenario side by side: `baseline` is the older (or the pinned) one. */
export interface CompareMessage {
  type: 'compare';
  baseline: CompareSide;
  current: CompareSide;
  /** The regression threshold as a fraction (0.1 for 10%), as `stampede compare --threshold`. */
  threshold: number;
}

/** Which trial an inspector shows; `trialId` is chosen by the extension, unique per trial. */
export interface TrialIdentity {
  trialId: string;
  /** The scenario's `name`. */
  scenario: string;
  /** Absolute path of the scenario file, for display. */
  file: string;
  /** The flow tried, or null for every flow (the file's Try). */
  flow: string | null;
}

/** An exchange of a trial, with the 0-based line its step starts on in the scenario (if known). */
export interface InspectedExchange {
  exchange: Exchange;
  line: number | null;
  /**
   * The 0-based line of each expect, check and capture (scenario/trial-lines.ts), in the
   * exchange's order; absent in an inspector saved before they were sent (its step's line then).
   */
  lines?: { expects: (number | null)[]; checks: (number | null)[]; captures: (number | null)[] };
}

/** How a trial ended. */
export interface TrialEnd {
  passed: boolean;
  /** `passed: 3 requests, 0 failed`, as `stampede try` ends. */
  summary: string;
  /** What failed without an exchange: setup or teardown, a template, the engine itself. */
  problems: string[];
}

/** The inspector's whole content: sent in answer to `ready`, and when the panel shows a new trial. */
export interface InspectorMessage {
  type: 'inspector';
  trial: TrialIdentity;
  exchanges: InspectedExchange[];
  ended: TrialEnd | null;
}

/** One more exchange of the trial shown: `seq` is its index among the trial's exchanges. */
export interface TrialExchangeMessage {
  type: 'trialExchange';
  trialId: string;
  seq: number;
  item: InspectedExchange;
}

/** The trial is over. */
export interface TrialEndedMessage {
  type: 'trialEnded';
  trialId: string;
  end: TrialEnd;
}

export type ExtensionToPanel =
  | InitMessage
  | InspectorMessage
  | TrialExchangeMessage
  | TrialEndedMessage
  | CompareMessage
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
  /** The zoomed range (CSV and JSON write only it; HTML is always the whole run, zoomable itself). */
  range?: TimeRange;
}

/** The charts zoomed to a time range (seconds since the first phase began), or back to the whole run. */
export interface ZoomMessage {
  type: 'zoom';
  range: TimeRange | null;
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

/** The inspector's link to a step: reveal this 0-based line of the trial's scenario. */
export interface RevealLineRequest {
  type: 'revealLine';
  line: number;
}

export type PanelToExtension = ReadyMessage | StopRequest | ExportRequest | ZoomMessage | OpenScenarioRequest | PanelErrorMessage | RevealLineRequest;

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
  /** The time range the charts are zoomed to (absent or null: the whole run). */
  zoom?: TimeRange | null;
}

/** What the inspector persists: what it shows and which exchanges are open. */
export interface InspectorState {
  version: typeof PANEL_PROTOCOL_VERSION;
  trial: TrialIdentity;
  exchanges: InspectedExchange[];
  ended: TrialEnd | null;
  /** Indexes of the exchanges shown expanded. */
  open: number[];
}

// ---- run-time checks: every message that crosses the boundary is checked on arrival ----
//
// The panel checks what the extension posts before acting on it (webview/main.ts), and the
// extension checks what the panel posts (client/panel/run-panel.ts): a message that does not
// match its declared type above is dropped and logged, never acted on. Hand-written, no
// dependency: each check returns why a value is not what it should be, or null when it is.

/** Why `value` does not match: `path: expected …`; null when it matches. */
type Check = (value: unknown, path: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const expect = (path: string, what: string, v: unknown) => `${path || 'message'}: expected ${what}, got ${kind(v)}`;

const str: Check = (v, p) => (typeof v === 'string' ? null : expect(p, 'a string', v));
const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : expect(p, 'a number', v));
const int = (min: number): Check => (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? null : expect(p, `an integer ≥ ${min}`, v));
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : expect(p, 'true or false', v));
const nullable = (c: Check): Check => (v, p) => (v === null ? null : c(v, p));
/** A measured value: a number, or null where nothing was measured (JSON has no NaN). */
const measured: Check = (v, p) => (v === null ? null : num(v, p));
const oneOf = (...values: readonly (string | number)[]): Check => (v, p) =>
  values.includes(v as string | number) ? null : `${p || 'message'}: expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${JSON.stringify(v)?.slice(0, 40)}`;
const arrayOf = (c: Check): Check => (v, p) => {
  if (!Array.isArray(v)) return expect(p, 'an array', v);
  for (let i = 0; i < v.length; i++) {
    const problem = c(v[i], `${p}[${i}]`);
    if (problem) return problem;
  }
  return null;
};
const recordOf = (c: Check): Check => (v, p) => {
  if (!isObject(v)) return expect(p, 'an object', v);
  for (const [k, x] of Object.entries(v)) {
    const problem = c(x, `${p}.${k}`);
    if (problem) return problem;
  }
  return null;
};
/** An object with these fields (`optional` ones may be absent); `exact` refuses any other key. */
const shape = (fields: Record<string, Check>, optional: Record<string, Check> = {}, exact = false): Check => (v, p) => {
  if (!isObject(v)) return expect(p, 'an object', v);
  for (const [k, c] of Object.entries(fields)) {
    const problem = c(v[k], p ? `${p}.${k}` : k);
    if (problem) return problem;
  }
  for (const [k, c] of Object.entries(optional)) {
    if (v[k] === undefined) continue;
    const problem = c(v[k], p ? `${p}.${k}` : k);
    if (problem) return problem;
  }
  if (exact) {
    const extra = Object.keys(v).find((k) => !(k in fields) && !(k in optional));
    if (extra !== undefined) return `${p || 'message'}: unexpected field ${JSON.stringify(extra.slice(0, 40))}`;
  }
  return null;
};

// The checks of what the extension sends the panel (reports, the engine's messages) are built
// inside a function marked pure: the extension host checks only what the panel sends, so its
// bundle leaves them out (dist/client.js has a size budget; esbuild drops a pure call whose
// result is unused).
const timeRange = shape({ from: num, to: num }, {}, true);

const TO_PANEL = /* @__PURE__ */ (() => {
  const latency = shape({ min: measured, mean: measured, p50: measured, p75: measured, p90: measured, p95: measured, p99: measured, p999: measured, max: measured });
  const errorCounts = recordOf(num);
  const checks = shape({ passed: num, failed: num });
  const criterion = shape({ expr: str, passed: bool, actual: measured, actualText: str, abort: bool, aborted: bool }, { reason: oneOf('no data') });
  const alert = shape({ when: str, severity: oneOf('info', 'warning', 'critical'), firedAt: num, resolvedAt: nullable(num), value: measured, abort: bool });
  const row = shape(
    {
      time: num, elapsed: num, phase: str, users: num, rps: measured, requests: num, errors: num, dropped: num,
      p50: measured, p95: measured, p99: measured, cpu: measured, memory: measured, eventLoopDelay: measured, heapUsed: measured,
    },
    // lagP99 is declared, but report.json files from before it was measured lack it.
    {
      lagP99: measured, engineCpu: measured, processCpu: measured, processMemory: measured, networkRxBytes: measured, networkTxBytes: measured, diskReadBytes: measured, diskWriteBytes: measured,
      steps: recordOf(shape({ requests: num, errors: num, p50: measured, p95: measured, p99: measured }, { statusCodes: recordOf(num), errorKinds: recordOf(num), histogram: str })),
      iterations: num, statusCodes: recordOf(num), errorKinds: recordOf(num), histogram: str,
    },
  );
  const stageResult = shape({ ran: bool, passed: bool }, { error: str });

  const checkReport: Check = shape(
    {
      scenario: str,
      file: str,
      startedAt: str,
      endedAt: str,
      durationMs: num,
      passed: bool,
      exitCode: int(0),
      outcome: oneOf('completed', 'stopped', 'aborted', 'error'),
      totals: shape({ requests: num, errors: num, dropped: num, rps: measured, errorRate: measured, iterations: num }),
      latency,
      errors: errorCounts,
      statusCodes: recordOf(num),
      steps: arrayOf(
        shape(
          { name: str, kind: oneOf('request', 'sse', 'ws'), flows: arrayOf(str), requests: num, errors: num, errorKinds: errorCounts, latency, statusCodes: recordOf(num), sampleErrors: arrayOf(shape({ message: str, count: num })) },
          { events: num, sent: num, timeToFirstEvent: latency, redirects: num, checks },
        ),
      ),
      flows: arrayOf(shape({ name: str, weight: num, iterations: num, failures: num, latency, iterationDuration: latency }, { requests: num, errors: num, checks })),
      phases: arrayOf(shape({ name: str, start: num, end: num, model: oneOf('closed', 'open'), from: num, to: num }, { target: num, maxUsers: num })),
      criteria: arrayOf(criterion),
      alerts: arrayOf(alert),
      timeseries: arrayOf(row),
      system: shape(
        { hostname: str, platform: str, arch: str, cpus: num, cpuModel: str, totalMemoryMB: num, node: str, stampede: str, peakCpu: measured, peakEventLoopDelay: measured, peakHeapUsed: measured },
        { engineCpuSeconds: num, peakRssMB: num },
      ),
      recommendations: arrayOf(str),
      setup: stageResult,
      teardown: stageResult,
    },
    // generator is declared, but report.json files from before it existed lack it ("not measured").
    {
      groups: arrayOf(shape({ name: str, count: num, duration: latency })),
      metrics: arrayOf(shape({ name: str, count: num, values: latency })),
      checks,
      reason: str,
      target: str,
      generator: nullable(shape({ saturated: bool, lag: shape({ p50: measured, p99: measured, max: measured }) }, { reason: nullable(str) })),
    },
  );

  const plan = shape({
    type: oneOf('plan'),
    scenario: str,
    file: str,
    phases: arrayOf(shape({ name: str, model: oneOf('closed', 'open'), from: num, to: num, durationMs: num }, { maxUsers: num })),
    totalMs: num,
    intervalMs: num,
    criteria: arrayOf(str),
  }, { workers: num });

  const body = shape({ size: num, text: str, truncated: bool, json: bool });
  const outcome = shape({ test: str, passed: bool }, { failure: str, at: arrayOf(str) });
  const pair: Check = (v, p) => (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' ? null : expect(p, 'a [name, value] pair', v));
  const exchange = shape(
    {
      flow: str, stage: oneOf('setup', 'flow', 'teardown'), step: str, method: str, url: str, redirects: int(0), status: nullable(num), timeMs: num,
      request: shape({ headers: recordOf(str) }, { body }),
      captures: arrayOf(shape({ name: str }, { value: str, error: str })),
      expects: arrayOf(outcome),
      checks: arrayOf(outcome),
      passed: bool,
    },
    // templates: an inspector saved before they were shown lacks them, and still redraws.
    { response: shape({ headers: arrayOf(pair), body }), error: str, templates: arrayOf(shape({ expression: str, value: str })) },
  );
  const lineList = arrayOf(nullable(int(0)));
  const inspected = shape({ exchange, line: nullable(int(0)) }, { lines: shape({ expects: lineList, checks: lineList, captures: lineList }) });
  const trialEnd = shape({ passed: bool, summary: str, problems: arrayOf(str) });

  const ENGINE: Record<EngineToClient['type'], Check> = {
    plan,
    stage: shape({ stage: oneOf('setup', 'load', 'teardown', 'done'), time: num }),
    phase: shape({ index: int(0), name: str, start: num }),
    snapshot: shape({ row, totals: shape({ requests: num, errors: num, dropped: num, iterations: num }), elapsedMs: num, totalMs: num }),
    // For partial reports in the extension; the panel ignores it, so its inside is not read.
    checkpoint: shape({ measured: shape({}) }),
    alert: shape({ alert, state: oneOf('fired', 'resolved') }),
    criteria: shape({ criteria: arrayOf(criterion) }),
    log: shape({ level: oneOf('info', 'warn', 'error'), message: str }),
    report: shape({ report: checkReport }),
    fatal: shape({ message: str, exitCode: int(0) }),
    // A segment's measurements, for `--partial`; the panel ignores it.
    part: shape({ measured: shape({}) }),
    // A trial run's request (engine/protocol/exchange.ts).
    exchange: shape({ exchange }),
  };

  const engineMessage: Check = (v, p) => {
    if (!isObject(v)) return expect(p, 'an engine message', v);
    const check = Object.prototype.hasOwnProperty.call(ENGINE, v.type as string) ? ENGINE[v.type as EngineToClient['type']] : undefined;
    return check ? check(v, p) : `${p}.type: unknown engine message type ${JSON.stringify(v.type)?.slice(0, 40)}`;
  };

  const runIdentity = shape({ runId: str, scenario: str, file: str }, { target: str });
  const trialIdentity = shape({ trialId: str, scenario: str, file: str, flow: nullable(str) });

  /** The saved state's outline (isPanelState in model.ts checks the version before it is used). */
  const panelState = shape({ version: num, rows: arrayOf(row), alerts: arrayOf(alert), criteria: arrayOf(criterion), report: nullable(checkReport) });

  const byType: Record<ExtensionToPanel['type'], Check> = {
    init: shape({ type: str, protocol: num, run: runIdentity, running: bool }, { plan, state: panelState }),
    engine: shape({ type: str, runId: str, seq: int(0), message: engineMessage }),
    engineBatch: shape({ type: str, runId: str, firstSeq: int(0), messages: arrayOf(engineMessage) }),
    runEnded: shape({ type: str, runId: str, exitCode: nullable(num), message: str }),
    report: shape({ type: str, report: checkReport }, { source: str }),
    theme: shape({ type: str, kind: oneOf('light', 'dark', 'high-contrast', 'high-contrast-light') }),
    exportResult: shape({ type: str, format: oneOf('json', 'csv', 'html'), ok: bool }, { path: str, error: str }),
    compare: shape({ type: str, baseline: shape({ report: checkReport, label: str }), current: shape({ report: checkReport, label: str }), threshold: num }),
    inspector: shape({ type: str, trial: trialIdentity, exchanges: arrayOf(inspected), ended: nullable(trialEnd) }),
    trialExchange: shape({ type: str, trialId: str, seq: int(0), item: inspected }),
    trialEnded: shape({ type: str, trialId: str, end: trialEnd }),
  };
  return byType;
})();

const TO_EXTENSION: Record<PanelToExtension['type'], Check> = {
  ready: shape({ type: str, protocol: num, restored: bool, runId: nullable(str), lastSeq: int(-1) }, {}, true),
  stop: shape({ type: str, runId: str }, {}, true),
  export: shape({ type: str, format: oneOf('json', 'csv', 'html'), runId: nullable(str) }, { range: timeRange }, true),
  zoom: shape({ type: str, range: nullable(timeRange) }, {}, true),
  openScenario: shape({ type: str }, {}, true),
  panelError: shape({ type: str, message: str }, {}, true),
  revealLine: shape({ type: str, line: int(0) }, {}, true),
};

function checkBy<T extends string>(checks: Record<T, Check>, value: unknown): string | null {
  if (!isObject(value)) return expect('', 'a message object', value);
  const type = value.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(checks, type)) return `message: unknown type ${JSON.stringify(type)?.slice(0, 40)}`;
  const problem = checks[type as T](value, '');
  return problem ? `${type} ${problem}` : null;
}

/** Why `value` is not an extension -> panel message, or null when it is one. */
export function checkExtensionToPanel(value: unknown): string | null {
  return checkBy(TO_PANEL, value);
}

/** Why `value` is not a panel -> extension message, or null when it is one. */
export function checkPanelToExtension(value: unknown): string | null {
  return checkBy(TO_EXTENSION, value);
}

export function isExtensionToPanel(value: unknown): value is ExtensionToPanel {
  return checkExtensionToPanel(value) === null;
}

export function isPanelToExtension(value: unknown): value is PanelToExtension {
  return checkPanelToExtension(value) === null;
}
