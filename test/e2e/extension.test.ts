// The extension in a real VS Code: code-server (VS Code 1.100's server and web workbench) on
// 127.0.0.1 with this repository as the extension under development, driven from headless
// Chromium. Open a sample, see diagnostics, a completion and a hover; run from the palette, watch
// the panel's numbers move, stop, read the report; open the last report and zoom one of its
// charts. The in-host mocha suite (test/e2e/inhost/) runs once, in vsix.test.ts, against the
// packaged extension as users install it (it ran here too, against the same code: 43 s of the
// suite for no new check). See test/e2e/README.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSampleServer, type SampleServer } from '../helpers/sample-server';
import { E2eRun, updateDocScreenshots } from './lib/suite';
import { checkZoom } from './lib/zoom';
import type { Report } from '../../report/types';
import { goTo, newContext, openWorkbench, quickOpen, runCommand, shot, statusItem, tileCount, toast, waitUntil, webview } from './lib/workbench';
import { BROKEN, BROKEN_LINES, BROKEN_MESSAGES, QUICKSTART } from './lib/workspace';

const skip = process.env.STAMPEDE_SKIP_E2E === '1' ? 'STAMPEDE_SKIP_E2E=1' : false;

describe('the extension in VS Code (code-server, headless Chromium)', { skip }, () => {
  let run: E2eRun;
  let sample: SampleServer;
  let page: Page;

  before(async () => {
    // A cheap password hash: the sample's logins are deliberately slow, and this machine also runs VS Code.
    sample = await startSampleServer({ hashCost: 1000 });
    run = new E2eRun('extension', sample.url);
    await run.start();
    page = await (await newContext(run.browser!, run.nonLocal)).newPage();
  }, { timeout: 120_000 });

  after(async () => {
    const problems = run ? await run.stop() : [];
    await sample?.close();
    updateDocScreenshots({
      '03-editor-diagnostics-completion': 'editor-diagnostics-completion.png',
      '11-live-panel': 'live-panel.png',
      '13-report': 'report.png',
    });
    assert.deepEqual(problems, [], 'clean shutdown');
    assert.deepEqual(run ? [...run.nonLocal] : [], [], 'requests that left 127.0.0.1');
  }, { timeout: 60_000 });

  test('the workbench loads with the repository as the extension under development', { timeout: 120_000 }, async () => {
    await run.step('workbench', async () => {
      const t = Date.now();
      await openWorkbench(page, run.devWorkbenchUrl(), QUICKSTART);
      run.timings.pageToUsableMs = Date.now() - t;
      run.timings.coldStartToUsableMs = Date.now() - run.server.startedAt;
      assert.match(await page.title(), /\[Extension Development Host\]/);
      await shot(page, '01-workbench');
    })();
  });

  test('a scenario gets its language, diagnostics, a completion and a hover', { timeout: 90_000 }, async () => {
    await run.step('editor', async () => {
      await quickOpen(page, QUICKSTART);
      const mode = page.locator('[id="status.editor.mode"]');
      await waitUntil('language mode "Stampede Scenario"', async () => (await mode.textContent())?.trim() === 'Stampede Scenario', 20_000);

      const t = Date.now();
      await quickOpen(page, BROKEN);
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
      run.timings.openToSquiggleMs = Date.now() - t;
      await page.locator('[id="status.problems"][aria-label*="Errors: 4"]').waitFor({ timeout: 10_000 });
      await shot(page, '02-diagnostics');

      await page.keyboard.press('Control+Shift+M'); // Problems
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.filter({ hasText: BROKEN_MESSAGES.duration.replace(/`/g, '') }).or(rows.filter({ hasText: BROKEN_MESSAGES.duration })).first().waitFor({ timeout: 10_000 });
      await rows.filter({ hasText: 'colour' }).first().waitFor({ timeout: 10_000 });

      // Completion at the empty step: the step kinds.
      await goTo(page, BROKEN_LINES.completion.line, BROKEN_LINES.completion.column);
      await page.keyboard.press('Control+Space');
      const suggest = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
      await suggest.first().waitFor({ timeout: 15_000 });
      const labels = await waitUntil(
        'step kinds in the suggest widget',
        async () => {
          const all = await suggest.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
          return all.some((l) => /\brequest\b/.test(l)) && all.some((l) => /\bthink\b/.test(l)) && all;
        },
        15_000,
      );
      run.log('completion', JSON.stringify(labels.slice(0, 8)));
      await page.waitForTimeout(400); // the details pane settles
      await shot(page, '03-editor-diagnostics-completion');
      await page.keyboard.press('Escape');

      // Hover on the `target` key: its documentation from the schema.
      await page.keyboard.press('Control+Home'); // line 3 back in view (the suggest widget may have scrolled)
      const line = page.locator('.monaco-editor .view-lines .view-line', { hasText: /^target:\s+http/ }).first();
      const hover = page.locator('.monaco-hover', { hasText: 'Base URL that request paths are joined to' }).first();
      await waitUntil('the hover on `target`', async () => {
        const box = await line.boundingBox();
        if (!box) return false;
        await page.mouse.move(box.x + 300, box.y + 200); // off the word, then onto it: a fresh hover
        await page.mouse.move(box.x + 12, box.y + box.height / 2, { steps: 3 });
        return hover.waitFor({ timeout: 4000 }).then(() => true);
      }, 20_000);
      await page.waitForTimeout(300); // fade-in
      await shot(page, '04-hover');
      await page.mouse.move(640, 790);
      await page.keyboard.press('Control+J'); // hide the panel area (Problems) again
      await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: 5000 });
    })();
  });

  test('run from the palette: live panel and status bar, Stop, report, Open Last Report', { timeout: 120_000 }, async () => {
    await run.step('run', async () => {
      await quickOpen(page, QUICKSTART);
      const lens = (title: string) => page.locator('.monaco-editor .codelens-decoration', { hasText: title }).first();
      await lens('Validate').waitFor({ timeout: 15_000 });
      await page.keyboard.press('Control+B'); // no side bar: room for the editor and the panel side by side
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
      await lens('Stop').waitFor({ timeout: 10_000 });
      // A few more seconds of load, so the charts have something to show.
      await waitUntil('8 users and 80 requests', async () => (await count('users')) >= 8 && (await count('requests')) >= 80, 30_000);
      assert.equal(await panel.locator('#stop').isEnabled(), true);
      run.log('status bar:', await statusItem(page, /users · /).first().textContent());
      await shot(page, '11-live-panel');

      const ts = Date.now();
      await panel.locator('#stop').click();
      await panel.locator('#verdict', { hasText: 'STOPPED' }).waitFor({ timeout: 30_000 });
      run.timings.stopToReportMs = Date.now() - ts;
      await toast(page, 'Stampede: Quickstart stopped.').first().waitFor({ timeout: 10_000 });
      await statusItem(page, /users · /).first().waitFor({ state: 'detached', timeout: 10_000 });
      await lens('Validate').waitFor({ timeout: 10_000 }); // back to Run · Validate
      await shot(page, '12-report-after-stop');

      const runs = join(run.workspace.folder, '.stampede', 'runs');
      const folders = existsSync(runs) ? readdirSync(runs).filter((f) => existsSync(join(runs, f, 'report.json'))) : [];
      assert.equal(folders.length, 1, `report folders: ${JSON.stringify(folders)}`);
      const report = JSON.parse(readFileSync(join(runs, folders[0], 'report.json'), 'utf8')) as { outcome: string; scenario: string; totals: { requests: number } };
      assert.equal(report.outcome, 'stopped');
      assert.equal(report.scenario, 'Quickstart');
      assert.ok(report.totals.requests >= 80, `only ${report.totals.requests} requests in the report`);

      // A saved report: close everything, then "Open Last Report".
      await runCommand(page, 'View: Close All Editors');
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 });
      await runCommand(page, 'Stampede: Open Last Report');
      const saved = webview(page);
      await saved.locator('.eyebrow', { hasText: 'Saved report' }).waitFor({ timeout: 20_000 });
      await saved.locator('#verdict', { hasText: 'STOPPED' }).waitFor();
      await saved.locator('#scenario-name', { hasText: 'Quickstart' }).waitFor();
      assert.ok(await page.locator('.tabs-container .tab', { hasText: 'Report: Quickstart' }).count(), 'no "Report: Quickstart" tab');
      await runCommand(page, 'Notifications: Clear All Notifications');
      await page.waitForTimeout(500); // charts finish their first draw
      await shot(page, '13-report');
      await checkZoom(page, saved, JSON.parse(readFileSync(join(runs, folders[0], 'report.json'), 'utf8')) as Report);
      await runCommand(page, 'View: Close All Editors');
    })();
  });

  test('an engine killed mid-run: the notification and the panel say so, the partial report stays, the next run starts', { timeout: 120_000 }, async () => {
    await run.step('engine-killed', async () => {
      await quickOpen(page, QUICKSTART);
      await runCommand(page, 'Stampede: Run Scenario');
      const panel = webview(page);
      const count = (key: string) => tileCount(panel, key);
      await waitUntil('live numbers: requests above zero', async () => (await count('requests')) > 0, 60_000);
      const engines = run.engines();
      assert.equal(engines.length, 1, `one engine running: ${JSON.stringify(engines)}`);
      process.kill(engines[0].pid, 'SIGKILL');

      await toast(page, /the engine stopped unexpectedly \(SIGKILL\) before sending its report/).first().waitFor({ timeout: 15_000 });
      await panel.locator('#verdict', { hasText: 'ERROR' }).waitFor({ timeout: 15_000 });
      assert.match((await panel.locator('#verdict .reason').textContent()) ?? '', /SIGKILL/);
      assert.ok((await count('requests')) > 0, 'the panel keeps the requests measured before the kill');
      await statusItem(page, /users · /).first().waitFor({ state: 'detached', timeout: 10_000 });
      await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Validate' }).first().waitFor({ timeout: 10_000 }); // back to Run · Validate
      await shot(page, '14-engine-killed');
      const runs = join(run.workspace.folder, '.stampede', 'runs');
      const partial = readdirSync(runs)
        .map((f) => join(runs, f, 'report.json'))
        .filter((f) => existsSync(f))
        .map((f) => JSON.parse(readFileSync(f, 'utf8')) as { outcome: string; reason?: string; totals: { requests: number } })
        .filter((r) => r.outcome === 'error');
      assert.equal(partial.length, 1, 'one partial report on disk');
      assert.match(partial[0].reason ?? '', /SIGKILL/);
      assert.ok(partial[0].totals.requests > 0);

      // The next run starts cleanly, in a fresh panel.
      await runCommand(page, 'Notifications: Clear All Notifications');
      await runCommand(page, 'View: Close All Editors');
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 });
      await quickOpen(page, QUICKSTART);
      await runCommand(page, 'Stampede: Run Scenario');
      const next = webview(page);
      await waitUntil('the next run: requests above zero', async () => (await tileCount(next, 'requests')) > 0, 60_000);
      await next.locator('#stop').click();
      await next.locator('#verdict', { hasText: 'STOPPED' }).waitFor({ timeout: 30_000 });
      // The verdict comes with the engine's report; the run has ended in the extension once its
      // files are written and it says so (the toast, the status bar item gone).
      await toast(page, 'Stampede: Quickstart stopped.').first().waitFor({ timeout: 10_000 });
      await statusItem(page, /users · /).first().waitFor({ state: 'detached', timeout: 10_000 });
      await shot(page, '15-next-run-stopped');
      await runCommand(page, 'View: Close All Editors');
    })();
  });

  test('no engine process is left once the runs have ended', { timeout: 20_000 }, async () => {
    await run.step('no-engine-left', async () => {
      const left = await run.waitForNoEngine(10_000);
      assert.deepEqual(left, [], 'engine processes still running');
    })();
  });
});
