// What both pages (the run panel, dist/webview.js, and the compare panel, dist/compare.js) do with
// the webview: take VS Code's API once, find their root element, and hear the extension's messages.
import { checkExtensionToPanel, type ExtensionToPanel, type PanelToExtension } from './protocol';

/** VS Code's API in a webview; `State` is what the page persists for a reload. */
export interface VsCodeApi<State> {
  postMessage(message: PanelToExtension): void;
  getState(): unknown;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): unknown;

/** The API (VS Code hands it out once per page) and the page's root element, marked `classes`. */
export function connect<State>(...classes: string[]): { vscode: VsCodeApi<State>; root: HTMLElement } {
  const vscode = acquireVsCodeApi() as VsCodeApi<State>;
  const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
  root.classList.add(...classes);
  return { vscode, root };
}

/** Hands `receive` each message from the extension, checked first; what goes wrong is told to it. */
export function listen(vscode: VsCodeApi<unknown>, receive: (message: ExtensionToPanel) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    // Checked against its declared type before anything reads it: a malformed message is dropped,
    // and the extension's output channel says so.
    const problem = checkExtensionToPanel(event.data);
    if (problem) {
      vscode.postMessage({ type: 'panelError', message: `dropped a malformed message from the extension: ${problem}` });
      return;
    }
    try {
      receive(event.data as ExtensionToPanel);
    } catch (err) {
      vscode.postMessage({ type: 'panelError', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
    }
  });
}
