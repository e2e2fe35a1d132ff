// Sets up the run history in the editor: the "Stampede Runs" view (shown once the workspace has
// a scenario file), its commands and the compare panels they open.
import * as vscode from 'vscode';
import { registerComparePanels } from '../panel/compare-panel';
import { SCENARIO_GLOB } from '../scenario-files';
import { registerRunHistoryCommands } from './run-history-commands';
import type { RunManager } from './run-manager';
import { RunsTree } from './runs-tree';

export function registerRunsView(context: vscode.ExtensionContext, runs: RunManager, log: vscode.OutputChannel): void {
  const tree = new RunsTree(runs);
  const hasScenarios = (present: boolean) => vscode.commands.executeCommand('setContext', 'stampede.hasScenarios', present);
  void vscode.workspace.findFiles(SCENARIO_GLOB, '**/node_modules/**', 1).then((found) => hasScenarios(found.length > 0));
  const scenarios = vscode.workspace.createFileSystemWatcher(SCENARIO_GLOB, false, true, true);
  scenarios.onDidCreate(() => hasScenarios(true));
  context.subscriptions.push(tree, scenarios, vscode.window.registerTreeDataProvider('stampedeRuns', tree));
  registerRunHistoryCommands(context, tree, registerComparePanels(context, log));
}
