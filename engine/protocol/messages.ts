// Every message that crosses the boundary between a client (the CLI, the extension) and the
// engine child process. The engine never formats output: clients render these.
import type { PartialResult } from '../metrics/partial';
import type { AlertReport, CriterionReport, Report, TimeseriesRow } from '../../report/types';
import type { Exchange } from './exchange';

export interface RunOptions {
  /** Absolute path of the scenario file. */
  file: string;
  /** `--var NAME=VALUE`, overriding `variables`. */
  vars: Record<string, string>;
  /** `--target URL`, overriding `target`. */
  target?: string;
  /** `monitor.interval` (ms) for a scenario that does not set one: the editor's setting. */
  defaultMonitorIntervalMs?: number;
  /** Multiplies every phase duration (and `after`/`for` windows); 1 when absent. */
  scale?: number;
  /** `--iterations N`: every closed phase runs N iterations per user. */
  iterations?: number;
  /** The safety ceiling on users and rate (`--max-users`, `--max-rate`). */
  limits?: { maxUsers?: number; maxRate?: number };
  /** The workspace folder data files must stay inside (the editor's); see AnalyzeOptions.root. */
  root?: string;
  /** Environment visible to `{{ env.NAME }}`; the client's own environment by default. */
  env?: Record<string, string>;
  /**
   * A trial run (`stampede try`): one user runs setup, one iteration of each flow (or of `flow`)
   * and teardown, with no phases, and every request is reported as an `exchange` message.
   */
  trial?: { flow?: string };
  /**
   * `--segment I/N`: run only that share of the load (index 0-based here): every N-th user and
   * arrival (engine/runtime/schedule.ts). Setup and teardown run in every segment.
   */
  segment?: { index: number; count: number };
  /**
   * `--start-at`: the load's clock starts at this epoch ms, the same for every segment. Before
   * it the engine waits; after it (a late start) the schedule is still the absolute one, and the
   * arrivals already missed count as dropped.
   */
  startAt?: number;
  /** `--partial`: after the report, send the run's mergeable measurements (a `part` message). */
  part?: boolean;
  /**
   * Should the client go away mid-run (a test process that crashed, a killed CLI or extension
   * host), the engine still stops gracefully, runs teardown and writes its partial report itself:
   * into `reportDir` (the folder the client would have written; `.stampede/runs/<time>-<name>/`
   * of the engine's working folder when absent), then removes `scratchDir` (a folder the client
   * made for the run, such as the library's scenario file) when given.
   */
  orphaned?: { reportDir?: string; scratchDir?: string };
  /**
   * `--workers N|auto`: the load runs in N worker threads of this engine, each a share of the
   * schedule, merged exactly (`auto`: the cores less one, at least 1). Setup and teardown run
   * once, in the engine's main thread.
   */
  workers?: number | 'auto';
}

// ---- client -> engine ----

export interface StartMessage {
  type: 'start';
  options: RunOptions;
}

/** Graceful stop: the current phase ends, in-flight requests get a short grace, teardown runs. */
export interface StopMessage {
  type: 'stop';
  reason: string;
}

export type ClientToEngine = StartMessage | StopMessage;

/** How the engine process ended: its exit code, or the signal that killed it. */
export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

// ---- engine -> client ----

export type Stage = 'setup' | 'load' | 'teardown' | 'done';

export interface PhasePlan {
  name: string;
  model: 'closed' | 'open';
  from: number;
  to: number;
  /** 0 for a phase that lasts as long as its iterations take. */
  durationMs: number;
  maxUsers?: number;
  iterations?: number;
}

/** Sent once the scenario is loaded, before setup runs. */
export interface PlanMessage {
  type: 'plan';
  scenario: string;
  file: string;
  phases: PhasePlan[];
  totalMs: number;
  intervalMs: number;
  criteria: string[];
  /** `--workers N`: the load threads (absent for one). */
  workers?: number;
}

export interface StageMessage {
  type: 'stage';
  stage: Stage;
  time: number;
}

export interface PhaseMessage {
  type: 'phase';
  index: number;
  name: string;
  /** Epoch ms. */
  start: number;
}

/** One per monitor interval during the load phases. */
export interface SnapshotMessage {
  type: 'snapshot';
  row: TimeseriesRow;
  /** Run-so-far figures, for progress lines and status bars. */
  totals: { requests: number; errors: number; dropped: number; iterations: number };
  /** Milliseconds since the first phase began, and the planned total. */
  elapsedMs: number;
  totalMs: number;
}

/**
 * Everything measured so far (counters and encoded histograms), sent after a snapshot every few
 * seconds (and with the last interval). A client keeps only the latest, and builds a partial
 * report from it if the engine dies before its `report`. Clients do not forward it to panels or
 * event logs: it is bulky.
 */
export interface CheckpointMessage {
  type: 'checkpoint';
  measured: PartialResult;
}

export interface AlertMessage {
  type: 'alert';
  alert: AlertReport;
  state: 'fired' | 'resolved';
}

export interface CriteriaMessage {
  type: 'criteria';
  criteria: CriterionReport[];
}

export interface LogMessage {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** The last message of a run; the client writes the files. */
export interface ReportMessage {
  type: 'report';
  report: Report;
}

/** The engine could not start the run at all (invalid scenario, bad options). */
export interface FatalMessage {
  type: 'fatal';
  message: string;
  exitCode: 2 | 3;
}

export type EngineToClient =
  | PlanMessage
  | StageMessage
  | PhaseMessage
  | SnapshotMessage
  | CheckpointMessage
  | AlertMessage
  | CriteriaMessage
  | LogMessage
  | ReportMessage
  | ExchangeMessage
  | PartMessage
  | FatalMessage;

/** A segment's measurements, mergeable exactly with the other segments' (`stampede merge`). */
export interface PartMessage {
  type: 'part';
  measured: PartialResult;
}

/** A trial run's request, with everything it sent and got (exchange.ts). */
export interface ExchangeMessage {
  type: 'exchange';
  exchange: Exchange;
}
