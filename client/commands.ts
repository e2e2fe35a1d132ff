// The palette commands. Each answers helpfully even when there is nothing to act on.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listRunFolders } from '../report/out-dir';
import type { Panels } from './panel/panels';
import type { RunManager } from './runs/run-manager';
import { runsFolder } from './runs/runs-tree';
import { isScenarioFile, LANGUAGE_ID, SCENARIO_GLOB } from './scenario-files';
import type { ServerRequests } from './server-requests';
import { pickTemplate } from './templates';

/** `arg` when a command got a Uri (a CodeLens, a menu), else the active editor's scenario. */
export function scenarioUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const editor = vscode.window.activeTextEditor;
  if (editor && (editor.document.languageId === LANGUAGE_ID || isScenarioFile(editor.document.fileName))) return editor.document.uri;
  return undefined;
}

async function askForScenario(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(SCENARIO_GLOB, '**/node_modules/**');
  if (files.length === 0) {
    void vscode.window.showInformationMessage('No scenario (*.scenario.yaml or *.scenario.json) in this workspace. Create one with "Stampede: New Scenario from Template".');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Which scenario?' },
  );
  return picked?.uri;
}

export function registerCommands(
  context: vscode.ExtensionContext,
  runs: RunManager,
  panels: Panels,
  output: vscode.OutputChannel,
  server: ServerRequests,
): void {
  const register = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };

  register('stampede.run', async (arg) => {
    const uri = scenarioUri(arg) ?? (await askForScenario());
    if (uri) await runs.start(uri);
  });

  register('stampede.stop', (arg) => {
    const uri = arg instanceof vscode.Uri ? arg : undefined;
    if (!runs.stop(uri ?? (runs.active.length === 1 ? undefined : scenarioUri(undefined)))) {
      void vscode.window.showInformationMessage('No Stampede run is in progress.');
    }
  });

  register('stampede.validate', async (arg) => {
    const uri = scenarioUri(arg) ?? (await askForScenario());
    if (!uri) return;
    await vscode.workspace.openTextDocument(uri);
    // The language server's own diagnostics for this text: the ones the Problems view shows.
    let severities: ('error' | 'warning' | 'other')[];
    try {
      // LSP severities: 1 error, 2 warning, 3 information, 4 hint.
      severities = (await server.validation(uri)).diagnostics.map((d) => (d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'other'));
    } catch (error) {
      void vscode.window.showErrorMessage(`Stampede: ${vscode.workspace.asRelativePath(uri)} could not be validated: ${(error as Error).message}.`);
      return;
    }
    // A JSON scenario's syntax and schema are checked by VS Code's JSON support, not the server:
    // its entries in the Problems view count too.
    if (/\.json$/i.test(uri.path)) {
      for (const d of vscode.languages.getDiagnostics(uri)) {
        if (d.source === 'stampede') continue;
        severities.push(d.severity === vscode.DiagnosticSeverity.Error ? 'error' : d.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : 'other');
      }
    }
    const errors = severities.filter((s) => s === 'error').length;
    const warnings = severities.filter((s) => s === 'warning').length;
    if (errors + warnings === 0) {
      void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)}: no problems.`);
      return;
    }
    const choice = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(uri)}: ${errors} error(s), ${warnings} warning(s).`,
      'Open Problems',
    );
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
  });

  register('stampede.newFromTemplate', () => pickTemplate(context, server));

  register('stampede.openReport', async (arg) => {
    let file = arg instanceof vscode.Uri ? arg.fsPath : undefined;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'Stampede report': ['json'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.file(runsFolder(vscode.workspace.workspaceFolders[0].uri)) : undefined,
        openLabel: 'Open Report',
      });
      file = picked?.[0]?.fsPath;
    }
    if (file) panels.openReport(file);
  });

  register('stampede.openLastReport', () => {
    const file = runs.lastReport ?? newestReport();
    if (!file || !existsSync(file)) {
      void vscode.window.showInformationMessage('No report yet: run a scenario first ("Stampede: Run Scenario").');
      return;
    }
    panels.openReport(file);
  });

  register('stampede.exportReport', async () => {
    const panel = panels.current;
    if (!panel) {
      void vscode.window.showInformationMessage('Open a run or a report first: Export saves the report shown in the Stampede panel.');
      return;
    }
    const format = await vscode.window.showQuickPick(
      [
        { label: 'HTML', description: 'self-contained report with charts', format: 'html' as const },
        { label: 'JSON', description: 'report.json, the machine form', format: 'json' as const },
        { label: 'CSV', description: 'the time series, one row per interval', format: 'csv' as const },
      ],
      { placeHolder: 'Export as' },
    );
    if (format) await panel.export(format.format);
  });

  register('stampede.showPanel', (arg) => {
    if (!panels.reveal(arg instanceof vscode.Uri ? arg : undefined)) {
      void vscode.window.showInformationMessage('No Stampede panel is open.');
    }
  });

  register('stampede.showOutput', () => output.show());
}

/** The newest report.json in the first workspace folder's runs folder, if any. */
function newestReport(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const newest = folder && listRunFolders(runsFolder(folder.uri)).pop();
  return newest ? join(newest, 'report.json') : undefined;
}

