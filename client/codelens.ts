// CodeLens at the top of a scenario: Run · Validate, or Stop while it runs.
import * as vscode from 'vscode';
import type { RunManager } from './runs/run-manager';

export class ScenarioCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly runs: RunManager) {
    this.subscriptions = [runs.onDidStart(() => this.changed.fire()), runs.onDidFinish(() => this.changed.fire())];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    if (this.runs.sessionFor(document.uri)) {
      return [
        new vscode.CodeLens(top, { title: '$(debug-stop) Stop', command: 'stampede.stop', arguments: [document.uri] }),
        new vscode.CodeLens(top, { title: 'Show Panel', command: 'stampede.showPanel', arguments: [document.uri] }),
      ];
    }
    return [
      new vscode.CodeLens(top, { title: '$(play) Run', command: 'stampede.run', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: 'Validate', command: 'stampede.validate', arguments: [document.uri] }),
    ];
  }

  dispose(): void {
    this.changed.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
