// The panel boundary's run-time checks (webview/protocol.ts): every message the extension and
// the panel really send passes; a malformed one is refused with a reason — and in the page, a
// refused message is dropped (nothing changes) and reported to the extension as a panelError.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { EngineToClient, PlanMessage } from '../../engine/protocol/messages';
import { checkExtensionToPanel, checkPanelToExtension, type ExtensionToPanel, type PanelToExtension } from '../../webview/protocol';
import { emptyState } from '../../webview/model';
import { buildCleanReport, buildLegacyReport, buildSampleReport, buildSaturatedReport } from '../fixtures/reports/sample-report';
import { launchChromium } from '../helpers/browser';
import { envelopes, openPanel, PanelHost, posted, readStream, savedState, send, type Panel } from './host';

const QUICKSTART = readStream('quickstart-events.ndjson');
const ALERTS = readStream('alerts-events.ndjson');
const plan = QUICKSTART.find((m): m is PlanMessage => m.type === 'plan') as PlanMessage;
const run = { runId: 'run-1', scenario: plan.scenario, file: plan.file };
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('every message the extension really sends passes: recorded streams, reports old and new, replays, state', () => {
  const good: ExtensionToPanel[] = [
    { type: 'init', protocol: 1, run, running: true },
    { type: 'init', protocol: 1, run: { ...run, target: 'http://localhost:3000' }, running: false, plan, state: { ...emptyState(run), report: buildSampleReport() } },
    ...envelopes('run-1', QUICKSTART),
    ...envelopes('run-1', ALERTS),
    { type: 'engineBatch', runId: 'run-1', firstSeq: 0, messages: ALERTS },
    { type: 'runEnded', runId: 'run-1', exitCode: null, message: 'the engine process was killed (SIGKILL)' },
    ...[buildSampleReport(), buildCleanReport(), buildSaturatedReport(), buildLegacyReport()].map((report): ExtensionToPanel => ({ type: 'report', report, source: '/tmp/report.json' })),
    { type: 'theme', kind: 'high-contrast-light' },
    { type: 'exportResult', format: 'html', ok: true, path: '/tmp/report.html' },
    { type: 'exportResult', format: 'csv', ok: false, error: 'EACCES' },
  ];
  // What crosses is JSON: check the message as the page receives it.
  for (const m of good) assert.equal(checkExtensionToPanel(clone(m)), null, `${m.type}`);
});

test('malformed extension -> panel messages are refused, each with a reason naming the field', () => {
  const report = buildSampleReport();
  const snapshot = QUICKSTART.find((m) => m.type === 'snapshot') as EngineToClient;
  const cases: [unknown, RegExp][] = [
    [null, /expected a message object, got null/],
    ['report', /expected a message object, got string/],
    [[{ type: 'theme', kind: 'dark' }], /expected a message object, got an array/],
    [{ kind: 'dark' }, /unknown type undefined/],
    [{ type: 'reload', url: 'https://example.com' }, /unknown type "reload"/],
    [{ type: 'toString' }, /unknown type "toString"/],
    [{ type: 'theme', kind: 'neon' }, /theme kind: expected one of/],
    [{ type: 'init', protocol: 1, run: { runId: 7, scenario: 's', file: 'f' }, running: true }, /init run\.runId: expected a string, got number/],
    [{ type: 'init', protocol: 1, run, running: 'yes' }, /running: expected true or false/],
    [{ type: 'engine', runId: 'run-1', seq: -1, message: plan }, /seq: expected an integer ≥ 0/],
    [{ type: 'engine', runId: 'run-1', seq: 0, message: { type: 'explode' } }, /message\.type: unknown engine message type "explode"/],
    [{ type: 'engine', runId: 'run-1', seq: 0, message: { ...(snapshot as object), row: { ...(snapshot as { row: object }).row, users: '12' } } }, /message\.row\.users: expected a number, got string/],
    [{ type: 'engine', runId: 'run-1', seq: 0, message: { type: 'log', level: 'debug', message: 'x' } }, /message\.level: expected one of/],
    [{ type: 'engineBatch', runId: 'run-1', firstSeq: 0, messages: [plan, { type: 'stage', stage: 'warp', time: 1 }] }, /messages\[1\]\.stage: expected one of/],
    [{ type: 'engineBatch', runId: 'run-1', firstSeq: 0, messages: {} }, /messages: expected an array, got object/],
    [{ type: 'runEnded', runId: 'run-1', exitCode: '1', message: 'x' }, /exitCode: expected a number/],
    [{ type: 'report' }, /report report: expected an object, got undefined/],
    [{ type: 'report', report: { ...report, steps: 'none' } }, /report\.steps: expected an array/],
    [{ type: 'report', report: { ...report, totals: { ...report.totals, requests: null } } }, /report\.totals\.requests: expected a number, got null/],
    [{ type: 'report', report: { ...report, steps: [{ ...report.steps[0], name: { toString: 1 } }] } }, /report\.steps\[0\]\.name: expected a string/],
    [{ type: 'report', report: { ...report, alerts: [{ ...report.alerts[0], severity: 'fatal' }] } }, /report\.alerts\[0\]\.severity/],
    [{ type: 'report', report: { ...report, recommendations: [1] } }, /report\.recommendations\[0\]: expected a string/],
    [{ type: 'report', report, source: 42 }, /source: expected a string/],
    [{ type: 'exportResult', format: 'exe', ok: true }, /format: expected one of/],
  ];
  for (const [value, reason] of cases) {
    const problem = checkExtensionToPanel(value);
    assert.ok(problem, `accepted: ${JSON.stringify(value)?.slice(0, 120)}`);
    assert.match(problem, reason);
  }
});

