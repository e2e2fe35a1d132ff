// Running sends traffic and reads files: only in a trusted workspace, and against a host that is
// not loopback only after the user said yes once for this workspace.
import * as vscode from 'vscode';

const ALLOWED_HOSTS_KEY = 'stampede.allowedHosts';

export function explainUntrusted(): void {
  void vscode.window
    .showWarningMessage(
      'Stampede does not run scenarios in an untrusted workspace: a run sends traffic and reads data files. Validation, completion and hovers still work.',
      'Manage Workspace Trust',
    )
    .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
}

/**
 * Resolves true when every host was allowed before, or the user allows them now. `remoteHosts`
 * are the hosts that are not loopback (the language server's scenario facts tell them apart).
 */
export async function confirmHosts(context: vscode.ExtensionContext, remoteHosts: string[]): Promise<boolean> {
  if (!vscode.workspace.getConfiguration('stampede').get<boolean>('confirmNonLoopback', true)) return true;
  const allowed = new Set(context.workspaceState.get<string[]>(ALLOWED_HOSTS_KEY, []));
  const unknown = remoteHosts.filter((host) => !allowed.has(host));
  if (unknown.length === 0) return true;
  const choice = await vscode.window.showWarningMessage(
    `This scenario sends load to ${unknown.join(', ')}, which is not this machine. Only load-test systems you are allowed to test.`,
    { modal: true, detail: 'Your answer is remembered for this workspace.' },
    'Run',
  );
  if (choice !== 'Run') return false;
  for (const host of unknown) allowed.add(host);
  await context.workspaceState.update(ALLOWED_HOSTS_KEY, [...allowed]);
  return true;
}
