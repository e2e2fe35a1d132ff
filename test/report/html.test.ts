// Opens the written report.html the way a user would (file://, no network) in headless Chromium:
// charts must draw, tables must show the report's numbers, hostile strings must stay text.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { formatCount, formatMs } from '../../report/format';
import { renderHtmlReport } from '../../report/files/html';
import type { Report } from '../../report/types';
import { chartJsSource, writeReportFiles } from '../../report/files/write';
import { generatorView } from '../../report/generator-view';
import { buildLegacyReport, buildSampleReport, buildSaturatedReport, HOSTILE_STEP_NAME } from '../fixtures/reports/sample-report';

const CANVASES = ['chart-latency', 'chart-throughput', 'chart-users', 'chart-system'];
// dist-test/report -> repository root
const OUTPUT = path.resolve(__dirname, '..', '..', 'test-output');

let browser: Browser;
let dir: string;

before(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(path.join(tmpdir(), 'stampede-report-'));
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Watched {
  page: Page;
  requests: string[];
  dialogs: string[];
  problems: string[];
}

async function open(file: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const watched: Watched = { page, requests: [], dialogs: [], problems: [] };
  page.on('request', (r) => watched.requests.push(r.url()));
  page.on('dialog', (d) => {
    watched.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (err) => watched.problems.push(`pageerror: ${err.message}`));
  page.on('console', (m) => {
    // The tests' own getImageData readbacks draw Chromium's willReadFrequently hint: not the report's.
    if (m.text().includes('willReadFrequently')) return;
    if (m.type() === 'error' || m.type() === 'warning') watched.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });
  return watched;
}

/** Per canvas: pixels not transparent, and pixels close to its first series colour. */
function canvasPixels(page: Page) {
  return page.evaluate((ids) => {
    const cssColor = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    const series: Record<string, string> = {
      'chart-latency': '--c-p95',
      'chart-throughput': '--c-rps',
      'chart-users': '--c-users',
      'chart-system': '--c-cpu',
    };
    return ids.map((id) => {
      const canvas = document.getElementById(id) as HTMLCanvasElement;
      const hex = cssColor(series[id]).replace('#', '');
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      let seriesPixels = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0) painted++;
        if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60) seriesPixels++;
      }
      return { id, painted, seriesPixels, total: canvas.width * canvas.height };
    });
  }, CANVASES);
}

/** Pixels of one canvas drawn in (close to) the colour of a CSS variable. */
function colourPixels(page: Page, id: string, colorVar: string): Promise<number> {
  return page.evaluate(
    ([canvasId, name]) => {
      const hex = getComputedStyle(document.documentElement).getPropertyValue(name).trim().replace('#', '');
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60) n++;
      }
      return n;
    },
    [id, colorVar] as const,
  );
}

/** The Generator group as a reader sees it: verdict badge, each fact, the reason and the note. */
function generatorGroup(page: Page) {
  return page.evaluate(() => {
    const box = document.getElementById('generator');
    if (!box) return null;
    const badge = box.querySelector('.badge') as HTMLElement;
    return {
      saturated: box.classList.contains('saturated'),
      verdict: badge.innerText,
      tone: badge.className,
      facts: Array.from(box.querySelectorAll('.gen-facts > div')).map((d) => [(d.querySelector('dt') as HTMLElement).innerText, (d.querySelector('dd') as HTMLElement).innerText]),
      reason: (box.querySelector('.gen-reason') as HTMLElement | null)?.innerText ?? null,
      reasonColour: box.querySelector('.gen-reason') ? getComputedStyle(box.querySelector('.gen-reason') as Element).color : null,
      note: (box.querySelector('.gen-note') as HTMLElement).innerText,
      visible: box.getBoundingClientRect().height > 0,
    };
  });
}

