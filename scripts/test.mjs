// `npm test`: makes sure the tools the tests need are installed, bundles the tests, then runs
// every test with node's own runner. Exits non-zero when anything fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, opts = {}) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

// Headless Chromium (Debian's package) renders the HTML report and, later, the panel.
if (!existsSync('/usr/bin/chromium')) run('bash', ['scripts/ensure-chromium.sh']);

// Types first: the bundles are built without type checking.
run('node', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
run('node', ['scripts/build.mjs', '--tests']);

const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) walk(rel);
    else if (entry.name.endsWith('.test.js')) files.push(rel);
  }
};
walk('dist-test');
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
// The e2e tests (test/e2e/) drive a real VS Code: code-server, installed once outside the repo.
if (selected.some((f) => f.startsWith('dist-test/e2e/')) && process.env.STAMPEDE_SKIP_E2E !== '1') {
  const cs = spawnSync('bash', ['scripts/ensure-code-server.sh'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (cs.status !== 0) process.exit(cs.status ?? 1);
  process.env.STAMPEDE_CODE_SERVER_ENTRY = cs.stdout.trim().split('\n').pop();
}
run('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', '--enable-source-maps', ...selected]);
