// One trial run from the editor (the Try CodeLens): the engine with `trial` set, every exchange it
// describes (already redacted by the engine) with its step's line and its tests' and captures'
// lines, and how it ended. No report
// files are written: a trial is not a run of the history.
import * as vscode from 'vscode';
import { EngineProcess } from '../../engine/driver/engine-process';
import { trialOutcome } from '../../engine/driver/trial-outcome';
import type { EngineExit, EngineToClient, RunOptions } from '../../engine/protocol/messages';
import type { Report } from '../../report/types';
import type { InspectedExchange, TrialEnd, TrialIdentity } from '../../webview/protocol';
import type { TrialLines } from '../../scenario/trial-lines';

export class TrialSession implements vscode.Disposable {
  readonly exchanges: InspectedExchange[] = [];
  ended: TrialEnd | null = null;
  private readonly engine: EngineProcess;
  private readonly exchangeEmitter = new vscode.EventEmitter<{ seq: number; item: InspectedExchange }>();
  private readonly endEmitter = new vscode.EventEmitter<TrialEnd>();
  readonly onExchange = this.exchangeEmitter.event;
  readonly onEnd = this.endEmitter.event;
  private report: Report | undefined;
  private fatal: string | undefined;
  private failed = 0;

  constructor(
    readonly identity: TrialIdentity,
    engineScript: string,
    options: RunOptions,
    private readonly linesOf: TrialLines,
    private readonly log: vscode.OutputChannel,
  ) {
    this.engine = new EngineProcess((message) => this.onEngineMessage(message), engineScript);
    void this.engine.whenExited().then((exit) => this.finish(exit));
    this.engine.start(options);
  }

  get pid(): number | undefined {
    return this.engine.pid;
  }

  get running(): boolean {
    return this.ended === null;
  }

  private onEngineMessage(message: EngineToClient): void {
    if (message.type === 'exchange') {
      if (!message.exchange.passed) this.failed++;
      const { step, ...outcomes } = this.linesOf(message.exchange);
      const item: InspectedExchange = { exchange: message.exchange, line: step, lines: outcomes };
      this.exchanges.push(item);
      this.exchangeEmitter.fire({ seq: this.exchanges.length - 1, item });
    } else if (message.type === 'report') this.report = message.report;
    else if (message.type === 'fatal') this.fatal = message.message;
    else if (message.type === 'log' && message.level !== 'info') this.log.appendLine(`[try ${message.level}] ${message.message}`);
  }

  private finish(exit: EngineExit): void {
    let end: TrialEnd;
    if (this.fatal !== undefined) end = { passed: false, summary: 'failed: the trial could not run', problems: [this.fatal] };
    else if (!this.report) end = { passed: false, summary: 'failed: the engine ended before the trial finished', problems: [`the engine stopped (${exit.signal ?? `exit code ${exit.code}`})`] };
    else {
      const outcome = trialOutcome(this.report, this.exchanges.length, this.failed);
      end = { passed: outcome.passed, summary: outcome.summary, problems: [...outcome.stageProblems, ...outcome.stepProblems] };
    }
    this.ended = end;
    this.log.appendLine(`try ${vscode.workspace.asRelativePath(this.identity.file)}: ${end.summary}`);
    this.endEmitter.fire(end);
  }

  /** Stops the trial gracefully (teardown runs), as a closed inspector or VS Code closing asks. */
  stop(reason: string): void {
    if (this.running) this.engine.stop(reason);
  }

  dispose(): void {
    this.stop('VS Code is closing');
    this.exchangeEmitter.dispose();
    this.endEmitter.dispose();
  }
}