test('report.html renders offline: charts drawn, numbers shown, hostile names inert', async () => {
  const report = buildSampleReport();
  const files = writeReportFiles(report, dir);
  const { page, requests, dialogs, problems } = await open(files.html);

  for (const c of await canvasPixels(page)) {
    assert.ok(c.total > 100_000, `${c.id} has a real size (${c.total} px)`);
    assert.ok(c.painted > c.total * 0.3, `${c.id}: ${c.painted} of ${c.total} pixels painted`);
    assert.ok(c.seriesPixels > 300, `${c.id}: ${c.seriesPixels} pixels in the series colour`);
  }

  // Criteria: verdict and numbers per row.
  const criteriaRows = await page.$$eval('#criteria-table tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText));
  assert.equal(criteriaRows.length, report.criteria.length);
  for (const [i, c] of report.criteria.entries()) {
    assert.ok(criteriaRows[i].includes(c.expr), criteriaRows[i]);
    assert.ok(criteriaRows[i].includes(c.passed ? 'Pass' : 'Fail'), criteriaRows[i]);
    assert.ok(criteriaRows[i].includes(c.actualText), criteriaRows[i]);
  }
  assert.match(criteriaRows[0], /< 250ms/);

  // Steps: one row per step with the formatted counts and percentiles.
  const stepRows = await page.$$eval('#steps-table tbody tr', (trs) =>
    trs.map((tr) => ({ name: tr.querySelector('.step-name')?.textContent ?? '', text: (tr as HTMLElement).innerText })),
  );
  assert.deepEqual(stepRows.map((r) => r.name), report.steps.map((s) => s.name));
  for (const [i, s] of report.steps.entries()) {
    for (const expected of [formatCount(s.requests), formatCount(s.errors), formatMs(s.latency.p50), formatMs(s.latency.p95), formatMs(s.latency.p99), formatMs(s.latency.max)]) {
      assert.ok(stepRows[i].text.includes(expected), `step ${s.name}: expected ${expected} in ${stepRows[i].text}`);
    }
  }
  const sse = stepRows[report.steps.findIndex((s) => s.kind === 'sse')];
  assert.ok(sse.text.includes(formatCount(report.steps[3].events ?? 0)), sse.text);

  // The hostile step name is text, never markup: no alert, no extra script element.
  assert.ok(stepRows.some((r) => r.name === HOSTILE_STEP_NAME));
  assert.deepEqual(dialogs, []);
  const scripts = await page.$$eval('script', (els) => els.map((s) => s.getAttribute('type') ?? 'js'));
  assert.deepEqual(scripts, ['application/json', 'js', 'js'], 'only the data block, Chart.js and the chart script');
  const html = readFileSync(files.html, 'utf8');
  assert.ok(!html.includes('<script>alert(1)</script>'), 'the raw name never reaches the file');

  // Nothing fetched beyond the file itself; no CSP violation or script error reported.
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);
  assert.deepEqual(problems, []);

  // At a laptop width every table fits its card without a horizontal scrollbar.
  const overflowing = await page.$$eval('.table-wrap', (els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.querySelector('table')?.id));
  assert.deepEqual(overflowing, []);

  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'report.png'), fullPage: true });
  await page.close();
});

test('dark mode redraws the charts in the dark palette', async () => {
  const files = writeReportFiles(buildSampleReport(), path.join(dir, 'dark'));
  const { page, problems } = await open(files.html, 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(14, 17, 22)');
  for (const c of await canvasPixels(page)) assert.ok(c.seriesPixels > 300, `${c.id}: ${c.seriesPixels} series pixels`);
  assert.deepEqual(problems, []);
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'report-dark.png'), fullPage: true });
  await page.close();
});

