// Bundles one entry per role into dist/ (type checking is the separate `npm run typecheck`).
// With --tests, also bundles every test/**/*.test.ts into dist-test/ for `node --test`.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Entry file -> output name. Entries whose file does not exist yet are skipped. */
const entries = {
  'engine/cli/main.ts': 'cli',
  'engine/runtime/child.ts': 'engine',
  'server/main.ts': 'server',
  'client/extension.ts': 'client',
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Maps point at the sources in the repository; embedding them would triple the map's size.
  sourcesContent: false,
  logLevel: 'warning',
  external: ['vscode'],
  absWorkingDir: root,
};

// The HTML report inlines chart.js (read at run time from dist/vendor) so that it opens offline.
mkdirSync(join(root, 'dist/vendor'), { recursive: true });
copyFileSync(join(root, 'node_modules/chart.js/dist/chart.umd.min.js'), join(root, 'dist/vendor/chart.umd.min.js'));

const present = Object.entries(entries).filter(([file]) => existsSync(join(root, file)));
await Promise.all(
  present.map(([file, name]) => build({ ...common, entryPoints: [file], outfile: `dist/${name}.js` })),
);

if (process.argv.includes('--tests')) {
  const testFiles = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.test.ts')) testFiles.push(rel);
    }
  };
  walk('test');
  rmSync(join(root, 'dist-test'), { recursive: true, force: true });
  await build({ ...common, entryPoints: testFiles, outdir: 'dist-test', outbase: 'test', external: ['vscode', 'playwright-core'] });
}
