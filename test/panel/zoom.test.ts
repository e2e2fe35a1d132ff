// Zoom in the run panel, in headless Chromium under the real shell and CSP: a mouse drag across a
// chart of a saved report zooms the charts, the tiles and the steps table show the range's
// figures (report/range.ts's numbers, not the whole run's), the panel tells the extension, and
// Export asks for the range — which the real report writer (dist/report-writer.js) writes as
// exactly the range's rows. Reset restores; a reload keeps the zoom; a live run zooms too.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ReportWriter } from '../../engine/driver/report-writer';
import type { PlanMessage, SnapshotMessage } from '../../engine/protocol/messages';
import { renderTimeseriesCsv } from '../../report/csv';
import { formatCount, formatMs, formatRate } from '../../report/format';
import { rangeFigures, rangeReport, type TimeRange } from '../../report/range';
import type { ExportRequest, PanelState, PanelToExtension } from '../../webview/protocol';
import { buildIntervalReport, intervalRows } from '../fixtures/reports/interval-report';
import { launchChromium } from '../helpers/browser';
import { chartAxis, doubleClickChart, dragChart } from '../helpers/chart-drag';
import { ROOT } from '../helpers/paths';
import { envelopes, openPanel, OUTPUT, PanelHost, posted, savedState, send, settle, tiles, violations, type Panel } from './host';

let browser: Browser;
let host: PanelHost;
let dir: string;
const opened: Panel[] = [];

