// What the extension does, checked from inside its own extension host (the real VS Code API, no
// clicking): activation and API, commands, diagnostics from the language server, a whole run
// through the API and through the Test Explorer, and a saved report opened in a panel.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type MochaType from 'mocha';
import type { StampedeApi } from '../../../client/extension';
import type { RunSession } from '../../../client/runs/run-session';
import { EXTENSION_ID, file, focusAtTop, folder, gone, waitFor, within } from './helpers';

export { EXTENSION_ID };

/** An open tab of our panel (viewType stampede.panel) labelled `label`. */
function webviewTab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('stampede.panel') && t.label === label);
}

interface ReportJson {
  scenario: string;
  outcome: string;
  totals: { requests: number };
}

export interface SuiteOptions {
  /** The extension must have been loaded from below this folder (an installed .vsix's --extensions-dir). */
  installedUnder?: string;
}

export function registerSuite({ suite, test, suiteSetup }: MochaType.MochaGlobals, options: SuiteOptions = {}): void {
  suite('Stampede in the extension host', () => {
    let api: StampedeApi;
    const reports: string[] = [];

    if (options.installedUnder) {
      const under = options.installedUnder;
      test('the extension under test is the installed copy', () => {
        const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
        const path = extension.extensionPath;
        assert.ok(path.startsWith(under.endsWith('/') ? under : `${under}/`), `${EXTENSION_ID} was loaded from ${path}, not from under ${under}`);
        assert.match(path.slice(under.length), /^\/?stampede\.stampede-\d+\.\d+\.\d+/, path);
        // The copy is the packaged one: bundles, no sources, no node_modules.
        for (const f of ['dist/client.js', 'dist/server.js', 'dist/engine.js', 'dist/webview.js', 'samples/gallery']) assert.ok(existsSync(`${path}/${f}`), `${f} missing from ${path}`);
        for (const f of ['node_modules', 'client/extension.ts', 'engine']) assert.equal(existsSync(`${path}/${f}`), false, `${f} should not be in the installed copy`);
      });
    }

    suiteSetup(async () => {
      const extension = vscode.extensions.getExtension<StampedeApi>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} not found`);
      api = await extension.activate();
    });

    test('activates and hands out its API', async () => {
      const extension = vscode.extensions.getExtension<StampedeApi>(EXTENSION_ID)!;
      assert.equal(extension.isActive, true);
      assert.ok(api.runs, 'api.runs');
      assert.ok(api.panels, 'api.panels');
      assert.ok(api.languageClient, 'api.languageClient: the language server did not start');
      assert.equal(api.languageClient.isRunning(), true);
    });

    test('registers every command of its manifest', async () => {
      const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
      const expected = [...manifest.contributes.commands.map((c) => c.command), 'stampede.showPanel'];
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.deepEqual(expected.filter((c) => !registered.has(c)), [], 'commands in package.json that nobody registered');
      const ours = [...registered].filter((c) => c.startsWith('stampede.'));
      assert.deepEqual(ours.filter((c) => !expected.includes(c)), [], 'registered commands missing from package.json');
    });

    test('the language server reports the problems of a broken scenario', async () => {
      const uri = file('broken.scenario.yaml');
      const document = await vscode.workspace.openTextDocument(uri);
      assert.equal(document.languageId, 'stampede-scenario');
      await vscode.window.showTextDocument(document);
      const diagnostics = await waitFor('diagnostics on broken.scenario.yaml', () => {
        const d = vscode.languages.getDiagnostics(uri);
        return d.length >= 3 && d;
      });
      const duration = diagnostics.find((d) => d.message.includes('`10 parsecs` is not a duration'));
      assert.ok(duration, `no duration diagnostic in ${JSON.stringify(diagnostics.map((d) => d.message))}`);
      assert.equal(duration.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(duration.range.start.line, 5);
      assert.ok(diagnostics.some((d) => d.message.includes('unknown key `colour` at the top level')), 'no unknown-key diagnostic');
    });

    test('a JSON scenario: our checks from the language server, the schema\'s from VS Code\'s JSON service, and it runs', async function () {
      this.timeout(90_000);
      const broken = file('broken.scenario.json');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(broken));
      const diagnostics = await waitFor('our and the JSON service\'s diagnostics on broken.scenario.json', () => {
        const d = vscode.languages.getDiagnostics(broken);
        return d.some((x) => x.source === 'stampede') && d.some((x) => x.source !== 'stampede') && d;
      });
      const ours = diagnostics.filter((d) => d.source === 'stampede');
      assert.ok(ours.some((d) => d.message.includes('pagesize')), `no undefined-name diagnostic in ${JSON.stringify(ours.map((d) => d.message))}`);
      assert.ok(!ours.some((d) => /colour/.test(d.message)), 'the unknown key is reported once, by the JSON service');
      assert.ok(diagnostics.some((d) => d.source !== 'stampede' && /colour/.test(d.message)), JSON.stringify(diagnostics.map((d) => [d.source, d.message])));

      const session = await api.runs.start(file('short.scenario.json'));
      assert.ok(session, 'a JSON scenario did not start');
      const result = await within('the JSON scenario\'s run to finish', session.whenFinished(), 60_000);
      assert.equal(result.failure, undefined, `the run failed: ${result.failure}`);
      assert.equal(result.report?.outcome, 'completed');
      assert.equal(result.report?.scenario, 'Short JSON');
      await waitFor(`engine pid ${session.pid} to be gone`, () => gone(session.pid!), 5000);
      // Its panel goes, so that the next test's run has the only one.
      const tab = await waitFor('the "Stampede: Short JSON" panel', () => webviewTab('Stampede: Short JSON'), 10_000);
      await vscode.window.tabGroups.close(tab);
    });

    test('a run started through the API ends with report files and no engine process', async function () {
      this.timeout(90_000);
      const uri = file('short.scenario.yaml');
      const session = await api.runs.start(uri);
      assert.ok(session, 'runs.start returned no session');
      const pid = session.pid;
      assert.ok(pid, 'no engine pid');
      assert.equal(gone(pid), false, 'the engine is not running');
      assert.equal(api.runs.sessionFor(uri), session);
      // Its panel: a "Stampede: Short" webview tab whose page loads dist/webview.js. Checked once
      // the run is over, so that a missing panel does not leave the run going into the next test.
      const tab = await waitFor('the run\'s panel tab "Stampede: Short"', () => webviewTab('Stampede: Short'), 10_000).catch((err: Error) => err);
      const panel = api.panels.current;
      const result = await within('the run to finish', session.whenFinished(), 80_000);
      assert.equal(result.failure, undefined, `the run failed: ${result.failure}`);
      assert.ok(result.files, 'no report files');
      for (const f of [result.files.json, result.files.html, result.files.csv]) assert.ok(existsSync(f), `${f} missing`);
      assert.ok(result.files.json.startsWith(vscode.Uri.joinPath(folder(), '.stampede', 'runs').fsPath), result.files.json);
      const report = JSON.parse(readFileSync(result.files.json, 'utf8')) as ReportJson;
      assert.equal(report.outcome, 'completed');
      assert.equal(report.scenario, 'Short');
      assert.ok(report.totals.requests > 0, 'no request was made');
      reports.push(result.files.json);
      await waitFor(`engine pid ${pid} to be gone`, () => gone(pid), 5000);
      assert.equal(api.runs.sessionFor(uri), undefined);
      assert.equal(api.runs.lastReport, result.files.json);
      assert.ok(!(tab instanceof Error), tab instanceof Error ? tab.message : '');
      assert.equal(panel?.panel.title, 'Stampede: Short', 'the run has no panel object (see the extension host log)');
      assert.match(panel.panel.webview.html, /webview\.js/);
    });

    test('the Test Explorer runs the scenario at the cursor (outcome read from the report)', async function () {
      this.timeout(90_000);
      const uri = file('short.scenario.yaml');
      await focusAtTop(uri);
      // No public API reads another controller's items or results: drive the Testing commands and
      // watch the run they cause through our own API.
      const started = new Promise<RunSession>((resolve) => {
        const sub = api.runs.onDidStart((session) => {
          if (session.uri.toString() !== uri.toString()) return;
          sub.dispose();
          resolve(session);
        });
      });
      await vscode.commands.executeCommand('testing.refreshTests');
      const running = vscode.commands.executeCommand('testing.runAtCursor');
      const session = await within('a run started by the Test Explorer', started, 30_000);
      const result = await within('the Test Explorer run to finish', session.whenFinished(), 80_000);
      await within('testing.runAtCursor to return', running, 10_000);
      assert.ok(result.files && result.report, `no report: ${result.failure}`);
      assert.equal(result.report.outcome, 'completed');
      reports.push(result.files.json);
      await waitFor(`engine pid ${session.pid} to be gone`, () => gone(session.pid!), 5000);
    });

    test('stampede.openReport with a Uri opens the report in a panel', async () => {
      assert.ok(reports.length > 0, 'no report from an earlier test');
      await vscode.commands.executeCommand('stampede.openReport', vscode.Uri.file(reports[0]));
      // A new tab beside, without focus (preserveFocus), so `api.panels.current` may still be the run's panel.
      await waitFor('a "Report: Short" webview tab', () => webviewTab('Report: Short'));
    });

    test('no run is left active', () => {
      assert.deepEqual(api.runs.active.map((s) => s.name), []);
    });
  });
}
