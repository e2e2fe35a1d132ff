// What fed a run, in the panel and in report.html, from real runs against a server on 127.0.0.1:
// a run of the real engine with the `stampede.workers` setting at 2 (the options run-manager.ts
// gives it) says "Load from 2 worker threads" while it runs and once it has its report; a report
// that the real `stampede merge` made of two segments says "Load from 2 segments (host)" when the
// panel shows it saved. A run in one thread says nothing of the kind.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { workersSetting } from '../../client/runs/workers-setting';
import { EngineProcess } from '../../engine/driver/engine-process';
import { ReportWriter } from '../../engine/driver/report-writer';
import { RunRecorder } from '../../engine/driver/run-recorder';
import type { EngineToClient, PlanMessage } from '../../engine/protocol/messages';
import type { Report } from '../../report/types';
import type { InitMessage } from '../../webview/protocol';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { ROOT } from '../helpers/paths';
import { envelopes, panelSession, readStream, send } from './host';

const session = panelSession();
const server = serveDuringTests(createServer((_req, res) => res.end('ok')));
const scratch = mkdtempSync(path.join(tmpdir(), 'stampede-load-source-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const scenario = (name: string, phase: string): string => `version: 1
name: ${name}
target: ${server.origin}
monitor: { interval: 500ms, system: false }
phases:
${phase}
flows:
  - name: get
    steps:
      - request: GET /
      - think: 20ms
`;

/** The `#load-source` line's text, or null when the page has none. */
async function loadSource(page: Page): Promise<string | null> {
  return (await page.locator('#load-source').count()) === 0 ? null : page.locator('#load-source').innerText();
}

/** The run's engine messages and its report files, as the extension gets and writes them. */
async function runEngine(file: string, workers: unknown): Promise<{ messages: EngineToClient[]; html: string }> {
  const messages: EngineToClient[] = [];
  const recorder = new RunRecorder();
  const engine = new EngineProcess((message) => {
    messages.push(message);
    recorder.onMessage(message);
  }, path.join(ROOT, 'dist', 'engine.js'));
  engine.start({ file, vars: {}, env: {}, ...workersSetting(workers) });
  const exit = await engine.whenExited();
  const outDir = path.join(scratch, 'workers-run');
  const writer = new ReportWriter(path.join(ROOT, 'dist', 'report-writer.js'));
  const end = await writer.finish({ type: 'finish', run: recorder.recorded(), exit, file, outDir });
  assert.ok(end.report, end.failure);
  return { messages, html: path.join(outDir, 'report.html') };
}

async function openReportHtml(file: string): Promise<string | null> {
  const page = await session.browser.newPage();
  try {
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });
    return await loadSource(page);
  } finally {
    await page.close();
  }
}

test('live: a run with the workers setting at 2 says "Load from 2 worker threads" as it runs, in its report and in report.html', async () => {
  const { file } = writeScenario('workers-panel.scenario.yaml', scenario('workers panel', '  - duration: 1500ms\n    users: 4'));
  const { messages, html } = await runEngine(file, 2);
  const plan = messages.find((m): m is PlanMessage => m.type === 'plan');
  assert.equal(plan?.workers, 2, 'the engine planned two worker threads');
  const firstSnapshot = messages.findIndex((m) => m.type === 'snapshot');
  const reportAt = messages.findIndex((m) => m.type === 'report');
  assert.ok(firstSnapshot > 0 && reportAt > firstSnapshot, messages.map((m) => m.type).join(' '));

  const { page } = await session.open('workers-live');
  const init: InitMessage = { type: 'init', protocol: 1, run: { runId: 'w', scenario: plan.scenario, file: plan.file }, running: true };
  await send(page, [init, ...envelopes('w', messages.slice(0, firstSnapshot + 1))]);
  assert.match((await page.locator('.eyebrow').textContent()) ?? '', /Live run/);
  assert.equal(await loadSource(page), 'Load from 2 worker threads');

  await send(page, envelopes('w', messages.slice(firstSnapshot + 1), firstSnapshot + 1));
  assert.match((await page.locator('.eyebrow').textContent()) ?? '', /Run report/);
  assert.equal(await loadSource(page), 'Load from 2 worker threads');
  assert.equal(await openReportHtml(html), 'Load from 2 worker threads');
});

test('saved: a report merged from two segments says "Load from 2 segments (host)" in the panel and in report.html', async () => {
  const { dir, file } = writeScenario('segments-panel.scenario.yaml', scenario('segments panel', '  - duration: 1s\n    rate: 20'));
  const parts = [1, 2].map((i) => path.join(dir, `part-${i}.json`));
  const runs = await Promise.all(parts.map((part, i) => runCli(['run', file, '--segment', `${i + 1}/2`, '--partial', part, '--out', path.join(dir, `segment-${i + 1}`), '--quiet'])));
  for (const run of runs) assert.equal(run.code, 0, run.stderr);
  const merged = await runCli(['merge', ...parts, '--out', path.join(dir, 'merged')]);
  assert.equal(merged.code, 0, merged.stderr);
  const report = JSON.parse(readFileSync(path.join(dir, 'merged', 'report.json'), 'utf8')) as Report;
  const line = `Load from 2 segments (${hostname()})`;

  const { page } = await session.open('segments-saved');
  await send(page, [{ type: 'report', report, source: path.join(dir, 'merged', 'report.json') }]);
  assert.match((await page.locator('.eyebrow').textContent()) ?? '', /Saved report/);
  assert.equal(await loadSource(page), line);
  assert.equal(await openReportHtml(path.join(dir, 'merged', 'report.html')), line);
});

test('a run in one thread names no load source', async () => {
  const stream = readStream('quickstart-events.ndjson');
  const plan = stream.find((m): m is PlanMessage => m.type === 'plan') as PlanMessage;
  assert.equal(plan.workers, undefined);
  const { page } = await session.open('one-thread');
  await send(page, [{ type: 'init', protocol: 1, run: { runId: 'q', scenario: plan.scenario, file: plan.file }, running: true }, ...envelopes('q', stream)]);
  assert.equal(await loadSource(page), null);
});
