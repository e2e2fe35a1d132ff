// The run history in a real VS Code (code-server, headless Chromium): the workspace's scenario
// runs twice through the real CLI against a private sample server before the workbench opens;
// then the "Stampede Runs" view lists it and its runs (verdict, p95), Pin as Baseline writes
// .stampede/baseline/short.json (a copy of the run's report) and the view says so, Compare with…
// and Compare with Baseline open the compare view with both runs and their steps, Delete removes
// a run folder after the confirmation, a run made meanwhile appears by itself (the watcher),
// Reveal in Explorer selects a run folder, Unpin Baseline removes the file. See test/e2e/README.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { formatTimestamp } from '../../report/format';
import type { Report } from '../../report/types';
import { runCli } from '../helpers/cli';
import { startSampleServer, type SampleServer } from '../helpers/sample-server';
import { E2eRun, finishRun } from './lib/suite';
import { answerDialog, contextMenu, focusView, viewRows } from './lib/views';
import { newContext, openWorkbench, runCommand, shot, toast, waitUntil, webview } from './lib/workbench';
import { SHORT } from './lib/workspace';

const skip = process.env.STAMPEDE_SKIP_E2E === '1' ? 'STAMPEDE_SKIP_E2E=1' : false;
const VIEW = 'Stampede Runs';

interface Run {
  folder: string;
  report: Report;
  /** How the view and the compare view write its start. */
  when: string;
}

