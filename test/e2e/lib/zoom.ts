// Zoom in the real panel (issue 13's "a zoomed chart with the tiles recomputed"): a mouse drag
// across a chart of the report the panel shows, inside VS Code's webview frames; the tiles must
// show the range's figures as report/range.ts computes them from the report.json on disk, and
// Reset must bring the whole run back.
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { formatCount, formatMs } from '../../../report/format';
import { rangeFigures, snapRange } from '../../../report/range';
import type { Report } from '../../../report/types';
import { dragChart } from '../../helpers/chart-drag';
import { shot, waitUntil } from './workbench';

export async function checkZoom(page: Page, panel: FrameLocator, report: Report): Promise<void> {
  const rows = report.timeseries;
  const end = rows[rows.length - 1].elapsed;
  const [a, b] = [end * 0.3, end * 0.8];
  const range = snapRange(rows, a, b);
  assert.ok(range, 'the report has intervals');
  const figures = rangeFigures(rows, range, report.steps.map((s) => s.name));
  assert.ok(figures.latency, 'the report has per-interval histograms');
  const requests = panel.locator('#summary [data-tile="requests"] .value');
  const whole = await requests.textContent();
  await dragChart(page, 'chart-throughput', a, b, panel);
  await panel.locator('#zoom-bar').waitFor({ state: 'visible', timeout: 10_000 });
  const expected = formatCount(figures.totals.requests);
  await waitUntil(`the Requests tile shows the range's ${expected}`, async () => (await requests.textContent()) === expected, 10_000);
  assert.equal(await panel.locator('#summary [data-tile="p95"] .value').textContent(), formatMs(figures.latency.p95));
  if (figures.totals.requests !== report.totals.requests) assert.notEqual(expected, whole);
  await shot(page, '13-report-zoomed');
  await panel.locator('#zoom-reset').click();
  await waitUntil('Reset: the whole run again', async () => (await requests.textContent()) === whole, 10_000);
}
