// Try and Import in a real VS Code (code-server, headless Chromium). A private target on 127.0.0.1
// logs every request. The Try CodeLens on a flow's line runs one user, one iteration of that flow:
// the inspector lists its two exchanges (method, URL, status), one opens to its pretty JSON body,
// the failing expect links to its step's line, which the editor then shows; the target saw
// exactly that iteration, the other flow nothing. Then the three ways in to an import, each
// writing `<name>.scenario.yaml` beside its source, opened in an editor group beside the source's,
// with no problem by Validate: the Explorer's "Import as Stampede Scenario" on a .http file; the
// palette's "Stampede: Import…" answered in code-server's file dialog with OAI's Petstore; the
// offer a HAR recorded by Chromium brings when it is dropped into the folder, its Import clicked
// (an OpenAPI document dropped in is offered too).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { listenLocal, type LocalServer } from '../helpers/local-server';
import { ROOT } from '../helpers/paths';
import { E2eRun, finishRun } from './lib/suite';
import { contextMenu } from './lib/views';
import { answerFileDialog, newContext, openWorkbench, quickOpen, runCommand, shot, tab, toast, toastAction, waitUntil, webview } from './lib/workbench';

const skip = process.env.STAMPEDE_SKIP_E2E === '1' ? 'STAMPEDE_SKIP_E2E=1' : false;

const FILE = 'try.scenario.yaml';
const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
/** 1-based lines of the scenario below: the flow tried, its failing step and that step's `expect`. */
const LINES = { flow: 9, order: 13, orderExpect: 16 };

function scenario(target: string): string {
  return [
    'version: 1',
    'name: Try Me',
    `target: ${target}`,
    'phases:',
    '  - duration: 1m',
    '    users: 20',
    'flows:',
    '  # the flow tried',
    '  - name: shop',
    '    steps:',
    '      - name: items',
    '        request: GET /items',
    '      - name: order',
    '        request: POST /orders',
    '        json: { item: 1 }',
    '        expect: { status: 201 }',
    '  - name: other',
    '    steps:',
    '      - request: GET /other',
    '',
  ].join('\n');
}

