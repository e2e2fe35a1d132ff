// Records a HAR the way a user would make one: headless Chromium (Debian's package, driven by
// playwright-core's `recordHar`) opens the Collection Store's notes app, signs in with the form,
// adds, completes and deletes notes, and signs out. A "remember me" cookie planted before the
// recording (set by no recorded response) and a beacon to a third-party host (`analytics.test`,
// mapped to 127.0.0.1 inside Chromium: nothing leaves the machine) give the importer what real
// recordings hold besides the app's own traffic.
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser';
import { listenLocal } from './local-server';

/** What the recording planted, so a test can check that none of it reaches a scenario. */
export const RECORDED_USER = 'user7';
export const RECORDED_PASSWORD = 'secret';
export const PLANTED_COOKIE = { name: 'remember_me', value: 'rm-4b1d7c0e9a2f6d83' };
/** How long the "user" reads the notes page before typing: a gap the importer turns into a think. */
export const READING_PAUSE_MS = 1500;

export async function recordNotesHar(serverUrl: string, harPath: string): Promise<void> {
  // The third party: a beacon endpoint on its own port, reached by a host name of its own.
  const beacons = await listenLocal(createServer((req, res) => res.writeHead(204, { 'access-control-allow-origin': '*' }).end()));
  const beaconPort = new URL(beacons.origin).port;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP analytics.test 127.0.0.1'],
  });
  try {
    const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed', mode: 'full' } });
    await context.addCookies([{ ...PLANTED_COOKIE, url: serverUrl }]);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await page.goto(`${serverUrl}/app`);
    await page.fill('input[name=username]', RECORDED_USER);
    await page.fill('input[name=password]', RECORDED_PASSWORD);
    await Promise.all([page.waitForURL('**/app/notes'), page.click('button[type=submit]')]);
    await page.locator('#status', { hasText: '0 notes' }).waitFor();
    await page.evaluate((url) => fetch(url, { method: 'POST', mode: 'no-cors', body: '{"event":"notes-opened"}' }), `http://analytics.test:${beaconPort}/collect`);
    await page.waitForTimeout(READING_PAUSE_MS);

    for (const [title, count] of [['Buy milk', '1 note'], ['Call Ada', '2 notes']]) {
      await page.fill('input[name=title]', title);
      await page.press('input[name=title]', 'Enter');
      await page.locator('#status', { hasText: count }).waitFor();
    }
    await page.locator('li', { hasText: 'Buy milk' }).getByRole('button', { name: 'Done' }).click();
    await page.locator('li.done', { hasText: 'Buy milk' }).waitFor();
    await page.locator('li', { hasText: 'Call Ada' }).getByRole('button', { name: 'Delete' }).click();
    await page.locator('#status', { hasText: /^1 note$/ }).waitFor();

    await Promise.all([page.waitForURL('**/app'), page.click('#sign-out')]);
    await context.close(); // writes the HAR
  } finally {
    await browser.close();
    await beacons.close();
  }
}
