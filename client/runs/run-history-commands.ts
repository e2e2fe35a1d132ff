// The Runs view's commands, on its items' context menus and in the palette (where each asks with
// a QuickPick): Open, Compare with…, Pin as Baseline, Delete and Reveal in Explorer on a run;
// Compare with Baseline and Unpin Baseline on a scenario (its baseline is in the view, so they are
// not in the palette). None of them starts a run.
import * as vscode from 'vscode';
import { relative } from 'node:path';
import { formatTimestamp } from '../../report/format';
import { pinBaseline, readReport, unpinBaseline } from '../../report/history';
import type { OpenCompare } from '../panel/compare-panel';
import { runFigures, sameRun, verdictWord, type RunNode, type RunsNode, type RunsTree, type ScenarioNode } from './runs-tree';

const when = (node: RunNode): string => formatTimestamp(node.run.startedAt);
const path = (file: string): string => vscode.workspace.asRelativePath(file);
/** The view item a command was invoked on; undefined from the palette. */
const given = (arg: unknown): RunsNode | undefined => ((arg as RunsNode | undefined)?.kind ? (arg as RunsNode) : undefined);
const say = (text: string): undefined => void vscode.window.showInformationMessage(text);

function runItem(node: RunNode): vscode.QuickPickItem & { node: RunNode } {
  const verdict = verdictWord(node.run);
  return { label: node.kind === 'baseline' ? `$(pinned) baseline: ${verdict}` : verdict, description: `${when(node)} · ${path(node.scenario.file)}`, detail: runFigures(node.run), node };
}

export function registerRunHistoryCommands(context: vscode.ExtensionContext, tree: RunsTree, openCompare: OpenCompare): void {
  const register = (id: string, fn: (arg: unknown) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };

  /** A command on a run: the item it was invoked on, or one the user picks among every run. */
  const onRun = (id: string, fn: (node: RunNode) => unknown): void =>
    register(id, async (arg) => {
      const item = given(arg);
      let node = item?.kind === 'run' ? item : undefined;
      if (!item) {
        const items = tree.scenarios().flatMap((scenario) => scenario.runs.map((run) => runItem({ kind: 'run', scenario, run })));
        if (items.length === 0) return say('No runs yet: run a scenario first.');
        node = (await vscode.window.showQuickPick(items, { placeHolder: 'Which run?', matchOnDescription: true }))?.node;
      }
      if (node) await fn(node);
    });

  /** A command on a scenario's pinned baseline: only on the view's scenario items (not in the palette). */
  const onPinned = (id: string, fn: (scenario: ScenarioNode, baseline: RunNode['run']) => unknown): void =>
    register(id, (arg) => {
      const item = given(arg);
      if (item?.kind === 'scenario' && item.baseline) return fn(item, item.baseline);
    });

  /** Opens the compare view; the pinned baseline, else the older run, is the baseline side. */
  const compare = (a: RunNode, b: RunNode): void => {
    const [baseline, current] = b.kind === 'baseline' || (a.kind !== 'baseline' && b.run.startedAt < a.run.startedAt) ? [b, a] : [a, b];
    const before = readReport(baseline.run.reportPath);
    const after = readReport(current.run.reportPath);
    if (!before || !after) return say('A report of these runs is gone.');
    openCompare({ report: before, label: baseline.kind === 'baseline' ? 'baseline' : when(baseline).slice(5, 19) }, { report: after, label: when(current).slice(5, 19) });
  };

  register('stampede.refreshRuns', () => tree.refresh());

  onRun('stampede.openRun', (node) => vscode.commands.executeCommand('stampede.openReport', vscode.Uri.file(node.run.reportPath)));

  onRun('stampede.compareRuns', async (node) => {
    const { scenario } = node;
    const others: RunNode[] = scenario.runs.filter((run) => run.folder !== node.run.folder).map((run) => ({ kind: 'run', scenario, run }));
    if (scenario.baseline && !sameRun(scenario.baseline, node.run)) others.unshift({ kind: 'baseline', scenario, run: scenario.baseline });
    if (others.length === 0) return say(`${path(scenario.file)} has no other run to compare with.`);
    const picked = await vscode.window.showQuickPick(others.map(runItem), { placeHolder: `Compare the run of ${when(node)} with…` });
    if (picked) compare(node, picked.node);
  });

  onPinned('stampede.compareWithBaseline', (scenario, baseline) => {
    const run = scenario.runs.find((r) => !sameRun(baseline, r));
    if (!run) return say(`${path(scenario.file)} has no run but its baseline.`);
    compare({ kind: 'baseline', scenario, run: baseline }, { kind: 'run', scenario, run });
  });

  onRun('stampede.pinBaseline', ({ scenario, run }) => {
    const pinned = pinBaseline(scenario.root, scenario.file, run.reportPath);
    tree.refresh();
    say(`Pinned as the baseline of ${path(scenario.file)}: ${relative(scenario.root, pinned)}. Commit it to share it with your team and CI (stampede run --baseline).`);
  });

  onPinned('stampede.unpinBaseline', (scenario) => {
    unpinBaseline(scenario.root, scenario.file);
    tree.refresh();
  });

  onRun('stampede.deleteRun', async (node) => {
    const detail = `Its folder ${path(node.run.folder)} is removed.`;
    if ((await vscode.window.showWarningMessage(`Delete the run of ${node.run.scenario} from ${when(node)}?`, { modal: true, detail }, 'Delete')) !== 'Delete') return;
    await vscode.workspace.fs.delete(vscode.Uri.file(node.run.folder), { recursive: true, useTrash: false });
    tree.refresh();
  });

  onRun('stampede.revealRun', (node) => vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(node.run.folder)));
}
