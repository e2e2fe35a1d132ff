// What must hold before anything of a scenario runs (a run, a trial): a trusted workspace, the
// file saved, no error in it (the language server says), and the hosts that are not loopback
// allowed. Each refusal is explained to the user here; the caller only learns that it may not run.
import * as vscode from 'vscode';
import type { ScenarioFactsResult, ScenarioSummary } from '../../server/protocol';
import type { ServerRequests } from '../server-requests';
import { confirmHosts, explainUntrusted } from '../trust';

export interface Cleared {
  scenario: ScenarioSummary;
  facts: ScenarioFactsResult;
  /** The workspace folder of the file, if any: data files stay inside it. */
  root: string | undefined;
  limits: { maxUsers: number; maxRate: number };
}

/** Trust only: the first check, before a run or trial is even looked for. */
export function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  explainUntrusted();
  return false;
}

/** Saves `uri` and checks it; resolves undefined (after telling the user why) when it may not run. */
export async function preflight(context: vscode.ExtensionContext, server: ServerRequests, uri: vscode.Uri, options: { hostsConfirmed?: boolean } = {}): Promise<Cleared | undefined> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.isDirty) await document.save();
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  const config = vscode.workspace.getConfiguration('stampede', uri);
  const limits = { maxUsers: config.get<number>('maxUsers', 10_000), maxRate: config.get<number>('maxRate', 10_000) };
  let facts: ScenarioFactsResult;
  try {
    facts = await server.facts(uri, { ...(root ? { root } : {}), limits });
  } catch (error) {
    void vscode.window.showErrorMessage(`Stampede: ${vscode.workspace.asRelativePath(uri)} cannot run: ${(error as Error).message}.`);
    return undefined;
  }
  if (!facts.readable) {
    void vscode.window.showErrorMessage(`Stampede: ${vscode.workspace.asRelativePath(uri)} could not be read.`);
    return undefined;
  }
  if (facts.errors > 0 || !facts.scenario) {
    const choice = await vscode.window.showErrorMessage(
      `Stampede: ${vscode.workspace.asRelativePath(uri)} has ${facts.errors} error${facts.errors === 1 ? '' : 's'}; fix ${facts.errors === 1 ? 'it' : 'them'} before running.`,
      'Open Problems',
    );
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }
  if (!options.hostsConfirmed && !(await confirmHosts(context, facts.remoteHosts))) return undefined;
  return { scenario: facts.scenario, facts, root, limits };
}
