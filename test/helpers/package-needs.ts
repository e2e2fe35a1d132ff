// What an installed package's own files need from other packages: the packages its scripts
// require() (the bundles, bin/, the sample server) and those its declarations import types from.
// Node's built-ins are not counted, nor the optional packages a bundled one tries and does
// without (OPTIONAL): what is left is what `dependencies` must hold, no more.
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';

/**
 * Required inside a `try` by a package the bundles carry: ws's native speed-ups, and the
 * temperature sensors systeminformation reads on macOS.
 */
const OPTIONAL = new Set(['bufferutil', 'utf-8-validate', 'osx-temperature-sensor', 'macos-temperature-sensor']);

/** `require("x")` as code: not inside a string (ajv's code generator writes such strings). */
const REQUIRE = /(?<![\w$.'"`])require\(\s*['"]([^'"]+)['"]\s*\)/g;
const TYPE_IMPORT = /(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g;

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for a relative path or Node's own. */
function packageOf(specifier: string): string | undefined {
  // `node:` is Node's own, also a module this Node lacks (node:sqlite before 22.5).
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || isBuiltin(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function packagesNeeded(installed: string): string[] {
  const needed = new Set<string>();
  const files = readdirSync(installed, { recursive: true }).map(String);
  for (const file of files) {
    const pattern = file.endsWith('.d.ts') || file.endsWith('.d.mts') ? TYPE_IMPORT : /\.(c|m)?js$/.test(file) ? REQUIRE : undefined;
    if (!pattern) continue;
    for (const match of readFileSync(join(installed, file), 'utf8').matchAll(pattern)) {
      const name = packageOf(match[1]);
      if (name && !OPTIONAL.has(name)) needed.add(name);
    }
  }
  return [...needed].sort();
}
