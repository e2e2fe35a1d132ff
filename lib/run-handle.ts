// `run(model, options)`: a run in the engine's own child process (engine/driver/engine-process.ts,
// exactly as `stampede run` drives it), so a crash of the caller's process does not take the
// load with it, and the load never shares the caller's event loop. The handle relays the
// engine's messages as events, keeps the intervals (MetricsCollector), and ends as the CLI does
// (engine/driver/run-end.ts): the engine's report, or a partial one when it stopped or died.
import { resolve } from 'node:path';
import { EngineProcess } from '../engine/driver/engine-process';
import { runEnd } from '../engine/driver/run-end';
import { RunRecorder } from '../engine/driver/run-recorder';
import type { EngineToClient, PhaseMessage, RunOptions as EngineRunOptions, SnapshotMessage } from '../engine/protocol/messages';
import { writeReportFiles } from '../report/files/write';
import { engineScript } from './engine-script';
import { MetricsCollector } from './metrics-collector';
import type { AlertReport, Report, ScenarioModel, TimeseriesRow } from './model';
import { writeScenarioFile, type ScenarioFile } from './scenario-file';

/** What a run may change without changing the model: the CLI's options, by their names. */
export type RunOptions = Partial<Pick<EngineRunOptions, 'vars' | 'target' | 'scale' | 'iterations' | 'limits' | 'env' | 'workers' | 'segment' | 'startAt'>> & {
  /** Relative paths in the model (data sets, TLS and multipart files) start here; default the current directory. */
  baseDir?: string;
  /** `monitor.interval` for a model that sets none, in ms (the engine's default is 1000). */
  monitorIntervalMs?: number;
  /** Also write report.json, report.html and timeseries.csv into this folder, as `stampede run --out`. */
  out?: string;
  /** The most intervals `metrics` keeps (MetricsCollector); default 3600. */
  retention?: number;
};

/** Run-so-far figures sent with each interval, and how far the run is. */
export type RunProgress = Omit<SnapshotMessage, 'type' | 'row'>;
/** A phase that began: its position, name and epoch-ms start. */
export type PhaseStart = Omit<PhaseMessage, 'type'>;

export interface RunEvents {
  /** One per monitor interval during the load: the row report.json's `timeseries` will hold. */
  interval: (row: TimeseriesRow, progress: RunProgress) => void;
  phase: (phase: PhaseStart) => void;
  /** An alert fired, or resolved (its `resolvedAt` set). */
  alert: (alert: AlertReport, state: 'fired' | 'resolved') => void;
  /** The engine's own notes (a warning about the generator, a step that failed in setup…). */
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export type RunEvent = keyof RunEvents;

/** A run that produced no report: the scenario was refused (exitCode 2) or the engine could not start it (3). */
export class RunError extends Error {
  override readonly name = 'RunError';
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(message);
  }
}

type Listeners = { [E in RunEvent]: Set<RunEvents[E]> };

export class RunHandle {
  /** The scenario's name. */
  readonly scenario: string;
  /** The intervals so far, kept up to `options.retention`: filter by time range, export JSON or CSV. */
  readonly metrics: MetricsCollector;
  /**
   * The report.json object, once the run has ended: also after `stop()` (a partial report,
   * `outcome` not `completed`) and when the engine died. Rejects with a RunError when there is
   * no report at all (an invalid scenario), or with a listener's error (which stops the run).
   */
  readonly report: Promise<Report>;
  private readonly engine: EngineProcess;
  private readonly recorder = new RunRecorder();
  private readonly listeners: Listeners = { interval: new Set(), phase: new Set(), alert: new Set(), log: new Set() };
  private ended = false;
  private fatal: { message: string; exitCode: 2 | 3 } | undefined;
  private listenerError: unknown;

