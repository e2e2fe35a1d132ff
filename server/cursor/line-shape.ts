// The shape of one YAML line, read from its text alone: indentation, leading `- ` markers, and a
// `key:` if there is one. Half-typed documents often do not parse into the tree a completion
// needs, but their indentation still says where the cursor is.

export interface LineShape {
  /** Column of the first non-space character; -1 for a blank or comment-only line. */
  indent: number;
  /** Columns of the leading `- ` sequence markers. */
  dashes: number[];
  /** Column where the content after the markers starts. */
  contentCol: number;
  /** The key, when the content is `key:` or `key: value`. */
  key: string | undefined;
  /** Column where the value after `key:` starts (the end of the line when there is none). */
  valueCol: number;
  /** Whether something other than a comment follows `key:` on the line. */
  inlineValue: boolean;
}

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

export function lineShape(text: string): LineShape {
  let col = 0;
  while (col < text.length && text[col] === ' ') col++;
  if (col >= text.length || text[col] === '#') {
    return { indent: text.trim() === '' ? -1 : -1, dashes: [], contentCol: col, key: undefined, valueCol: col, inlineValue: false };
  }
  const indent = col;
  const dashes: number[] = [];
  while (text[col] === '-' && (col + 1 >= text.length || text[col + 1] === ' ')) {
    dashes.push(col);
    col++;
    while (text[col] === ' ') col++;
  }
  const contentCol = col;
  const content = text.slice(col);
  const match = KEY_RE.exec(content);
  if (!match) return { indent, dashes, contentCol, key: undefined, valueCol: contentCol, inlineValue: false };
  const key = unquote(match[1]);
  let valueCol = contentCol + match[0].length;
  while (text[valueCol] === ' ' || text[valueCol] === '\t') valueCol++;
  const inlineValue = valueCol < text.length && text[valueCol] !== '#';
  return { indent, dashes, contentCol, key, valueCol, inlineValue };
}

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}
