// Zooming a chart as a user does, in headless Chromium: the chart board writes where its time axis
// lies on each canvas (data-axis: plot left and right in CSS pixels, then the seconds they span),
// so a test can press the mouse at one time and release it at another — on a page, or inside a
// webview's frame (`scope`), whose boxes Playwright gives in the page's coordinates.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

type Scope = { locator(selector: string): Locator };

/** A chart's time axis: its plot's left and right (page pixels), the seconds they span, a row to drag on. */
export async function chartAxis(scope: Scope, id: string): Promise<{ left: number; right: number; min: number; max: number; y: number }> {
  const canvas = scope.locator(`#${id}`);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  assert.ok(box, `${id} has a box`);
  const [left, right, min, max] = ((await canvas.getAttribute('data-axis')) ?? '').split(',').map(Number);
  return { left: box.x + left, right: box.x + right, min, max, y: box.y + box.height / 2 };
}

/** Two animation frames: what a zoom's redraw waits for. */
export function nextFrames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** A mouse drag across chart `id` from `a` to `b` seconds (page.mouse: down, moves, up). */
export async function dragChart(page: Page, id: string, a: number, b: number, scope: Scope = page): Promise<void> {
  const x = await chartAxis(scope, id);
  const px = (s: number) => x.left + ((s - x.min) / (x.max - x.min)) * (x.right - x.left);
  await page.mouse.move(px(a), x.y);
  await page.mouse.down();
  await page.mouse.move((px(a) + px(b)) / 2, x.y, { steps: 4 });
  await page.mouse.move(px(b), x.y, { steps: 4 });
  await page.mouse.up();
  if (scope === page) await nextFrames(page);
}

/** A double-click in the middle of chart `id`'s plot. */
export async function doubleClickChart(page: Page, id: string): Promise<void> {
  const x = await chartAxis(page, id);
  await page.mouse.dblclick((x.left + x.right) / 2, x.y);
  await nextFrames(page);
}
