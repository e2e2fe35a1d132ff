// Results on a scenario's lines: after a run, each step, flow and criterion line shows its last
// result as an inlay hint at the end of the line, and a hover there gives the details. The
// newest run of the file and its comparison with the pinned baseline are read and made into
// text by dist/report-writer.js (report/line-results.ts), so this bundle carries no statistics;
// the language server says which line each name is on now. Refreshed when a run ends, when the
// runs or baseline folders change, and when `stampede.showResultsInEditor` changes.
import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import { ReportWriter } from '../../engine/driver/report-writer';
import type { LineResults } from '../../report/line-results';
import type { RunManager } from '../runs/run-manager';
import { SCENARIO_DOCUMENTS } from '../scenario-files';
import type { ServerRequests } from '../server-requests';
import { placeResults, type PlacedResult } from './place';

const SHOW = 'stampede.showResultsInEditor';
const FOLDER = 'stampede.reportFolder';

class LineResultsProvider implements vscode.InlayHintsProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  /** Per scenario URI, until something they are read from changes. */
  private readonly results = new Map<string, Promise<LineResults | undefined>>();
  private readonly subscriptions: vscode.Disposable[];
  private watchers: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly writerScript: string,
    runs: RunManager,
    private readonly server: ServerRequests,
  ) {
    this.subscriptions = [
      runs.onDidFinish(() => this.forget()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watch()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(FOLDER)) this.watch();
        if (e.affectsConfiguration(FOLDER) || e.affectsConfiguration(SHOW)) this.forget(0);
      }),
    ];
    this.watch();
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    const { placed, reportPath } = await this.placed(document);
    return placed
      .filter((p) => p.line >= range.start.line && p.line <= range.end.line && p.line < document.lineCount)
      .map((p) => {
        const hint = new vscode.InlayHint(document.lineAt(p.line).range.end, p.text);
        hint.paddingLeft = true;
        hint.tooltip = markdown(p.hover, reportPath);
        return hint;
      });
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const { placed, reportPath } = await this.placed(document);
    const here = placed.find((p) => p.line === position.line);
    return here && new vscode.Hover(markdown(here.hover, reportPath));
  }

  private async placed(document: vscode.TextDocument): Promise<{ placed: PlacedResult[]; reportPath: string }> {
    const none = { placed: [], reportPath: '' };
    if (document.uri.scheme !== 'file' || !vscode.workspace.getConfiguration('stampede', document.uri).get<boolean>('showResultsInEditor', true)) return none;
    const results = await this.resultsOf(document.uri);
    // Where the names are now: a run of an older version still lands on the right lines.
    const anchors = results && (await this.server.resultAnchors(document.uri).catch(() => undefined));
    return results && anchors ? { placed: placeResults(results, anchors), reportPath: results.reportPath } : none;
  }

  private resultsOf(uri: vscode.Uri): Promise<LineResults | undefined> {
    let found = this.results.get(uri.toString());
    if (!found) {
      // The folders a run of this file writes to and reads its baseline from (run-manager.ts).
      const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath);
      const runsFolder = join(root, vscode.workspace.getConfiguration('stampede', uri).get<string>('reportFolder', '.stampede/runs'));
      found = new ReportWriter(this.writerScript).lineResults({ type: 'lineResults', runsFolder, root, file: uri.fsPath }).then(
        (reply) => reply.results,
        () => undefined,
      );
      this.results.set(uri.toString(), found);
    }
    return found;
  }

  /**
   * Reports and baselines are written by runs here, by the CLI, by a checkout: watch their folders.
   * The folders themselves too: a file written right after its folder was made may go unreported.
   */
  private watch(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const runs = vscode.workspace.getConfiguration('stampede', folder.uri).get<string>('reportFolder', '.stampede/runs');
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `{.stampede,.stampede/**,${runs},${runs}/**}`));
      const forget = (): void => this.forget();
      return vscode.Disposable.from(watcher, watcher.onDidCreate(forget), watcher.onDidChange(forget), watcher.onDidDelete(forget));
    });
  }

  /** Reads again, once, shortly after a burst of changes (a run writes several files). */
  private forget(delayMs = 300): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.results.clear();
      this.changed.fire();
    }, delayMs);
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const disposable of [...this.subscriptions, ...this.watchers, this.changed]) disposable.dispose();
  }
}

/** The hover's details, with a link that opens the run's report in the panel. */
function markdown(hover: string, reportPath: string): vscode.MarkdownString {
  const args = encodeURIComponent(JSON.stringify([vscode.Uri.file(reportPath)]));
  const text = new vscode.MarkdownString(`${hover}\n\n[Open report](command:stampede.openReport?${args})`);
  text.isTrusted = { enabledCommands: ['stampede.openReport'] };
  return text;
}

export function registerLineResults(context: vscode.ExtensionContext, runs: RunManager, server: ServerRequests): void {
  const provider = new LineResultsProvider(context.asAbsolutePath('dist/report-writer.js'), runs, server);
  context.subscriptions.push(
    provider,
    vscode.languages.registerInlayHintsProvider(SCENARIO_DOCUMENTS, provider),
    vscode.languages.registerHoverProvider(SCENARIO_DOCUMENTS, provider),
  );
}
