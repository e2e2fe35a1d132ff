// A stand-in for VS Code's webview host: the panel's own shell (panelHtml) served over HTTP from
// a temporary folder with the built dist/webview.js and .css (or the compare page's
// dist/compare.js and .css, or the inspector's), under the real CSP, plus one
// nonce'd script that plays the workbench — a fake `acquireVsCodeApi` recording posted messages
// and state, the theme's CSS variables and body class — and records CSP violations.
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { EngineToClient } from '../../engine/protocol/messages';
import type { ExtensionToPanel, InspectorState, PanelState, PanelToExtension } from '../../webview/protocol';
import type { CompareState } from '../../webview/compare-model';
import { panelHtml } from '../../webview/shell';
import { THEMES, type ThemeName } from '../fixtures/panel/themes';
import { launchChromium } from '../helpers/browser';
import { ROOT } from '../helpers/paths';

export const OUTPUT = path.join(ROOT, 'test-output');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'panel');

export function readStream(name: string): EngineToClient[] {
  return readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EngineToClient);
}

export class PanelHost {
  private constructor(
    readonly dir: string,
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<PanelHost> {
    const dir = mkdtempSync(path.join(tmpdir(), 'stampede-panel-'));
    for (const file of ['webview.js', 'webview.css', 'compare.js', 'compare.css', 'inspector.js', 'inspector.css']) copyFileSync(path.join(ROOT, 'dist', file), path.join(dir, file));
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8' };
    const server = createServer((req, res) => {
      const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
      // Chromium asks every origin for one; VS Code's webviews have none either.
      if (name === 'favicon.ico') return void res.writeHead(204).end();
      try {
        const body = readFileSync(path.join(dir, name));
        res.writeHead(200, { 'content-type': types[path.extname(name)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new PanelHost(dir, server, `http://127.0.0.1:${port}`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Writes a host page for this theme and saved state (of the run page or the compare page); returns its URL. */
  page(name: string, options: { theme?: ThemeName; state?: PanelState | CompareState | InspectorState | null; script?: 'webview' | 'compare' | 'inspector' } = {}): string {
    const nonce = randomBytes(16).toString('base64');
    const theme = THEMES[options.theme ?? 'dark'];
    const seed = JSON.stringify({ state: options.state ?? null, theme }).replace(/</g, '\\u003c');
    const workbench = `<script nonce="${nonce}">(() => {
  const seed = ${seed};
  window.__posted = []; window.__violations = []; window.__setStates = 0; window.__state = seed.state;
  let state = seed.state;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => { state = JSON.parse(JSON.stringify(s)); window.__state = state; window.__setStates++; },
    };
  };
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  for (const [k, v] of Object.entries(seed.theme.vars)) document.documentElement.style.setProperty(k, v);
  document.body.className = seed.theme.bodyClass;
})();</script>`;
    const html = panelHtml({
      scriptUri: `${this.origin}/${options.script ?? 'webview'}.js`,
      styleUri: `${this.origin}/${options.script ?? 'webview'}.css`,
      nonce,
      cspSource: this.origin,
      title: 'Stampede',
    }).replace('<body>\n', `<body>\n${workbench}\n`);
    writeFileSync(path.join(this.dir, `${name}.html`), html);
    return `${this.origin}/${name}.html`;
  }
}

/** A panel page with everything that should never happen recorded. */
export interface Panel {
  page: Page;
  problems: string[];
  dialogs: string[];
}

export async function openPanel(browser: Browser, url: string, viewport = { width: 1280, height: 1000 }): Promise<Panel> {
  const page = await browser.newPage({ viewport });
  const panel: Panel = { page, problems: [], dialogs: [] };
  page.on('pageerror', (err) => panel.problems.push(`pageerror: ${err.message}`));
  page.on('console', (m) => {
    // The tests' own getImageData readbacks draw Chromium's willReadFrequently hint: not the panel's.
    if (m.text().includes('willReadFrequently')) return;
    if (m.type() === 'error' || m.type() === 'warning') panel.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    panel.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('requestfailed', (r) => panel.problems.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return panel;
}

/**
 * The calling test file's browser and host, started before its tests. After them every page
 * opened through `open` is checked — no CSP violation, no console error, no dialog — and closed;
 * the browser and the host close even when a check fails, so nothing is left running.
 */
export function panelSession() {
  let browser: Browser | undefined;
  let host: PanelHost | undefined;
  const opened: Panel[] = [];
  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    browser = await launchChromium();
    host = await PanelHost.start();
  });
  after(async () => {
    try {
      for (const p of opened) {
        if (!p.page.isClosed()) {
          assert.deepEqual(await violations(p.page), [], 'CSP violations');
          await p.page.close();
        }
        assert.deepEqual(p.problems, [], 'console errors or failed requests');
        assert.deepEqual(p.dialogs, [], 'dialogs');
      }
    } finally {
      await browser?.close();
      await host?.close();
    }
  });
  const started = () => {
    if (!browser || !host) throw new Error('the panel session has not started: use it inside a test');
    return { browser, host };
  };
  return {
    get browser(): Browser {
      return started().browser;
    },
    get host(): PanelHost {
      return started().host;
    },
    async open(name: string, options: Parameters<PanelHost['page']>[1] = {}, viewport?: { width: number; height: number }): Promise<Panel> {
      const p = await openPanel(started().browser, started().host.page(name, options), viewport);
      opened.push(p);
      return p;
    },
  };
}

/** Sends messages as the extension would (window.postMessage), then waits for the draw. */
export async function send(page: Page, messages: ExtensionToPanel[]): Promise<void> {
  await page.evaluate((all) => {
    for (const m of all) window.postMessage(m, '*');
  }, messages);
  await settle(page);
}

/** Wraps engine messages as the extension numbers them. */
export function envelopes(runId: string, messages: EngineToClient[], firstSeq = 0): ExtensionToPanel[] {
  return messages.map((message, i) => ({ type: 'engine', runId, seq: firstSeq + i, message }));
}

/** Lets queued messages be delivered, the next frames draw and the state save run. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300))), 0);
      }),
  );
}

export function posted(page: Page): Promise<PanelToExtension[]> {
  return page.evaluate(() => (window as unknown as { __posted: PanelToExtension[] }).__posted);
}

export function savedState(page: Page): Promise<PanelState | null> {
  return page.evaluate(() => (window as unknown as { __state: PanelState | null }).__state);
}

export function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

/** The value text of each tile, by key. */
export function tiles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const t of Array.from(document.querySelectorAll<HTMLElement>('[data-tile]'))) {
      if (t.offsetParent === null) continue;
      out[t.dataset.tile as string] = (t.querySelector('.value')?.textContent ?? '').trim();
    }
    return out;
  });
}

/** Per chart: painted pixels, pixels near a given colour, and the points the last draw placed. */
export function chartPixels(page: Page, colorVar: string) {
  return page.evaluate((name) => {
    const parse = (c: string) => {
      const probe = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      probe.fillStyle = c;
      const hex = String(probe.fillStyle).replace('#', '');
      return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    };
    return Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas')).map((canvas) => {
      const [r, g, b] = parse(getComputedStyle(document.documentElement).getPropertyValue(name).trim());
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      let near = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0) painted++;
        if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60) near++;
      }
      return {
        id: canvas.id,
        painted,
        near,
        points: Number(canvas.dataset.points ?? 0),
        draws: Number(canvas.dataset.draws ?? 0),
        cssWidth: canvas.clientWidth,
      };
    });
  }, colorVar);
}
