// Faults as the extension lives them, from inside its extension host: a stop during setup and
// during teardown, the engine killed with SIGKILL mid-run (from a command and from the Test
// Explorer). In each case the run ends with what was measured on disk, no engine is left, and
// the next run starts and completes cleanly.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type MochaType from 'mocha';
import type { StampedeApi } from '../../../client/extension';
import type { RunSession } from '../../../client/runs/run-session';
import type { EngineToClient } from '../../../engine/protocol/messages';
import type { Report } from '../../../report/types';
import { EXTENSION_ID, file, focusAtTop, gone, waitFor, within } from './helpers';

/** Resolves with the first message of `session` that passes `test`. */
function message(session: RunSession, test: (m: EngineToClient) => boolean, ms = 30_000): Promise<EngineToClient> {
  return within(
    'an engine message',
    new Promise<EngineToClient>((resolve) => {
      const sub = session.onMessage((m) => {
        if (!test(m)) return;
        sub.dispose();
        resolve(m);
      });
    }),
    ms,
  );
}

const snapshots = (session: RunSession, count: number): Promise<EngineToClient> => {
  let seen = 0;
  return message(session, (m) => m.type === 'snapshot' && ++seen >= count);
};

function readReport(path: string): Report {
  return JSON.parse(readFileSync(path, 'utf8')) as Report;
}

export function registerFaultSuite({ suite, test, suiteSetup }: MochaType.MochaGlobals): void {
  suite('Stampede under faults', () => {
    let api: StampedeApi;

    suiteSetup(async () => {
      api = await vscode.extensions.getExtension<StampedeApi>(EXTENSION_ID)!.activate();
    });

    /** A short run completes cleanly: nothing from the fault before it is in the way. */
    async function nextRunCompletes(): Promise<void> {
      const session = await api.runs.start(file('short.scenario.yaml'));
      assert.ok(session, 'the next run did not start');
      const result = await within('the next run to finish', session.whenFinished(), 60_000);
      assert.equal(result.failure, undefined, `the next run failed: ${result.failure}`);
      assert.equal(result.report?.outcome, 'completed');
      await waitFor(`engine pid ${session.pid} to be gone`, () => gone(session.pid!), 5000);
    }

    test('a stop during setup cuts it, a second stop during teardown cuts that; the report says so', async function () {
      this.timeout(60_000);
      const uri = file('stages.scenario.yaml');
      const session = await api.runs.start(uri);
      assert.ok(session, 'no session');
      await message(session, (m) => m.type === 'stage' && m.stage === 'setup');
      await new Promise((r) => setTimeout(r, 500)); // into setup's 30 s think
      const stoppedAt = Date.now();
      const teardown = message(session, (m) => m.type === 'stage' && m.stage === 'teardown');
      session.stop();
      await teardown;
      assert.ok(Date.now() - stoppedAt < 5000, `setup's think held the stop for ${Date.now() - stoppedAt} ms`);
      await new Promise((r) => setTimeout(r, 500)); // into teardown's 30 s think
      assert.equal(gone(session.pid!), false, 'a first stop lets teardown run');
      session.stop();
      const result = await within('the stopped run to finish', session.whenFinished(), 10_000);
      assert.ok(result.files && existsSync(result.files.json), `no report: ${result.failure}`);
      const report = readReport(result.files.json);
      assert.equal(report.outcome, 'stopped');
      assert.deepEqual(report.setup, { ran: true, passed: false, error: 'interrupted' });
      assert.deepEqual(report.teardown, { ran: true, passed: false, error: 'interrupted' });
      assert.equal(report.phases.length, 0, 'no load after a stop in setup');
      await waitFor(`engine pid ${session.pid} to be gone`, () => gone(session.pid!), 5000);
      assert.equal(api.runs.sessionFor(uri), undefined);
    });

    test('an engine killed with SIGKILL mid-run: the failure names it, the partial report is kept, the next run is clean', async function () {
      this.timeout(120_000);
      const uri = file('quickstart.scenario.yaml');
      const session = await api.runs.start(uri);
      assert.ok(session?.pid, 'no engine');
      await snapshots(session, 3);
      process.kill(session.pid, 'SIGKILL');
      const result = await within('the killed run to finish', session.whenFinished(), 10_000);
      assert.equal(result.failure, 'the engine stopped unexpectedly (SIGKILL) before sending its report');
      assert.ok(result.files && existsSync(result.files.json) && existsSync(result.files.html) && existsSync(result.files.csv), 'the partial report files');
      const report = readReport(result.files.json);
      assert.equal(report.outcome, 'error');
      assert.equal(report.reason, result.failure);
      assert.ok(report.totals.requests > 0, 'what was measured before the kill is kept');
      assert.ok(report.timeseries.length >= 3, `${report.timeseries.length} intervals kept`);
      assert.equal(api.runs.sessionFor(uri), undefined, 'the run is no longer active');
      assert.equal(api.runs.lastReport, result.files.json);
      await nextRunCompletes();
    });

    test('an engine killed under the Test Explorer: the test run ends, and the next run is clean', async function () {
      this.timeout(120_000);
      const uri = file('quickstart.scenario.yaml');
      await focusAtTop(uri);
      const started = new Promise<RunSession>((resolve) => {
        const sub = api.runs.onDidStart((s) => {
          if (s.uri.toString() !== uri.toString()) return;
          sub.dispose();
          resolve(s);
        });
      });
      await vscode.commands.executeCommand('testing.refreshTests');
      const running = vscode.commands.executeCommand('testing.runAtCursor');
      const session = await within('a run started by the Test Explorer', started, 30_000);
      await snapshots(session, 2);
      process.kill(session.pid!, 'SIGKILL');
      const result = await within('the killed run to finish', session.whenFinished(), 10_000);
      assert.match(result.failure ?? '', /SIGKILL/);
      // The test run itself ends (errored: see test/client/test-verdict.test.ts), it does not hang.
      await within('testing.runAtCursor to return', running, 10_000);
      await nextRunCompletes();
    });

    test('no run is left active after the faults', () => {
      assert.deepEqual(api.runs.active.map((s) => s.name), []);
    });
  });
}