test('panel -> extension: what the panel posts passes; anything else — wrong types, unknown types, extra fields — is refused', () => {
  const good: PanelToExtension[] = [
    { type: 'ready', protocol: 1, restored: false, runId: null, lastSeq: -1 },
    { type: 'ready', protocol: 1, restored: true, runId: 'run-1', lastSeq: 41 },
    { type: 'stop', runId: 'run-1' },
    { type: 'export', format: 'json', runId: null },
    { type: 'export', format: 'html', runId: 'run-1' },
    { type: 'openScenario' },
    { type: 'panelError', message: 'TypeError: x is undefined' },
  ];
  for (const m of good) assert.equal(checkPanelToExtension(clone(m)), null, m.type);
  const bad: [unknown, RegExp][] = [
    [undefined, /expected a message object, got undefined/],
    [{ type: 'stop' }, /stop runId: expected a string, got undefined/],
    [{ type: 'stop', runId: 'run-1', pid: 1234 }, /unexpected field "pid"/],
    [{ type: 'export', format: 'json', runId: null, path: '/etc/passwd' }, /unexpected field "path"/],
    [{ type: 'export', format: 'sh', runId: null }, /format: expected one of/],
    [{ type: 'openScenario', file: '/etc/passwd' }, /unexpected field "file"/],
    [{ type: 'ready', protocol: 1, restored: false, runId: null, lastSeq: -2 }, /lastSeq: expected an integer ≥ -1/],
    [{ type: 'ready', protocol: '1', restored: false, runId: null, lastSeq: 0 }, /protocol: expected a number/],
    [{ type: 'panelError', message: { text: 'x' } }, /message: expected a string, got object/],
    [{ type: 'runCommand', command: 'workbench.action.terminal.new' }, /unknown type "runCommand"/],
    [{ type: '__proto__' }, /unknown type "__proto__"/],
  ];
  for (const [value, reason] of bad) {
    const problem = checkPanelToExtension(value);
    assert.ok(problem, `accepted: ${JSON.stringify(value)}`);
    assert.match(problem, reason);
  }
});

let browser: Browser;
let host: PanelHost;
const pages: Panel[] = [];
before(async () => {
  browser = await launchChromium();
  host = await PanelHost.start();
});
after(async () => {
  try {
    for (const p of pages) {
      assert.deepEqual(p.problems, [], 'console errors or failed requests');
      assert.deepEqual(p.dialogs, [], 'dialogs');
    }
  } finally {
    await browser?.close();
    await host?.close();
  }
});

test('in the page: a malformed message is dropped (nothing changes) and reported to the extension; the next good one is applied', async () => {
  const panel = await openPanel(browser, host.page('malformed'));
  pages.push(panel);
  const { page } = panel;
  const report = buildSampleReport();
  await send(page, [{ type: 'init', protocol: 1, run, running: true }, ...envelopes('run-1', QUICKSTART.slice(0, 6))]);
  const before = await savedState(page);
  const malformed = [
    { type: 'report', report: { ...report, steps: null } },
    { type: 'engine', runId: 'run-1', seq: 6, message: { type: 'fatal', message: 'x', exitCode: 'three' } },
    { type: 'runEnded', runId: 'run-1', exitCode: null },
    { type: 'wipe' },
  ];
  await send(page, malformed as unknown as ExtensionToPanel[]);
  const after = await savedState(page);
  assert.deepEqual(after, before, 'the state is untouched');
  assert.equal(await page.locator('#steps-table').count(), 0, 'no report drawn');
  assert.equal(await page.locator('.banner').isVisible(), false, 'no failure shown');
  const errors = (await posted(page)).filter((m): m is Extract<PanelToExtension, { type: 'panelError' }> => m.type === 'panelError').map((m) => m.message);
  assert.equal(errors.length, malformed.length);
  assert.match(errors[0], /^dropped a malformed message from the extension: report report\.steps: expected an array, got null/);
  assert.match(errors[1], /engine message\.exitCode: expected an integer/);
  assert.match(errors[2], /runEnded message: expected a string, got undefined/);
  assert.match(errors[3], /unknown type "wipe"/);

  await send(page, [{ type: 'report', report }]);
  assert.equal(await page.locator('#steps-table tbody tr').count(), report.steps.length, 'a good message after them is applied');
});
