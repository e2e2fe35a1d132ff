// Loads a dist/ bundle (cli.js, engine.js) through V8's code cache (dist/boot.js). Node 20
// compiles a 1–1.5 MB bundle from its source at every start (25–30 ms of CPU on a small machine,
// then more as each function runs for the first time); with the cache, V8 takes the bytecode it
// kept instead. Start-up is on the critical path of every run: `stampede run` starts two
// processes, one after the other, before its first request.
//
// The cache is written when a process that had none (or whose cache V8 refused: another Node,
// other flags, a rebuilt bundle) exits, so it holds every function that ran, the request path
// included; writing happens at exit, never while a run is measured. It lives next to the bundle
// (dist/.code-cache/), or in the system's temp folder where dist/ is read-only. A missing,
// refused or unwritable cache only costs the time it would have saved.
//
//   node dist/boot.js dist/engine.js        (how the engine is forked)
//   require('dist/boot.js').loadBundle(file) (how bin/stampede.js loads the CLI)
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

// `stampede run` forks the engine from here, before the CLI's bundle loads (bin/stampede.js).
export { preforkEngine } from '../driver/engine-fork';

/** The cache's name says what it was made from: the bundle as built, and the V8 that made it. */
function cacheName(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return `${basename(file)}-${process.versions.v8}-${process.arch}-${size}-${Math.round(mtimeMs)}.bin`;
}

function cacheFolders(file: string): string[] {
  return [join(dirname(file), '.code-cache'), join(tmpdir(), 'stampede-code-cache')];
}

function readCache(folders: string[], name: string): Buffer | undefined {
  for (const folder of folders) {
    try {
      return readFileSync(join(folder, name));
    } catch {
      // Not there: the next folder, or none.
    }
  }
  return undefined;
}

/** Writes atomically (two processes may exit at once) and drops caches of older builds. */
function writeCache(folders: string[], name: string, data: Buffer, bundle: string): void {
  for (const folder of folders) {
    try {
      mkdirSync(folder, { recursive: true });
      const temporary = join(folder, `${name}.${process.pid}.tmp`);
      writeFileSync(temporary, data);
      renameSync(temporary, join(folder, name));
      for (const old of readdirSync(folder)) {
        if (old !== name && old.startsWith(`${bundle}-`) && old.endsWith('.bin')) unlinkSync(join(folder, old));
      }
      return;
    } catch {
      // Read-only or full: try the next folder; without one the next start compiles as before.
    }
  }
}

/** Runs the CommonJS bundle `file` as `require` would, and returns its exports. */
export function loadBundle(file: string): unknown {
  const path = resolve(file);
  const source = readFileSync(path, 'utf8');
  const name = cacheName(path);
  const folders = cacheFolders(path);
  const cached = readCache(folders, name);
  const script = new Script(Module.wrap(source), { filename: path, cachedData: cached });
  if (cached === undefined || script.cachedDataRejected) {
    // At exit every function that ran is compiled: the cache then covers the hot path too.
    process.once('exit', () => writeCache(folders, name, script.createCachedData(), basename(path)));
  }
  const module = new Module(path, require.main);
  module.filename = path;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(path));
  module.loaded = true;
  const compiled = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  compiled.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return module.exports;
}

// `node dist/boot.js BUNDLE`: the bundle is this process's program.
if (require.main === module && process.argv[2]) {
  const bundle = resolve(process.argv[2]);
  process.argv.splice(1, 2, bundle);
  loadBundle(bundle);
}
