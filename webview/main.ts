// The panel's entry point (dist/webview.js): connects the App to VS Code's webview API and to
// the extension's messages. Browser code only: no `vscode` import, no Node modules.
import { checkExtensionToPanel, type ExtensionToPanel, type PanelState, type PanelToExtension } from './protocol';
import { App } from './app';

interface VsCodeApi {
  postMessage(message: PanelToExtension): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

function main(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
  root.classList.add('app');
  const app = new App(root, vscode);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    // Checked against its declared type before anything reads it: a malformed message is dropped,
    // and the extension's output channel says so.
    const problem = checkExtensionToPanel(event.data);
    if (problem) {
      vscode.postMessage({ type: 'panelError', message: `dropped a malformed message from the extension: ${problem}` });
      return;
    }
    try {
      app.receive(event.data as ExtensionToPanel);
    } catch (err) {
      vscode.postMessage({ type: 'panelError', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
    }
  });
  app.ready();
}

main();
