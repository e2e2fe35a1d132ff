// The in-host mocha suite (test/e2e/inhost/) the @vscode/test-electron way: bundled by build-inhost.ts, then
// loaded by the workbench through the URL payload's `extensionTestsPath`; the workbench calls
// window.codeAutomationExit(code) when run() settles.
import type { Browser } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_DIR, type CodeServer } from './code-server';
export { buildInhostSuite } from './build-inhost';
import { captureConsole, newContext, shot } from './workbench';

export interface InhostRun {
  code: number | 'timeout';
  results: { passes: number; failures: number; tests: { title: string; state: string; error?: string }[]; extensionPath?: string } | undefined;
  consoleLog: string;
  ms: number;
}

/**
 * A stub extension holding only a package.json, for testing an INSTALLED extension in-host: VS Code
 * needs an extensionDevelopmentPath to load an extensionTestsPath, and the stub's id differs from
 * ours, so the suite exercises the copy in --extensions-dir.
 */
export function makeHarness(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'stampede-e2e-harness', displayName: 'Stampede e2e harness', publisher: 'stampede-e2e', version: '0.0.0', engines: { vscode: '^1.90.0' } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

export async function runInhostSuite(
  browser: Browser,
  server: CodeServer,
  folder: string,
  suite: string,
  nonLocal: Set<string>,
  timeoutMs: number,
  /** The repository by default; a stub from makeHarness() to test an installed .vsix. */
  extensionDevelopmentPath = EXTENSION_DIR,
  screenshot = '40-inhost-suite',
): Promise<InhostRun> {
  const resultsFile = join(folder, '.stampede-e2e', 'inhost-results.json');
  rmSync(resultsFile, { force: true });
  const context = await newContext(browser, nonLocal);
  try {
    const page = await context.newPage();
    const lines: string[] = [];
    captureConsole(page, lines);
    let exit: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => {
      exit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    const t0 = Date.now();
    await page.goto(
      server.workbenchUrl(folder, [
        ['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)],
        ['extensionTestsPath', server.remoteUri(suite)],
      ]),
    );
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)))]);
    clearTimeout(timer);
    const ms = Date.now() - t0;
    await shot(page, screenshot).catch(() => {});
    const logFile = join(server.options.runDir, 'inhost-console.log');
    mkdirSync(server.options.runDir, { recursive: true });
    writeFileSync(logFile, lines.join('\n'));
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
    // Mocha's spec reporter lines, for the log of the node:test run.
    const consoleLog = lines.filter((l) => /✔|✓|✖|passing|failing|^\[\w+\]\s+\d+\) |\[inhost\]|Error/.test(l)).join('\n');
    return { code, results, consoleLog, ms };
  } finally {
    await context.close();
  }
}
