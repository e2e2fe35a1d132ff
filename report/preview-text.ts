// A trial's body preview as `stampede try` and the editor's inspector show it: JSON two spaces per
// level even when it does not parse — a preview cut at its limit is still read as the whole
// would be. The engine pretty-prints a whole JSON preview itself; this lays out the rest.

/**
 * The text to show: JSON (by `json`, the engine's finding, or `jsonType`, the content type)
 * indented; anything else as it came.
 */
export function previewText(body: { text: string; json: boolean }, jsonType: boolean): string {
  if (!(body.json || jsonType) || !/^\s*[[{]/.test(body.text)) return body.text;
  try {
    return JSON.stringify(JSON.parse(body.text), null, 2);
  } catch {
    return indentJson(body.text);
  }
}

/** Brackets and commas outside strings open and close lines; whitespace outside strings is dropped. */
export function indentJson(text: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = (): string => `\n${'  '.repeat(Math.max(depth, 0))}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '{' || c === '[') {
      depth++;
      out += c + newline();
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') out += c + newline();
    else if (c === ':') out += ': ';
    else if (!/\s/.test(c)) out += c;
  }
  return out;
}