test('without Chart.js or without intervals the page still renders and says why', async () => {
  const report: Report = { ...buildSampleReport(), timeseries: [] };
  const cases: [string, string, RegExp][] = [
    ['no-chartjs.html', renderHtmlReport(buildSampleReport(), ''), /Charts unavailable/],
    ['no-rows.html', renderHtmlReport(report, chartJsSource()), /No intervals/],
  ];
  for (const [name, html, message] of cases) {
    const file = path.join(dir, name);
    writeFileSync(file, html);
    const { page, problems } = await open(file);
    const notes = await page.$$eval('.chart-box .empty', (els) => els.map((el) => el.textContent ?? ''));
    assert.equal(notes.length, 4);
    assert.match(notes[0], message);
    assert.ok((await page.textContent('#steps-table')) !== null);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the Generator group: lag, event-loop delay, engine CPU and "not saturated"; the load-generator chart draws lag p99', async () => {
  const report = buildSampleReport();
  const files = writeReportFiles(report, path.join(dir, 'generator'));
  const { page, problems } = await open(files.html);
  const group = await generatorGroup(page);
  const view = generatorView(report);
  assert.ok(group?.visible);
  assert.equal(group.saturated, false);
  assert.equal(group.verdict, 'not saturated');
  assert.match(group.tone, /tone-ok/);
  assert.deepEqual(group.facts, [
    ['Lag', 'p50 0.152ms · p99 1.08ms · max 1.78ms'],
    ['Event-loop delay', 'p99 1.58ms · max 5.29ms'],
    ['Engine CPU', 'mean 29.3% · max 40%'],
  ]);
  assert.deepEqual(group.facts, view.facts.map((f) => [f.label, f.parts.join(' · ')]));
  assert.equal(group.reason, null);
  assert.match(group.note, /beyond the sampling interval \(about 0 when idle\)/);
  assert.match(group.note, /0 of 60 load intervals over a limit \(lag p99 10ms, event-loop delay 10ms, engine CPU 90%\)/);
  // It sits right under the tiles, before the criteria.
  assert.equal(await page.evaluate(() => document.getElementById('generator')?.previousElementSibling?.id), 'summary');
  // The lag p99 line is drawn on the load-generator chart, in its own colour, and named in the legend.
  assert.ok((await colourPixels(page, 'chart-system', '--c-lag')) > 300, 'lag p99 line drawn');
  assert.match(await page.locator('#chart-system').evaluate((c) => c.closest('figure')?.querySelector('.hint')?.textContent ?? ''), /lag p99/);
  assert.match(await page.locator('.facts').innerText(), /Peak event-loop delay \(beyond the interval\)\s+1\.58ms/);
  assert.deepEqual(problems, []);
  await page.locator('#generator').screenshot({ path: path.join(OUTPUT, 'report-generator.png') });
  await page.close();
});

test('a saturated generator stands out: SATURATED in the bad tone with its reason, and the first recommendation says so', async () => {
  const report = buildSaturatedReport();
  for (const scheme of ['light', 'dark'] as const) {
    const files = writeReportFiles(report, path.join(dir, `saturated-${scheme}`));
    const { page, problems } = await open(files.html, scheme);
    const group = await generatorGroup(page);
    assert.ok(group?.visible);
    assert.equal(group.saturated, true);
    assert.equal(group.verdict, 'SATURATED');
    assert.match(group.tone, /tone-bad/);
    assert.equal(group.reason, report.generator.reason);
    const bad = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--bad)';
      document.body.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    });
    assert.equal(group.reasonColour, bad, 'the reason is in the bad tone');
    assert.deepEqual(group.facts[0], ['Lag', 'p50 10.7ms · p99 99.4ms · max 181.1ms']);
    const recs = await page.locator('.recs li').allInnerTexts();
    assert.match(recs[0], /^The load generator was saturated/);
    assert.ok(recs[0].includes(report.generator.reason as string));
    assert.deepEqual(recs.filter((r) => /rais(e|ing) maxUsers/i.test(r)), []);
    assert.ok((await colourPixels(page, 'chart-system', '--c-lag')) > 300, 'lag p99 line drawn');
    assert.deepEqual(problems, []);
    mkdirSync(OUTPUT, { recursive: true });
    await page.locator('#generator').screenshot({ path: path.join(OUTPUT, `report-generator-saturated-${scheme}.png`) });
    await page.close();
  }
});

test('a report.json from before the generator section still renders: "not measured", no lag line, no error', async () => {
  const report = buildLegacyReport();
  const file = path.join(dir, 'legacy.html');
  writeFileSync(file, renderHtmlReport(report, chartJsSource()));
  const { page, problems } = await open(file);
  const group = await generatorGroup(page);
  assert.equal(group?.verdict, 'not measured');
  assert.match(group.tone, /tone-neutral/);
  assert.deepEqual(group.facts.map(([, v]) => v), ['—', '—', '—']);
  assert.match(group.note, /written before Stampede measured its generator/);
  for (const c of await canvasPixels(page)) assert.ok(c.seriesPixels > 300, `${c.id} drawn`);
  assert.ok((await colourPixels(page, 'chart-system', '--c-lag')) < 20, 'no lag line without lagP99');
  assert.match(await page.locator('.facts').innerText(), /Peak event-loop delay\s/);
  assert.doesNotMatch(await page.locator('.facts').innerText(), /beyond the interval/);
  assert.deepEqual(problems, []);
  await page.close();
});
