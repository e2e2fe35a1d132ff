// One run started from the editor: the engine child process, everything it said, and the files
// written at the end. Listeners (panel, status bar, Test Explorer) subscribe to its messages.
import * as vscode from 'vscode';
import { EngineProcess } from '../../engine/driver/engine-process';
import { runEnd, type RunEnd } from '../../engine/driver/run-end';
import { RunRecorder } from '../../engine/driver/run-recorder';
import type { EngineToClient, RunOptions } from '../../engine/protocol/messages';
import type { Report } from '../../report/types';
import { writeReportFiles } from '../../report/write';

export interface RunResult {
  report: Report | undefined;
  files: { json: string; html: string; csv: string } | undefined;
  /** The engine refused the run (invalid scenario) or died; `report` may then be partial. */
  failure: string | undefined;
}

export class RunSession implements vscode.Disposable {
  private readonly engine: EngineProcess;
  readonly recorder = new RunRecorder();
  private readonly emitter = new vscode.EventEmitter<EngineToClient>();
  readonly onMessage = this.emitter.event;
  private readonly finished: Promise<RunResult>;
  private stopRequests = 0;
  private fatal: string | undefined;

  constructor(
    readonly uri: vscode.Uri,
    /** The scenario's `name`. */
    readonly name: string,
    readonly outDir: string,
    engineScript: string,
    options: RunOptions,
    private readonly log: vscode.OutputChannel,
  ) {
    this.engine = new EngineProcess((message) => this.onEngineMessage(message), engineScript);
    this.finished = this.engine.whenExited().then((exit) => this.finish(exit));
    this.engine.start(options);
  }

  get pid(): number | undefined {
    return this.engine.pid;
  }

  get stopping(): boolean {
    return this.stopRequests > 0;
  }

  /** First call: graceful (teardown runs); second: at once. */
  stop(reason = 'stopped from the editor'): void {
    this.stopRequests++;
    this.engine.stop(reason);
  }

  whenFinished(): Promise<RunResult> {
    return this.finished;
  }

  private onEngineMessage(message: EngineToClient): void {
    this.recorder.onMessage(message);
    // Kept by the recorder for a partial report; too bulky for the panel's replay buffer.
    if (message.type === 'checkpoint') return;
    if (message.type === 'log') this.log.appendLine(`[${message.level}] ${message.message}`);
    if (message.type === 'fatal') {
      this.fatal = message.message;
      this.log.appendLine(message.message);
    }
    if (message.type === 'phase') this.log.appendLine(`phase ${message.index + 1}: ${message.name}`);
    if (message.type === 'alert') this.log.appendLine(`alert ${message.state}: [${message.alert.severity}] ${message.alert.when}`);
    this.emitter.fire(message);
  }

  private finish(exit: { code: number | null; signal: NodeJS.Signals | null }): RunResult {
    // A refusal (invalid scenario) or an engine error comes as a `fatal` message; after the plan,
    // what was measured is still kept.
    const end: RunEnd = runEnd(this.recorder, exit, this.uri.fsPath, this.fatal);
    const report = end.report;
    let failure = end.failure;
    if (!this.fatal && failure) this.log.appendLine(failure);
    let files: RunResult['files'];
    if (report) {
      try {
        files = writeReportFiles(report, this.outDir);
        this.log.appendLine(`report: ${files.html}`);
      } catch (err) {
        failure = `the report could not be written to ${this.outDir}: ${(err as Error).message}`;
        this.log.appendLine(failure);
      }
    }
    return { report, files, failure };
  }

  /** Ends the engine at once (VS Code is closing): it still runs as much teardown as it can. */
  dispose(): void {
    if (this.stopRequests === 0) this.stop('VS Code is closing');
    this.emitter.dispose();
  }

  kill(): void {
    this.engine.kill();
  }
}
