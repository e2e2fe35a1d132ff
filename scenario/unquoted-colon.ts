// A plain value with `: ` in it (`name: GET /a: b`, or a criterion naming that step) is read by
// YAML as a mapping: after a key it is a syntax error ("nested mappings are not allowed in
// compact mappings"), as a list item a one-key mapping. Both are recognised here so the parse
// reads the value as the text it was meant as, and one diagnostic with the quotes as a quick fix
// (rules/unquoted-colon.ts) replaces a cascade of "should be text" and "unknown key" errors.
import { isMap, isScalar, type Document } from 'yaml';
import { asMap, findPair, resolveAlias, seqItems, type YamlNode, type YamlPair } from './yaml-nav';

export interface UnquotedColon {
  /** The mapping YAML made of the value. */
  node: YamlNode;
  /** The value as the author wrote it, up to the end of its line (a comment left out). */
  intended: string;
  start: number;
  end: number;
  what: 'value' | 'criterion';
}

/** A mapping that starts on its own key's line: a plain value that held `: `. */
export function colonInValue(pair: YamlPair, text: string): UnquotedColon | undefined {
  const value = pair.value;
  if (!pair.key || !value || !isMap(value) || value.flow) return undefined;
  if (text.slice(pair.key.range[1], value.range[0]).includes('\n')) return undefined;
  return onOneLine(value, text, 'value');
}

/** Items of `criteria` that YAML read as one-key mappings because the text held `: `. */
export function colonInCriteria(root: YamlNode | null, text: string, document: Document.Parsed | undefined): Map<number, UnquotedColon> {
  const found = new Map<number, UnquotedColon>();
  const list = resolveAlias(findPair(root, 'criteria')?.value, document);
  seqItems(list).forEach((item, index) => {
    const map = asMap(item);
    const pair = map?.items.length === 1 ? map.items[0] : undefined;
    if (!map || map.flow || !pair || !isScalar(pair.key) || !isScalar(pair.value)) return;
    // `- expr: …` and its siblings are the mapping form of a criterion, not a broken string.
    if (['expr', 'abort', 'after'].includes(String(pair.key.value))) return;
    const colon = onOneLine(map as YamlNode, text, 'criterion');
    if (colon) found.set(index, colon);
  });
  return found;
}

function onOneLine(node: YamlNode, text: string, what: UnquotedColon['what']): UnquotedColon | undefined {
  const start = node.range[0];
  const lineEnd = text.indexOf('\n', start);
  let line = text.slice(start, lineEnd < 0 ? text.length : lineEnd);
  const comment = line.search(/\s#/);
  if (comment >= 0) line = line.slice(0, comment);
  const intended = line.trimEnd();
  if (!intended.includes(': ') && !intended.endsWith(':')) return undefined;
  return { node, intended, start, end: start + intended.length, what };
}
