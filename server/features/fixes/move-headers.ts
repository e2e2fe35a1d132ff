// The quick fix of `hint-repeated-headers`: remove the header from every step and write it once
// under `defaults.headers` (creating `defaults` or its `headers` as needed).
import { isMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver';
import type { RepeatedHeader } from '../../../scenario/rules/hint-repeated-headers';
import { findPair, mapValue, type YamlNode, type YamlPair } from '../../../scenario/yaml-nav';
import type { DocumentState } from '../../document-state';

export function moveHeadersEdits(state: DocumentState, header: RepeatedHeader): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const { headers, pair } of header.occurrences) {
    const edit = removePair(state, headers, pair);
    if (edit) edits.push(edit);
    else return [];
  }
  const add = addToDefaults(state, `${header.name}: ${header.source}`);
  return add ? [...edits, add] : [];
}

function removePair(state: DocumentState, headers: YamlPair, pair: YamlPair): TextEdit | undefined {
  const map = headers.value as YamlNode | null;
  if (!map || !isMap(map)) return undefined;
  const pairs = map.items as YamlPair[];
  if (pairs.length === 1) return deleteLines(state, headers.key.range[0], map.range[1]);
  if (map.flow) {
    const rest = pairs.filter((p) => p !== pair).map((p) => state.text.slice(p.key.range[0], (p.value ?? p.key).range[1]));
    return replace(state, map.range[0], map.range[1], `{ ${rest.join(', ')} }`);
  }
  return deleteLines(state, pair.key.range[0], (pair.value ?? pair.key).range[1]);
}

function addToDefaults(state: DocumentState, line: string): TextEdit | undefined {
  const { root, document } = state.doc;
  const defaults = findPair(root, 'defaults');
  const headers = mapValue(defaults?.value, 'headers', document);
  if (headers && isMap(headers)) {
    if (headers.flow) {
      const inner = state.text.slice(headers.range[0] + 1, headers.range[1] - 1).trim();
      return replace(state, headers.range[0], headers.range[1], `{ ${inner ? `${inner}, ` : ''}${line} }`);
    }
    const first = (headers.items[0] as YamlPair | undefined)?.key;
    if (!first) return undefined;
    return insertLine(state, headers.range[1], `${' '.repeat(column(state, first.range[0]))}${line}`);
  }
  if (defaults?.value && isMap(defaults.value) && !defaults.value.flow) {
    const pad = ' '.repeat(column(state, defaults.value.range[0]));
    return insertLine(state, defaults.key.range[1], `${pad}headers:\n${pad}  ${line}`, true);
  }
  if (defaults) return undefined;
  // No `defaults` yet: add it before `phases`, where the format's examples keep it.
  const anchor = findPair(root, 'phases')?.key;
  const at = anchor ? state.lines.offsetAt({ line: state.lines.positionAt(anchor.range[0]).line, character: 0 }) : state.text.length;
  return { range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at) }, newText: `defaults:\n  headers:\n    ${line}\n` };
}

function column(state: DocumentState, offset: number): number {
  return state.lines.positionAt(offset).character;
}

/** Deletes whole lines from the one holding `start` to the one holding `end - 1`. */
function deleteLines(state: DocumentState, start: number, end: number): TextEdit {
  const from = state.lines.positionAt(start).line;
  const to = state.lines.positionAt(Math.max(start, end - 1)).line;
  return { range: { start: { line: from, character: 0 }, end: { line: to + 1, character: 0 } }, newText: '' };
}

function replace(state: DocumentState, start: number, end: number, newText: string): TextEdit {
  return { range: { start: state.lines.positionAt(start), end: state.lines.positionAt(end) }, newText };
}

/** Inserts `text` as a new line after the line holding `end - 1` (or after `end`'s line with `afterOffsetLine`). */
function insertLine(state: DocumentState, end: number, text: string, afterOffsetLine = false): TextEdit {
  const line = state.lines.positionAt(afterOffsetLine ? end : Math.max(0, end - 1)).line + 1;
  const position = line < state.lines.count ? { line, character: 0 } : state.lines.positionAt(state.text.length);
  const prefix = line < state.lines.count ? '' : '\n';
  return { range: { start: position, end: position }, newText: `${prefix}${text}\n` };
}
