// What both in-host suites use: the extension's id, the workspace's files, waiting and timing out,
// and whether a process is gone.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';

export const EXTENSION_ID = 'stampede.stampede';

export const folder = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the workbench opened no folder');
  return f.uri;
};
export const file = (name: string): vscode.Uri => vscode.Uri.joinPath(folder(), name);

export async function waitFor<T>(what: string, fn: () => T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function within<T>(what: string, promise: Thenable<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Opens `uri` as the only editor, with the cursor at its top, and waits until it is the active
 * text editor: `testing.runAtCursor` runs whatever is at the active editor's cursor, and a panel
 * revealing itself late (a run's report) must not be the active one by then.
 */
export async function focusAtTop(uri: vscode.Uri): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  await waitFor(`${uri.fsPath} as the active editor`, () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), 10_000);
  return editor;
}