describe('Try and Import (code-server, headless Chromium)', { skip }, () => {
  let run: E2eRun;
  let target: LocalServer;
  let page: Page;
  const log: string[] = [];

  before(async () => {
    const server = createServer((req, res) => {
      log.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/items' ? JSON.stringify({ items: [{ id: 1, name: 'first' }] }) : '{"ok":true}');
    });
    target = await listenLocal(server);
    run = new E2eRun('try', target.origin);
    writeFileSync(join(run.workspace.folder, FILE), scenario(target.origin));
    // There before the extension starts, so not offered: the palette's import reads it.
    copyFileSync(join(FIXTURES, 'openapi', 'petstore.yaml'), join(run.workspace.folder, 'petstore.yaml'));
    writeFileSync(join(run.workspace.folder, 'requests.http'), ['@base = ' + target.origin, '', '### list', '# @name list', 'GET {{base}}/items', '', '### order', 'POST {{base}}/orders', 'Content-Type: application/json', '', '{"item": 1}', ''].join('\n'));
    await run.start();
    page = await (await newContext(run.browser!, run.nonLocal)).newPage();
  }, { timeout: 120_000 });

  after(() => finishRun(run, () => target?.close()), { timeout: 60_000 });

  test('Try on a flow: the inspector, a body, a failing expect at its line; Import from the Explorer, the palette and the offer', { timeout: 150_000 }, async () => {
    await run.step('try-flow', async () => {
      await openWorkbench(page, run.devWorkbenchUrl(), FILE);
      await quickOpen(page, FILE);
      // Two Try lenses: the file's (beside Run and Validate) and the flow's; the first flow's is the second.
      const lenses = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Try' });
      await waitUntil('a Try lens on the file and on each flow', async () => (await lenses.count()) === 3, 30_000);
      log.length = 0;
      await lenses.nth(1).click();
      await tab(page, 'Try: Try Me').first().waitFor({ timeout: 30_000 });
      const inspector = webview(page);
      await inspector.locator('#verdict', { hasText: 'FAILED' }).waitFor({ timeout: 30_000 });
      const rows = inspector.locator('#exchanges > li.exchange .exchange-row');
      assert.equal(await rows.count(), 2);
      const row = async (i: number) => [await rows.nth(i).locator('.method').innerText(), await rows.nth(i).locator('.url').innerText(), await rows.nth(i).locator('.status').innerText()];
      assert.deepEqual(await row(0), ['GET', `${target.origin}/items`, '200']);
      assert.deepEqual(await row(1), ['POST', `${target.origin}/orders`, '200']);
      // One user, one iteration of that flow alone.
      assert.deepEqual(log, ['GET /items', 'POST /orders']);

      await rows.nth(0).click();
      const body = inspector.locator('li.exchange[data-index="0"] section.response .body-text');
      await body.waitFor({ timeout: 10_000 });
      assert.equal(await body.innerText(), JSON.stringify({ items: [{ id: 1, name: 'first' }] }, null, 2));

      await rows.nth(1).click();
      const failed = inspector.locator('li.exchange[data-index="1"] section.tests li.fail');
      await failed.waitFor({ timeout: 10_000 });
      assert.match(await failed.innerText(), /expect\s*status 201\s*— status 200/);
      const link = failed.locator('a.step-link');
      // The failed expect links to its own line, not its step's.
      assert.equal(await link.innerText(), `line ${LINES.orderExpect}`);
      await shot(page, '70-try-inspector');
      await link.click();
      // The editor shows the expect: the cursor on its line.
      await waitUntil(`the cursor on line ${LINES.orderExpect}`, async () => new RegExp(`Ln ${LINES.orderExpect}, Col 1`).test((await page.locator('[id="status.editor.selection"]').first().textContent()) ?? ''), 15_000);
      assert.deepEqual(log, ['GET /items', 'POST /orders'], 'nothing more was sent');
    })();

    /** `scenario` written beside `source`, the two side by side (source first), the toast, and Validate's verdict. */
    const importedBeside = async (source: string, scenario: string) => {
      await tab(page, scenario).first().waitFor({ timeout: 30_000 });
      assert.ok(existsSync(join(run.workspace.folder, scenario)));
      const groups = page.locator('.editor-group-container');
      await waitUntil(`${source} and ${scenario} side by side`, async () => (await groups.count()) === 2, 10_000);
      assert.equal(await groups.nth(0).locator('.tab', { hasText: source }).count(), 1, `${source} in the first group`);
      assert.equal(await groups.nth(1).locator('.tab', { hasText: scenario }).count(), 1, `${scenario} in the second group`);
      await toast(page, `Imported ${source} as ${scenario}`).first().waitFor({ timeout: 10_000 });
      // The language server's verdict on it: no error, no warning.
      await runCommand(page, 'Stampede: Validate Scenario');
      await toast(page, `${scenario}: no problems.`).first().waitFor({ timeout: 20_000 });
    };

    await run.step('import-from-explorer', async () => {
      await runCommand(page, 'View: Close All Editors');
      const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'requests.http' }).first();
      await item.waitFor({ timeout: 10_000 });
      await contextMenu(page, item, 'Import as Stampede Scenario');
      await importedBeside('requests.http', 'requests.scenario.yaml');
      await shot(page, '71-imported-beside');
    })();

    await run.step('import-from-palette', async () => {
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Stampede: Import…');
      await answerFileDialog(page, join(run.workspace.folder, 'petstore.yaml'));
      await importedBeside('petstore.yaml', 'petstore.scenario.yaml');
      await shot(page, '72-imported-from-palette');
    })();

    await run.step('offer-on-create', async () => {
      await runCommand(page, 'View: Close All Editors');
      writeFileSync(join(run.workspace.folder, 'shop-api.yaml'), 'openapi: 3.0.3\ninfo: { title: Shop, version: "1" }\npaths: {}\n');
      await toast(page, 'Import shop-api.yaml as a Stampede scenario?').first().waitFor({ timeout: 20_000 });
      copyFileSync(join(FIXTURES, 'har', 'notes-chromium.har'), join(run.workspace.folder, 'notes.har'));
      await toastAction(page, 'Import notes.har as a Stampede scenario?', 'Import').first().click({ timeout: 20_000 });
      await importedBeside('notes.har', 'notes.scenario.yaml');
      await shot(page, '73-imported-from-offer');
    })();
  });
});
