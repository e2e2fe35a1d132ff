// Small text helpers for the hints' quick fixes: where a line starts, how far it is indented,
// where to insert a new line after a block.
import type { ParsedDocument } from '../parse';
import type { SourceRange, TextFix } from '../types';
import { offsetRange, type YamlNode } from '../yaml-nav';

/** The column (0-based) the node starts at. */
export function columnOf(doc: ParsedDocument, node: YamlNode): number {
  return doc.lineCounter.linePos(node.range[0]).col - 1;
}

/** The offset just past the line that holds `end - 1`: where a new line after a block goes. */
export function lineAfter(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

/** An empty range at `offset`, for insertions. */
export function insertionAt(doc: ParsedDocument, offset: number): SourceRange {
  return offsetRange(doc, offset, offset);
}

/** Text inserted at `offset` as whole lines: adds the newline a last line without one needs. */
export function asLines(text: string, offset: number, lines: string): string {
  return offset === text.length && text.length > 0 && !text.endsWith('\n') ? `\n${lines}` : lines;
}

/** A round number at least `value`: 1, 2, 5, 10, 20, 50, … scaled, for suggested settings. */
export function niceCeil(value: number): number {
  if (value <= 1) return 1;
  const scale = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * scale >= value) return Math.round(step * scale);
  return Math.ceil(value);
}

/** The quick fix that puts `intended` (the text from `start` to `end`) in double quotes. */
export function addQuotes(doc: ParsedDocument, start: number, end: number, intended: string): TextFix & { quoted: string } {
  const quoted = JSON.stringify(intended);
  return { title: 'Add quotes', range: offsetRange(doc, start, end), newText: quoted, quoted };
}
