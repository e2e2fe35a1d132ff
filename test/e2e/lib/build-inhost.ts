// Bundles the in-host suite (test/e2e/inhost/index.ts) for VS Code's extensionTestsPath. Used by
// the code-server e2e test and by the @vscode/test-electron runner (scripts/test-electron.mjs).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../helpers/paths';

interface EsbuildSync {
  buildSync(options: Record<string, unknown>): unknown;
}

export interface InhostBuildOptions {
  /**
   * The extension under test must be loaded from below this folder (an `--extensions-dir`): the
   * suite then also checks `extension.extensionPath`, for an installed .vsix (vsix.test.ts).
   */
  installedUnder?: string;
}

/**
 * Bundles test/e2e/inhost/index.ts to `outDir`/index.js (vscode and mocha stay external). Not in
 * dist-test/: `npm test` elsewhere in the tree may wipe that folder while this suite runs.
 * Mocha is loaded from the extension's node_modules, else from this repository's (an installed
 * .vsix has no node_modules).
 */
export function buildInhostSuite(outDir: string, options: InhostBuildOptions = {}): string {
  const esbuild = createRequire(join(ROOT, 'package.json'))('esbuild') as EsbuildSync;
  const outfile = join(outDir, 'index.js');
  esbuild.buildSync({
    entryPoints: [join(ROOT, 'test', 'e2e', 'inhost', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    define: {
      'process.env.STAMPEDE_E2E_MOCHA_FROM': JSON.stringify(join(ROOT, 'package.json')),
      'process.env.STAMPEDE_E2E_INSTALLED_UNDER': JSON.stringify(options.installedUnder ?? ''),
    },
    absWorkingDir: ROOT,
    logLevel: 'warning',
  });
  return outfile;
}

