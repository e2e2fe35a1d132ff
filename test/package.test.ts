// `npm run package` builds a .vsix a person can install: under 2 MB, with every bundle the
// manifest points at, and none of the repository's development files. Its importer runs from
// the unpacked package alone (no node_modules anywhere above it), Postman collections included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/paths';

test('the .vsix holds the bundles, schemas and samples, and stays under 2 MB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-vsix-test-'));
  const vsix = join(dir, 'stampede.vsix');
  try {
    checkPackage(vsix);
    checkImportFromPackage(vsix, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function checkPackage(vsix: string): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), vsix], { stdio: 'pipe', timeout: 120_000 });
  const size = statSync(vsix).size;
  assert.ok(size < 2 * 1024 * 1024, `the .vsix is ${(size / 1024).toFixed(0)} KB`);
  const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
  const required = [
    `extension/${manifest.main.replace(/^\.\//, '')}`,
    'extension/dist/server.js',
    'extension/dist/engine.js',
    'extension/dist/boot.js',
    'extension/dist/report-view.js',
    'extension/dist/webview.js',
    'extension/dist/webview.css',
    'extension/dist/compare.js',
    'extension/dist/compare.css',
    'extension/dist/inspector.js',
    'extension/dist/inspector.css',
    'extension/dist/import.js',
    'extension/dist/vendor/chart.umd.min.js',
    'extension/dist/vendor/postman-collection.js',
    'extension/schemas/scenario.schema.json',
    'extension/schemas/report.schema.json',
    'extension/client/syntaxes/stampede-scenario.tmLanguage.json',
    'extension/client/language-configuration.json',
    'extension/samples/quickstart.scenario.yaml',
  ];
  for (const file of required) assert.ok(listing.includes(file), `${file} is missing from the .vsix`);
  assert.ok(listing.some((f) => f.startsWith('extension/samples/gallery/')), 'the gallery is missing');
  const unwanted = listing.filter((f) => /\.map$|node_modules\/|\/test\/|dist-test\/|\.ts$|dist\/cli\.js/.test(f));
  assert.deepEqual(unwanted, []);
}

/** The extension's Import… forks dist/boot.js dist/import.js: run it so from the unpacked .vsix. */
function checkImportFromPackage(vsix: string, dir: string): void {
  const unpacked = join(dir, 'unpacked');
  execFileSync('unzip', ['-q', vsix, '-d', unpacked]);
  const dist = join(unpacked, 'extension', 'dist');
  const out = join(dir, 'conduit.scenario.yaml');
  const fixture = join(ROOT, 'test', 'fixtures', 'import', 'postman', 'Conduit.postman_collection.json');
  // A temp folder has no node_modules above it: every package the importer needs is in the .vsix.
  execFileSync(process.execPath, [join(dist, 'boot.js'), join(dist, 'import.js'), fixture, '--out', out], { cwd: dir, stdio: 'pipe', timeout: 60_000 });
  const yaml = readFileSync(out, 'utf8');
  assert.match(yaml, /Postman collection v2\.1/);
  assert.match(yaml, /request: POST /);
}
