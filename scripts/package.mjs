// `npm run package`: a production build staged in a temp folder with what the extension needs,
// packed by @vscode/vsce into stampede.vsix at the repository root. dist/ is left as it is.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const output = process.argv[2] ?? join(root, 'stampede.vsix');
const stage = mkdtempSync(join(tmpdir(), 'stampede-vsix-'));
try {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--outdir', join(stage, 'dist')], { stdio: 'inherit' });
  for (const path of ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'schemas', 'client/syntaxes', 'client/language-configuration.json', 'samples/quickstart.scenario.yaml', 'samples/gallery']) {
    try {
      cpSync(join(root, path), join(stage, path), { recursive: true });
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
  }
  // The npm package's `files` (the library's) and .vscodeignore (the extension's) cannot both be
  // there for vsce: the .vsix keeps its own list.
  const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
  delete manifest.files;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // vsce rejects relative links without a repository to resolve them against, and the package has
  // none: in the packaged README, relative images are dropped and relative links become text.
  const readme = readFileSync(join(stage, 'README.md'), 'utf8')
    .replace(/!\[[^\]]*\]\((?!https?:)[^)]*\)/g, '')
    .replace(/<img [^>]*src="(?!https?:)[^"]*"[^>]*>/g, '')
    .replace(/\[([^\]]+)\]\((?!https?:|#)[^)]*\)/g, '$1');
  writeFileSync(join(stage, 'README.md'), readme);
  execFileSync(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', output], {
    cwd: stage,
    stdio: 'inherit',
  });
  console.log(`${output}: ${(statSync(output).size / 1024).toFixed(0)} KB`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
