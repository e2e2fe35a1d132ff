// What is being typed at the cursor, read from the line and its indentation: a key of some
// mapping, or the value of a key, with the path to where it goes. Completion works from this.
import type { Position } from 'vscode-languageserver';
import { lineShape } from './line-shape';
import type { LinePaths, PathSegment } from './line-path';

export interface LineContext {
  /** `key`: typing a key (or a plain list item); `value`: typing the value after `key: `. */
  kind: 'key' | 'value';
  /** Path of the mapping (or sequence) the key or item belongs to. */
  path: PathSegment[];
  /** For `value`: the key whose value is typed. */
  key: string | undefined;
  /** The text typed so far (from the key's or value's start to the cursor). */
  typed: string;
  /** Character where `typed` starts. */
  typedStart: number;
  /** The cursor's line opens a sequence item (`- `). */
  inItem: boolean;
  /** Column of the keys of the mapping the cursor is in. */
  keyCol: number;
  siblings: Set<string>;
}

export function lineContext(paths: LinePaths, lineText: string, position: Position): LineContext {
  const before = lineText.slice(0, position.character);
  const shape = lineShape(lineText);
  const blank = before.trim() === '' && shape.indent < 0;
  if (blank || (shape.indent >= position.character && shape.dashes.length === 0)) {
    // An empty line (or the cursor before the content): a new key at the cursor's column.
    const col = blank ? position.character : Math.min(position.character, Math.max(0, shape.indent));
    return { kind: 'key', path: paths.mapPath(position.line, col), key: undefined, typed: '', typedStart: position.character, inItem: false, keyCol: col, siblings: paths.siblingKeys(position.line, col) };
  }
  const inItem = shape.dashes.length > 0 && shape.dashes[0] < position.character;
  const col = inItem ? shape.contentCol : Math.max(0, shape.indent);
  const path = inItem ? paths.itemPath(position.line, shape.dashes[shape.dashes.length - 1]) : paths.mapPath(position.line, col);
  const siblings = inItem ? itemKeys(paths, position.line, shape.contentCol, shape.key) : paths.siblingKeys(position.line, col);
  const content = before.slice(Math.min(col, before.length));
  // A comment line has no indent (-1): never a negative repeat.
  const typedShape = lineShape(' '.repeat(Math.max(0, col)) + content);
  if (typedShape.key !== undefined && shape.key !== undefined && position.character >= shape.valueCol - 1 && before.slice(col).includes(':')) {
    const valueStart = Math.min(shape.valueCol, position.character);
    return { kind: 'value', path, key: shape.key, typed: before.slice(valueStart), typedStart: valueStart, inItem, keyCol: col, siblings };
  }
  siblings.delete(content.trim());
  return { kind: 'key', path, key: undefined, typed: content, typedStart: col, inItem, keyCol: col, siblings };
}

/** Keys of a sequence item: the one on its `- ` line and those below it at the same column. */
function itemKeys(paths: LinePaths, line: number, col: number, own: string | undefined): Set<string> {
  const keys = paths.siblingKeys(line, col, false);
  if (own !== undefined) keys.add(own);
  return keys;
}
