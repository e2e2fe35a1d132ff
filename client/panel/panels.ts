// Every run gets its own panel; saved reports open in one too. Panels survive a window reload
// through a serializer: the restored panel shows what it had saved (the run itself has ended,
// since its engine stopped with the old extension host).
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import type { PanelState, RunIdentity } from '../../webview/protocol';
import type { Report } from '../../report/types';
import type { RunManager } from '../runs/run-manager';
import type { RunSession } from '../runs/run-session';
import { PANEL_VIEW_TYPE, panelOptions, RunPanel } from './run-panel';

let nextRun = 1;

export class Panels implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelState> {
  private readonly panels = new Set<RunPanel>();
  private readonly bySession = new Map<RunSession, RunPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    runs: RunManager,
    private readonly log: vscode.OutputChannel,
  ) {
    this.subscriptions.push(
      runs.onDidStart((session) => this.openForRun(session)),
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this),
    );
  }

  private track(panel: RunPanel): RunPanel {
    this.panels.add(panel);
    panel.onDidDispose(() => {
      this.panels.delete(panel);
      for (const [session, shown] of this.bySession) if (shown === panel) this.bySession.delete(session);
    });
    return panel;
  }

  /** A new tab holding a RunPanel; the tab is closed again if the panel cannot be built. */
  private create(title: string, build: (webview: vscode.WebviewPanel) => RunPanel): RunPanel {
    const webview = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      panelOptions(this.context),
    );
    try {
      return this.track(build(webview));
    } catch (err) {
      webview.dispose();
      this.log.appendLine(`The panel could not open: ${(err as Error).message}`);
      throw err;
    }
  }

  openForRun(session: RunSession): RunPanel {
    const identity: RunIdentity = {
      runId: `run-${Date.now().toString(36)}-${nextRun++}`,
      scenario: session.name,
      file: session.uri.fsPath,
    };
    const panel = this.create(`Stampede: ${identity.scenario}`, (webview) => new RunPanel(this.context, webview, identity, session, undefined, this.log));
    this.bySession.set(session, panel);
    return panel;
  }

  /** Reveals the panel of the run of `uri` (or of the latest run). */
  reveal(uri?: vscode.Uri): boolean {
    const entries = [...this.bySession.entries()];
    const match = uri ? entries.find(([session]) => session.uri.toString() === uri.toString()) : entries[entries.length - 1];
    const panel = match?.[1] ?? [...this.panels].pop();
    panel?.reveal();
    return panel !== undefined;
  }

  /** Opens a saved report.json in a panel; says so plainly when the file is not a report. */
  openReport(file: string): RunPanel | undefined {
    let report: Report;
    try {
      report = JSON.parse(readFileSync(file, 'utf8')) as Report;
      if (typeof report.scenario !== 'string' || !report.totals || !Array.isArray(report.steps)) throw new Error('not a Stampede report.json');
    } catch (err) {
      void vscode.window.showErrorMessage(`Stampede: cannot open ${file}: ${(err as Error).message}`);
      return undefined;
    }
    const identity: RunIdentity = { runId: `report-${Date.now().toString(36)}-${nextRun++}`, scenario: report.scenario, file: report.file };
    const panel = this.create(`Report: ${report.scenario}`, (webview) => new RunPanel(this.context, webview, identity, undefined, undefined, this.log));
    panel.showReport(report, file);
    return panel;
  }

  /** The panel currently focused, or the newest one. */
  get current(): RunPanel | undefined {
    return [...this.panels].find((panel) => panel.panel.active) ?? [...this.panels].pop();
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    const saved = state?.run;
    // A report opened from disk has no run of its own (runId ''): give the restored panel one.
    const identity: RunIdentity = saved?.runId ? saved : { runId: `restored-${nextRun++}`, scenario: saved?.scenario ?? webviewPanel.title, file: saved?.file ?? '' };
    const panel = this.track(new RunPanel(this.context, webviewPanel, identity, undefined, state, this.log));
    if (state?.report) panel.showReport(state.report, state.reportSource ?? undefined);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const panel of this.panels) panel.panel.dispose();
  }
}
