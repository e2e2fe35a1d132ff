// "Try": one user, one iteration of a flow (or of every flow, with setup and teardown), every
// exchange shown in the scenario's inspector. Only in a trusted workspace, only a scenario with
// no error, against hosts the user allowed: the same checks as a run (runs/preflight.ts).
import * as vscode from 'vscode';
import type { InspectorPanels } from './inspector-panels';
import { preflight, trusted } from '../runs/preflight';
import type { ServerRequests } from '../server-requests';
import { trialLines } from '../../scenario/trial-lines';
import { TrialSession } from './trial-session';

let nextTrial = 1;

export async function tryScenario(
  context: vscode.ExtensionContext,
  server: ServerRequests,
  inspectors: InspectorPanels,
  log: vscode.OutputChannel,
  uri: vscode.Uri,
  flow?: string,
): Promise<TrialSession | undefined> {
  if (!trusted()) return undefined;
  const cleared = await preflight(context, server, uri);
  if (!cleared) return undefined;
  if (flow !== undefined && !cleared.scenario.flows.some((f) => f.name === flow)) {
    void vscode.window.showErrorMessage(`Stampede: ${vscode.workspace.asRelativePath(uri)} has no flow named "${flow}" (any more).`);
    return undefined;
  }
  // Where each step and its tests are written, for the inspector's links from a failure to its line.
  const anchors = await server.resultAnchors(uri).catch(() => undefined);
  const trial = new TrialSession(
    { trialId: `try-${Date.now().toString(36)}-${nextTrial++}`, scenario: cleared.scenario.name, file: uri.fsPath, flow: flow ?? null },
    context.asAbsolutePath('dist/engine.js'),
    {
      file: uri.fsPath,
      vars: {},
      env: { ...process.env } as Record<string, string>,
      limits: cleared.limits,
      ...(cleared.root ? { root: cleared.root } : {}),
      trial: flow !== undefined ? { flow } : {},
    },
    trialLines(anchors),
    log,
  );
  log.appendLine(`try ${vscode.workspace.asRelativePath(uri)}${flow !== undefined ? ` (flow ${flow})` : ''} (engine pid ${trial.pid})`);
  inspectors.show(uri, trial);
  return trial;
}
