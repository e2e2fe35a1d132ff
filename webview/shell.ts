// The HTML document the extension gives the panel's webview. Pure (no `vscode`, no DOM): the
// extension passes `asWebviewUri`s, a fresh nonce and `webview.cspSource`. Everything visible is
// built by dist/webview.js; the shell only carries the CSP, the stylesheet and the script.

export interface PanelHtmlOptions {
  /** `webview.asWebviewUri(dist/webview.js)` as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)` as a string. */
  styleUri: string;
  /** Fresh per HTML document, from a CSPRNG; base64 or hex. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** The tab's title, e.g. the scenario's name. */
  title: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** The Content-Security-Policy of the panel: only our nonce'd script, only our stylesheet. */
export function panelCsp(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function panelHtml({ scriptUri, styleUri, nonce, cspSource, title }: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('panelHtml: the nonce must be at least 16 base64 or hex characters');
  // VS Code's cspSource is a list of sources such as `'self' https://*.vscode-cdn.net`: quotes and
  // spaces belong there; a `;` would start another directive, `"`, `<` or a line break would
  // leave the attribute.
  if (/[;"<>\r\n]/.test(cspSource)) throw new Error('panelHtml: unexpected characters in cspSource');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escape(panelCsp(nonce, cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escape(styleUri)}" nonce="${escape(nonce)}">
<title>${escape(title)}</title>
</head>
<body>
<div id="root" class="app" aria-busy="true"><p class="boot">Loading the Stampede panel…</p></div>
<script nonce="${escape(nonce)}" src="${escape(scriptUri)}"></script>
</body>
</html>
`;
}
