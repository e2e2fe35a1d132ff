// The run panel in headless Chromium, as VS Code would host it: the real shell and CSP, the
// built dist/webview.js, and recorded engine message streams posted the way the extension will.
// Charts must draw, numbers must match the stream, the report must replace the live view,
// buttons must post the right requests, a reload must restore the view, hostile names must stay
// text, every theme must apply, and nothing may break the CSP or log an error.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { PlanMessage, SnapshotMessage } from '../../engine/protocol/messages';
import type { ExtensionToPanel, InitMessage, PanelState } from '../../webview/protocol';
import { formatCount, formatMs, formatPercent, formatRate } from '../../report/format';
import type { Report } from '../../report/types';
import { MAX_SAVED_ROWS } from '../../webview/model';
import { renderHtmlReport } from '../../report/files/html';
import { chartJsSource } from '../../report/files/write';
import { buildLegacyReport, buildSampleReport, buildSaturatedReport, HOSTILE_STEP_NAME } from '../fixtures/reports/sample-report';
import { THEMES } from '../fixtures/panel/themes';
import {
  chartPixels,
  envelopes,
  OUTPUT,
  panelSession,
  posted,
  readStream,
  savedState,
  send,
  settle,
  tiles,
  violations,
} from './host';

// Every page of every test: no CSP violation, no console error, no dialog (host.ts).
const session = panelSession();
const panel = session.open;

const QUICKSTART = readStream('quickstart-events.ndjson');
const ALERTS = readStream('alerts-events.ndjson');
const RUN = 'run-1';

function init(plan: PlanMessage, runId = RUN, running = true): InitMessage {
  return { type: 'init', protocol: 1, run: { runId, scenario: plan.scenario, file: plan.file }, running };
}

const planOf = (stream: typeof QUICKSTART) => stream.find((m): m is PlanMessage => m.type === 'plan') as PlanMessage;
const reportOf = (stream: typeof QUICKSTART) => (stream.find((m) => m.type === 'report') as { report: Report }).report;
const lastSnapshotBefore = (stream: typeof QUICKSTART, end: number) =>
  stream.slice(0, end).filter((m): m is SnapshotMessage => m.type === 'snapshot').pop() as SnapshotMessage;

function text(page: Page, selector: string): Promise<string> {
  return page.locator(selector).innerText();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUTPUT, `panel-${name}.png`), fullPage: true });
}

