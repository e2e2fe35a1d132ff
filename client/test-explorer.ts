// Scenarios in the Test Explorer: each scenario file is a test, each criterion a child. A breached
// criterion fails with expected and actual values; an engine or connection failure is an error;
// cancelling stops the run gracefully. Scenarios against hosts that are not loopback stay out of
// the default run profile (a second profile runs them after confirmation).
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { criterionResultText, notEvaluated } from '../report/format';
import type { Report } from '../report/types';
import type { ScenarioFactsResult } from '../server/protocol';
import type { RunManager } from './runs/run-manager';
import { isScenarioFile, SCENARIO_GLOB } from './scenario-files';
import type { ServerRequests } from './server-requests';
import { scenarioVerdict } from './test-verdict';
import { confirmHosts } from './trust';


function toRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export class ScenarioTests implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('stampede', 'Stampede scenarios');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly runs: RunManager,
    /** Names, criteria and hosts of the scenarios come from the language server. */
    private readonly server: ServerRequests,
  ) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token, false), true);
    this.controller.createRunProfile('Run (including hosts that are not loopback)', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token, true), false);
    const watcher = vscode.workspace.createFileSystemWatcher(SCENARIO_GLOB);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => void this.refresh(uri)),
      watcher.onDidChange((uri) => void this.refresh(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (isScenarioFile(document.uri.fsPath)) void this.refresh(document.uri);
      }),
    );
  }

  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(SCENARIO_GLOB, '**/node_modules/**');
    await Promise.all(files.map((uri) => this.refresh(uri)));
  }

  /** Facts of a scenario from the language server; undefined when it cannot tell (the item still shows). */
  private async readFacts(uri: vscode.Uri): Promise<ScenarioFactsResult | undefined> {
    try {
      const facts = await this.server.facts(uri);
      return facts.readable ? facts : undefined;
    } catch {
      return undefined;
    }
  }

  private async refresh(uri: vscode.Uri): Promise<vscode.TestItem | undefined> {
    const facts = await this.readFacts(uri);
    const item = this.controller.createTestItem(uri.toString(), facts?.name ?? basename(uri.fsPath), uri);
    item.range = new vscode.Range(0, 0, 0, 0);
    item.description = basename(uri.fsPath);
    facts?.criteria.forEach((criterion, index) => {
      const child = this.controller.createTestItem(`${uri.toString()}#criterion-${index}`, criterion.expr, uri);
      child.range = toRange(criterion.range);
      item.children.add(child);
    });
    this.controller.items.add(item);
    return item;
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, anyHost: boolean): Promise<void> {
    const run = this.controller.createTestRun(request);
    // A criterion asked for alone runs its whole scenario.
    const files = new Map<string, vscode.TestItem>();
    const requested = request.include ?? [...this.gather()];
    for (const item of requested) {
      const file = item.parent ?? item;
      if (!request.exclude?.includes(file)) files.set(file.id, file);
    }
    for (const file of files.values()) {
      if (token.isCancellationRequested) {
        run.skipped(file);
        continue;
      }
      await this.runFile(run, file, token, anyHost);
    }
    run.end();
  }

  private *gather(): Iterable<vscode.TestItem> {
    for (const [, item] of this.controller.items) yield item;
  }

  private async runFile(run: vscode.TestRun, file: vscode.TestItem, token: vscode.CancellationToken, anyHost: boolean): Promise<void> {
    const uri = file.uri as vscode.Uri;
    const facts = await this.readFacts(uri);
    const remote = facts?.remoteHosts ?? [];
    if (remote.length > 0 && !anyHost) {
      run.appendOutput(`${basename(uri.fsPath)}: skipped, it targets ${remote.join(', ')} (not loopback); use the "including hosts that are not loopback" profile.\r\n`);
      run.skipped(file);
      return;
    }
    if (remote.length > 0 && !(await confirmHosts(this.context, remote))) {
      run.skipped(file);
      return;
    }
    run.started(file);
    file.children.forEach((child) => run.started(child));
    const session = await this.runs.start(uri, { hostsConfirmed: true });
    if (!session) {
      run.errored(file, new vscode.TestMessage('The run could not start (see the notification).'));
      return;
    }
    const cancel = token.onCancellationRequested(() => session.stop('cancelled from the Test Explorer'));
    const started = Date.now();
    const result = await session.whenFinished();
    cancel.dispose();
    const duration = Date.now() - started;
    if (result.report) this.reportCriteria(run, file, result.report);
    const verdict = scenarioVerdict(result.report, result.failure);
    if (verdict.kind === 'passed') run.passed(file, duration);
    else if (verdict.kind === 'failed') run.failed(file, new vscode.TestMessage(verdict.message), duration);
    else run.errored(file, new vscode.TestMessage(verdict.message), duration);
  }

  private reportCriteria(run: vscode.TestRun, file: vscode.TestItem, report: Report): void {
    const children: vscode.TestItem[] = [];
    file.children.forEach((child) => children.push(child));
    children.sort((a, b) => Number(a.id.split('-').pop()) - Number(b.id.split('-').pop()));
    children.forEach((child, index) => {
      const result = report.criteria[index];
      if (!result) {
        run.skipped(child);
        return;
      }
      if (result.passed) {
        run.passed(child);
        return;
      }
      const actual = criterionResultText(result);
      const headline = notEvaluated(result) ? `${result.expr} was ${actual}` : `${result.expr} was not met: ${actual}`;
      const message = vscode.TestMessage.diff(headline, result.expr, actual);
      if (child.uri && child.range) message.location = new vscode.Location(child.uri, child.range);
      run.failed(child, message);
    });
  }

  dispose(): void {
    this.controller.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
