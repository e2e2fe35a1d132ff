// Results on a scenario's lines, in a real VS Code (code-server, headless Chromium): a run made by
// the real CLI shows on the step, flow and criterion lines as soon as the file opens; a run from
// the palette against a faster server replaces it; a baseline pinned afterwards (the CLI run's
// report, copied to .stampede/baseline/) adds the `vs baseline` delta; the hover gives the
// details and opens the report; edits since the run keep the results on their names' lines;
// `stampede.showResultsInEditor: false` removes them. The texts are read from the editor's DOM
// and must equal what report/line-results.ts makes of the very report.json files on disk.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { lineResults } from '../../report/line-results';
import { readReport } from '../../report/history';
import { runFolderName } from '../../report/out-dir';
import { runCli } from '../helpers/cli';
import { listenLocal, type LocalServer } from '../helpers/local-server';
import { E2eRun } from './lib/suite';
import { goTo, newContext, openWorkbench, quickOpen, runCommand, shot, tab, toast, waitUntil, webview } from './lib/workbench';

const skip = process.env.STAMPEDE_SKIP_E2E === '1' ? 'STAMPEDE_SKIP_E2E=1' : false;

const FILE = 'lines.scenario.yaml';
/** 1-based lines of the scenario below. */
const LINES = { flow: 9, step: 11, passing: 15, failing: 16 };

function scenario(target: string): string {
  return [
    'version: 1',
    'name: Lines',
    `target: ${target}`,
    'monitor: { interval: 250ms, system: false }',
    'phases:',
    '  - duration: 3s',
    '    users: 2',
    'flows:',
    '  - name: browse',
    '    steps:',
    '      - name: page',
    '        request: GET /page',
    '      - think: 20ms',
    'criteria:',
    '  - p95(latency) < 2s',
    '  - p99(latency, step=page) < 1ms',
    '',
  ].join('\n');
}

