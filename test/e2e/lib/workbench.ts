// Driving VS Code's web workbench from headless Chromium (playwright-core). Selectors checked on
// code-server 4.100.3 (VS Code 1.100.3); see test/e2e/README.md for the ones that matter.
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { CHROMIUM_ARGS } from '../../helpers/browser';
import { ROOT } from '../../helpers/paths';
import { sleep } from './processes';

export const SHOTS = join(ROOT, 'test-output', 'e2e');

export function launchBrowser(): Promise<Browser> {
  // Playwright adds --headless and a fresh temporary profile (in the test process's TMPDIR).
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function newContext(browser: Browser, nonLocal: Set<string>): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Everything must stay on this machine: remember any request to another host that was answered
  // by the network or failed. Webview resources (https://*.vscode-resource.vscode-cdn.net/…) are
  // answered by the webview's service worker from the server, so they do not count.
  const remote = (u: string): URL | undefined => {
    const url = new URL(u);
    return /^(https?|wss?):$/.test(url.protocol) && !['127.0.0.1', 'localhost'].includes(url.hostname) ? url : undefined;
  };
  context.on('response', (r) => {
    const url = remote(r.url());
    if (url && !r.fromServiceWorker()) nonLocal.add(url.origin);
  });
  context.on('requestfailed', (r) => {
    const url = remote(r.url());
    if (url) nonLocal.add(`${url.origin} (failed: ${r.failure()?.errorText ?? '?'})`);
  });
  return context;
}

/** Forwards the page's console (the remote extension host's console arrives here) into `lines`. */
export function captureConsole(page: Page, lines: string[]): void {
  page.on('console', async (m) => {
    try {
      const args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => '?')));
      // The extension host's console is relayed as console.log('%c INFO', 'color: …', fmt, ...args).
      if (typeof args[0] === 'string' && args[0].startsWith('%c')) args.splice(0, 2);
      lines.push(`[${m.type()}] ${format(...args)}`);
    } catch {
      lines.push(`[${m.type()}] ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Waits for the workbench; answers the trust dialog when asked to; then for `fileName` in the Explorer. */
export async function openWorkbench(page: Page, url: string, fileName: string, trust?: 'yes' | 'no', onDialog?: () => Promise<void>): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  if (trust) {
    // "Do you trust the authors of the files in this folder?" is modal and blocks every shortcut.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await onDialog?.();
    const name = trust === 'yes' ? 'Yes, I trust the authors' : "No, I don't trust the authors";
    await dialog.getByRole('button', { name }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  // Usable: the remote file tree is listed, so server, remote file system and workbench are up.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 90_000 });
}

async function quickInput(page: Page, key: string, text: string) {
  await page.keyboard.press(key);
  await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible' });
  await page.keyboard.type(text);
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
}

export function tab(page: Page, fileName: string) {
  return page.locator(`.tabs-container .tab[aria-label*="${fileName}"]`);
}

/** Quick Open (Ctrl+P) `fileName`, Enter, and wait for its tab. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  const rows = await quickInput(page, 'Control+P', fileName);
  await rows.filter({ hasText: fileName }).first().waitFor({ timeout: 20_000 });
  await waitForFirstRow(rows, (label) => label.includes(fileName));
  await page.keyboard.press('Enter');
  await tab(page, fileName).first().waitFor();
}

/** Moves the cursor with Quick Open's ":line:column" (1-based). */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await quickInput(page, 'Control+P', `:${line}:${column}`);
  await sleep(150);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function waitForFirstRow(rows: ReturnType<Page['locator']>, ok: (label: string) => boolean, tries = 100): Promise<void> {
  // The list filters asynchronously: Enter acts on the first row, so wait until it is the one we want.
  const first = rows.first();
  await first.waitFor({ timeout: 20_000 });
  for (let i = 0; i < tries; i++) {
    if (ok((await first.getAttribute('aria-label')) ?? '')) return;
    await sleep(100);
  }
  throw new Error(`first quick-input row is "${await first.getAttribute('aria-label')}"`);
}

/** F1, the command's title (e.g. "Stampede: Run Scenario"), Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // The palette lists the commands whose `when` held as it opened: a command enabled by an editor
  // that became active a moment before (`editorLangId`) may be missing. Then it is opened again.
  for (let attempt = 1; ; attempt++) {
    const rows = await quickInput(page, 'F1', title);
    try {
      await waitForFirstRow(rows, (label) => label.startsWith(title), attempt < 3 ? 30 : 100);
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    }
  }
  await page.keyboard.press('Enter');
}

/**
 * Answers the open dialog code-server shows (VS Code's simple file dialog, a quick input holding
 * a path) with the absolute `path` of a file: filled in whole, then Enter once the dialog has
 * made that file its focused row. It reads the folder and completes names asynchronously, and
 * Enter acts on whatever it holds at that moment.
 */
export async function answerFileDialog(page: Page, path: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  // The dialog opens on a folder: its value is that folder's path (the palette's began with ">").
  await waitUntil('the file dialog', async () => (await input.isVisible()) && (await input.inputValue()).startsWith('/'), 20_000);
  await input.fill(path);
  const name = path.slice(path.lastIndexOf('/') + 1);
  const active = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused');
  await waitUntil(`${name} active in the file dialog`, async () => ((await active.first().getAttribute('aria-label')) ?? '').startsWith(name), 10_000);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The page of the webview panel: two nested iframes, the inner one renamed active-frame once loaded. */
export function webview(page: Page, nth = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(nth).frameLocator('#active-frame');
}

/** The number on one of the panel's tiles (`requests`, `users`, …); 0 while it has none. */
export async function tileCount(panel: FrameLocator, key: string): Promise<number> {
  return Number(((await panel.locator(`[data-tile="${key}"] .value`).first().textContent()) ?? '').replace(/[^\d.]/g, '')) || 0;
}

export function toast(page: Page, text: string | RegExp) {
  // The toast's own textContent includes injected <style>; the message element does not.
  return page.locator('.notification-toast .notification-list-item-message', { hasText: text });
}

/** The button `action` of the toast whose message matches `text`. */
export function toastAction(page: Page, text: string | RegExp, action: string) {
  // `has` is matched inside the toast: the message's own class, not toast()'s page-wide selector.
  const message = page.locator('.notification-list-item-message', { hasText: text });
  return page.locator('.notification-toast', { has: message }).getByRole('button', { name: action, exact: true });
}

export function statusItem(page: Page, text: string | RegExp) {
  return page.locator('.statusbar-item', { hasText: text });
}

/** A bounded wait for a condition the page cannot express as a selector. */
export async function waitUntil<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await sleep(200);
  }
}
