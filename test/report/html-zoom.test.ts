// Zoom in report.html, opened from disk in headless Chromium as a reader would: a mouse drag
// across a chart zooms every chart to those intervals, the tiles and the steps table show the
// range's figures — the very numbers report/range.ts computes, not the whole run's — under a
// "Range … · Reset" bar whose buttons download exactly the range's rows (CSV) and figures (JSON);
// Reset, a double-click and the keyboard form work; a report from before zoom says what it can show.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderTimeseriesCsv } from '../../report/csv';
import { formatCount, formatMs, formatPercent, formatRate } from '../../report/format';
import { renderHtmlReport } from '../../report/files/html';
import { chartJsSource } from '../../report/files/write';
import { rangeFigures, rangeReport, type TimeRange } from '../../report/range';
import type { Report } from '../../report/types';
import { launchChromium } from '../helpers/browser';
import { chartAxis, doubleClickChart, dragChart, nextFrames } from '../helpers/chart-drag';
import { buildIntervalReport } from '../fixtures/reports/interval-report';
import { buildLegacyReport } from '../fixtures/reports/sample-report';

// dist-test/report -> repository root
const OUTPUT = path.resolve(__dirname, '..', '..', 'test-output');

let browser: Browser;
let dir: string;
const problems: string[] = [];

before(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(path.join(tmpdir(), 'stampede-zoom-'));
  mkdirSync(OUTPUT, { recursive: true });
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(problems, [], 'console errors, page errors or CSP violations');
});

async function open(report: Report, name: string): Promise<Page> {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, renderHtmlReport(report, chartJsSource()));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });
  return page;
}

function tiles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll<HTMLElement>('#summary [data-tile]')).map((t) => [t.dataset.tile, t.querySelector('.value')?.textContent ?? ''])));
}

/** The tiles as the page should show these figures. */
function expectedTiles(f: { totals: Report['totals']; latency: Report['latency'] }): Record<string, string> {
  return {
    requests: formatCount(f.totals.requests),
    rps: `${formatRate(f.totals.rps)}/s`,
    errorRate: formatPercent(f.totals.errorRate),
    p50: formatMs(f.latency.p50),
    p95: formatMs(f.latency.p95),
    p99: formatMs(f.latency.p99),
    dropped: formatCount(f.totals.dropped),
    iterations: formatCount(f.totals.iterations),
  };
}

/** Each row of the steps table: step name and its requests, p95 and p99 cells. */
function stepRows(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('#steps-table tbody tr')).map((tr) => {
      const cells = Array.from(tr.children).map((c) => (c.querySelector('.step-name')?.textContent ?? c.textContent ?? '').trim());
      return [cells[0], cells[1].split(/\s/)[0], cells[5], cells[6]];
    }),
  );
}

async function downloaded(page: Page, format: 'csv' | 'json'): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click(`#zoom-bar [data-export="${format}"]`)]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

test('a drag zooms every chart; the tiles and steps show the range’s own figures; the bar downloads exactly its rows', async () => {
  const report = buildIntervalReport();
  const page = await open(report, 'zoom');
  const whole = expectedTiles(report);
  assert.deepEqual(await tiles(page), whole);
  assert.equal(await page.locator('#zoom-bar').isVisible(), false, 'no bar before a zoom');

  await dragChart(page, 'chart-latency', 11.3, 16.6);
  const range: TimeRange = { from: 11, to: 17 };
  const figures = rangeFigures(report.timeseries, range, report.steps.map((s) => s.name));
  assert.ok(figures.latency);
  const ranged = expectedTiles({ totals: { ...figures.totals, iterations: figures.totals.iterations ?? 0 }, latency: figures.latency });
  assert.deepEqual(await tiles(page), ranged);
  for (const key of ['requests', 'rps', 'p95', 'p99']) assert.notEqual(ranged[key], whole[key], `${key} differs from the whole run's`);
  assert.match(await page.locator('#zoom-bar').innerText(), /Range 0:11 – 0:17 \(6(\.0+)?s\)[\s\S]*Reset/);
  assert.ok(await page.locator('#zoom-bar').isVisible());
  // Every chart shows the range, whichever one was dragged.
  for (const id of ['chart-throughput', 'chart-latency', 'chart-users', 'chart-system']) {
    const x = await chartAxis(page, id);
    assert.deepEqual([x.min, x.max], [11, 17], id);
  }
  // The steps table: the two request steps over the range; the stream, with no intervals, is out.
  assert.deepEqual(
    await stepRows(page),
    figures.steps.map((s) => [s.name, formatCount(s.requests), formatMs(s.latency?.p95), formatMs(s.latency?.p99)]),
  );
  assert.equal(await page.locator('#latency-table tbody td').nth(6).innerText(), formatMs(figures.latency.p99));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUTPUT, 'report-zoom.png'), fullPage: true });

  const csv = await downloaded(page, 'csv');
  assert.equal(csv.name, 'timeseries-11s-17s.csv');
  assert.equal(csv.text, renderTimeseriesCsv(report.timeseries.slice(11, 17)));
  assert.equal(csv.text.trim().split('\r\n').length, 1 + 6, 'the header and the six intervals');
  const json = await downloaded(page, 'json');
  assert.equal(json.name, 'report-11s-17s.json');
  const parsed = JSON.parse(json.text) as ReturnType<typeof rangeReport>;
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(rangeReport(report, range))));
  assert.deepEqual(parsed.range, range);
  assert.deepEqual(parsed.timeseries.map((r) => r.elapsed), [12, 13, 14, 15, 16, 17]);

  await page.click('#zoom-reset');
  await nextFrames(page);
  assert.deepEqual(await tiles(page), whole, 'Reset: the whole run again');
  assert.equal(await page.locator('#zoom-bar').isVisible(), false);
  assert.deepEqual([(await chartAxis(page, 'chart-users')).min, (await chartAxis(page, 'chart-users')).max], [0, 20]);

  // A double-click resets too.
  await dragChart(page, 'chart-throughput', 2.2, 5.8);
  assert.equal((await tiles(page)).requests, formatCount(rangeFigures(report.timeseries, { from: 2, to: 6 }).totals.requests));
  await doubleClickChart(page, 'chart-throughput');
  assert.deepEqual(await tiles(page), whole, 'double-click: the whole run again');

  // The keyboard: from and to in seconds, then Enter.
  await page.fill('#zoom-from', '4');
  await page.fill('#zoom-to', '9');
  await page.press('#zoom-to', 'Enter');
  await nextFrames(page);
  assert.equal((await tiles(page)).requests, formatCount(rangeFigures(report.timeseries, { from: 4, to: 9 }).totals.requests));
  assert.match(await page.locator('#zoom-range').innerText(), /^0:04 – 0:09/);
  await page.close();
});

test('a report from before zoom: the charts zoom, the bar says the tiles and tables stay the whole run’s', async () => {
  const report = buildLegacyReport();
  const page = await open(report, 'legacy');
  const before = await tiles(page);
  await dragChart(page, 'chart-latency', 20.4, 30.4);
  assert.deepEqual(await tiles(page), before);
  assert.match(await page.locator('#zoom-bar').innerText(), /no per-interval histograms[\s\S]*only the charts show this range/);
  const x = await chartAxis(page, 'chart-latency');
  assert.deepEqual([x.min, x.max], [20, 30]);
  // Its rows still download: the CSV of the range is exact without histograms.
  const csv = await downloaded(page, 'csv');
  assert.equal(csv.text, renderTimeseriesCsv(report.timeseries.slice(20, 30)));
  await page.close();
});
