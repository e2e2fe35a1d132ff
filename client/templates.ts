// "New Scenario from Template": a quick pick over the built-in gallery and the workspace's own
// templates (.stampede/templates/*.scenario.yaml); the choice becomes a new, unsaved-free file.
import * as vscode from 'vscode';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface TemplateChoice extends vscode.QuickPickItem {
  file: string;
}

/** First `description:` value or first comment line: what the template is for. */
function describe(file: string): string {
  const text = readFileSync(file, 'utf8');
  const description = /^description:\s*>?-?\s*\n?\s*(.+)$/m.exec(text)?.[1];
  const comment = /^#\s*(.+)$/m.exec(text)?.[1];
  return (description ?? comment ?? '').trim();
}

function listFolder(folder: string, detail: string): TemplateChoice[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /\.scenario\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = join(folder, name);
      return { label: name.replace(/\.scenario\.ya?ml$/, ''), description: describe(file), detail, file };
    });
}

export async function pickTemplate(context: vscode.ExtensionContext): Promise<void> {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const choices = [
    ...(workspace ? listFolder(join(workspace, '.stampede', 'templates'), 'workspace template') : []),
    ...listFolder(context.asAbsolutePath(join('samples', 'gallery')), 'built-in'),
  ];
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('No templates found.');
    return;
  }
  const choice = await vscode.window.showQuickPick(choices, { placeHolder: 'Start a scenario from…', matchOnDescription: true });
  if (!choice) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    const document = await vscode.workspace.openTextDocument({ language: 'stampede-scenario', content: readFileSync(choice.file, 'utf8') });
    await vscode.window.showTextDocument(document);
    return;
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, basename(choice.file)),
    filters: { 'Stampede scenario': ['yaml', 'yml'] },
    title: 'Save the new scenario as',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, readFileSync(choice.file));
  await vscode.window.showTextDocument(target);
}
