// The lines of the keys under a step's `expect`, `check` and `capture`, two levels down
// (`expect` → `json` → `items[0].id`, `capture` → `token`): what scenario/key-lines.ts looks up.
// An alias (`expect: *ok`) gives its key's line alone: the keys it points at are written elsewhere.
import type { KeyLine } from './key-lines';
import { keyName, mapPairs, type YamlNode, type YamlPair } from './yaml-nav';

const TESTED = ['expect', 'check', 'capture'];
/** How deep below the step the keys go: `expect.json.<path>`, `expect.headers.<name>`. */
const DEPTH = 3;

export function stepKeyLines(step: YamlNode, lineAt: (offset: number) => number): KeyLine[] {
  const keys: KeyLine[] = [];
  const visit = (pair: YamlPair, path: string[]): void => {
    const start = (pair.key as YamlNode | null)?.range?.[0];
    if (start === undefined) return;
    keys.push({ path, line: lineAt(start) });
    if (path.length >= DEPTH) return;
    for (const inner of mapPairs(pair.value)) {
      const name = keyName(inner);
      if (name !== undefined) visit(inner, [...path, name]);
    }
  };
  for (const pair of mapPairs(step)) {
    const name = keyName(pair);
    if (name !== undefined && TESTED.includes(name)) visit(pair, [name]);
  }
  return keys;
}