test('live: the recorded quickstart stream draws charts, tiles, criteria and progress; Stop posts stop', async () => {
  const { page } = await panel('live');
  const ready = (await posted(page))[0];
  assert.deepEqual(ready, { type: 'ready', protocol: 1, restored: false, runId: null, lastSeq: -1 });

  const plan = planOf(QUICKSTART);
  const cut = QUICKSTART.findIndex((m, i) => i > 0 && m.type === 'snapshot' && (m as SnapshotMessage).row.phase === 'ramp-down');
  await send(page, [init(plan), ...envelopes(RUN, QUICKSTART.slice(0, cut + 1))]);

  const snap = lastSnapshotBefore(QUICKSTART, cut + 1);
  const shown = await tiles(page);
  assert.equal(shown.users, formatCount(snap.row.users));
  assert.equal(shown.rps, `${formatRate(snap.row.rps)}/s`);
  assert.equal(shown.p95, formatMs(snap.row.p95));
  assert.equal(shown.requests, formatCount(snap.totals.requests));
  assert.equal(shown.errorRate, formatPercent(snap.totals.errors / snap.totals.requests));
  assert.equal(shown.dropped, formatCount(snap.totals.dropped));
  assert.equal(await text(page, '#scenario-name'), 'Quickstart');
  assert.match(await text(page, '.progress'), /Phase 3 of 3 · ramp-down/);
  assert.equal(await text(page, '#elapsed'), '0:0' + Math.round(snap.elapsedMs / 1000));
  assert.equal(await text(page, '#remaining'), `0:0${Math.round((snap.totalMs - snap.elapsedMs) / 1000)}`);

  // Criteria: all four listed, each passing with the latest actual value.
  const criteria = await page.locator('#live-criteria li').allInnerTexts();
  assert.equal(criteria.length, plan.criteria.length);
  for (const [i, expr] of plan.criteria.entries()) assert.match(criteria[i], new RegExp(`Pass[\\s\\S]*${expr.replace(/[()]/g, '\\$&')}`));
  assert.match(await text(page, '#alerts-heading + *'), /No alert has fired/);

  // Charts: every canvas painted, the throughput line in its theme colour.
  const pixels = await chartPixels(page, '--st-c-rps');
  assert.equal(pixels.length, 4);
  for (const c of pixels) assert.ok(c.painted > 5000 && c.points > 0, `${c.id} drawn: ${JSON.stringify(c)}`);
  assert.ok(pixels.find((c) => c.id === 'chart-throughput')!.near > 150, 'the requests/s line is drawn in --vscode-charts-blue');
  const summary = await page.locator('#chart-latency-summary').textContent();
  assert.match(summary ?? '', new RegExp(`p95 ${formatMs(snap.row.p95).replace('.', '\\.')}`));
  // The load-generator chart has each snapshot's lag p99, on the ms axis beside the event-loop delay.
  const system = (await page.locator('#chart-system-summary').textContent()) ?? '';
  assert.ok(system.includes(`lag p99 ${formatMs(snap.row.lagP99)}`), system);
  assert.ok((await chartPixels(page, '--st-c-lag')).find((c) => c.id === 'chart-system')!.near > 100, 'the lag p99 line is drawn in --vscode-charts-green');
  await shot(page, 'live-dark');

  // Stop, by keyboard: Tab reaches it, the focus ring shows, Enter posts `stop` once.
  await page.locator('#open-scenario').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'stop');
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle), 'none');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await settle(page);
  const stops = (await posted(page)).filter((m) => m.type === 'stop');
  assert.deepEqual(stops, [{ type: 'stop', runId: RUN }]);
  assert.equal(await page.locator('#stop').isDisabled(), true);
  assert.match(await text(page, '#stop'), /Stopping/);

  // The rest of the stream: the report replaces the live view.
  await send(page, envelopes(RUN, QUICKSTART.slice(cut + 1), cut + 1));
  const report = reportOf(QUICKSTART);
  assert.match(await text(page, '#verdict'), /PASSED/);
  assert.equal(await page.locator('#stop').isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict', 'focus moves from the vanished Stop button to the verdict');
  assert.equal(await page.locator('#live-criteria').count(), 1);
  assert.equal(await page.locator('#live-criteria').isVisible(), false);
  const steps = page.locator('#steps-table tbody tr');
  assert.equal(await steps.count(), report.steps.length);
  for (const [i, s] of report.steps.entries()) {
    const cells = await steps.nth(i).locator('th, td').allInnerTexts();
    assert.match(cells[0], new RegExp(`^${s.name}`));
    assert.equal(cells[1], formatCount(s.requests));
    assert.equal(cells[5], formatMs(s.latency.p95));
    assert.equal(cells[6], formatMs(s.latency.p99));
    for (const code of Object.keys(s.statusCodes)) assert.match(cells[3], new RegExp(`${code} ×`));
  }
  const reportTiles = await tiles(page);
  assert.equal(reportTiles.requests, formatCount(report.totals.requests));
  assert.equal(reportTiles.p95, formatMs(report.latency.p95));
  assert.equal(await page.locator('#criteria-table tbody tr').count(), report.criteria.length);
  assert.equal(await page.locator('#phases-table tbody tr').count(), report.phases.length);
  assert.equal(await page.locator('#recommendations li').count(), report.recommendations.length);
  await shot(page, 'report-dark');

  // Screen readers: tables have captions and scoped headers, charts a label and a text summary,
  // every button a name.
  const a11y = await page.evaluate(() => {
    const all = <T extends Element>(sel: string) => Array.from(document.querySelectorAll<T>(sel));
    return {
      tables: all('table').length,
      uncaptioned: all<HTMLTableElement>('table').filter((t) => !t.caption?.textContent?.trim()).length,
      unscopedCols: all('thead th:not([scope="col"])').length,
      unscopedRows: all('tbody th:not([scope="row"])').length,
      charts: all<HTMLCanvasElement>('canvas').map((c) => ({
        role: c.getAttribute('role'),
        label: !!c.getAttribute('aria-label'),
        summary: document.getElementById(c.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      })),
      unnamedButtons: all<HTMLButtonElement>('button').filter((b) => !(b.getAttribute('aria-label') || b.textContent?.trim())).length,
    };
  });
  assert.ok(a11y.tables >= 3);
  assert.deepEqual([a11y.uncaptioned, a11y.unscopedCols, a11y.unscopedRows, a11y.unnamedButtons], [0, 0, 0, 0]);
  for (const c of a11y.charts) {
    assert.equal(c.role, 'img');
    assert.ok(c.label);
    assert.match(c.summary, /^Latest interval at \d+:\d\d/);
  }

  // Export buttons and the scenario link post their requests.
  for (const format of ['JSON', 'CSV', 'HTML']) await page.getByRole('button', { name: `Export report as ${format}` }).click();
  await page.locator('#open-scenario').click();
  await settle(page);
  const requests = (await posted(page)).filter((m) => m.type === 'export' || m.type === 'openScenario');
  assert.deepEqual(requests, [
    { type: 'export', format: 'json', runId: RUN },
    { type: 'export', format: 'csv', runId: RUN },
    { type: 'export', format: 'html', runId: RUN },
    { type: 'openScenario' },
  ]);
  await send(page, [{ type: 'exportResult', format: 'html', ok: true, path: '/tmp/out/report.html' }]);
  assert.equal(await text(page, '#export-status'), 'HTML saved to /tmp/out/report.html');
});

