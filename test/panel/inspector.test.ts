// The inspector of a trial run in headless Chromium, as VS Code would host it (the real shell and
// CSP, the built dist/inspector.js): the exchanges are a real trial's — `stampede try --json`
// against a server on 127.0.0.1 — and each step's line comes from the language server's anchors
// (the function the server answers `stampede/resultAnchors` with, on the same file) through the
// extension's own mapping. The list shows method, URL, status in its colour and time; an exchange
// opens to its headers (the env secret redacted), its pretty JSON body with its size, a long body
// marked truncated, the template values it was rendered with (the secret redacted, a uuid as
// sent), its captures and its expects with ✓/✗ and why; a failed one links to its step's line,
// which the page asks the extension to reveal; a reload redraws what was open.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Locator, Page } from 'playwright-core';
import type { Exchange } from '../../engine/protocol/exchange';
import { trialLines } from '../../scenario/trial-lines';
import { DocumentStore } from '../../server/document-store';
import { resultAnchorsOf } from '../../server/features/result-anchors';
import { isInspectorState } from '../../webview/inspector-model';
import type { InspectorMessage, InspectorState, TrialExchangeMessage } from '../../webview/protocol';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { OUTPUT, panelSession, posted, send, settle } from './host';

const session = panelSession();
const SECRET = 'sk-inspect-81c0d2e7f9';

const server = serveDuringTests(
  createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/login') res.end(JSON.stringify({ token: 'tok-42', user: { id: 7, name: 'Ada' } }));
    else if (req.url === '/items') res.end(JSON.stringify({ items: Array.from({ length: 600 }, (_, i) => ({ id: i + 1, name: `item number ${i + 1}` })) }));
    else res.end(JSON.stringify({ ok: true }));
  }),
);

const scenario = (): string => `name: inspect me
version: 1
phases:
  - { duration: 1m, users: 5 }
target: ${server.origin}
defaults: { headers: { x-api-key: "{{ env.INSPECT_KEY }}" } }

setup:
  - name: login
    request: POST /login
    json: { user: ada }
    capture: { token: body.token }
flows:
  - name: shop
    steps:
      - name: list
        request: GET /items
        capture: { first: "body.items[0].id" }
      - name: order
        request: POST /orders
        json: { item: "{{ first }}", ref: "{{ random.uuid() }}" }
        expect: { status: 201 }
`;
/** 0-based lines of the steps in the text above, and of the order's `expect`. */
const LINES = { login: 8, list: 15, order: 18, orderExpect: 21 };

interface Trial {
  file: string;
  exchanges: Exchange[];
  code: number | null;
}
let trial: Trial | undefined;
async function realTrial(): Promise<Trial> {
  if (trial) return trial;
  const { file } = writeScenario('inspect.scenario.yaml', scenario());
  const result = await runCli(['try', file, '--json'], { env: { INSPECT_KEY: SECRET } });
  assert.ok(result.stdout.trim(), `try printed nothing (exit ${result.code}): ${result.stderr}`);
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; exchange?: Exchange });
  const made: Trial = { file, exchanges: lines.flatMap((l) => (l.exchange ? [l.exchange] : [])), code: result.code };
  trial = made;
  return made;
}

async function inspectorMessage(): Promise<InspectorMessage> {
  const { file, exchanges } = await realTrial();
  const store = new DocumentStore(new TextDocuments(TextDocument));
  const linesOf = trialLines(resultAnchorsOf(store, { uri: pathToFileURL(file).toString() }));
  return {
    type: 'inspector',
    trial: { trialId: 'try-1', scenario: 'inspect me', file, flow: null },
    exchanges: exchanges.map((exchange) => {
      const { step, ...lines } = linesOf(exchange);
      return { exchange, line: step, lines };
    }),
    ended: { passed: false, summary: 'failed: 3 requests, 1 failed', problems: [] },
  };
}

