// Bundles one entry per role into dist/ (type checking is the separate `npm run typecheck`).
// With --tests, also bundles every test/**/*.test.ts (or the test files named after it) into
// dist-test/ for `node --test`.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSchemaValidator } from './build-schema-validator.mjs';

const root = new URL('..', import.meta.url).pathname;

/** Entry file -> output name. Entries whose file does not exist yet are skipped. */
const entries = {
  // Loads cli.js and engine.js through V8's code cache (bin/stampede.js, client/engine-process.ts).
  'engine/boot/load-bundle.ts': 'boot',
  'cli/main.ts': 'cli',
  'engine/runtime/child.ts': 'engine',
  // A load worker thread of `--workers N`: one share of the schedule.
  'engine/runtime/load-worker.ts': 'load-worker',
  // The engine's monitor thread: system sampling and checkpoint encoding, off the load's loop.
  'engine/metrics/monitor-thread-worker.ts': 'monitor-thread',
  // Loaded by the monitor thread only where /proc is missing (macOS, Windows).
  'engine/metrics/systeminformation-entry.ts': 'systeminformation',
  'server/main.ts': 'server',
  'client/extension.ts': 'client',
  // The extension's report writer: partial reports and report files, out of the extension host.
  'engine/driver/report-writer-process.ts': 'report-writer',
  // `stampede import` alone: the extension's "Import…" forks it (the .vsix has no cli.js).
  'cli/import-main.ts': 'import',
  // The package's library entry (package.json `exports`): `require('stampede')`; library.mjs
  // below is its ES module face, and build-types.mjs writes its declarations.
  'lib/index.ts': 'library',
};

// `--production` (used by `npm run package`): minified, no source maps — the .vsix stays small.
const production = process.argv.includes('--production');
// `--outdir DIR` builds somewhere else than dist/ (packaging stages the .vsix in a temp folder).
const outIndex = process.argv.indexOf('--outdir');
const out = outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'dist');

const common = {
  bundle: true,
  minify: production,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  // Maps point at the sources in the repository; embedding them would triple the map's size.
  sourcesContent: false,
  logLevel: 'warning',
  external: ['vscode'],
  absWorkingDir: root,
  // The bundles run as scripts through V8's code cache (engine/boot/load-bundle.ts), where an
  // `import()` left in a package (OpenTelemetry's exporter loads its transport so) has no loader:
  // every `import()` becomes a `require()` behind a promise.
  supported: { 'dynamic-import': false },
};

// Some packages' index loads far more than the bundles use, and every process start pays for it
// before its first request; engine/bundle/ has a file per package taking only what is used.
// dist/ only: the tests bundle the packages whole. Importing a name such a file lacks is an error.
const lean = {
  name: 'lean-packages',
  setup(b) {
    const files = { undici: 'engine/bundle/undici.ts', 'hdr-histogram-js': 'engine/bundle/hdr-histogram.ts' };
    b.onResolve({ filter: /^(undici|hdr-histogram-js)$/ }, (args) => ({ path: join(root, files[args.path]) }));
  },
};
const leanOptions = { plugins: [lean], logOverride: { 'import-is-undefined': 'error' } };

// The language client checks VS Code's version with two functions of semver, whose package would
// cost the extension host's bundle about 20 KB: client/bundle/ has the two it needs (dist/ only).
const semverLite = {
  name: 'semver-lite',
  setup(b) {
    b.onResolve({ filter: /^semver\/functions\/(parse|satisfies)$/ }, (args) => ({ path: join(root, 'client/bundle', `semver-${args.path.split('/').pop()}.cjs`) }));
  },
};

// The scenario schema's validator, compiled now rather than at every start (the bundles import it).
buildSchemaValidator(root);

// The HTML report inlines chart.js (read at run time from dist/vendor) so that it opens offline.
mkdirSync(join(out, 'vendor'), { recursive: true });
copyFileSync(join(root, 'node_modules/chart.js/dist/chart.umd.min.js'), join(out, 'vendor/chart.umd.min.js'));

// The Postman collection SDK is 1 MB of bundle that only `stampede import` of a Postman file
// uses: it has a bundle of its own, dist/vendor/postman-collection.js (minified), which cli.js
// and import.js require when that import runs — so no other start pays to load it, and the
// extension's .vsix (which has no node_modules) imports Postman collections too.
const vendored = {
  name: 'vendored-packages',
  setup(b) {
    b.onResolve({ filter: /^postman-collection$/ }, () => ({ path: './vendor/postman-collection.js', external: true }));
  },
};
await build({ ...common, minify: true, sourcemap: false, entryPoints: ['node_modules/postman-collection/index.js'], outfile: join(out, 'vendor/postman-collection.js') });
const pluginsFor = { client: [lean, semverLite], cli: [lean, vendored], import: [lean, vendored] };

