// The extension's entry: a short `activate` that builds the parts and hands every disposable to
// VS Code. The language features work in any workspace; running needs a trusted one.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Report } from '../report/types';
import { registerAuthoring } from './authoring';
import { ScenarioCodeLens } from './codelens';
import { registerCommands } from './commands';
import { startLanguageClient } from './language-client';
import { registerLineResults } from './line-results/line-results';
import { Panels } from './panel/panels';
import { RunManager } from './runs/run-manager';
import { registerRunsView } from './runs/runs-view';
import { SCENARIO_DOCUMENTS } from './scenario-files';
import { ServerRequests } from './server-requests';
import { RunStatusBar } from './status-bar';
import { ScenarioTests } from './test-explorer';

let client: LanguageClient | undefined;
let runs: RunManager | undefined;

/** What in-host tests (and other extensions) can reach. */
export interface StampedeApi {
  runs: RunManager;
  panels: Panels;
  languageClient: LanguageClient | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<StampedeApi> {
  const output = vscode.window.createOutputChannel('Stampede');
  // Every check of a scenario (Run, Validate, the Test Explorer) is a request to the language
  // server; callers wait until it has started.
  const server = new ServerRequests();
  runs = new RunManager(context, output, server);
  const panels = new Panels(context, runs, output);
  const codeLens = new ScenarioCodeLens(runs);
  context.subscriptions.push(
    output,
    runs,
    panels,
    codeLens,
    new RunStatusBar(runs),
    new ScenarioTests(context, runs, server),
    vscode.languages.registerCodeLensProvider(SCENARIO_DOCUMENTS, codeLens),
    runs.onDidFinish(({ session, result }) => {
      const name = vscode.workspace.asRelativePath(session.uri);
      if (result.failure) {
        void vscode.window.showErrorMessage(`Stampede: ${name}: ${result.failure}`, 'Show Log').then((c) => c && output.show());
      } else if (result.report?.outcome === 'error') {
        void vscode.window.showErrorMessage(`Stampede: ${name}: ${result.report.reason ?? 'the run could not complete'}`);
      } else if (result.report && unreachable(result.report)) {
        const sample = result.report.steps.flatMap((s) => s.sampleErrors).find((e) => /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|connect/i.test(e.message));
        void vscode.window.showErrorMessage(
          `Stampede: ${name}: the target could not be reached — ${result.report.errors.connect} of ${result.report.totals.requests} requests failed to connect${sample ? ` (${sample.message})` : ''}. Is it running?`,
        );
      } else if (result.report) {
        const verdict = result.report.passed ? 'passed' : result.report.outcome === 'stopped' ? 'stopped' : 'failed';
        void vscode.window.showInformationMessage(`Stampede: ${result.report.scenario} ${verdict}.`);
      }
    }),
  );
  registerCommands(context, runs, panels, output, server);
  registerRunsView(context, runs, output);
  registerLineResults(context, runs, server);
  registerAuthoring(context, server, output);
  client = await startLanguageClient(context, output);
  server.ready(client);
  return { runs, panels, languageClient: client };
}

/** Most requests could not even connect: the target is down or the address is wrong. */
function unreachable(report: Report): boolean {
  return report.totals.requests > 0 && report.errors.connect / report.totals.requests > 0.5;
}

export async function deactivate(): Promise<void> {
  // Closing VS Code ends every run: teardown runs and no engine process is left behind.
  await runs?.stopAll();
  await client?.stop();
}
