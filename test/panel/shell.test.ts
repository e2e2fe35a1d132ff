// The panel's HTML shell is a pure function the extension calls with its webview's values: it
// must carry the strict CSP with the nonce, load only the given script and stylesheet, and
// escape what it is given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { panelCsp, panelHtml } from '../../webview/shell';

const options = {
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
  nonce: 'q3Zt1Rk7Yb2Vn8Pw5Lc0Xg==',
  cspSource: 'https://*.vscode-cdn.net',
  title: 'Checkout <script>alert(1)</script> & "more"',
};

test('the CSP allows only the nonce for scripts and the webview source for styles, images and fonts', () => {
  assert.equal(
    panelCsp(options.nonce, options.cspSource),
    "default-src 'none'; script-src 'nonce-q3Zt1Rk7Yb2Vn8Pw5Lc0Xg=='; style-src https://*.vscode-cdn.net 'nonce-q3Zt1Rk7Yb2Vn8Pw5Lc0Xg=='; " +
      "img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net; base-uri 'none'; form-action 'none'",
  );
});

test('panelHtml: CSP meta first, one nonce script, one stylesheet, the title escaped, no inline code', () => {
  const html = panelHtml(options);
  const head = html.slice(0, html.indexOf('</head>'));
  assert.ok(head.indexOf('http-equiv="Content-Security-Policy"') < head.indexOf('<link'), 'the CSP comes before anything it governs');
  assert.match(html, /content="default-src &#39;none&#39;; script-src &#39;nonce-q3Zt1Rk7Yb2Vn8Pw5Lc0Xg==&#39;;/);
  assert.equal(html.match(/<script\b/g)?.length, 1);
  assert.match(html, /<script nonce="q3Zt1Rk7Yb2Vn8Pw5Lc0Xg==" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.css" nonce="q3Zt1Rk7Yb2Vn8Pw5Lc0Xg==">/);
  assert.match(html, /<title>Checkout &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;more&quot;<\/title>/);
  assert.doesNotMatch(html, /style=|<style|\bon[a-z]+=/i);
  assert.match(html, /<div id="root"/);
});

test('panelHtml refuses a weak nonce and a cspSource that could smuggle directives', () => {
  assert.throws(() => panelHtml({ ...options, nonce: 'abc' }), /nonce/);
  assert.throws(() => panelHtml({ ...options, nonce: 'aaaaaaaaaaaaaaaa"><script>' }), /nonce/);
  assert.throws(() => panelHtml({ ...options, cspSource: "https://x; script-src 'unsafe-inline'" }), /cspSource/);
  assert.throws(() => panelHtml({ ...options, cspSource: 'https://x"><script>' }), /cspSource/);
});

test("panelHtml takes VS Code's real cspSource, quotes and wildcards included", () => {
  const html = panelHtml({ ...options, cspSource: "'self' https://*.vscode-cdn.net" });
  assert.match(html, /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net &#39;nonce-/);
});
