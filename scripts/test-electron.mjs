// The in-host e2e suite (test/e2e/inhost/) in a desktop VS Code that @vscode/test-electron
// downloads (into ~/.cache/stampede/vscode-test). For desktops with internet access; CI runs the
// same suite in code-server instead (npm test, test/e2e/extension.test.ts). On Linux without a
// display: xvfb-run -a node scripts/test-electron.mjs
//
//   node scripts/test-electron.mjs                    # latest stable VS Code
//   VSCODE_VERSION=1.90.0 node scripts/test-electron.mjs
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const run = (args) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(['scripts/build.mjs']); // dist/: the extension, its language server and the engine
await build({
  entryPoints: ['test/e2e/electron/main.ts'],
  outfile: 'dist-test/electron/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  absWorkingDir: root,
  logLevel: 'warning',
  external: ['vscode', 'mocha', 'esbuild', 'playwright-core', '@vscode/test-electron'],
});
run(['--enable-source-maps', 'dist-test/electron/main.js']);
