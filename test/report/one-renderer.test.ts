// One report, rendered both ways — report.html opened from disk (file://, offline) and the
// panel's report view (the real shell, CSP and dist/webview.js) — in the same Chromium: every
// section shared by the two must read the same, figure for figure, in the same format.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { ReportMessage } from '../../engine/protocol/messages';
import type { Report } from '../../report/types';
import { writeReportFiles } from '../../report/files/write';
import { buildSampleReport, buildSaturatedReport, HOSTILE_STEP_NAME } from '../fixtures/reports/sample-report';
import { launchChromium } from '../helpers/browser';
import { openPanel, PanelHost, readStream, send, type Panel } from '../panel/host';

/** The sections both show, by selector; each is compared as the reader sees it. */
const SECTIONS = [
  '#summary',
  '#generator',
  '#report-criteria',
  '#report-recommendations',
  '#report-steps',
  '#report-flows',
  '#report-phases',
  '#report-alerts',
  '#report-system',
];

let browser: Browser;
let host: PanelHost;
let dir: string;
const panels: Panel[] = [];

before(async () => {
  browser = await launchChromium();
  host = await PanelHost.start();
  dir = mkdtempSync(path.join(tmpdir(), 'stampede-one-renderer-'));
});
after(async () => {
  try {
    for (const p of panels) assert.deepEqual(p.problems, [], 'console errors or failed requests in the panel');
  } finally {
    await browser?.close();
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Seen {
  sections: Record<string, string | null>;
  cells: Record<string, string[][]>;
  charts: { id: string; title: string; hint: string; summary: string }[];
  verdict: string;
}

/** Visible text per section (whitespace collapsed), every table cell, and the charts' words. */
function seen(page: Page): Promise<Seen> {
  return page.evaluate((selectors) => {
    const text = (el: Element | null) => (el ? (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim() : null);
    const sections: Record<string, string | null> = {};
    for (const s of selectors) sections[s] = text(document.querySelector(s));
    const cells: Record<string, string[][]> = {};
    for (const t of Array.from(document.querySelectorAll('table'))) {
      cells[t.id] = Array.from(t.rows).map((r) => Array.from(r.cells).map((c) => text(c) ?? ''));
    }
    const charts = Array.from(document.querySelectorAll('canvas')).map((c) => {
      const figure = c.closest('figure');
      return {
        id: c.id,
        title: text(figure?.querySelector('h3') ?? null) ?? '',
        hint: text(figure?.querySelector('.hint') ?? null) ?? '',
        summary: document.getElementById(c.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      };
    });
    const verdict = text(document.querySelector('#verdict .badge')) ?? '';
    return { sections, cells, charts, verdict };
  }, SECTIONS);
}

async function viaHtml(report: Report, name: string): Promise<Seen> {
  const files = writeReportFiles(report, path.join(dir, name));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(pathToFileURL(files.html).href);
  await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });
  const result = await seen(page);
  assert.deepEqual(problems, []);
  await page.close();
  return result;
}

/** report.html as a reader without scripts sees it: the markup written with the file. */
async function viaStaticHtml(report: Report, name: string): Promise<Seen> {
  const files = writeReportFiles(report, path.join(dir, `${name}-static`));
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(files.html).href);
  const result = await seen(page);
  await context.close();
  return result;
}

async function viaPanel(report: Report, name: string): Promise<Seen> {
  const panel = await openPanel(browser, host.page(name, { theme: 'light' }), { width: 1280, height: 900 });
  panels.push(panel);
  await send(panel.page, [{ type: 'report', report, source: `/work/runs/${name}/report.json` }]);
  const result = await seen(panel.page);
  await panel.page.close();
  return result;
}

const engineReport = (readStream('alerts-events.ndjson').find((m) => m.type === 'report') as ReportMessage).report;
const CASES: [string, () => Report][] = [
  ['sample', () => buildSampleReport()],
  ['saturated', () => buildSaturatedReport()],
  ['engine', () => engineReport],
];

for (const [name, build] of CASES) {
  test(`the same report reads the same in report.html and in the panel: ${name}`, async () => {
    const report = build();
    const [html, panel] = [await viaHtml(report, name), await viaPanel(report, name)];

    // Every shared section is there in both, with the same visible text.
    for (const s of SECTIONS) {
      assert.ok(html.sections[s], `${s} in report.html`);
      assert.equal(panel.sections[s], html.sections[s], `${s}: panel vs report.html`);
    }
    // Cell by cell, every table (the panel has no table of its own besides these).
    assert.deepEqual(Object.keys(panel.cells).sort(), Object.keys(html.cells).sort());
    for (const id of Object.keys(html.cells)) assert.deepEqual(panel.cells[id], html.cells[id], id);
    // The charts: the same four, titled, explained and summarised alike.
    assert.deepEqual(panel.charts, html.charts);
    assert.equal(panel.charts.length, 4);
    for (const c of panel.charts) assert.match(c.summary, /^Latest interval at \d+:\d\d/);
    assert.equal(panel.verdict, html.verdict);

    // Without scripts, report.html shows the same sections: its markup comes from the same renderer.
    const still = await viaStaticHtml(report, name);
    for (const s of SECTIONS) assert.equal(still.sections[s], html.sections[s], `${s}: without scripts vs with`);
    assert.deepEqual(still.cells, html.cells);
    assert.equal(still.verdict, html.verdict);

    // Spot checks that the text compared is the report's: one figure per kind of formatter.
    const steps = html.cells['steps-table'];
    assert.equal(steps.length, report.steps.length + 1);
    if (name === 'sample') {
      assert.ok(steps.some((row) => row[0].startsWith(HOSTILE_STEP_NAME)), 'the hostile name is text in both');
      // (Column headers show in capitals: compare them as words.)
      const header = (id: string) => html.cells[id][0].map((c) => c.toLowerCase());
      assert.ok(header('alerts-table').includes('lasted'), 'alerts say how long they lasted');
      assert.ok(header('phases-table').includes('end'), 'phases say when they ended');
      assert.ok(header('flows-table').includes('iteration p95'), 'flows are shown');
    }
  });
}
