// Workspace Trust in a real VS Code: code-server started WITHOUT --disable-workspace-trust, the
// trust dialog answered "No" (Restricted Mode). The language features still work; running says why
// it does not (capabilities.untrustedWorkspaces: limited). Its own file, with its own code-server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { E2eRun, finishRun } from './lib/suite';
import { newContext, openWorkbench, quickOpen, runCommand, shot, toast, waitUntil } from './lib/workbench';
import { BROKEN, QUICKSTART } from './lib/workspace';

const skip = process.env.STAMPEDE_SKIP_E2E === '1' ? 'STAMPEDE_SKIP_E2E=1' : false;

describe('the extension in an untrusted workspace (Restricted Mode)', { skip }, () => {
  let run: E2eRun;
  let page: Page;

  before(async () => {
    // Nothing may run here, so the target is a port nobody listens on.
    run = new E2eRun('trust', 'http://127.0.0.1:9', true);
    await run.start();
    page = await (await newContext(run.browser!, run.nonLocal)).newPage();
  }, { timeout: 120_000 });

  after(() => finishRun(run), { timeout: 60_000 });

  test('answering "No" to the trust dialog: diagnostics still show, Run explains why it does not run', { timeout: 150_000 }, async () => {
    await run.step('restricted', async () => {
      const url = run.devWorkbenchUrl();
      await openWorkbench(page, url, QUICKSTART, 'no', () => shot(page, '50-trust-dialog').then(() => undefined));
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 20_000 });

      await quickOpen(page, BROKEN);
      const mode = page.locator('[id="status.editor.mode"]');
      await waitUntil('language mode "Stampede Scenario"', async () => (await mode.textContent())?.trim() === 'Stampede Scenario', 30_000);
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
      await page.locator('[id="status.problems"][aria-label*="Errors: 4"]').waitFor({ timeout: 10_000 });

      await quickOpen(page, QUICKSTART);
      await runCommand(page, 'Stampede: Run Scenario');
      await toast(page, 'does not run scenarios in an untrusted workspace').first().waitFor({ timeout: 20_000 });
      await page.waitForTimeout(300); // fade-in
      await shot(page, '51-restricted-mode-run');
      assert.deepEqual(run.engines(), [], 'an engine started in an untrusted workspace');
    })();
  });
});
