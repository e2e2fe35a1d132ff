// One run started from the editor: the engine child process, everything it said, and the files
// written at the end. Listeners (panel, status bar, Test Explorer) subscribe to its messages.
import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import { EngineProcess } from '../../engine/driver/engine-process';
import { ReportWriter } from '../../engine/driver/report-writer';
import { RunRecorder } from '../../engine/driver/run-recorder';
import type { EngineExit, EngineToClient, RunOptions } from '../../engine/protocol/messages';
import type { Report } from '../../report/types';

export interface RunResult {
  report: Report | undefined;
  files: { json: string; html: string; csv: string } | undefined;
  /** The engine refused the run (invalid scenario) or died; `report` may then be partial. */
  failure: string | undefined;
}

export class RunSession implements vscode.Disposable {
  private readonly engine: EngineProcess;
  private readonly writer: ReportWriter;
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
    this.writer = new ReportWriter(join(dirname(engineScript), 'report-writer.js'));
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

  /**
   * The report (the engine's, or a partial one built from what was heard) and its files, from the
   * report writer process: the extension host neither decodes histograms nor renders reports.
   */
  private async finish(exit: EngineExit): Promise<RunResult> {
    const run = this.recorder.recorded();
    let result: RunResult;
    try {
      // A refusal (invalid scenario) or an engine error comes as a `fatal` message; after the
      // plan, what was measured is still kept.
      const { report, files, failure } = await this.writer.finish({ type: 'finish', run, exit, file: this.uri.fsPath, fatal: this.fatal, outDir: this.outDir });
      result = { report, files, failure };
    } catch (err) {
      // The engine's own report still reaches the panel; only the files are missing.
      result = { report: run.report, files: undefined, failure: `the report could not be written to ${this.outDir}: ${(err as Error).message}` };
    }
    if (result.failure && result.failure !== this.fatal) this.log.appendLine(result.failure);
    if (result.files) this.log.appendLine(`report: ${result.files.html}`);
    return result;
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