  constructor(model: ScenarioModel, options: RunOptions = {}) {
    this.scenario = model.name;
    this.metrics = new MetricsCollector({ retention: options.retention });
    const file = writeScenarioFile(model, options.baseDir ?? process.cwd());
    this.engine = new EngineProcess((message) => this.onMessage(message), engineScript());
    this.engine.start({
      file: file.path,
      vars: options.vars ?? {},
      target: options.target,
      scale: options.scale,
      iterations: options.iterations,
      limits: options.limits,
      env: options.env ?? ({ ...process.env } as Record<string, string>),
      ...(options.monitorIntervalMs !== undefined ? { defaultMonitorIntervalMs: options.monitorIntervalMs } : {}),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.segment ? { segment: options.segment } : {}),
      ...(options.startAt !== undefined ? { startAt: options.startAt } : {}),
      // A caller that crashes mid-run does not take the measurements with it (orphan-report.ts).
      orphaned: { ...(options.out ? { reportDir: resolve(options.out) } : {}), scratchDir: file.dir },
    });
    this.report = this.end(file, options.out);
    // A caller that never looks at `report` (a manager's run, a stopAll) must not get an
    // unhandled rejection: whoever awaits it still sees the error.
    this.report.catch(() => undefined);
  }

  /** The engine process's id. */
  get pid(): number | undefined {
    return this.engine.pid;
  }

  /** True until the engine has exited. */
  get running(): boolean {
    return !this.ended;
  }

  on<E extends RunEvent>(event: E, listener: RunEvents[E]): this {
    this.listeners[event].add(listener);
    return this;
  }

  off<E extends RunEvent>(event: E, listener: RunEvents[E]): this {
    this.listeners[event].delete(listener);
    return this;
  }

  /**
   * Stops gracefully: the current phase ends, in-flight requests get a short grace, teardown runs,
   * and the report is partial (`outcome: 'stopped'`). A second call stops at once. Resolves as `report`.
   */
  stop(reason = 'stopped by the caller'): Promise<Report> {
    if (!this.ended) this.engine.stop(reason);
    return this.report;
  }

  private onMessage(message: EngineToClient): void {
    this.recorder.onMessage(message);
    switch (message.type) {
      case 'snapshot': {
        this.metrics.add(message.row);
        const { type: _type, row, ...progress } = message;
        this.emit('interval', row, progress);
        break;
      }
      case 'phase': {
        const { type: _type, ...phase } = message;
        this.emit('phase', phase);
        break;
      }
      case 'alert':
        this.emit('alert', message.alert, message.state);
        break;
      case 'log':
        this.emit('log', message.level, message.message);
        break;
      case 'fatal':
        this.fatal = { message: message.message, exitCode: message.exitCode };
        break;
      default:
        break;
    }
  }

  private emit<E extends RunEvent>(event: E, ...args: Parameters<RunEvents[E]>): void {
    for (const listener of this.listeners[event]) {
      try {
        (listener as (...values: Parameters<RunEvents[E]>) => void)(...args);
      } catch (error) {
        // An assertion in a listener fails the run it watches: stop it, and reject `report` with it.
        if (this.listenerError === undefined) {
          this.listenerError = error;
          this.engine.stop(`a listener of '${event}' threw: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }

  private async end(file: ScenarioFile, out: string | undefined): Promise<Report> {
    const exit = await this.engine.whenExited();
    this.ended = true;
    file.remove();
    if (this.listenerError !== undefined) throw this.listenerError;
    const recorded = this.recorder.recorded();
    // Refused before anything was planned (an invalid scenario): nothing was sent.
    if (this.fatal && !recorded.plan) throw new RunError(this.fatal.message, this.fatal.exitCode);
    const { report, failure } = runEnd(recorded, exit, file.path, this.fatal?.message);
    if (!report) throw new RunError(failure ?? 'the engine ended before the run began', 3);
    if (out) writeReportFiles(report, resolve(out));
    return report;
  }
}

/** Starts a run of `model` in the engine's child process; see RunHandle. */
export function run(model: ScenarioModel, options?: RunOptions): RunHandle {
  return new RunHandle(model, options);
}
