// Starts the language server (dist/server.js) over IPC. A server that fails to start is reported
// in plain words. The extension checks scenarios through it (server/protocol.ts), so without it
// Run and Validate explain that they cannot check the scenario.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SCENARIO_DOCUMENTS } from './scenario-files';

export async function startLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
): Promise<LanguageClient | undefined> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SCENARIO_DOCUMENTS,
    outputChannel: output,
    // Data-file changes: the server registers its own watcher (dynamic registration).
    synchronize: { configurationSection: 'stampede' },
    initializationOptions: { hints: { enabled: vscode.workspace.getConfiguration('stampede').get<boolean>('hints.enabled', true) } },
  };
  const client = new LanguageClient('stampede', 'Stampede Language Server', serverOptions, clientOptions);
  try {
    await client.start();
    return client;
  } catch (err) {
    output.appendLine(`The language server could not start: ${(err as Error).message}`);
    void vscode.window
      .showErrorMessage(
        `Stampede: the language server could not start (${(err as Error).message}). Validation, completion and runs (which are checked first) are off.`,
        'Show Log',
      )
      .then((choice) => choice && output.show());
    return undefined;
  }
}
