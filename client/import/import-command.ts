// "Stampede: Import…": a HAR file, an OpenAPI document, a Postman collection, a .http/.rest file
// or an Artillery script becomes `<name>.scenario.yaml` beside it, opened beside the source. The
// format is detected (by the importer) or, when it is not, asked for. What was not translated and
// the environment variables to set go to the output channel, behind "Show Details".
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isScenarioFile } from '../scenario-files';
import { runImport, type ImportOutcome } from './run-import';

/** The formats `stampede import --from` takes, as the QuickPick names them. */
const FORMATS = [
  { label: 'HAR', description: 'a browser’s network export (.har)', format: 'har' },
  { label: 'OpenAPI 3', description: 'YAML or JSON', format: 'openapi' },
  { label: 'Postman collection', description: 'v2.1 JSON', format: 'postman' },
  { label: '.http / .rest', description: 'REST Client, httpyac', format: 'http' },
  { label: 'Artillery script', description: 'YAML or JSON', format: 'artillery' },
];

export const IMPORT_FILTERS: Record<string, string[]> = {
  'Importable files': ['har', 'yaml', 'yml', 'json', 'http', 'rest'],
  HAR: ['har'],
  'OpenAPI, Postman, Artillery': ['yaml', 'yml', 'json'],
  '.http / .rest': ['http', 'rest'],
};

/** `petstore.yaml` → `petstore.scenario.yaml`; `shop.postman_collection.json` → `shop.scenario.yaml`. */
export function scenarioPathFor(source: string): string {
  const name = basename(source).replace(/\.[^.]+$/, '').replace(/\.postman_collection$/i, '') || 'imported';
  return join(dirname(source), `${name}.scenario.yaml`);
}

export async function importFile(dist: string, log: vscode.OutputChannel, arg: unknown): Promise<vscode.Uri | undefined> {
  const source = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({ canSelectMany: false, filters: IMPORT_FILTERS, openLabel: 'Import' }))?.[0];
  if (!source) return undefined;
  const name = vscode.workspace.asRelativePath(source);
  if (source.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Stampede: ${name} is not a local file; only local files can be imported.`);
    return undefined;
  }
  if (isScenarioFile(source.fsPath)) {
    void vscode.window.showInformationMessage(`${name} is a Stampede scenario already.`);
    return undefined;
  }
  const out = scenarioPathFor(source.fsPath);
  const outName = vscode.workspace.asRelativePath(out);
  let force = false;
  if (existsSync(out)) {
    const choice = await vscode.window.showWarningMessage(`${outName} exists. Overwrite it with the import of ${basename(source.fsPath)}?`, { modal: true }, 'Overwrite');
    if (choice !== 'Overwrite') return undefined;
    force = true;
  }
  const cwd = vscode.workspace.getWorkspaceFolder(source)?.uri.fsPath;
  const run = (from?: string): Thenable<ImportOutcome> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Importing ${basename(source.fsPath)}…` }, () =>
      runImport(dist, source.fsPath, out, { force, ...(from ? { from } : {}), ...(cwd ? { cwd } : {}) }),
    );
  let outcome = await run();
  if (outcome.unknownFormat) {
    const picked = await vscode.window.showQuickPick(FORMATS, { placeHolder: `${basename(source.fsPath)}: which format is it? (it was not recognised)` });
    if (!picked) return undefined;
    outcome = await run(picked.format);
  }
  logOutcome(log, name, outName, outcome);
  if (!outcome.written) {
    void vscode.window.showErrorMessage(`Stampede: ${name} could not be imported: ${outcome.failure ?? 'unknown error'}`, 'Show Details').then((c) => c && log.show(true));
    return undefined;
  }
  const uri = vscode.Uri.file(out);
  // Source and scenario side by side: the source first where it is not shown (an Explorer import).
  if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === source.toString())) {
    await vscode.window.showTextDocument(source, { preview: true, preserveFocus: true });
  }
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside });
  if (outcome.errors.length > 0) {
    void vscode.window
      .showErrorMessage(`Stampede: the import of ${name} has ${outcome.errors.length} error${outcome.errors.length === 1 ? '' : 's'} (please report it with the file): ${outcome.errors[0]}`, 'Show Details')
      .then((c) => c && log.show(true));
  } else {
    const notes = [
      outcome.untranslated.length > 0 ? `${outcome.untranslated.length} item${outcome.untranslated.length === 1 ? '' : 's'} not translated` : '',
      outcome.env.length > 0 ? `set ${outcome.env.map((e) => e.split(':')[0]).join(', ')}` : '',
    ].filter(Boolean);
    const message = `Imported ${basename(source.fsPath)} as ${basename(out)}${notes.length > 0 ? `: ${notes.join('; ')}` : '.'}`;
    void (notes.length > 0 ? vscode.window.showInformationMessage(message, 'Show Details') : vscode.window.showInformationMessage(message)).then((c) => c && log.show(true));
  }
  return uri;
}

function logOutcome(log: vscode.OutputChannel, name: string, outName: string, outcome: ImportOutcome): void {
  log.appendLine(`import ${name} → ${outName}${outcome.written ? '' : ` failed: ${outcome.failure ?? ''}`}`);
  for (const item of outcome.untranslated) log.appendLine(`  not translated: ${item}`);
  for (const item of outcome.env) log.appendLine(`  set ${item}`);
  for (const item of outcome.companions) log.appendLine(`  wrote ${item}`);
  for (const item of outcome.errors) log.appendLine(`  ${item}`);
}