test('alerts and failures: listed live with severity, criteria fail, hostile names stay text (light theme)', async () => {
  const { page } = await panel('alerts', { theme: 'light' });
  const plan = planOf(ALERTS);
  const end = ALERTS.findIndex((m) => m.type === 'report');
  // The run's plan arrives with init; the engine stream follows.
  await send(page, [{ ...init(plan), plan }, ...envelopes(RUN, ALERTS.slice(0, end))]);

  const alerts = page.locator('#live-alerts li');
  assert.equal(await alerts.count(), 3);
  // Newest first, each with its severity.
  assert.deepEqual(await alerts.evaluateAll((li) => li.map((x) => (x as HTMLElement).dataset.severity)), ['warning', 'critical', 'info']);
  assert.match(await alerts.nth(1).innerText(), /critical[\s\S]*p95\(latency\) > 1ms[\s\S]*139\.1ms[\s\S]*active/);
  assert.match(await text(page, '#alerts-heading'), /3 fired/);
  assert.match(await page.locator('#live-criteria li.fail').innerText(), /Fail[\s\S]*p95\(latency\) < 1ms/);
  assert.match(await text(page, '#criteria-heading'), /1 of 3 failing/);
  assert.match(await page.locator('#announcer').innerText(), /alert|Phase/i);
  const last = lastSnapshotBefore(ALERTS, end);
  assert.equal((await tiles(page)).dropped, formatCount(last.totals.dropped));
  await page.locator('#live-alerts').scrollIntoViewIfNeeded();
  await shot(page, 'alerts-light');

  await send(page, envelopes(RUN, ALERTS.slice(end), end));
  const report = reportOf(ALERTS);
  assert.match(await text(page, '#verdict'), /FAILED/);
  assert.equal(await page.locator('#alerts-table tbody tr').count(), report.alerts.length);
  assert.equal(await page.locator('#errors-table tbody tr').count(), 1);
  assert.match(await page.locator('#criteria-table tr.fail').innerText(), /11ms/);

  // The scenario, phase and step names are markup; they must show as text and never run.
  assert.equal(await text(page, '#scenario-name'), 'Panel <b>alerts</b> & "errors"');
  assert.equal(await page.locator('#steps-table tbody th .step-name').first().innerText(), '<img src=x onerror=alert(1)>');
  assert.match(await text(page, '#phases-table'), /warm <i>up<\/i>/);
  assert.equal(await page.locator('img, #root b:text("alerts"), #root i:text("up")').count(), 0);
  await shot(page, 'report-light');
  // Beside an editor the panel is narrow: one column, nothing cut off.
  await page.setViewportSize({ width: 620, height: 1000 });
  await settle(page);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');
  await shot(page, 'report-narrow-light');
});

