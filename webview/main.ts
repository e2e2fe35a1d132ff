// The panel's entry point (dist/webview.js): connects the App to VS Code's webview API and to
// the extension's messages. Browser code only: no `vscode` import, no Node modules.
import type { PanelState } from './protocol';
import { App } from './app';
import { connect, listen } from './vscode-api';

function main(): void {
  const { vscode, root } = connect<PanelState>('app');
  const app = new App(root, vscode);
  listen(vscode, (message) => app.receive(message));
  app.ready();
}

main();
