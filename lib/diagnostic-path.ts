// Where in the model a diagnostic points: `flows[0].steps[1].expect.status` for a position in
// the YAML, so that a problem found in a builder's model names the key the code wrote, not only
// a line of a YAML text the user never saw.
import { asMap, asSeq, keyName, type YamlNode } from '../scenario/yaml-nav';
import type { ParsedDocument } from '../scenario/parse';

/** The path of the deepest key or item holding `offset`; '' at the top level. */
export function pathAtOffset(root: YamlNode | null, offset: number): string {
  let path = '';
  let node: YamlNode | null | undefined = root;
  while (node) {
    const map = asMap(node);
    const seq = asSeq(node);
    let next: YamlNode | null | undefined;
    if (map) {
      for (const pair of map.items) {
        const key = pair.key as YamlNode | null;
        const value = pair.value;
        // range[1], where the node's own text ends: range[2] also takes the newline after a plain
        // scalar, which is where the next key's line begins.
        const end = value?.range[1] ?? key?.range[1] ?? -1;
        if (!key || offset < key.range[0] || offset > end) continue;
        const name = keyName(pair) ?? '?';
        path += /^[A-Za-z_$][\w$]*$/.test(name) ? `${path ? '.' : ''}${name}` : `[${JSON.stringify(name)}]`;
        next = value;
        break;
      }
    } else if (seq) {
      seq.items.forEach((item, index) => {
        if (next === undefined && offset >= item.range[0] && offset <= item.range[1]) {
          path += `[${index}]`;
          next = item;
        }
      });
    }
    node = next;
  }
  return path;
}

/** The offset of a 0-based line and character in the parsed text. */
export function offsetOf(document: ParsedDocument, line: number, character: number): number {
  const starts = document.lineCounter.lineStarts;
  return (starts[line] ?? document.text.length) + character;
}
