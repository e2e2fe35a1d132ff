// Starting from what exists and trying it: "Stampede: Import…" (also the Explorer's "Import as
// Stampede Scenario" and the offer when a HAR or OpenAPI file appears), and "Try" (a CodeLens on
// the file and on each flow) with its inspector panels.
import * as vscode from 'vscode';
import { scenarioUri } from './commands';
import { importFile } from './import/import-command';
import { registerImportOffer } from './import/import-offer';
import { SCENARIO_DOCUMENTS } from './scenario-files';
import type { ServerRequests } from './server-requests';
import { InspectorPanels } from './try/inspector-panels';
import { TryCodeLens } from './try/try-codelens';
import { tryScenario } from './try/try-command';

export function registerAuthoring(context: vscode.ExtensionContext, server: ServerRequests, output: vscode.OutputChannel): InspectorPanels {
  const inspectors = new InspectorPanels(context, output);
  const dist = context.asAbsolutePath('dist');
  const doImport = (arg: unknown): Promise<vscode.Uri | undefined> => importFile(dist, output, arg);
  context.subscriptions.push(
    inspectors,
    vscode.languages.registerCodeLensProvider(SCENARIO_DOCUMENTS, new TryCodeLens(server)),
    vscode.commands.registerCommand('stampede.try', async (arg: unknown, flow: unknown) => {
      const uri = scenarioUri(arg);
      if (!uri) {
        void vscode.window.showInformationMessage('Open a scenario (*.scenario.yaml) to try it.');
        return undefined;
      }
      return tryScenario(context, server, inspectors, output, uri, typeof flow === 'string' ? flow : undefined);
    }),
    vscode.commands.registerCommand('stampede.import', doImport),
    // The Explorer's context menu ("Import as Stampede Scenario"): the same, with the file clicked.
    vscode.commands.registerCommand('stampede.importFile', doImport),
  );
  registerImportOffer(context, doImport);
  return inspectors;
}