test('a run that cannot start, or whose engine dies, says so and stops looking live', async () => {
  const { page } = await panel('fatal');
  const plan = planOf(QUICKSTART);
  await send(page, [init(plan), ...envelopes(RUN, [plan, { type: 'stage', stage: 'setup', time: 1 }, { type: 'fatal', message: 'setup failed: POST /auth/login returned 500', exitCode: 3 }])]);
  assert.match(await text(page, '.banner'), /The run ended without a report\. setup failed: POST \/auth\/login returned 500 \(exit code 3\)/);
  assert.equal(await page.locator('#stop').isDisabled(), true);
  assert.match((await page.locator('.eyebrow').textContent()) ?? '', /Run ended/);

  const second = await panel('died');
  await send(second.page, [init(plan, 'run-2'), ...envelopes('run-2', QUICKSTART.slice(0, 8))]);
  assert.equal(await second.page.locator('#stop').isDisabled(), false);
  await send(second.page, [
    { type: 'engine', runId: 'other-run', seq: 8, message: QUICKSTART[8] },
    { type: 'runEnded', runId: 'run-2', exitCode: null, message: 'the engine process was killed (SIGKILL)' },
  ]);
  assert.match(await text(second.page, '.banner'), /SIGKILL/);
  assert.equal(await second.page.locator('#stop').isDisabled(), true);
  assert.equal((await savedState(second.page))?.lastSeq, 7, 'a message for another run is ignored');
});

test('reload: a second page load with the saved state shows the same numbers, mid-run and after the report', async () => {
  const plan = planOf(ALERTS);
  const half = ALERTS.findIndex((m) => m.type === 'phase' && m.index === 2);
  const first = await panel('reload-1');
  await send(first.page, [init(plan), ...envelopes(RUN, ALERTS.slice(0, half))]);
  const before = await tiles(first.page);
  const beforeCriteria = await first.page.locator('#live-criteria').innerText();
  const beforeAlerts = await first.page.locator('#live-alerts').innerText();
  const state = (await savedState(first.page)) as PanelState;
  assert.equal(state.lastSeq, half - 1);

  const second = await panel('reload-2', { state });
  const ready = (await posted(second.page))[0];
  assert.deepEqual(ready, { type: 'ready', protocol: 1, restored: true, runId: RUN, lastSeq: half - 1 });
  await settle(second.page);
  assert.deepEqual(await tiles(second.page), before);
  assert.equal(await second.page.locator('#live-criteria').innerText(), beforeCriteria);
  assert.equal(await second.page.locator('#live-alerts').innerText(), beforeAlerts);
  for (const c of await chartPixels(second.page, '--st-c-rps')) assert.ok(c.painted > 5000, `${c.id} redrawn after reload`);

  // The extension answers with init and replays from the start; already applied ones are skipped.
  const rest: ExtensionToPanel = { type: 'engineBatch', runId: RUN, firstSeq: 0, messages: ALERTS };
  await send(second.page, [init(plan), rest]);
  const report = reportOf(ALERTS);
  assert.equal((await tiles(second.page)).requests, formatCount(report.totals.requests));
  assert.equal(await second.page.locator('#alerts-table tbody tr').count(), 3, 'alerts not duplicated by the replay');
  const finalState = (await savedState(second.page)) as PanelState;

  const third = await panel('reload-3', { state: finalState });
  await settle(third.page);
  assert.deepEqual(await tiles(third.page), await tiles(second.page));
  assert.equal(await third.page.locator('#steps-table').innerText(), await second.page.locator('#steps-table').innerText());
  assert.match(await text(third.page, '#verdict'), /FAILED/);
});

