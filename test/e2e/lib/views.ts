// Driving a tree view contributed by the extension (VS Code 1.100's web workbench): bring it into
// view, read its rows, use an item's context menu, answer a modal dialog. Selectors checked on
// code-server 4.100.3.
import type { Locator, Page } from 'playwright-core';
import { sleep } from './processes';
import { waitUntil } from './workbench';

/** The pane of the view called `name` (its header reads `name`). */
export function viewPane(page: Page, name: string): Locator {
  return page.locator('.pane', { has: page.locator(`.pane-header[aria-label^="${name}"]`) });
}

/** The rows of a view's tree, or the one whose text matches `text`. */
export function viewRows(page: Page, name: string, text?: string | RegExp): Locator {
  const rows = viewPane(page, name).locator('.monaco-list-row');
  return text === undefined ? rows : rows.filter({ hasText: text });
}

/**
 * The palette's "Focus on <name> View" (the command VS Code generates for every view), once the
 * view is there: its palette entry has the view's `when`, which the extension sets as it activates.
 */
export async function focusView(page: Page, name: string): Promise<void> {
  await page.locator(`.pane-header[aria-label^="${name}"]`).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible' });
  await page.keyboard.type(`Focus on ${name} View`);
  const first = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
  await waitUntil(`"Focus on ${name} View" in the palette`, async () => ((await first.getAttribute('aria-label')) ?? '').includes(`Focus on ${name} View`), 20_000);
  await page.keyboard.press('Enter');
  await viewPane(page, name).locator('.monaco-list').first().waitFor({ timeout: 10_000 });
}

/** Right-clicks `row` and chooses `item` in its context menu. */
export async function contextMenu(page: Page, row: Locator, item: string): Promise<void> {
  await row.click({ button: 'right' });
  // The menu may live in a shadow root; Playwright's CSS locators pierce open ones.
  const entry = page.locator('.monaco-menu .action-item', { has: page.locator(`.action-label[aria-label="${item}"]`) }).first();
  await entry.waitFor({ timeout: 10_000 });
  await sleep(100); // the menu takes a frame to accept clicks
  await entry.click();
}

/** Clicks `button` in the modal dialog showing `message`. */
export async function answerDialog(page: Page, message: string | RegExp, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: message });
  await dialog.waitFor({ timeout: 10_000 });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}
