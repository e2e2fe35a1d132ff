// The `{{ … }}` of the formats we import (Postman, REST Client, Artillery all write templates in
// double braces, but with their own expressions inside): each is handed to a callback that says
// what to write instead, so every importer rewrites foreign templates into Stampede's the same way.

/**
 * `text` with every `{{ … }}` replaced by `replace(inside)`, `inside` trimmed. An unclosed `{{`
 * stays as it is (it is then plain text to the importer, and to the validator an error it names).
 */
export function mapTemplates(text: string, replace: (inside: string) => string): string {
  let out = '';
  let index = 0;
  for (;;) {
    const open = text.indexOf('{{', index);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    out += text.slice(index, open) + replace(text.slice(open + 2, close).trim());
    index = close + 2;
  }
  return out + text.slice(index);
}

/** The insides of every `{{ … }}` in `text`, trimmed, in order. */
export function templatesIn(text: string): string[] {
  const found: string[] = [];
  mapTemplates(text, (inside) => {
    found.push(inside);
    return '';
  });
  return found;
}

/** A Stampede template: `{{ expr }}`. */
export function template(expr: string): string {
  return `{{ ${expr} }}`;
}

/** Every string inside `value` (objects and arrays walked, keys kept) passed through `map`. */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}
