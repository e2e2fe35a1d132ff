// The panel's entry point (dist/webview.js): connects the App to VS Code's webview API and to
// the extension's messages. Browser code only: no `vscode` import, no Node modules.
import type { ExtensionToPanel, PanelState, PanelToExtension } from './protocol';
import { App } from './app';

interface VsCodeApi {
  postMessage(message: PanelToExtension): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const TYPES = new Set<ExtensionToPanel['type']>(['init', 'engine', 'engineBatch', 'runEnded', 'report', 'theme', 'exportResult']);

function isExtensionMessage(data: unknown): data is ExtensionToPanel {
  return !!data && typeof data === 'object' && TYPES.has((data as { type: ExtensionToPanel['type'] }).type);
}

function main(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
  root.classList.add('app');
  const app = new App(root, vscode);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (!isExtensionMessage(event.data)) return;
    try {
      app.receive(event.data);
    } catch (err) {
      vscode.postMessage({ type: 'panelError', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
    }
  });
  app.ready();
}

main();