describe('results on the scenario’s lines (code-server, headless Chromium)', { skip }, () => {
  let run: E2eRun;
  let target: LocalServer;
  let page: Page;
  /** How long the target takes to answer GET /page: raised for the baseline run. */
  let delayMs = 40;
  let file: string;
  let runs: string;
  let cliReport: string;

  /** The rendered text of the editor's line that matches `pattern` (spaces as spaces), or ''. */
  const lineText = async (pattern: RegExp): Promise<string> => {
    const texts = await page.locator('.monaco-editor .view-lines .view-line').allTextContents();
    return texts.map((t) => t.replace(/\u00a0/g, ' ')).find((t) => pattern.test(t)) ?? '';
  };
  const stepLine = /^\s+- name: page/;
  const flowLine = /^\s+- name: browse/;
  const criterionLine = (expr: string) => new RegExp(`^\\s+- ${expr.replace(/[()<>.*+?]/g, '\\$&')}`);
  const waitForLine = (what: string, pattern: RegExp, ok: (text: string) => boolean, ms = 30_000): Promise<string> =>
    waitUntil(what, async () => {
      const text = await lineText(pattern);
      return ok(text) && text;
    }, ms);

  before(async () => {
    const server = createServer((req, res) => {
      setTimeout(() => res.end('ok'), req.url === '/page' ? delayMs : 0);
    });
    target = await listenLocal(server);
    run = new E2eRun('line-results', target.origin);
    file = join(run.workspace.folder, FILE);
    runs = join(run.workspace.folder, '.stampede', 'runs');
    writeFileSync(file, scenario(target.origin));
    // The slow run, by the real CLI into the workspace's runs folder, while code-server starts.
    const out = join(runs, runFolderName('Lines'));
    cliReport = join(out, 'report.json');
    const [cli] = await Promise.all([runCli(['run', file, '--out', out, '--quiet'], { timeoutMs: 60_000 }), run.start()]);
    assert.ok(existsSync(cliReport), `the CLI wrote no report (exit ${cli.code}): ${cli.stdout}${cli.stderr}`);
    page = await (await newContext(run.browser!, run.nonLocal)).newPage();
  }, { timeout: 150_000 });

  after(async () => {
    const problems = run ? await run.stop() : [];
    await target?.close();
    assert.deepEqual(problems, [], 'clean shutdown');
    assert.deepEqual(run ? [...run.nonLocal] : [], [], 'requests that left 127.0.0.1');
  }, { timeout: 60_000 });

  test('results appear on the lines, follow a new run and a pinned baseline, hover, follow edits, and turn off', { timeout: 180_000 }, async () => {
    await run.step('open-with-cli-run', async () => {
      await openWorkbench(page, run.devWorkbenchUrl(), FILE);
      await quickOpen(page, FILE);
      // The CLI's run, read when the file opens: the very texts report/line-results.ts makes of it.
      const expected = lineResults(readReport(cliReport)!, cliReport);
      const step = expected.steps.find((s) => s.name === 'page')!.text;
      assert.match(step, /^p95 \d+(\.\d+)?ms · 0% errors$/);
      await waitForLine('the CLI run’s result on the step line', stepLine, (t) => t.includes(step));
      assert.ok((await lineText(flowLine)).includes(expected.flows[0].text), await lineText(flowLine));
      await waitForLine('✓ on the passing criterion', criterionLine('p95(latency) < 2s'), (t) => t.includes(`✓ ${readReport(cliReport)!.criteria[0].actualText}`));
      await waitForLine('✗ on the failing criterion', criterionLine('p99(latency, step=page) < 1ms'), (t) => t.includes(`✗ ${readReport(cliReport)!.criteria[1].actualText}`));
      await shot(page, '60-line-results-cli-run');
    })();

    let newest = '';
    await run.step('palette-run', async () => {
      delayMs = 2;
      await runCommand(page, 'Stampede: Run Scenario');
      await toast(page, 'Stampede: Lines failed.').first().waitFor({ timeout: 60_000 });
      newest = readdirSync(runs).sort().map((f) => join(runs, f, 'report.json')).filter((f) => existsSync(f)).pop()!;
      assert.notEqual(newest, cliReport, 'the palette run wrote a report of its own');
      const expected = lineResults(readReport(newest)!, newest);
      const step = expected.steps.find((s) => s.name === 'page')!.text;
      assert.notEqual(step, lineResults(readReport(cliReport)!, cliReport).steps[0].text, 'the faster run reads differently');
      await waitForLine('the palette run’s result on the step line', stepLine, (t) => t.includes(step));
      await waitForLine('its criterion verdict', criterionLine('p99(latency, step=page) < 1ms'), (t) => t.includes(`✗ ${readReport(newest)!.criteria[1].actualText}`));
      await runCommand(page, 'Notifications: Clear All Notifications');
    })();

    await run.step('pin-baseline', async () => {
      // Pinned from outside (as a checkout or the Runs view would): the slow CLI run.
      mkdirSync(join(run.workspace.folder, '.stampede', 'baseline'), { recursive: true });
      const baseline = join(run.workspace.folder, '.stampede', 'baseline', 'lines.json');
      copyFileSync(cliReport, baseline);
      const expected = lineResults(readReport(newest)!, newest, readReport(baseline)!);
      const step = expected.steps.find((s) => s.name === 'page')!.text;
      assert.match(step, /^p95 .+ · 0% errors · ▼ -\d+\.\d% vs baseline$/);
      await waitForLine('the delta against the baseline on the step line', stepLine, (t) => t.includes(step));
      assert.match(await lineText(flowLine), / vs baseline$/);
      await shot(page, '61-line-results-baseline');
    })();

    await run.step('hover', async () => {
      await runCommand(page, 'View: Close All Editors'); // the run's panel too: one editor group
      await quickOpen(page, FILE);
      await goTo(page, LINES.step, 9); // on `name` of the step
      await runCommand(page, 'Show or Focus Hover');
      const hover = page.locator('.monaco-hover', { hasText: 'p (Mann-Whitney U)' }).first();
      await hover.waitFor({ timeout: 20_000 });
      const text = (await hover.textContent()) ?? '';
      for (const part of ['p50', 'p90', 'p95', 'p99', 'requests', 'rps', 'error rate', 'Errors: none', 'baseline: run of', 'completed, failed', 'Open report']) {
        assert.ok(text.includes(part), `"${part}" in the hover: ${text}`);
      }
      await page.waitForTimeout(300); // fade-in
      await shot(page, '62-line-results-hover');
      await hover.locator('a', { hasText: 'Open report' }).click();
      await tab(page, 'Report: Lines').first().waitFor({ timeout: 20_000 });
      // The newest run's report (and a loaded page, which takes the focus, before the palette).
      await webview(page).locator('#scenario-name', { hasText: 'Lines' }).waitFor({ timeout: 20_000 });
      await webview(page).locator('#verdict', { hasText: 'FAILED' }).waitFor({ timeout: 10_000 });
      await runCommand(page, 'View: Close All Editors');
    })();

    await run.step('edits-since-the-run', async () => {
      await quickOpen(page, FILE);
      // A line above everything, and the flow renamed: the step's result moves down with it, the
      // flow's name is gone from the text so its result is too.
      await goTo(page, 2, 1);
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.type('# edited after the run');
      await page.keyboard.press('Escape');
      await goTo(page, LINES.flow + 1, 17);
      await page.keyboard.type('2');
      await page.keyboard.press('Escape');
      await waitForLine('no result on the renamed flow', /^\s+- name: browse2/, (t) => t !== '' && !t.includes('p95'));
      assert.match(await lineText(stepLine), /p95 .+ vs baseline$/);
      await shot(page, '63-line-results-edited');
    })();

    await run.step('setting-off', async () => {
      mkdirSync(join(run.workspace.folder, '.vscode'), { recursive: true });
      writeFileSync(join(run.workspace.folder, '.vscode', 'settings.json'), JSON.stringify({ 'stampede.showResultsInEditor': false }));
      await waitForLine('no result on the step line', stepLine, (t) => t !== '' && !t.includes('p95'));
      for (const line of [criterionLine('p95(latency) < 2s'), criterionLine('p99(latency, step=page) < 1ms')]) assert.doesNotMatch(await lineText(line), /[✓✗]/);
      await shot(page, '64-line-results-off');
    })();
  });
});