test('an hour at 1 s: 3,600 snapshots draw at most one point per pixel column, in few redraws', async () => {
  const { page } = await panel('hour', {}, { width: 1280, height: 900 });
  const t0 = Date.UTC(2024, 0, 1);
  const plan: PlanMessage = {
    type: 'plan',
    scenario: 'Soak',
    file: '/work/soak.scenario.yaml',
    phases: [
      { name: 'ramp-up', model: 'closed', from: 0, to: 200, durationMs: 600_000 },
      { name: 'soak', model: 'closed', from: 200, to: 200, durationMs: 2_700_000 },
      { name: 'ramp-down', model: 'closed', from: 200, to: 0, durationMs: 300_000 },
    ],
    totalMs: 3_600_000,
    intervalMs: 1000,
    criteria: ['p95(latency) < 250ms'],
  };
  const snapshots: SnapshotMessage[] = [];
  let requests = 0;
  for (let i = 1; i <= 3600; i++) {
    const users = i <= 600 ? Math.round((i / 600) * 200) : i <= 3300 ? 200 : Math.round(((3600 - i) / 300) * 200);
    const rps = Math.max(0, users * 5 + 40 * Math.sin(i / 7));
    const errors = i % 97 === 0 ? 25 : i % 5 === 0 ? 1 : 0;
    requests += Math.round(rps);
    const p50 = 20 + 5 * Math.sin(i / 50);
    snapshots.push({
      type: 'snapshot',
      row: {
        time: t0 + i * 1000, elapsed: i, phase: i <= 600 ? 'ramp-up' : i <= 3300 ? 'soak' : 'ramp-down', users, rps, requests: Math.round(rps), errors, dropped: 0,
        p50, p95: p50 * 2.5 + (i === 1800 ? 900 : 0), p99: p50 * 4, cpu: 40 + 20 * Math.sin(i / 300), memory: 30 + i / 360, eventLoopDelay: 0.8 + 0.5 * Math.sin(i / 90) + (i % 600 === 0 ? 30 : 0),
        lagP99: 0.6 + 0.3 * Math.sin(i / 40) + (i === 2400 ? 85 : 0), engineCpu: 35 + 10 * Math.sin(i / 300), heapUsed: 80,
      },
      totals: { requests, errors: 0, dropped: 0, iterations: Math.round(requests / 3) },
      elapsedMs: i * 1000,
      totalMs: 3_600_000,
    });
  }
  await send(page, [init(plan, 'soak-1'), ...envelopes('soak-1', [plan, { type: 'stage', stage: 'load', time: t0 }, { type: 'phase', index: 0, name: 'ramp-up', start: t0 }])]);
  // One message per interval, as a live run would post them, all in one go; phases begin on time.
  const stream = [
    ...snapshots.slice(0, 600),
    { type: 'phase', index: 1, name: 'soak', start: t0 + 600_000 } as const,
    ...snapshots.slice(600, 3300),
    { type: 'phase', index: 2, name: 'ramp-down', start: t0 + 3_300_000 } as const,
    ...snapshots.slice(3300),
  ];
  await send(page, envelopes('soak-1', stream, 3));
  const charts = await chartPixels(page, '--st-c-p95');
  if (process.env.PANEL_DEBUG) console.log(charts);
  for (const c of charts) {
    assert.ok(c.points > 0 && c.painted > 5000, `${c.id} drawn`);
    // Throughput has 2 series, latency 3, users 2 (+ planned), system 4: at most ~1 point per pixel each.
    const lines = c.id === 'chart-system' ? 4 : 3;
    assert.ok(c.points <= lines * c.cssWidth + 16, `${c.id}: ${c.points} points for ${c.cssWidth}px`);
    // Drawing is coalesced per frame: far fewer draws than messages.
    assert.ok(c.draws < 400, `${c.id}: ${c.draws} draws for 3,600 snapshots`);
  }
  // The spike at 30:00 survives the thinning.
  assert.ok(charts.find((c) => c.id === 'chart-latency')!.near > 20, 'p95 line drawn');
  assert.match((await page.locator('#chart-latency-summary').textContent()) ?? '', /Highest p95 9\d\d(\.\d)?ms at 30:00/);
  // So does the lag spike at 40:00, on the load-generator chart.
  assert.match((await page.locator('#chart-system-summary').textContent()) ?? '', /lag p99 [\d.]+ms \(highest 85\.\d+ms\)/);
  assert.equal((await tiles(page)).requests, formatCount(requests));
  assert.match(await text(page, '.progress'), /Phase 3 of 3 · ramp-down[\s\S]*Elapsed 1:00:00/);
  const state = (await savedState(page)) as PanelState;
  assert.ok(state.rows.length <= MAX_SAVED_ROWS, `${state.rows.length} rows saved`);
  assert.ok(JSON.stringify(state).length < 400_000, 'saved state stays small');
  await shot(page, 'hour-dark');

  // After a reload the merged rows still carry the spike and the same totals.
  const again = await panel('hour-reload', { state });
  await settle(again.page);
  assert.equal((await tiles(again.page)).requests, formatCount(requests));
  assert.match((await again.page.locator('#chart-latency-summary').textContent()) ?? '', /Highest p95 9\d\d(\.\d)?ms/);
});