const present = Object.entries(entries).filter(([file]) => existsSync(join(root, file)));
// The extension host loads client.js when VS Code starts: it is always minified (its source map
// still points at the sources), and test/client/bundle.test.ts holds it under 400 KB. Its text
// stays UTF-8 (Node reads it so) rather than escaped: `·` is two bytes, not four.
const alwaysMinified = new Set(['client']);
// The library's bundle runs in its user's process, from a package that ships no maps (they would
// point at sources it does not ship either): no map, so no comment naming a missing file for the
// user's debugger. The tests bundle lib/ themselves, with maps.
const unmapped = new Set(['library']);
await Promise.all(
  present.map(([file, name]) =>
    build({
      ...common,
      ...leanOptions,
      ...(pluginsFor[name] ? { plugins: pluginsFor[name] } : {}),
      ...(unmapped.has(name) ? { sourcemap: false } : {}),
      minify: production || alwaysMinified.has(name),
      ...(alwaysMinified.has(name) ? { charset: 'utf8' } : {}),
      entryPoints: [file],
      outfile: join(out, `${name}.js`),
    }),
  ),
);

// `import … from 'stampede'`: the same CommonJS bundle seen as an ES module, with exactly its
// exported names (Node's own detection would also find names of bundled packages), so both
// entries share one copy of the library's state.
if (present.some(([, name]) => name === 'library')) {
  const names = Object.keys(createRequire(import.meta.url)(join(out, 'library.js'))).filter((name) => name !== '__esModule');
  const text = `// The ES module entry of the library: the names of the CommonJS bundle beside it.\nimport library from './library.js';\n\nexport const { ${names.join(', ')} } = library;\n`;
  writeFileSync(join(out, 'library.mjs'), text);
}

// The run panel's browser code (webview/): one IIFE with Chart.js bundled in, loaded by the
// webview under a strict CSP, and its stylesheet; the compare panel's page likewise (its
// stylesheet imports the run panel's).
if (existsSync(join(root, 'webview/main.ts'))) {
  const browser = { bundle: true, platform: 'browser', target: 'chrome114', minify: true, sourcemap: !production, sourcesContent: false, logLevel: 'warning', absWorkingDir: root };
  await Promise.all([
    build({ ...browser, entryPoints: ['webview/main.ts'], outfile: join(out, 'webview.js'), format: 'iife' }),
    build({ ...browser, entryPoints: ['webview/panel.css'], outfile: join(out, 'webview.css') }),
    build({ ...browser, entryPoints: ['webview/compare-main.ts'], outfile: join(out, 'compare.js'), format: 'iife' }),
    build({ ...browser, entryPoints: ['webview/compare.css'], outfile: join(out, 'compare.css') }),
    // The inspector of a trial run (the Try CodeLens): no charts, so a small page of its own.
    build({ ...browser, entryPoints: ['webview/inspector-main.ts'], outfile: join(out, 'inspector.js'), format: 'iife' }),
    build({ ...browser, entryPoints: ['webview/inspector.css'], outfile: join(out, 'inspector.css') }),
  ]);
}

// report.html's script: the report's renderer (report/view/, shared with the panel), read when a
// report is written and inlined next to dist/vendor's Chart.js, whose global it draws with.
if (existsSync(join(root, 'report/view/page.ts'))) {
  const browser = { bundle: true, platform: 'browser', target: 'chrome114', minify: true, sourcemap: false, logLevel: 'warning', absWorkingDir: root };
  await build({ ...browser, entryPoints: ['report/view/page.ts'], outfile: join(out, 'report-view.js'), format: 'iife' });
}

// `--tests [FILE…]`: the test files named after it (scripts/test.mjs's `npm test -- PATTERN`), or,
// with none named, every test/**/*.test.ts.
const testsAt = process.argv.indexOf('--tests');
if (testsAt >= 0) {
  const named = process.argv.slice(testsAt + 1).filter((arg) => arg.endsWith('.test.ts'));
  const testFiles = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.test.ts')) testFiles.push(rel);
    }
  };
  if (named.length === 0) walk('test');
  rmSync(join(root, 'dist-test'), { recursive: true, force: true });
  await build({ ...common, entryPoints: named.length ? named : testFiles, outdir: 'dist-test', outbase: 'test', external: ['vscode', 'playwright-core'] });
}
