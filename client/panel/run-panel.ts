// The host side of one panel: serves the webview shell, streams a run's engine messages to it
// (replaying what a reloaded panel missed), and answers its Stop, Export and Open requests.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { ReportWriter } from '../../engine/driver/report-writer';
import type { EngineToClient } from '../../engine/protocol/messages';
import {
  checkPanelToExtension,
  PANEL_PROTOCOL_VERSION,
  type ExportFormat,
  type ExtensionToPanel,
  type PanelState,
  type PanelToExtension,
  type RunIdentity,
} from '../../webview/protocol';
import type { TimeRange } from '../../report/range';
import type { Report } from '../../report/types';
import { panelHtml } from '../../webview/shell';
import type { RunSession } from '../runs/run-session';

export const PANEL_VIEW_TYPE = 'stampede.panel';

const EXPORT_NAMES: Record<ExportFormat, string> = { json: 'report.json', csv: 'timeseries.csv', html: 'report.html' };
const EXPORT_FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  json: { 'JSON report': ['json'] },
  csv: { 'CSV time series': ['csv'] },
  html: { 'HTML report': ['html'] },
};

function themeKind(kind: vscode.ColorThemeKind): 'light' | 'dark' | 'high-contrast' | 'high-contrast-light' {
  switch (kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast-light';
    default:
      return 'dark';
  }
}

export function panelOptions(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
  };
}

/** The shell of one of our pages (`webview` shows a run, `compare` two, `inspector` a trial) with a fresh nonce. */
export function pageHtml(context: vscode.ExtensionContext, webview: vscode.Webview, page: 'webview' | 'compare' | 'inspector', title: string): string {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  return panelHtml({
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${page}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${page}.css`)).toString(),
    nonce: randomBytes(18).toString('base64'),
    cspSource: webview.cspSource,
    title,
  });
}

export class RunPanel implements vscode.Disposable {
  private readonly messages: EngineToClient[] = [];
  private report: Report | undefined;
  private reportSource: string | undefined;
  private running: boolean;
  /** The time range the panel's charts are zoomed to: what Export writes (CSV, JSON). */
  private zoom: TimeRange | null = null;
  private ended: { exitCode: number | null; message: string } | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    readonly identity: RunIdentity,
    private session: RunSession | undefined,
    private readonly restored: PanelState | undefined,
    private readonly log: vscode.OutputChannel,
  ) {
    this.running = session !== undefined;
    const webview = panel.webview;
    webview.options = panelOptions(context);
    webview.html = pageHtml(context, webview, 'webview', identity.scenario);
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.window.onDidChangeActiveColorTheme((theme) => this.post({ type: 'theme', kind: themeKind(theme.kind) })),
      panel.onDidDispose(() => this.dispose()),
    );
    if (session) this.attach(session);
  }

  get runId(): string {
    return this.identity.runId;
  }

  get scenarioUri(): vscode.Uri {
    return vscode.Uri.file(this.identity.file);
  }

  private attach(session: RunSession): void {
    this.subscriptions.push(
      session.onMessage((message) => {
        const seq = this.messages.length;
        this.messages.push(message);
        if (message.type === 'report') this.report = message.report;
        this.post({ type: 'engine', runId: this.runId, seq, message });
      }),
    );
    void session.whenFinished().then((result) => {
      this.running = false;
      this.session = undefined;
      if (!result.report || this.report !== result.report) {
        this.ended = { exitCode: null, message: result.failure ?? 'the run ended' };
        this.post({ type: 'runEnded', runId: this.runId, exitCode: null, message: this.ended.message });
        if (result.report) this.showReport(result.report);
      }
    });
  }

  showReport(report: Report, source?: string): void {
    this.report = report;
    this.reportSource = source;
    this.post({ type: 'report', report, ...(source ? { source } : {}) });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  private post(message: ExtensionToPanel): void {
    void this.panel.webview.postMessage(message);
  }

  /**
   * A message from the panel, checked against its declared type first: the page is untrusted
   * input, so a malformed message is dropped and logged, never acted on.
   */
  private receive(message: unknown): void {
    const problem = checkPanelToExtension(message);
    if (problem) {
      this.log.appendLine(`[panel] dropped a malformed message: ${problem}`);
      return;
    }
    void this.onPanelMessage(message as PanelToExtension);
  }

  private async onPanelMessage(message: PanelToExtension): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const plan = this.messages.find((m) => m.type === 'plan');
        this.post({
          type: 'init',
          protocol: PANEL_PROTOCOL_VERSION,
          run: this.identity,
          running: this.running,
          ...(plan && plan.type === 'plan' ? { plan } : {}),
          ...(this.restored && !message.restored ? { state: this.restored } : {}),
        });
        const sameRun = message.runId === this.runId;
        const from = sameRun ? message.lastSeq + 1 : 0;
        if (from < this.messages.length) {
          this.post({ type: 'engineBatch', runId: this.runId, firstSeq: from, messages: this.messages.slice(from) });
        }
        if (this.ended) this.post({ type: 'runEnded', runId: this.runId, exitCode: this.ended.exitCode, message: this.ended.message });
        if (this.report && (this.reportSource || !this.messages.some((m) => m.type === 'report'))) {
          this.post({ type: 'report', report: this.report, ...(this.reportSource ? { source: this.reportSource } : {}) });
        }
        break;
      }
      case 'stop':
        if (message.runId === this.runId) this.session?.stop('stopped from the panel');
        break;
      case 'export':
        await this.export(message.format, message.range ?? null);
        break;
      case 'zoom':
        this.zoom = message.range;
        break;
      case 'openScenario':
        await vscode.window.showTextDocument(this.scenarioUri);
        break;
      case 'panelError':
        this.log.appendLine(`[panel] ${message.message}`);
        break;
    }
  }

  /** Saves the report shown as `format`; CSV and JSON of the zoomed range when there is one. */
  async export(format: ExportFormat, zoom: TimeRange | null = this.zoom): Promise<void> {
    const report = this.report ?? this.restored?.report ?? undefined;
    if (!report) {
      this.post({ type: 'exportResult', format, ok: false, error: 'there is no report yet: the run has not finished' });
      return;
    }
    const range = format === 'html' ? null : zoom;
    const folder = vscode.workspace.getWorkspaceFolder(this.scenarioUri)?.uri ?? vscode.Uri.file(this.identity.file);
    const name = range ? EXPORT_NAMES[format].replace('.', `-${range.from}s-${range.to}s.`) : EXPORT_NAMES[format];
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, name),
      filters: EXPORT_FILTERS[format],
      title: `Export ${report.scenario}${range ? `, ${range.from}s to ${range.to}s,` : ''} as ${format.toUpperCase()}`,
    });
    if (!target) return;
    // Rendered and written by the report writer process: the host carries no report renderer.
    const writer = new ReportWriter(this.context.asAbsolutePath('dist/report-writer.js'));
    const error = await writer.export({ type: 'export', report, format, target: target.fsPath, ...(range ? { range } : {}) }).then(
      (reply) => reply.error,
      (err: Error) => err.message,
    );
    if (error === undefined) this.post({ type: 'exportResult', format, ok: true, path: target.fsPath });
    else this.post({ type: 'exportResult', format, ok: false, error });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions.length = 0;
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }
}
