// `npm test`: makes sure the tools the tests need are installed, type-checks, lints (the import
// boundaries, eslint.config.mjs), bundles the tests, then runs every test with node's own runner.
// `npm test -- PATTERN…`: no type check and no lint; builds dist/ and bundles only the test files
// whose path contains one of the patterns (`npm test -- lint-boundaries`, `npm test -- report/`),
// then runs those. Exits non-zero when anything fails; prints the whole suite's duration last.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const started = process.hrtime.bigint();
process.on('exit', () => {
  const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e9);
  console.log(`suite: ${seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60}s` : `${seconds}s`}`);
});
const run = (cmd, args, opts = {}) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const walk = (dir, suffix, out = []) => {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) walk(rel, suffix, out);
    else if (entry.name.endsWith(suffix)) out.push(rel);
  }
  return out;
};

// Headless Chromium (Debian's package) renders the HTML report and, later, the panel.
if (!existsSync('/usr/bin/chromium')) run('bash', ['scripts/ensure-chromium.sh']);

const only = process.argv.slice(2);
let selected;
if (only.length === 0) {
  // Types first, one project per role (tsconfig.json's references): the bundles are built
  // without type checking. Then the import boundaries.
  run('node', ['node_modules/typescript/bin/tsc', '-b']);
  run('node', ['node_modules/eslint/bin/eslint.js', '.']);
  run('node', ['scripts/build.mjs', '--tests']);
  selected = walk('dist-test', '.test.js');
} else {
  // A pattern matches the source (test/x/y.test.ts) or the bundle (dist-test/x/y.test.js).
  const bundleOf = (source) => source.replace(/^test\//, 'dist-test/').replace(/\.ts$/, '.js');
  const sources = walk('test', '.test.ts').filter((f) => only.some((o) => f.includes(o) || bundleOf(f).includes(o)));
  if (sources.length === 0) {
    console.error(`no test file matches ${only.join(', ')}`);
    process.exit(1);
  }
  // dist/ (the tests run the CLI, the engine and the server from it), the generated schema
  // validator the test bundles import, and the chosen tests only.
  run('node', ['scripts/build.mjs', '--tests', ...sources]);
  selected = sources.map(bundleOf);
}

// Tests that hand Stampede's files to a real consumer (test/ci/: Python's junitparser).
if (selected.some((f) => f.startsWith('dist-test/ci/'))) run('bash', ['scripts/ensure-test-tools.sh']);

// The e2e tests (test/e2e/) drive a real VS Code: code-server, installed once outside the repo.
if (selected.some((f) => f.startsWith('dist-test/e2e/')) && process.env.STAMPEDE_SKIP_E2E !== '1') {
  const cs = spawnSync('bash', ['scripts/ensure-code-server.sh'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (cs.status !== 0) process.exit(cs.status ?? 1);
  process.env.STAMPEDE_CODE_SERVER_ENTRY = cs.stdout.trim().split('\n').pop();
}
run('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', '--enable-source-maps', ...selected]);
