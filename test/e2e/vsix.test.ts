// The packaged extension as a user gets it: `scripts/package.mjs` builds stampede.vsix, code-server's
// `--install-extension` installs it into a fresh extensions dir, and code-server starts WITHOUT
// extensionDevelopmentPath. The workspace is a copy of the samples (the quickstart pointed at a
// private sample server, and the gallery). Author (language mode, diagnostics, the template gallery),
// run from the palette, watch the panel's numbers, Stop, read the report; then the in-host mocha
// suite against the INSTALLED copy (a stub harness as extensionDevelopmentPath). See test/e2e/README.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/paths';
import { startSampleServer, type SampleServer } from '../helpers/sample-server';
import { buildInhostSuite, makeHarness, runInhostSuite } from './lib/inhost';
import { E2eRun, finishRun } from './lib/suite';
import { newContext, openWorkbench, quickOpen, runCommand, shot, statusItem, tileCount, toast, waitUntil, webview } from './lib/workbench';
import { BROKEN, copyGallery, QUICKSTART } from './lib/workspace';

const skip = process.env.STAMPEDE_SKIP_E2E === '1' ? 'STAMPEDE_SKIP_E2E=1' : false;
const GALLERY_FILE = 'realtime.scenario.yaml';

describe('the packaged .vsix installed in VS Code (code-server, headless Chromium)', { skip }, () => {
  let run: E2eRun;
  let sample: SampleServer;
  let page: Page;
  /** <run>/extensions/stampede.stampede-<version>: where the .vsix was installed. */
  let installed: string;

  before(async () => {
    sample = await startSampleServer({ hashCost: 1000 });
    run = new E2eRun('vsix', sample.url);
    copyGallery(run.workspace.folder);
    const vsix = join(run.workspace.runDir, 'stampede.vsix');
    await run.time('packageMs', () => promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), vsix], { cwd: ROOT, timeout: 120_000 }));
    run.log(`packaged ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB) in ${run.timings.packageMs} ms`);
    const out = await run.time('installMs', async () => run.server.installExtension(vsix));
    run.log(`installed in ${run.timings.installMs} ms: ${out.trim()}`);
    const dirs = readdirSync(run.server.extensionsDir).filter((d) => d.startsWith('stampede.stampede-'));
    assert.equal(dirs.length, 1, `extensions dir holds ${JSON.stringify(readdirSync(run.server.extensionsDir))}`);
    installed = join(run.server.extensionsDir, dirs[0]);
    run.engineScript = join(installed, 'dist', 'engine.js'); // the engines to look for are the installed copy's
    await run.start();
    page = await (await newContext(run.browser!, run.nonLocal)).newPage();
  }, { timeout: 180_000 });

  after(() => finishRun(run, () => sample?.close()), { timeout: 60_000 });

  test('the workbench loads with the .vsix installed and no extension under development', { timeout: 120_000 }, async () => {
    await run.step('vsix-workbench', async () => {
      const t = Date.now();
      await openWorkbench(page, run.server.workbenchUrl(run.workspace.folder), QUICKSTART);
      run.timings.pageToUsableMs = Date.now() - t;
      run.timings.coldStartToUsableMs = Date.now() - run.server.startedAt;
      assert.doesNotMatch(await page.title(), /Extension Development Host/);
      await shot(page, '20-vsix-workbench');
    })();
  });

  test('authoring: language mode, diagnostics, the gallery, New Scenario from Template', { timeout: 90_000 }, async () => {
    await run.step('vsix-editor', async () => {
      const mode = page.locator('[id="status.editor.mode"]');
      const language = async (file: string) => {
        await quickOpen(page, file);
        await waitUntil(`language mode "Stampede Scenario" for ${file}`, async () => (await mode.textContent())?.trim() === 'Stampede Scenario', 20_000);
      };
      await language(QUICKSTART);

      const t = Date.now();
      await quickOpen(page, BROKEN);
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
      run.timings.openToSquiggleMs = Date.now() - t;
      await page.locator('[id="status.problems"][aria-label*="Errors: 4"]').waitFor({ timeout: 10_000 });
      await shot(page, '21-vsix-diagnostics');

      await language(GALLERY_FILE); // gallery/realtime.scenario.yaml

      // The template gallery is read from the installed copy's samples/gallery.
      await runCommand(page, 'Stampede: New Scenario from Template');
      const builtIn = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'built-in' });
      await builtIn.first().waitFor({ timeout: 15_000 });
      await shot(page, '22-vsix-templates');
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 });
      await runCommand(page, 'View: Close All Editors');
    })();
  });

  test('run from the palette: live numbers, Stop, the report view and report.json', { timeout: 120_000 }, async () => {
    await run.step('vsix-run', async () => {
      await quickOpen(page, QUICKSTART);
      await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Validate' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Control+B'); // room for the panel
      await page.locator('.explorer-folders-view').waitFor({ state: 'hidden', timeout: 5000 });
      const t = Date.now();
      await runCommand(page, 'Stampede: Run Scenario');
      const panel = webview(page);
      const count = (key: string) => tileCount(panel, key);
      await panel.locator('[data-tile="requests"] .value').waitFor({ timeout: 30_000 });
      run.timings.commandToPanelMs = Date.now() - t;
      await waitUntil('live numbers: users and requests above zero', async () => (await count('users')) > 0 && (await count('requests')) > 0, 40_000);
      run.timings.commandToLiveNumbersMs = Date.now() - t;
      await statusItem(page, /\d+ users · .+ rps/).first().waitFor({ timeout: 10_000 });
      assert.equal(run.engines().length, 1, 'one engine from the installed copy (dist/engine.js under the extensions dir)');
      await shot(page, '23-vsix-live-panel');

      const ts = Date.now();
      await panel.locator('#stop').click();
      await panel.locator('#verdict', { hasText: 'STOPPED' }).waitFor({ timeout: 30_000 });
      run.timings.stopToReportMs = Date.now() - ts;
      await toast(page, 'Stampede: Quickstart stopped.').first().waitFor({ timeout: 10_000 });
      await statusItem(page, /users · /).first().waitFor({ state: 'detached', timeout: 10_000 });
      await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Validate' }).first().waitFor({ timeout: 10_000 }); // back to Run · Validate
      await shot(page, '24-vsix-report');

      const runs = join(run.workspace.folder, '.stampede', 'runs');
      const folders = existsSync(runs) ? readdirSync(runs).filter((f) => existsSync(join(runs, f, 'report.json'))) : [];
      assert.equal(folders.length, 1, `report folders: ${JSON.stringify(folders)}`);
      const report = JSON.parse(readFileSync(join(runs, folders[0], 'report.json'), 'utf8')) as { outcome: string; scenario: string; totals: { requests: number } };
      assert.equal(report.outcome, 'stopped');
      assert.equal(report.scenario, 'Quickstart');
      assert.ok(report.totals.requests > 0, 'no request in the report');
      await runCommand(page, 'View: Close All Editors');
    })();
  });

  test('the in-host mocha suite passes against the installed extension (stub harness as extensionDevelopmentPath)', { timeout: 200_000 }, async () => {
    await run.step('vsix-inhost', async () => {
      await page.close(); // one workbench at a time on two cores
      const suite = buildInhostSuite(join(run.workspace.runDir, 'inhost'), { installedUnder: run.server.extensionsDir });
      const harness = makeHarness(join(run.workspace.runDir, 'inhost-harness'));
      const result = await runInhostSuite(run.browser!, run.server, run.workspace.folder, suite, run.nonLocal, 180_000, harness, '41-vsix-inhost-suite');
      run.timings.inhostSuiteMs = result.ms;
      run.log(`in-host suite (exit ${result.code}, ${result.ms} ms):\n${result.consoleLog}`);
      const failures = result.results?.tests.filter((t) => t.state === 'failed').map((t) => `${t.title}: ${t.error}`) ?? [];
      assert.deepEqual(failures, [], 'in-host tests failed');
      assert.equal(result.code, 0, `in-host exit code ${result.code}; see ${join(run.workspace.runDir, 'inhost-console.log')}`);
      assert.ok(result.results && result.results.passes >= 8, `in-host results: ${JSON.stringify(result.results)}`);
      assert.ok(result.results.tests.some((t) => t.title.includes('the extension under test is the installed copy')), 'the installed-copy check did not run');
      const loadedFrom = realpathSync(result.results.extensionPath ?? '');
      assert.equal(loadedFrom, realpathSync(installed), 'the in-host suite tested another copy of the extension');
    })();
  });

  test('no engine process is left once the runs have ended', { timeout: 20_000 }, async () => {
    await run.step('vsix-no-engine-left', async () => {
      const left = await run.waitForNoEngine(10_000);
      assert.deepEqual(left, [], 'engine processes still running');
    })();
  });
});
