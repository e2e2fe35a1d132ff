// The compare panel in headless Chromium, as VS Code would host it (the real shell and CSP, the
// built dist/compare.js): two runs of a scenario where one step got twice as slow, one faster and
// one stayed the same. The slowed step is a regression in the failed-test colour with its change
// and the test's p-value as `stampede compare` prints them, the faster one is green, the same one
// neutral; both charts overlay two series; a reload redraws from the saved state; a malformed
// message is refused.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { compareReports, formatChange, formatP, type MetricChange } from '../../report/compare';
import { isCompareState, type CompareState } from '../../webview/compare-model';
import type { CompareMessage } from '../../webview/protocol';
import { comparePair, FASTER_STEP, SAME_STEP, SLOWED_STEP } from '../fixtures/reports/compare-pair';
import { chartPixels, OUTPUT, panelSession, posted, send } from './host';

// Every page of every test: no CSP violation, no console error, no dialog (host.ts).
const session = panelSession();

async function comparePanel(name: string, state: CompareState | null = null): Promise<Page> {
  return (await session.open(name, { script: 'compare', state })).page;
}

const { baseline, current } = comparePair();
const message: CompareMessage = { type: 'compare', baseline: { report: baseline, label: 'baseline' }, current: { report: current, label: '05-01 15:03:00' }, threshold: 0.1 };
const expected = compareReports(baseline, current, 0.1);
const metric = (scope: string, name: MetricChange['metric']) => expected.scopes.find((s) => s.name === scope)!.metrics.find((m) => m.metric === name)!;

/** The table row of one figure: its cells' text, its verdict, and the change cell's class and colour. */
function figure(page: Page, scope: string, name: string) {
  return page.evaluate(
    ([scope, name]) => {
      const row = Array.from(document.querySelectorAll<HTMLTableRowElement>('#compare-table tbody tr')).find((r) => r.dataset.scope === scope && r.dataset.metric === name);
      if (!row) return null;
      const change = row.querySelector<HTMLElement>('td.change')!;
      const cells = Array.from(row.querySelectorAll('td')).map((c) => (c.textContent ?? '').trim());
      return { verdict: row.dataset.verdict, cells, changeClass: change.className, changeColor: getComputedStyle(change).color };
    },
    [scope, name],
  );
}

/** What `var(name)` resolves to on this page, as a computed colour. */
function cssColor(page: Page, name: string): Promise<string> {
  return page.evaluate((name) => {
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = `var(${name})`;
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  }, name);
}

test('the fixture: the comparison finds the slowed step (and the overall latency) and nothing else', () => {
  assert.equal(expected.verdict, 'regression');
  assert.equal(metric(SLOWED_STEP, 'p95').regression, true);
  assert.equal(metric('overall', 'p95').regression, true);
  assert.equal(metric(SAME_STEP, 'p95').change, 0);
  assert.ok((metric(FASTER_STEP, 'p95').change ?? 0) < -0.3);
  const regressions = expected.scopes.flatMap((s) => s.metrics.filter((m) => m.regression).map((m) => `${s.name} ${m.metric}`));
  assert.deepEqual(regressions.sort(), ['overall p50', 'overall p95', 'overall p99', `${SLOWED_STEP} p50`, `${SLOWED_STEP} p95`, `${SLOWED_STEP} p99`].sort());
});

