// Paths of the repository, computed from the bundled test's location (dist-test/…).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
export const CLI = join(ROOT, 'bin', 'stampede.js');
export const SAMPLE_SERVER = join(ROOT, 'samples', 'collection-store', 'server.js');
