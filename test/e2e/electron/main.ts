// The same in-host suite as the code-server e2e test, run in a desktop VS Code downloaded by
// @vscode/test-electron. For machines that can reach update.code.visualstudio.com and show a
// window (or run under xvfb-run); never run in CI. Built and started by scripts/test-electron.mjs.
import { runTests } from '@vscode/test-electron';
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../helpers/paths';
import { startSampleServer } from '../../helpers/sample-server';
import { buildInhostSuite } from '../lib/build-inhost';
import { makeWorkspace } from '../lib/workspace';

async function main(): Promise<number> {
  const sample = await startSampleServer({ hashCost: 1000 });
  const workspace = makeWorkspace('electron', sample.url);
  try {
    const suite = buildInhostSuite(join(workspace.runDir, 'inhost'));
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      cachePath: process.env.VSCODE_TEST_CACHE ?? join(homedir(), '.cache', 'stampede', 'vscode-test'),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      launchArgs: [
        workspace.folder,
        '--disable-workspace-trust',
        '--disable-extensions', // other installed extensions stay out of the way
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(workspace.runDir, 'user-data')}`,
        `--extensions-dir=${join(workspace.runDir, 'extensions')}`,
      ],
    });
    console.log(`[test-electron] passed; results in ${join(workspace.folder, '.stampede-e2e', 'inhost-results.json')}`);
    rmSync(workspace.runDir, { recursive: true, force: true });
    return 0;
  } catch (err) {
    console.error(`[test-electron] failed: ${(err as Error).message}; run folder kept: ${workspace.runDir}`);
    return 1;
  } finally {
    await sample.close();
  }
}

main().then((code) => process.exit(code));
