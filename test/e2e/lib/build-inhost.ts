// Bundles the in-host suite (test/e2e/inhost/index.ts) for VS Code's extensionTestsPath. Used by
// the code-server e2e test and by the @vscode/test-electron runner (scripts/test-electron.mjs).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../helpers/paths';

interface EsbuildSync {
  buildSync(options: Record<string, unknown>): unknown;
}

/**
 * Bundles test/e2e/inhost/index.ts to `outDir`/index.js (vscode and mocha stay external). Not in
 * dist-test/: `npm test` elsewhere in the tree may wipe that folder while this suite runs.
 */
export function buildInhostSuite(outDir: string): string {
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
    absWorkingDir: ROOT,
    logLevel: 'warning',
  });
  return outfile;
}

