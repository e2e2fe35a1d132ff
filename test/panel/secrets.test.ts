// Secrets planted through env never reach the panel: the message stream of a real run (the
// CLI's --events, which is what the extension posts to the panel) is played into the panel in
// Chromium, live and then as a report; neither the page (text and markup) nor its saved state
// holds the token or the password, while the redaction marks are shown where they were.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { EngineToClient, PlanMessage, ReportMessage } from '../../engine/protocol/messages';
import { launchChromium } from '../helpers/browser';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';
import { PASSWORD, runWithPlantedSecrets, TOKEN } from '../helpers/planted-secrets';
import { envelopes, openPanel, PanelHost, savedState, send, violations } from './host';

let echo: EchoServer;
let browser: Browser;
let host: PanelHost;
before(async () => {
  echo = await startEchoServer();
  browser = await launchChromium();
  host = await PanelHost.start();
});
after(async () => {
  await browser?.close();
  await host?.close();
  await echo?.close();
});

test('values from env.* never reach the panel, live or in the report', async () => {
  const { events } = await runWithPlantedSecrets(echo);
  const stream = readFileSync(events, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as EngineToClient);
  const plan = stream.find((m): m is PlanMessage => m.type === 'plan');
  const report = stream.find((m): m is ReportMessage => m.type === 'report');
  assert.ok(plan && report, 'the run sent a plan and a report');

  const { page, problems } = await openPanel(browser, host.page('secrets'));
  const runId = 'run-secrets';
  const live = stream.filter((m) => m.type !== 'report');
  await send(page, [{ type: 'init', protocol: 1, run: { runId, scenario: plan.scenario, file: plan.file }, running: true }, ...envelopes(runId, live)]);
  const check = async (when: string): Promise<void> => {
    const everything = [await page.content(), await page.innerText('body'), JSON.stringify(await savedState(page))];
    for (const text of everything) {
      assert.ok(!text.includes(TOKEN), `the token reached the panel (${when})`);
      assert.ok(!text.includes(PASSWORD), `the password reached the panel (${when})`);
    }
  };
  await check('live');
  await send(page, [...envelopes(runId, [report], live.length), { type: 'report', report: report.report }]);
  await check('report');
  // The redacted error message is there, so the check above looked at a page that shows errors.
  assert.match(await page.content(), /\[redacted env\.STAMPEDE_SECRET_PASSWORD\]/);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});
