// Where the engine's bundle is: dist/engine.js beside this library's bundle (dist/library.js,
// as installed), or the repository's dist/ seen from a test bundle (dist-test/library/).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function engineScript(): string {
  const candidates = [join(__dirname, 'engine.js'), join(__dirname, '..', 'dist', 'engine.js'), join(__dirname, '..', '..', 'dist', 'engine.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the engine's bundle (engine.js) is missing beside ${__dirname}: build the package (npm run build)`);
  return found;
}