const rows = (page: Page) => page.locator('#exchanges > li.exchange');
/** Each item's text on one line (a flex item's text comes on a line of its own). */
const lineTexts = async (items: Locator): Promise<string[]> => (await items.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
const row = (page: Page, i: number) => rows(page).nth(i);

test('the trial: three exchanges, the order failing its expect, the secret never in the output', async () => {
  const { exchanges, code } = await realTrial();
  assert.equal(code, 1);
  assert.deepEqual(exchanges.map((x) => `${x.method} ${new URL(x.url).pathname} ${x.status} ${x.passed}`), ['POST /login 200 true', 'GET /items 200 true', 'POST /orders 200 false']);
  assert.ok(!JSON.stringify(exchanges).includes(SECRET));
  // The uuid listed is the one the order sent.
  const ref = (JSON.parse(exchanges[2].request.body?.text ?? '{}') as { ref?: string }).ref;
  assert.deepEqual(exchanges[2].templates, [
    { expression: 'env.INSPECT_KEY', value: '[redacted env.INSPECT_KEY]' },
    { expression: 'first', value: '1' },
    { expression: 'random.uuid()', value: ref },
  ]);
  const message = await inspectorMessage();
  assert.deepEqual(message.exchanges.map((x) => x.line), [LINES.login, LINES.list, LINES.order], 'each step at its line, from the anchors');
  // The failed expect at its own line (the `expect:` line), the captures at theirs.
  assert.deepEqual(message.exchanges[2].lines?.expects, [LINES.orderExpect]);
  assert.deepEqual(message.exchanges.map((x) => x.lines?.captures), [[LINES.login + 3], [LINES.list + 2], []]);
});

test('the list, an exchange opened: headers redacted, pretty JSON with its size, captures, a truncated body, a failed expect linking to its line', async () => {
  const { page } = await session.open('inspector', { script: 'inspector' });
  assert.deepEqual((await posted(page))[0], { type: 'ready', protocol: 1, restored: false, runId: null, lastSeq: -1 });
  const message = await inspectorMessage();
  await send(page, [{ ...message, exchanges: message.exchanges.slice(0, 2), ended: null }]);
  assert.equal(await rows(page).count(), 2);
  assert.match(await page.locator('#verdict').innerText(), /RUNNING/);
  // The third arrives as the trial goes on, then the end.
  const third: TrialExchangeMessage = { type: 'trialExchange', trialId: 'try-1', seq: 2, item: message.exchanges[2] };
  await send(page, [third, { type: 'trialEnded', trialId: 'try-1', end: message.ended! }]);
  assert.equal(await rows(page).count(), 3);
  assert.match(await page.locator('#verdict').innerText(), /FAILED[\s\S]*failed: 3 requests, 1 failed/);
  assert.equal(await page.title(), 'Try: inspect me');

  // Each row: method, URL, status (in the passed colour), time.
  const first = row(page, 0).locator('.exchange-row');
  assert.equal(await first.locator('.method').innerText(), 'POST');
  assert.equal(await first.locator('.url').innerText(), `${server.origin}/login`);
  assert.equal(await first.locator('.status').innerText(), '200');
  assert.match(await first.locator('.status').getAttribute('class') ?? '', /tone-ok/);
  assert.match(await first.locator('.time').innerText(), /^\d+\.\d ms$/);
  assert.equal(await first.getAttribute('aria-expanded'), 'false');
  assert.equal(await row(page, 0).locator('.exchange-details').count(), 0);

  // Opened: request headers with the secret redacted, the request's JSON, the response's pretty, its size, the capture.
  await first.click();
  const details = row(page, 0).locator('.exchange-details');
  await details.waitFor();
  assert.equal(await first.getAttribute('aria-expanded'), 'true');
  const request = await details.locator('section.request').innerText();
  assert.match(request, /x-api-key\s+\[redacted env\.INSPECT_KEY\]/);
  assert.ok(!(await page.content()).includes(SECRET), 'the secret is nowhere in the page');
  const response = details.locator('section.response');
  assert.match(await response.locator('table.headers').innerText(), /content-type\s+application\/json/);
  const body = JSON.stringify({ token: 'tok-42', user: { id: 7, name: 'Ada' } });
  assert.equal(await response.locator('.body-text').innerText(), JSON.stringify(JSON.parse(body), null, 2));
  assert.equal(await response.locator('.body-meta .size').innerText(), `${Buffer.byteLength(body)} B`);
  assert.equal(await response.locator('.truncated').count(), 0);
  assert.match(await details.locator('section.captures').innerText(), /✓\s*token\s*=\s*tok-42/);
  // The template values, as the captures show theirs: the secret's expression with its redacted value.
  const templates = details.locator('section.templates');
  assert.equal(await templates.locator('h3').innerText(), 'Template values');
  assert.deepEqual(await lineTexts(templates.locator('li')), ['{{ env.INSPECT_KEY }} = [redacted env.INSPECT_KEY]']);

  // The long list: its size, and marked truncated past the preview's limit.
  await row(page, 1).locator('.exchange-row').click();
  const long = row(page, 1).locator('section.response');
  await long.waitFor();
  assert.match(await long.locator('.truncated').innerText(), /truncated: the first 16 KB shown/);
  assert.match(await long.locator('.body-meta .size').innerText(), /^\d+(\.\d)? KB$/);
  // Cut at the limit it no longer parses, yet reads indented as the whole would.
  assert.match(await long.locator('.body-text').innerText(), /^\{\n {2}"items": \[\n {4}\{\n {6}"id": 1,\n {6}"name": "item number 1"\n {4}\},/);
  assert.match(await row(page, 1).locator('section.captures').innerText(), /first\s*=\s*1/);

  // The failed step: the row marked, the expect ✗ with why, a link to the step's line.
  const failed = row(page, 2);
  assert.equal(await failed.getAttribute('data-passed'), 'false');
  await failed.locator('.exchange-row').click();
  const tests = failed.locator('section.tests');
  await tests.waitFor();
  // The uuid the order sent, as its request body shows it.
  const sentRef = (JSON.parse(await failed.locator('section.request .body-text').innerText()) as { ref: string }).ref;
  assert.deepEqual(await lineTexts(failed.locator('section.templates li')), [
    '{{ env.INSPECT_KEY }} = [redacted env.INSPECT_KEY]',
    '{{ first }} = 1',
    `{{ random.uuid() }} = ${sentRef}`,
  ]);
  const outcome = tests.locator('li.fail').first();
  assert.match(await outcome.innerText(), /✗\s*expect\s*status 201\s*— .*200/);
  const link = outcome.locator('a.step-link');
  assert.equal(await link.innerText(), `line ${LINES.orderExpect + 1}`);
  await link.click();
  await settle(page);
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'revealLine'), [{ type: 'revealLine', line: LINES.orderExpect }]);
  await failed.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUTPUT}/inspector.png` });

  // What it saved: a reload redraws the same exchanges, the same ones open.
  const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  assert.ok(isInspectorState(saved));
  assert.deepEqual((saved as InspectorState).open.sort(), [0, 1, 2]);
  const restored = await session.open('inspector-restored', { script: 'inspector', state: saved as InspectorState });
  assert.deepEqual((await posted(restored.page))[0], { type: 'ready', protocol: 1, restored: true, runId: 'try-1', lastSeq: 2 });
  assert.equal(await rows(restored.page).count(), 3);
  assert.equal(await restored.page.locator('.exchange-details').count(), 3);
  assert.match(await restored.page.locator('#verdict').innerText(), /FAILED/);
});

test('a malformed or out-of-order message changes nothing; a new trial replaces the old', async () => {
  const { page } = await session.open('inspector-refuses', { script: 'inspector' });
  const message = await inspectorMessage();
  await send(page, [message]);
  assert.equal(await rows(page).count(), 3);
  // A gap (seq 5 when 3 are shown) and a broken exchange are not drawn.
  const item = message.exchanges[0];
  await send(page, [{ type: 'trialExchange', trialId: 'try-1', seq: 5, item }]);
  await page.evaluate(() => window.postMessage({ type: 'trialExchange', trialId: 'try-1', seq: 3, item: { exchange: { method: 'GET' }, line: 1 } }, '*'));
  const noValue = { ...item, exchange: { ...item.exchange, templates: [{ expression: 'vu.id' }] } };
  await page.evaluate((bad) => window.postMessage({ type: 'trialExchange', trialId: 'try-1', seq: 3, item: bad }, '*'), noValue);
  await settle(page);
  assert.equal(await rows(page).count(), 3);
  assert.ok((await posted(page)).some((m) => m.type === 'panelError' && /dropped a malformed message/.test(m.message)));
  await send(page, [{ ...message, trial: { ...message.trial, trialId: 'try-2', flow: 'shop' }, exchanges: message.exchanges.slice(1, 2), ended: null }]);
  assert.equal(await rows(page).count(), 1);
  assert.match((await page.locator('.eyebrow').textContent()) ?? '', /flow shop/);
});

test('a state saved before template values were shown still redraws, without them', async () => {
  const message = await inspectorMessage();
  const older = message.exchanges.map(({ exchange: { templates: _templates, ...rest }, line }) => ({ exchange: rest as Exchange, line }));
  const saved: InspectorState = { version: 1, trial: message.trial, exchanges: older, ended: message.ended, open: [0] };
  assert.ok(isInspectorState(saved));
  const { page } = await session.open('inspector-older', { script: 'inspector', state: saved });
  assert.equal(await rows(page).count(), 3);
  const details = row(page, 0).locator('.exchange-details');
  assert.match(await details.locator('section.request').innerText(), /x-api-key\s+\[redacted env\.INSPECT_KEY\]/);
  assert.match(await details.locator('section.captures').innerText(), /token\s*=\s*tok-42/);
  assert.equal(await page.locator('section.templates').count(), 0);
});

const failingCapture = (): string => `name: capture me
version: 1
phases:
  - { duration: 1m, users: 5 }
target: ${server.origin}
flows:
  - name: shop
    steps:
      - name: list
        request: GET /items
        capture:
          first: "body.items[0].id"
          missing: body.nothing.here
        check:
          json:
            items[0].id: 1
            items[1].id: 7
`;
/** 0-based lines of the text above: the step, its failing capture, its failing check. */
const CAPTURE_LINES = { step: 8, missing: 12, check: 16 };

test('a failed capture and a failed check each link to their own line, not to the step', async () => {
  const { file } = writeScenario('capture.scenario.yaml', failingCapture());
  const result = await runCli(['try', file, '--json']);
  assert.equal(result.code, 1, result.stderr + result.stdout);
  const [exchange] = result.stdout.trim().split('\n').flatMap((line) => (JSON.parse(line) as { exchange?: Exchange }).exchange ?? []);
  assert.deepEqual(exchange.captures.map((c) => [c.name, c.value ?? c.error]), [['first', '1'], ['missing', 'body.nothing.here not found in the response']]);
  assert.deepEqual(exchange.checks.map((c) => [c.at, c.passed]), [[['check', 'json', 'items[0].id'], true], [['check', 'json', 'items[1].id'], false]]);
  const store = new DocumentStore(new TextDocuments(TextDocument));
  const { step, ...lines } = trialLines(resultAnchorsOf(store, { uri: pathToFileURL(file).toString() }))(exchange);
  assert.equal(step, CAPTURE_LINES.step);
  const { page } = await session.open('inspector-capture', { script: 'inspector' });
  await send(page, [{
    type: 'inspector',
    trial: { trialId: 'try-capture', scenario: 'capture me', file, flow: null },
    exchanges: [{ exchange, line: step, lines }],
    ended: { passed: false, summary: 'failed: 1 request, 1 failed', problems: [] },
  }]);
  await row(page, 0).locator('.exchange-row').click();
  const capture = row(page, 0).locator('section.captures li.fail');
  await capture.waitFor();
  assert.match(await capture.innerText(), /✗\s*missing\s*: body\.nothing\.here not found in the response/);
  assert.equal(await capture.locator('a.step-link').innerText(), `line ${CAPTURE_LINES.missing + 1}`);
  const check = row(page, 0).locator('section.tests li.fail');
  assert.equal(await check.locator('a.step-link').innerText(), `line ${CAPTURE_LINES.check + 1}`);
  await capture.locator('a.step-link').click();
  await settle(page);
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'revealLine'), [{ type: 'revealLine', line: CAPTURE_LINES.missing }]);
});
