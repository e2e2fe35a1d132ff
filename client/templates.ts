// "New Scenario from Template": a quick pick over the built-in gallery and the workspace's own
// templates (.stampede/templates/*.scenario.yaml), the same catalogue as `stampede new`, listed by
// the language server.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TemplateInfo } from '../server/protocol';
import type { ServerRequests } from './server-requests';

interface TemplateChoice extends vscode.QuickPickItem {
  template: TemplateInfo;
}

export async function pickTemplate(context: vscode.ExtensionContext, server: ServerRequests): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  // The catalogue (scenario/catalogue.ts, which reads each template's YAML) lives in the server.
  let templates: TemplateInfo[];
  try {
    ({ templates } = await server.templates({ folder: folder?.fsPath ?? process.cwd(), galleryDir: context.asAbsolutePath(join('samples', 'gallery')) }));
  } catch (error) {
    void vscode.window.showErrorMessage(`Stampede: the templates could not be listed: ${(error as Error).message}.`);
    return;
  }
  if (templates.length === 0) {
    void vscode.window.showInformationMessage('No scenario templates were found.');
    return;
  }
  // The workspace's own templates first: the team chose them.
  const choices: TemplateChoice[] = [...templates]
    .sort((a, b) => (a.source === b.source ? 0 : a.source === 'user' ? -1 : 1))
    .map((template) => ({
      label: template.name,
      description: template.source === 'user' ? 'workspace template' : 'built-in',
      detail: template.summary,
      template,
    }));
  const choice = await vscode.window.showQuickPick(choices, { placeHolder: 'Start a scenario from…', matchOnDetail: true });
  if (!choice) return;
  const content = readFileSync(choice.template.file);
  if (!folder) {
    const document = await vscode.workspace.openTextDocument({ language: 'stampede-scenario', content: content.toString('utf8') });
    await vscode.window.showTextDocument(document);
    return;
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, basename(choice.template.file)),
    filters: { 'Stampede scenario': ['yaml', 'yml'] },
    title: 'Save the new scenario as',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, content);
  await vscode.window.showTextDocument(target);
}