test('a saved report opens on its own (Open Report…); export posts with no run; hostile step stays text; high contrast', async () => {
  const { page } = await panel('saved', { theme: 'high-contrast' });
  const report = buildSampleReport();
  await send(page, [{ type: 'report', report, source: '/work/runs/2024-05-01/report.json' }]);
  assert.match((await page.locator('.eyebrow').textContent()) ?? '', /Saved report/);
  assert.match(await text(page, '.meta'), /…\/2024-05-01\/report\.json/);
  assert.ok(await page.locator('#steps-table').getByText(HOSTILE_STEP_NAME, { exact: true }).isVisible());
  assert.equal(await page.locator('#root script').count(), 0);
  const failed = report.criteria.filter((c) => !c.passed).length;
  assert.equal(await page.locator('#criteria-table tbody tr.fail').count(), failed);
  for (const c of report.criteria) assert.match(await text(page, '#criteria-table'), new RegExp(c.actualText.replace(/[.()]/g, '\\$&')));
  await page.getByRole('button', { name: 'Export report as CSV' }).click();
  await settle(page);
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'export'), [{ type: 'export', format: 'csv', runId: null }]);
  // High contrast: borders take the contrast colour, the background the theme's.
  const look = await page.evaluate(() => ({
    bg: getComputedStyle(document.body).backgroundColor,
    border: getComputedStyle(document.querySelector('.tile') as Element).borderTopColor,
  }));
  assert.deepEqual(look, { bg: 'rgb(0, 0, 0)', border: 'rgb(111, 195, 223)' });
  for (const c of await chartPixels(page, '--st-c-rps')) assert.ok(c.painted > 5000, `${c.id} drawn from the report's timeseries`);
  await shot(page, 'report-hc');
});

test('themes: the --vscode-* variables drive the page and the charts; a theme switch redraws them', async () => {
  const { page } = await panel('themes', { theme: 'light' });
  const plan = planOf(QUICKSTART);
  await send(page, [init(plan), ...envelopes(RUN, QUICKSTART.filter((m) => m.type !== 'report'))]);
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(light, 'rgb(255, 255, 255)');
  assert.ok((await chartPixels(page, '--st-c-rps')).find((c) => c.id === 'chart-throughput')!.near > 150);

  // Switch to dark the way VS Code does: new variables and body class, then the theme message.
  await page.evaluate((theme) => {
    for (const [k, v] of Object.entries(theme.vars)) document.documentElement.style.setProperty(k, v);
    document.body.className = theme.bodyClass;
  }, THEMES.dark);
  await send(page, [{ type: 'theme', kind: 'dark' }]);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(31, 31, 31)');
  const dark = await chartPixels(page, '--st-c-rps');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--st-c-rps').trim()), '#3794ff');
  assert.ok(dark.find((c) => c.id === 'chart-throughput')!.near > 150, 'the line is redrawn in the dark theme colour');
});

test('the CSP is really enforced: inline styles and scripts are refused, the panel itself needs neither', async () => {
  const csp = await panel('csp');
  const { page } = csp;
  await send(page, [init(planOf(QUICKSTART)), ...envelopes(RUN, QUICKSTART)]);
  assert.deepEqual(await violations(page), []);
  assert.equal(await page.locator('[style]:not(html):not(canvas):not(.fill):not(.seg):not(.phase-labels span)').count(), 0);
  const blocked = await page.evaluate(async () => {
    const w = window as unknown as { __violations: string[]; __ran?: boolean };
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.body.append(s);
    const st = document.createElement('style');
    st.textContent = 'body { display: none }';
    document.head.append(st);
    await new Promise((r) => setTimeout(r, 50));
    const result = { ran: w.__ran === true, violations: w.__violations.slice(), hidden: getComputedStyle(document.body).display === 'none' };
    w.__violations.length = 0;
    return result;
  });
  // Chromium logs each refusal as a console error: expected here, and only here.
  const refusals = csp.problems.filter((p) => /Content Security Policy/.test(p));
  assert.equal(refusals.length, 2, csp.problems.join('\n'));
  csp.problems.splice(0, csp.problems.length, ...csp.problems.filter((p) => !refusals.includes(p)));
  assert.equal(blocked.ran, false);
  assert.equal(blocked.hidden, false);
  assert.ok(blocked.violations.some((v) => v.startsWith('script-src')) && blocked.violations.some((v) => v.startsWith('style-src')), blocked.violations.join(', '));
});

/** The Generator group as a reader sees it (the panel's and report.html's have the same parts). */
function generatorGroup(page: Page) {
  return page.evaluate(() => {
    const box = document.getElementById('generator') as HTMLElement;
    const badge = box.querySelector('.gen-head .badge') as HTMLElement;
    const text = (el: Element | null) => (el as HTMLElement | null)?.innerText.trim() ?? null;
    return {
      title: text(box.querySelector('h3')),
      verdict: text(badge),
      badgeTone: badge.className.replace(/^badge\s+/, ''),
      facts: Array.from(box.querySelectorAll('.gen-facts > div')).map((d) => [text(d.querySelector('dt')), text(d.querySelector('dd'))]),
      reason: text(box.querySelector('.gen-reason')),
      note: text(box.querySelector('.gen-note')),
    };
  });
}