describe('the Stampede Runs view, baselines and the compare view (code-server, headless Chromium)', { skip }, () => {
  let run: E2eRun;
  let sample: SampleServer;
  let page: Page;
  let runsDir: string;
  let baselineFile: string;
  /** The CLI's runs of short.scenario.yaml, oldest first. */
  const runs: Run[] = [];

  /** One real run of the short scenario through the CLI, in the workspace (its default out folder). */
  async function cliRun(): Promise<Run> {
    const before = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
    const result = await runCli(['run', SHORT, '--quiet'], { cwd: run.workspace.folder, timeoutMs: 60_000 });
    const added = readdirSync(runsDir).filter((f) => !before.has(f));
    assert.equal(added.length, 1, `one new run folder (exit ${result.code}): ${result.stdout}${result.stderr}`);
    const folder = join(runsDir, added[0]);
    const report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as Report;
    assert.equal(report.outcome, 'completed', result.stdout);
    assert.ok(report.totals.requests > 0, 'the run made requests');
    return { folder, report, when: formatTimestamp(report.startedAt) };
  }

  const row = (r: Run) => viewRows(page, VIEW, r.when);
  const scenarioRow = () => viewRows(page, VIEW, SHORT);

  before(async () => {
    // A cheap password hash: the sample's logins are deliberately slow, and this machine also runs VS Code.
    sample = await startSampleServer({ hashCost: 1000 });
    run = new E2eRun('runs', sample.url);
    runsDir = join(run.workspace.folder, '.stampede', 'runs');
    baselineFile = join(run.workspace.folder, '.stampede', 'baseline', 'short.json');
    // The two runs go while code-server starts (one after the other: run folders are named by the second).
    await Promise.all([
      run.start(),
      (async () => {
        runs.push(await cliRun());
        runs.push(await cliRun());
      })(),
    ]);
    page = await (await newContext(run.browser!, run.nonLocal)).newPage();
  }, { timeout: 180_000 });

  after(() => finishRun(run, () => sample?.close()), { timeout: 60_000 });

  test('the view lists the scenario and its runs, newest first, with verdict and p95', { timeout: 120_000 }, async () => {
    await run.step('runs-view', async () => {
      await openWorkbench(page, run.devWorkbenchUrl(), SHORT);
      await focusView(page, VIEW);
      await scenarioRow().first().waitFor({ timeout: 30_000 });
      assert.match(await scenarioRow().first().innerText(), /Short\s·\s2 runs/);
      const [older, newer] = runs;
      for (const r of runs) {
        const text = await row(r).first().innerText();
        const verdict = r.report.passed ? 'passed' : 'failed';
        assert.match(text, new RegExp(`^${verdict}\\s*p95 \\d[\\d.]*m?s · [\\d.,]+ rps · [\\d.<%]+ errors · ${r.when}`), text);
      }
      const texts = await viewRows(page, VIEW).allInnerTexts();
      assert.ok(texts.findIndex((t) => t.includes(newer.when)) < texts.findIndex((t) => t.includes(older.when)), `newest first: ${JSON.stringify(texts)}`);
      await shot(page, '60-runs-view');
    })();
  });

  test('Pin as Baseline writes .stampede/baseline/short.json, a copy of the run, and the view shows it', { timeout: 60_000 }, async () => {
    await run.step('pin', async () => {
      const [older] = runs;
      await contextMenu(page, row(older).first(), 'Pin as Baseline');
      await toast(page, /Pinned as the baseline of short\.scenario\.yaml: \.stampede\/baseline\/short\.json\. Commit it/).first().waitFor({ timeout: 10_000 });
      await waitUntil('the baseline file', async () => existsSync(baselineFile), 10_000);
      assert.equal(readFileSync(baselineFile, 'utf8'), readFileSync(join(older.folder, 'report.json'), 'utf8'));
      await scenarioRow().filter({ hasText: '(baseline pinned)' }).first().waitFor({ timeout: 10_000 });
      await row(older).filter({ hasText: /· baseline$/ }).first().waitFor({ timeout: 10_000 });
      await runCommand(page, 'Notifications: Clear All Notifications');
    })();
  });

  test('Compare with… and Compare with Baseline open the compare view with both runs and their steps', { timeout: 90_000 }, async () => {
    await run.step('compare', async () => {
      const [older, newer] = runs;
      await contextMenu(page, row(newer).first(), 'Compare with…');
      // The scenario's baseline first, then its other runs: pick the older run itself.
      const picks = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
      await picks.first().waitFor({ timeout: 10_000 });
      assert.match((await picks.first().getAttribute('aria-label')) ?? '', /baseline/);
      await picks.filter({ hasText: older.when }).filter({ hasNotText: 'baseline' }).first().click();

      const label = (r: Run) => r.when.slice(5, 19);
      await page.locator('.tabs-container .tab', { hasText: `Compare: ${label(older)} ↔ ${label(newer)}` }).first().waitFor({ timeout: 15_000 });
      const frame = webview(page);
      await frame.locator('#compare-table').waitFor({ timeout: 20_000 });
      assert.match(await frame.locator('#run-baseline').innerText(), new RegExp(older.when));
      assert.match(await frame.locator('#run-current').innerText(), new RegExp(newer.when));
      assert.match(await frame.locator('#verdict').innerText(), /REGRESSION|NO REGRESSION/);
      // A row per figure of every request step both runs made, and the overall ones.
      const steps = newer.report.steps.filter((s) => s.kind === 'request' && older.report.steps.some((o) => o.name === s.name)).map((s) => s.name);
      assert.ok(steps.includes('login'), JSON.stringify(steps));
      for (const scope of ['overall', ...steps]) assert.ok(await frame.locator(`#compare-table tr[data-scope="${scope}"][data-metric="p95"]`).count(), `no p95 row for ${scope}`);
      for (const id of ['compare-latency', 'compare-throughput']) {
        await waitUntil(`${id} drawn with two series`, async () => (await frame.locator(`#${id}`).getAttribute('data-series')) === '2', 10_000);
      }
      await shot(page, '61-compare-view');
      await runCommand(page, 'View: Close All Editors');

      await contextMenu(page, scenarioRow().first(), 'Compare with Baseline');
      await page.locator('.tabs-container .tab', { hasText: `Compare: baseline ↔ ${label(newer)}` }).first().waitFor({ timeout: 15_000 });
      await webview(page).locator('#run-baseline', { hasText: older.when }).waitFor({ timeout: 20_000 });
      await runCommand(page, 'View: Close All Editors');
    })();
  });

  test('Delete removes a run folder after the confirmation; a new run appears by itself', { timeout: 90_000 }, async () => {
    await run.step('delete', async () => {
      const [older, newer] = runs;
      await contextMenu(page, row(newer).first(), 'Delete Run');
      await answerDialog(page, `Delete the run of Short from ${newer.when}?`, 'Delete');
      await waitUntil('the run folder gone', async () => !existsSync(newer.folder), 10_000);
      assert.ok(existsSync(older.folder), 'the other run stays');
      await row(newer).first().waitFor({ state: 'detached', timeout: 10_000 });
      await scenarioRow().filter({ hasText: /1 run\b/ }).first().waitFor({ timeout: 10_000 });

      // A run made outside the extension: the watcher of the runs folder refreshes the view.
      const third = await cliRun();
      runs.push(third);
      await row(third).first().waitFor({ timeout: 15_000 });
      const texts = await viewRows(page, VIEW).allInnerTexts();
      assert.ok(texts.findIndex((t) => t.includes(third.when)) < texts.findIndex((t) => t.includes(older.when)), `newest first: ${JSON.stringify(texts)}`);
    })();
  });

  test('Reveal in Explorer selects the run folder; Unpin Baseline removes the baseline', { timeout: 60_000 }, async () => {
    await run.step('reveal-unpin', async () => {
      const [older] = runs;
      await contextMenu(page, row(older).first(), 'Reveal in Explorer');
      const selected = page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]', { hasText: basename(older.folder) });
      await selected.first().waitFor({ timeout: 15_000 });
      await shot(page, '62-reveal-in-explorer');

      await focusView(page, VIEW);
      await contextMenu(page, scenarioRow().first(), 'Unpin Baseline');
      await waitUntil('the baseline file removed', async () => !existsSync(baselineFile), 10_000);
      await scenarioRow().filter({ hasNotText: 'baseline' }).first().waitFor({ timeout: 10_000 });
      assert.equal(await viewRows(page, VIEW, /· baseline$/).count(), 0);
    })();
  });
});
