// The "Stampede Runs" view: each scenario file with runs (a pin and "(baseline pinned)" when it
// has a baseline), under it its runs newest first (verdict, p95, rps, errors, date; the pinned
// one says so). Read from the run folders by report/history.ts; read again when a run ends, when
// the runs or baseline folders change, and on Refresh.
import * as vscode from 'vscode';
import { join, resolve } from 'node:path';
import { formatMs, formatPercent, formatRate, formatTimestamp } from '../../report/format';
import { baselineSummary, listRuns, type RunSummary } from '../../report/history';
import type { RunManager } from './run-manager';

export interface ScenarioNode {
  kind: 'scenario';
  /** The workspace folder the runs belong to (where `.stampede/` lives). */
  root: string;
  file: string;
  runs: RunSummary[];
  baseline: RunSummary | undefined;
}

/** A run of the history (in the view), or the scenario's pinned baseline (a copy of one). */
export interface RunNode {
  kind: 'run' | 'baseline';
  scenario: ScenarioNode;
  run: RunSummary;
}

export type RunsNode = ScenarioNode | RunNode;

const reportFolder = (folder: vscode.Uri): string => vscode.workspace.getConfiguration('stampede', folder).get<string>('reportFolder', '.stampede/runs');

/** `<workspace folder>/<stampede.reportFolder>`: where the folder's runs write their reports. */
export function runsFolder(folder: vscode.Uri): string {
  return join(folder.fsPath, reportFolder(folder));
}

export function verdictWord(run: RunSummary): string {
  return run.outcome === 'completed' ? (run.passed ? 'passed' : 'failed') : run.outcome;
}

/** Per verdict: the codicon and its theme colour. */
const ICONS: Record<string, string> = {
  passed: 'pass testing.iconPassed',
  failed: 'error testing.iconFailed',
  stopped: 'debug-stop testing.iconSkipped',
  aborted: 'circle-slash testing.iconFailed',
  error: 'warning testing.iconErrored',
};

/** `p95 12.4ms · 85.2 rps · 0.3% errors`: the figures a run is told apart by. */
export function runFigures(run: RunSummary): string {
  return `p95 ${formatMs(run.p95)} · ${formatRate(run.rps)} rps · ${formatPercent(run.errorRate)} errors`;
}

/** A baseline is the copy of a run that started at the same moment. */
export const sameRun = (a: RunSummary | undefined, b: RunSummary): boolean => a?.startedAt === b.startedAt;

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private watchers: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(runs: RunManager) {
    this.subscriptions.push(
      runs.onDidFinish(() => this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watch()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('stampede.reportFolder') && this.watch()),
    );
    this.watch();
  }

  /** Watches every folder's runs and baselines; any change there refreshes the view. */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `{${reportFolder(folder.uri)},.stampede/baseline}/**`));
      const refresh = () => this.refresh();
      watcher.onDidCreate(refresh);
      watcher.onDidChange(refresh);
      watcher.onDidDelete(refresh);
      return watcher;
    });
    this.refresh();
  }

  /** Redraws soon: a run writes three files, a deletion removes a folder of them. */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), 150);
  }

  /** Every scenario with runs, each with its runs newest first and its baseline. */
  scenarios(): ScenarioNode[] {
    const nodes = new Map<string, ScenarioNode>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const run of listRuns(runsFolder(folder.uri))) {
        const file = resolve(run.file);
        let node = nodes.get(file);
        if (!node) nodes.set(file, (node = { kind: 'scenario', root: folder.uri.fsPath, file, runs: [], baseline: baselineSummary(folder.uri.fsPath, file) }));
        node.runs.push(run);
      }
    }
    // In the order of their newest runs: the scenario just run comes first.
    return [...nodes.values()];
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) return this.scenarios();
    return node.kind === 'scenario' ? node.runs.map((run) => ({ kind: 'run', scenario: node, run })) : [];
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'scenario') {
      const item = new vscode.TreeItem(vscode.workspace.asRelativePath(node.file), vscode.TreeItemCollapsibleState.Expanded);
      const count = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      item.id = node.file;
      item.description = `${node.runs[0].scenario} · ${count}${node.baseline ? ' · (baseline pinned)' : ''}`;
      item.iconPath = new vscode.ThemeIcon(node.baseline ? 'pinned' : 'file');
      item.contextValue = node.baseline ? 'stampedeScenarioPinned' : 'stampedeScenario';
      return item;
    }
    const { run } = node;
    const verdict = verdictWord(run);
    const item = new vscode.TreeItem(verdict);
    item.id = run.folder;
    item.description = `${runFigures(run)} · ${formatTimestamp(run.startedAt)}${sameRun(node.scenario.baseline, run) ? ' · baseline' : ''}`;
    // Whole, for a view too narrow for the description.
    item.tooltip = `${verdict}: ${item.description}`;
    const [icon, color] = (ICONS[verdict] ?? ICONS.error).split(' ');
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.contextValue = 'stampedeRun';
    item.command = { command: 'stampede.openRun', title: '', arguments: [node] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of [...this.subscriptions, ...this.watchers]) d.dispose();
  }
}
