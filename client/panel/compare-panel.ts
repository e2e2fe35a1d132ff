// The compare panels ("Compare: A ↔ B"): the host only reads the two reports and hands them to
// the page, which compares them (report/compare.ts runs in dist/compare.js, not in this host).
// A restored panel redraws from the state its page saved; the host sends it nothing.
import * as vscode from 'vscode';
import { checkPanelToExtension, type CompareMessage, type CompareSide, type PanelToExtension } from '../../webview/protocol';
import { pageHtml, panelOptions } from './run-panel';

export const COMPARE_VIEW_TYPE = 'stampede.compare';
/** `stampede compare`'s default threshold. */
const THRESHOLD = 0.1;

export type OpenCompare = (baseline: CompareSide, current: CompareSide) => void;

/** Restores compare panels after a reload; returns the function that opens a new one. */
export function registerComparePanels(context: vscode.ExtensionContext, log: vscode.OutputChannel): OpenCompare {
  const attach = (panel: vscode.WebviewPanel, compare?: CompareMessage): void => {
    const webview = panel.webview;
    webview.options = panelOptions(context);
    webview.html = pageHtml(context, webview, 'compare', panel.title);
    // The page follows theme changes itself (VS Code changes its body's class and variables).
    const listening = webview.onDidReceiveMessage((message: unknown) => {
      // The page is untrusted input: a message that is not what it should be is only logged.
      const problem = checkPanelToExtension(message);
      if (problem) return log.appendLine(`[compare] dropped a malformed message: ${problem}`);
      const m = message as PanelToExtension;
      if (m.type === 'panelError') log.appendLine(`[compare] ${m.message}`);
      else if (m.type === 'ready' && compare) void webview.postMessage(compare);
    });
    panel.onDidDispose(() => listening.dispose());
  };
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, { deserializeWebviewPanel: async (panel) => attach(panel) }));
  return (baseline, current) =>
    attach(vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Compare: ${baseline.label} ↔ ${current.label}`, vscode.ViewColumn.Active, panelOptions(context)), {
      type: 'compare',
      baseline,
      current,
      threshold: THRESHOLD,
    });
}
