// The inspector panels ("Try: <scenario>"): one per scenario file, showing its latest trial. The
// host streams the trial's exchanges to the page (dist/inspector.js) and answers its links to a
// step's line. A restored panel redraws from the state its page saved; its links still open the
// scenario it names, when that is a scenario file of this workspace.
import * as vscode from 'vscode';
import { checkPanelToExtension, type ExtensionToPanel, type InspectorState, type PanelToExtension } from '../../webview/protocol';
import { pageHtml, panelOptions } from '../panel/run-panel';
import { isScenarioFile } from '../scenario-files';
import type { TrialSession } from './trial-session';

export const INSPECTOR_VIEW_TYPE = 'stampede.inspector';

class InspectorPanel {
  private trial: TrialSession | undefined;
  private trialSubscriptions: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    /** The scenario whose lines the page's links reveal. */
    private uri: vscode.Uri | undefined,
    private readonly log: vscode.OutputChannel,
  ) {
    const webview = panel.webview;
    webview.options = panelOptions(context);
    webview.html = pageHtml(context, webview, 'inspector', panel.title);
    this.subscriptions = [webview.onDidReceiveMessage((message: unknown) => this.receive(message))];
  }

  show(uri: vscode.Uri, trial: TrialSession): void {
    this.trial?.stop('another trial of this scenario started');
    for (const s of this.trialSubscriptions) s.dispose();
    this.uri = uri;
    this.trial = trial;
    this.panel.title = `Try: ${trial.identity.scenario}`;
    const id = trial.identity.trialId;
    this.trialSubscriptions = [
      trial.onExchange(({ seq, item }) => this.post({ type: 'trialExchange', trialId: id, seq, item })),
      trial.onEnd((end) => this.post({ type: 'trialEnded', trialId: id, end })),
    ];
    this.postAll();
  }

  private postAll(): void {
    const trial = this.trial;
    if (trial) this.post({ type: 'inspector', trial: trial.identity, exchanges: trial.exchanges, ended: trial.ended });
  }

  private post(message: ExtensionToPanel): void {
    void this.panel.webview.postMessage(message);
  }

  /** The page is untrusted input: a message that is not what it should be is only logged. */
  private receive(message: unknown): void {
    const problem = checkPanelToExtension(message);
    if (problem) return this.log.appendLine(`[inspector] dropped a malformed message: ${problem}`);
    const m = message as PanelToExtension;
    if (m.type === 'ready') this.postAll();
    else if (m.type === 'revealLine') void this.revealLine(m.line);
    else if (m.type === 'panelError') this.log.appendLine(`[inspector] ${m.message}`);
  }

  private async revealLine(line: number): Promise<void> {
    if (!this.uri) return;
    const document = await vscode.workspace.openTextDocument(this.uri);
    const at = new vscode.Position(Math.min(line, document.lineCount - 1), 0);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, at) });
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    this.trial?.stop('the inspector was closed');
    for (const s of [...this.trialSubscriptions, ...this.subscriptions]) s.dispose();
  }
}

export class InspectorPanels implements vscode.Disposable {
  private readonly byFile = new Map<string, InspectorPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.OutputChannel,
  ) {
    this.subscriptions.push(vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, this));
  }

  /** Shows `trial` in the inspector of its scenario, opened beside the editor when there is none. */
  show(uri: vscode.Uri, trial: TrialSession): void {
    let inspector = this.byFile.get(uri.toString());
    if (!inspector) {
      const panel = vscode.window.createWebviewPanel(INSPECTOR_VIEW_TYPE, `Try: ${trial.identity.scenario}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(this.context));
      inspector = this.track(new InspectorPanel(this.context, panel, uri, this.log), uri);
    } else inspector.panel.reveal(undefined, true);
    inspector.show(uri, trial);
  }

  private track(inspector: InspectorPanel, uri: vscode.Uri | undefined): InspectorPanel {
    if (uri) this.byFile.set(uri.toString(), inspector);
    inspector.panel.onDidDispose(() => {
      inspector.dispose();
      if (uri && this.byFile.get(uri.toString()) === inspector) this.byFile.delete(uri.toString());
    });
    return inspector;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    // The saved state comes from the page: its file is only trusted as a scenario of this workspace.
    const file = (state as Partial<InspectorState> | undefined)?.trial?.file;
    const uri = typeof file === 'string' && isScenarioFile(file) && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ? vscode.Uri.file(file) : undefined;
    this.track(new InspectorPanel(this.context, panel, uri, this.log), uri && !this.byFile.has(uri.toString()) ? uri : undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const inspector of this.byFile.values()) inspector.panel.dispose();
  }
}