test('two runs side by side: the slowed step red with its change and p-value, the faster green, the same neutral', async () => {
  const page = await comparePanel('compare');
  assert.deepEqual((await posted(page))[0], { type: 'ready', protocol: 1, restored: false, runId: null, lastSeq: -1 });
  await send(page, [message]);

  assert.match(await page.locator('#verdict').innerText(), /REGRESSION/);
  assert.match(await page.locator('#verdict .reason').innerText(), new RegExp(`${SLOWED_STEP.replace(/[?{}().|]/g, '\\$&')} p(50|95|99) \\+100\\.0%`));
  assert.match(await page.locator('#run-baseline').innerText(), /Baseline[\s\S]*PASSED[\s\S]*2024-05-01 14:03:00 UTC/);
  assert.match(await page.locator('#run-current').innerText(), /Current[\s\S]*05-01 15:03:00[\s\S]*2024-05-01 15:03:00 UTC/);
  assert.equal(await page.title(), 'Compare: baseline ↔ 05-01 15:03:00');

  const failed = await cssColor(page, '--vscode-testing-iconFailed');
  const passed = await cssColor(page, '--vscode-testing-iconPassed');
  const muted = await cssColor(page, '--vscode-descriptionForeground');

  const slowed = await figure(page, SLOWED_STEP, 'p95');
  assert.ok(slowed, 'a p95 row for the slowed step');
  const m = metric(SLOWED_STEP, 'p95');
  assert.equal(slowed.verdict, 'regression');
  assert.match(slowed.changeClass, /tone-bad/);
  assert.equal(slowed.changeColor, failed);
  // metric, baseline, current, change, p, verdict
  assert.equal(slowed.cells[3], '+100.0%');
  assert.equal(slowed.cells[3], formatChange(m));
  assert.equal(slowed.cells[4], formatP(m.test.p));
  assert.equal(slowed.cells[5], 'regression');

  const same = await figure(page, SAME_STEP, 'p95');
  assert.ok(same);
  assert.equal(same.verdict, 'neutral');
  assert.match(same.changeClass, /tone-neutral/);
  assert.equal(same.changeColor, muted);
  assert.equal(same.cells[3], '+0.0%');
  assert.equal(same.cells[5], 'within threshold');

  const faster = await figure(page, FASTER_STEP, 'p95');
  assert.ok(faster);
  assert.equal(faster.verdict, 'improvement');
  assert.equal(faster.changeColor, passed);
  assert.equal(faster.cells[3], '-40.0%');

  const overall = await figure(page, 'overall', 'rps');
  assert.ok(overall);
  assert.equal(overall.verdict, 'neutral');

  // Every scope, every measured figure: one row each, the hostile step name shown as text.
  const rows = await page.locator('#compare-table tbody tr').count();
  assert.equal(rows, expected.scopes.flatMap((s) => s.metrics).filter((x) => x.baseline !== null || x.current !== null).length);
  assert.equal(await page.locator('#compare-table script').count(), 0);
  assert.ok((await page.locator('#compare-table').innerText()).includes(FASTER_STEP));

  // Two charts, each with the baseline's series and the current one, both drawn.
  const charts = await chartPixels(page, '--st-c-current');
  assert.deepEqual(charts.map((c) => c.id), ['compare-latency', 'compare-throughput']);
  for (const chart of charts) {
    assert.equal(await page.locator(`#${chart.id}`).getAttribute('data-series'), '2', chart.id);
    assert.ok(chart.points >= 2 * (baseline.timeseries.length - 1), `${chart.id} drew ${chart.points} points`);
    assert.ok(chart.near > 50, `${chart.id}: the current run's line in its colour`);
  }
  await page.screenshot({ path: path.join(OUTPUT, 'panel-compare.png'), fullPage: true });
});

test('a reload redraws from the saved state, without asking the extension again', async () => {
  const first = await comparePanel('compare-save');
  await send(first, [message]);
  const saved = await first.evaluate(() => (window as unknown as { __state: unknown }).__state);
  assert.ok(isCompareState(saved), 'the page saved a compare state');

  const page = await comparePanel('compare-restored', saved);
  assert.deepEqual((await posted(page))[0], { type: 'ready', protocol: 1, restored: true, runId: null, lastSeq: -1 });
  assert.equal((await figure(page, SLOWED_STEP, 'p95'))?.verdict, 'regression');
  assert.match(await page.locator('#verdict').innerText(), /REGRESSION/);
});

test('a malformed compare message is refused and said, not drawn', async () => {
  const page = await comparePanel('compare-malformed');
  const broken = { ...message, current: { label: 'x', report: { ...current, totals: 'lots' } } };
  await page.evaluate((m) => window.postMessage(m, '*'), broken);
  await send(page, []);
  const errors = (await posted(page)).filter((m) => m.type === 'panelError');
  assert.equal(errors.length, 1);
  assert.match(errors[0].type === 'panelError' ? errors[0].message : '', /compare current\.report\.totals: expected an object/);
  assert.equal(await page.locator('#compare-table').count(), 0);
});
