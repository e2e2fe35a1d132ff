// The in-host test runner, the @vscode/test-electron way: VS Code loads this file (bundled to
// <run dir>/inhost/index.js by test/e2e/lib/inhost.ts or scripts/test-electron.mjs) in the
// extension host through `extensionTestsPath` and calls `run()`: resolving passes, rejecting fails.
// Mocha is not bundled: it is loaded from the extension's (this repository's) node_modules, or,
// for an installed .vsix (which has none), from the repository's (a path fixed at bundle time).
//
// Results also go to <workspace>/.stampede-e2e/inhost-results.json, so the caller can say which
// test failed and why, not just "exit code 1".
import * as vscode from 'vscode';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type MochaType from 'mocha';
import { EXTENSION_ID, registerSuite } from './extension.suite';
import { registerFaultSuite } from './faults.suite';

export interface InhostResults {
  passes: number;
  failures: number;
  tests: { title: string; state: 'passed' | 'failed'; ms?: number; error?: string }[];
  /** Where the extension under test was loaded from. */
  extensionPath: string;
}

function loadMocha(extensionPath: string): typeof MochaType {
  try {
    return createRequire(join(extensionPath, 'package.json'))('mocha') as typeof MochaType;
  } catch (err) {
    const fallback = process.env.STAMPEDE_E2E_MOCHA_FROM; // replaced by build-inhost.ts
    if (!fallback) throw err;
    return createRequire(fallback)('mocha') as typeof MochaType;
  }
}

export function resultsFile(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, '.stampede-e2e', 'inhost-results.json') : undefined;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded: is extensionDevelopmentPath the repository, or is the .vsix installed?`);
  console.log(`[inhost] ${EXTENSION_ID} from ${extension.extensionPath}`);
  const Mocha = loadMocha(extension.extensionPath);
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 60_000 });
  // The tdd interface puts suite/test/suiteSetup/… on the object it is given; we pass our own.
  const globals = {} as MochaType.MochaGlobals;
  mocha.suite.emit('pre-require', globals, 'inhost', mocha);
  const installedUnder = process.env.STAMPEDE_E2E_INSTALLED_UNDER || undefined; // replaced by build-inhost.ts
  registerSuite(globals, { installedUnder });
  // Faults once, against the development copy: the installed .vsix runs the same code.
  if (!installedUnder) registerFaultSuite(globals);

  const results: InhostResults = { passes: 0, failures: 0, tests: [], extensionPath: extension.extensionPath };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => {
      results.passes++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration });
    });
    runner.on('fail', (t, err: Error) => {
      results.failures++;
      results.tests.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) });
    });
  });
  const file = resultsFile();
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(results, null, 2));
  }
  console.log(`[inhost] ${results.passes} passed, ${results.failures} failed`);
  if (results.failures > 0 || results.passes === 0) throw new Error(`${results.failures} in-host test(s) failed`);
}