before(async () => {
  browser = await launchChromium();
  host = await PanelHost.start();
  dir = mkdtempSync(path.join(tmpdir(), 'stampede-panel-zoom-'));
  mkdirSync(OUTPUT, { recursive: true });
});
after(async () => {
  try {
    for (const p of opened) {
      if (!p.page.isClosed()) assert.deepEqual(await violations(p.page), [], 'CSP violations');
      assert.deepEqual(p.problems, [], 'console errors or failed requests');
    }
  } finally {
    await browser?.close();
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function panel(name: string, state: PanelState | null = null): Promise<Panel> {
  const p = await openPanel(browser, host.page(name, { state }));
  opened.push(p);
  return p;
}

const REPORT = buildIntervalReport();
const SOURCE = '/work/runs/zoom/report.json';
const zooms = async (p: Panel) => (await posted(p.page)).filter((m): m is Extract<PanelToExtension, { type: 'zoom' }> => m.type === 'zoom');

test('a saved report: a drag shows the range’s figures, Export asks for the range and the writer writes exactly its rows; Reset restores', async () => {
  const p = await panel('zoom-report');
  const { page } = p;
  await send(page, [{ type: 'report', report: REPORT, source: SOURCE }]);
  const whole = await tiles(page);
  assert.equal(whole.requests, formatCount(REPORT.totals.requests));

  await dragChart(page, 'chart-throughput', 6.3, 13.6);
  await settle(page);
  const range: TimeRange = { from: 6, to: 14 };
  const figures = rangeFigures(REPORT.timeseries, range, REPORT.steps.map((s) => s.name));
  assert.ok(figures.latency);
  const shown = await tiles(page);
  assert.equal(shown.requests, formatCount(figures.totals.requests));
  assert.equal(shown.rps, `${formatRate(figures.totals.rps)}/s`);
  assert.equal(shown.p95, formatMs(figures.latency.p95));
  assert.equal(shown.p99, formatMs(figures.latency.p99));
  for (const key of ['requests', 'p95', 'p99']) assert.notEqual(shown[key], whole[key], key);
  assert.match(await page.locator('#zoom-bar').innerText(), /Range 0:06 – 0:14[\s\S]*Reset[\s\S]*Export \(CSV, JSON\) writes this range/);
  for (const id of ['chart-latency', 'chart-system']) {
    const x = await chartAxis(page, id);
    assert.deepEqual([x.min, x.max], [6, 14], id);
  }
  await page.screenshot({ path: path.join(OUTPUT, 'panel-zoom.png'), fullPage: true });
  const steps = await page.locator('#steps-table tbody tr th .step-name').allInnerTexts();
  assert.deepEqual(steps, ['GET /a', 'GET /b']);
  assert.deepEqual(await zooms(p), [{ type: 'zoom', range }], 'the extension learns the range');

  // Export: CSV and JSON ask for the range, HTML for the whole report (it zooms by itself).
  for (const format of ['CSV', 'JSON', 'HTML']) await page.getByRole('button', { name: `Export report as ${format}` }).click();
  await settle(page);
  const exports = (await posted(page)).filter((m): m is ExportRequest => m.type === 'export');
  assert.deepEqual(exports, [
    { type: 'export', format: 'csv', runId: null, range },
    { type: 'export', format: 'json', runId: null, range },
    { type: 'export', format: 'html', runId: null },
  ]);
  // What the extension does with them: the report writer process writes the range.
  const writer = new ReportWriter(path.join(ROOT, 'dist', 'report-writer.js'));
  const csv = path.join(dir, 'range.csv');
  assert.deepEqual(await writer.export({ type: 'export', report: REPORT, format: 'csv', target: csv, range }), { type: 'exported' });
  assert.equal(readFileSync(csv, 'utf8'), renderTimeseriesCsv(REPORT.timeseries.slice(6, 14)));
  const json = path.join(dir, 'range.json');
  await writer.export({ type: 'export', report: REPORT, format: 'json', target: json, range });
  const written = JSON.parse(readFileSync(json, 'utf8')) as ReturnType<typeof rangeReport>;
  assert.deepEqual(written, JSON.parse(JSON.stringify(rangeReport(REPORT, range))));
  assert.deepEqual(written.timeseries.map((r) => r.elapsed), [7, 8, 9, 10, 11, 12, 13, 14]);
  assert.equal(written.totals.requests, figures.totals.requests);

  // A reload keeps the zoom, and says so to the extension again.
  const state = await savedState(page);
  assert.deepEqual(state?.zoom, range);
  const again = await panel('zoom-restored', state);
  await settle(again.page);
  assert.deepEqual(await tiles(again.page), shown);
  assert.ok(await again.page.locator('#zoom-bar').isVisible());
  assert.deepEqual(await zooms(again), [{ type: 'zoom', range }]);

  await page.click('#zoom-reset');
  await settle(page);
  assert.deepEqual(await tiles(page), whole);
  assert.equal(await page.locator('#zoom-bar').isVisible(), false);
  assert.deepEqual((await zooms(p)).at(-1), { type: 'zoom', range: null });
  await page.getByRole('button', { name: 'Export report as CSV' }).click();
  await settle(page);
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'export').at(-1), { type: 'export', format: 'csv', runId: null }, 'unzoomed: the whole run');

  // A double-click resets too.
  await dragChart(page, 'chart-users', 15.2, 18.9);
  assert.equal((await tiles(page)).requests, formatCount(rangeFigures(REPORT.timeseries, { from: 15, to: 19 }).totals.requests));
  await doubleClickChart(page, 'chart-users');
  await settle(page);
  assert.deepEqual(await tiles(page), whole);
});

test('a live run: a drag shows the range of the run so far in the tiles; the next snapshot keeps it', async () => {
  const p = await panel('zoom-live');
  const { page } = p;
  const rows = intervalRows();
  const plan: PlanMessage = {
    type: 'plan',
    scenario: 'Zoom',
    file: '/work/zoom.scenario.yaml',
    phases: [{ name: 'steady', model: 'closed', from: 5, to: 5, durationMs: 30_000 }],
    totalMs: 30_000,
    intervalMs: 1000,
    criteria: [],
  };
  let requests = 0;
  const snapshots: SnapshotMessage[] = rows.slice(0, 15).map((row) => {
    requests += row.requests;
    return { type: 'snapshot', row, totals: { requests, errors: 0, dropped: 0, iterations: 0 }, elapsedMs: row.elapsed * 1000, totalMs: 30_000 };
  });
  await send(page, [
    { type: 'init', protocol: 1, run: { runId: 'live-1', scenario: 'Zoom', file: plan.file }, running: true },
    ...envelopes('live-1', [plan, { type: 'stage', stage: 'load', time: rows[0].time - 1000 }, ...snapshots]),
  ]);
  assert.equal((await tiles(page)).requests, formatCount(requests), 'the run so far');

  await dragChart(page, 'chart-latency', 3.4, 7.6);
  await settle(page);
  const range = { from: 3, to: 8 };
  const figures = rangeFigures(rows, range);
  assert.ok(figures.latency);
  const shown = await tiles(page);
  assert.equal(shown.requests, formatCount(figures.totals.requests));
  assert.equal(shown.p99, formatMs(figures.latency.p99));
  assert.equal(shown.iterations, formatCount(figures.totals.iterations));
  assert.match(await page.locator('#zoom-bar').innerText(), /Range 0:03 – 0:08[\s\S]*run so far/);

  await send(page, envelopes('live-1', [{ type: 'snapshot', row: rows[15], totals: { requests: requests + rows[15].requests, errors: 0, dropped: 0, iterations: 0 }, elapsedMs: 16_000, totalMs: 30_000 }], 2 + snapshots.length));
  assert.deepEqual(await tiles(page), shown, 'a new interval outside the range changes nothing');
  const x = await chartAxis(page, 'chart-latency');
  assert.deepEqual([x.min, x.max], [3, 8]);
});