test('the report view shows the Generator line report.html shows; saturated stands out; the saved report comes first in its advice', async () => {
  for (const [name, report] of [['generator-ok', buildSampleReport()], ['generator-saturated', buildSaturatedReport()]] as const) {
    const { page } = await panel(name);
    await send(page, [{ type: 'report', report, source: `/work/runs/${name}/report.json` }]);
    const shown = await generatorGroup(page);

    // The same report as report.html, in the same browser: the same words, figures and tone.
    const file = path.join(session.host.dir, `${name}-report.html`);
    writeFileSync(file, renderHtmlReport(report, chartJsSource()));
    const html = await session.browser.newPage();
    await html.goto(pathToFileURL(file).href);
    assert.deepEqual(shown, await generatorGroup(html));
    await html.close();

    assert.equal(shown.title, 'Load generator');
    assert.equal(shown.facts.length, 3);
    assert.deepEqual(shown.facts.map(([label]) => label), ['Lag', 'Event-loop delay', 'Engine CPU']);
    const firstAdvice = await page.locator('#recommendations li').first().innerText();
    if (report.generator.saturated) {
      assert.equal(shown.verdict, 'SATURATED');
      assert.match(shown.badgeTone, /tone-bad/);
      assert.equal(shown.reason, report.generator.reason);
      assert.match(firstAdvice, /^The load generator was saturated/);
      assert.deepEqual((await page.locator('#recommendations li').allInnerTexts()).filter((r) => /rais(e|ing) maxUsers/i.test(r)), []);
      // It stands out in the theme's error colour: the badge filled with it, the card edged with it.
      const look = await page.evaluate(() => {
        const box = document.getElementById('generator') as HTMLElement;
        const probe = document.createElement('span');
        probe.className = 'tone-bad';
        document.body.append(probe);
        const bad = getComputedStyle(probe).color;
        probe.remove();
        return { bad, edge: getComputedStyle(box).borderLeftColor, badge: getComputedStyle(box.querySelector('.badge') as Element).backgroundColor };
      });
      assert.equal(look.edge, look.bad);
      assert.equal(look.badge, look.bad);
      await page.locator('#generator').scrollIntoViewIfNeeded();
      await shot(page, 'report-generator-saturated');
    } else {
      assert.equal(shown.verdict, 'not saturated');
      assert.match(shown.badgeTone, /tone-ok/);
      assert.equal(shown.reason, null);
      assert.doesNotMatch(await page.locator('#recommendations').innerText(), /saturat/i);
    }
    // The report's timeseries draws the lag p99 line on the load-generator chart.
    assert.ok((await chartPixels(page, '--st-c-lag')).find((c) => c.id === 'chart-system')!.near > 100, 'lag p99 line drawn');
  }
});

test('a report.json from before the generator section opens (Open Report…): "not measured", charts drawn, nothing breaks', async () => {
  const { page } = await panel('legacy', { theme: 'light' });
  const report = buildLegacyReport();
  await send(page, [{ type: 'report', report, source: '/work/runs/old/report.json' }]);
  assert.match(await text(page, '#verdict'), /FAILED/);
  const shown = await generatorGroup(page);
  assert.equal(shown.verdict, 'not measured');
  assert.match(shown.badgeTone, /tone-neutral/);
  assert.deepEqual(shown.facts.map(([, v]) => v), ['—', '—', '—']);
  assert.match(shown.note ?? '', /written before Stampede measured its generator/);
  assert.equal(await page.locator('#steps-table tbody tr').count(), report.steps.length);
  for (const c of await chartPixels(page, '--st-c-rps')) assert.ok(c.painted > 5000, `${c.id} drawn`);
  assert.doesNotMatch((await page.locator('#chart-system-summary').textContent()) ?? '', /lag/);
  // Its rows survive the saved state's merge too (a reload of a long old report).
  const state = (await savedState(page)) as PanelState;
  assert.equal(state.report?.generator, undefined);
  const again = await panel('legacy-reload', { theme: 'light', state });
  await settle(again.page);
  assert.equal((await generatorGroup(again.page)).verdict, 'not measured');
});
