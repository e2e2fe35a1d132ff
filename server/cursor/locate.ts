// The syntax-tree node under an offset, with its path from the root: hover and go-to-definition
// work on what has parsed.
import { isMap, isScalar, isSeq } from 'yaml';
import { keyName, type YamlNode, type YamlPair } from '../../scenario/yaml-nav';
import type { PathSegment } from './line-path';

export interface Located {
  /** Keys and indices from the root to `node`; ends with the key when `onKey`. */
  path: PathSegment[];
  node: YamlNode | undefined;
  /** The pair whose key or value holds the offset. */
  pair: YamlPair | undefined;
  onKey: boolean;
}

export function locate(root: YamlNode | null, offset: number): Located {
  const path: PathSegment[] = [];
  let node: YamlNode | undefined = root ?? undefined;
  let pair: YamlPair | undefined;
  const within = (n: YamlNode | null | undefined): n is YamlNode => !!n && offset >= n.range[0] && offset <= n.range[1];
  while (node) {
    if (isMap(node)) {
      const found = (node.items as YamlPair[]).find((p) => within(p.key) || within(p.value));
      if (!found) return { path, node, pair, onKey: false };
      const key = keyName(found) ?? '';
      path.push(key);
      pair = found;
      if (within(found.key)) return { path, node: found.key, pair, onKey: true };
      node = found.value ?? undefined;
    } else if (isSeq(node)) {
      const index = (node.items as YamlNode[]).findIndex((item) => within(item));
      if (index < 0) return { path, node, pair, onKey: false };
      path.push(index);
      node = node.items[index] as YamlNode;
    } else {
      return { path, node: isScalar(node) || node ? node : undefined, pair, onKey: false };
    }
  }
  return { path, node: undefined, pair, onKey: false };
}
