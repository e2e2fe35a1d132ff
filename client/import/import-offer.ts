// A HAR file or an OpenAPI document that appears in a folder holding scenarios (dropped in,
// saved from a browser, checked out) is offered for import, once per file, for files created
// while the extension runs. `stampede.offerImport: false` turns the offer off.
import * as vscode from 'vscode';
import { readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isScenarioFile } from '../scenario-files';

/** An OpenAPI 3 document says so near its top: `openapi: 3.x` or `"openapi": "3.x"`. */
export function looksLikeOpenApi(head: string): boolean {
  return /^\s*["']?openapi["']?\s*:\s*["']?3\./m.test(head);
}

async function head(file: string, bytes = 4096): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function offerable(uri: vscode.Uri): Promise<boolean> {
  const file = uri.fsPath;
  if (uri.scheme !== 'file' || isScenarioFile(file) || /[\\/](node_modules|\.stampede|\.git)[\\/]/.test(file)) return false;
  try {
    if (!readdirSync(dirname(file)).some(isScenarioFile)) return false;
    if (/\.har$/i.test(file)) return true;
    // A file being copied in may still be empty when it is announced.
    const start = (await head(file)) || (await new Promise((r) => setTimeout(r, 1000)), await head(file));
    return looksLikeOpenApi(start);
  } catch {
    return false; // gone again, or unreadable
  }
}

export function registerImportOffer(context: vscode.ExtensionContext, importFile: (uri: vscode.Uri) => unknown): void {
  const offered = new Set<string>();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{har,yaml,yml,json}', false, true, true);
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(async (uri) => {
      if (!vscode.workspace.getConfiguration('stampede', uri).get<boolean>('offerImport', true) || offered.has(uri.toString())) return;
      if (!(await offerable(uri))) return;
      offered.add(uri.toString());
      const choice = await vscode.window.showInformationMessage(`Import ${basename(uri.fsPath)} as a Stampede scenario?`, 'Import', 'Don’t Ask Again');
      if (choice === 'Import') await importFile(uri);
      else if (choice === 'Don’t Ask Again') await vscode.workspace.getConfiguration('stampede').update('offerImport', false, vscode.ConfigurationTarget.Global);
    }),
  );
}
