// The inline `{ … }` mapping open at the cursor on its line, as in `headers: { accept: json, |`
// or `users: { from: 0, t| }`: which keys lead into it, whether a key or a value is being typed,
// and the keys already written in it (before and after the cursor). Template braces `{{ … }}`,
// quoted text and a trailing `# comment` are skipped.

export interface InlineMapContext {
  /** Keys from the line's own key down to the innermost open mapping (`['monitor']`, `['a', 'b']`). */
  keys: string[];
  kind: 'key' | 'value';
  /** For `value`: the key whose value is typed. */
  key: string | undefined;
  /** What is typed of the key or value, and where it starts on the line. */
  typed: string;
  typedStart: number;
  /** Keys already written in the innermost mapping, unquoted, on either side of the cursor. */
  present: Set<string>;
}

interface Frame {
  /** The key whose value this mapping is, or undefined inside a `[ … ]` sequence. */
  key: string | undefined;
  isMap: boolean;
  present: Set<string>;
  /** Where the current entry (after `{` or `,`) starts. */
  entryStart: number;
  /** Where its value starts (after `key:`), or -1 while the key is typed. */
  valueStart: number;
  entryKey: string | undefined;
  /** The current entry is the one the cursor is in: its key is being typed, not already written. */
  holdsCursor: boolean;
  /** The current entry's value was a `{ … }` or `[ … ]` now closed: only `,` or `}` may follow. */
  valueClosed: boolean;
}

/**
 * `line` is the whole line and `cursor` the cursor's column in it, `valueStart` where the line's
 * own value begins (after `key: `) and `lineKey` that key. Undefined unless the cursor is inside
 * an unclosed `{`. The rest of the line is read too, for the keys written after the cursor.
 */
export function inlineMapAt(line: string, cursor: number, valueStart: number, lineKey: string): InlineMapContext | undefined {
  const stack: Frame[] = [];
  let pendingKey: string | undefined = lineKey;
  let quote: string | undefined;
  // Set once the scan reaches the cursor; the scan then goes on only to collect the keys
  // written after the cursor in `open`, the mapping the cursor is in, up to its `}`.
  let context: InlineMapContext | undefined;
  let open: Frame | undefined;
  for (let i = valueStart; i < line.length; i++) {
    if (!context && i >= cursor) {
      context = contextAt(stack, quote, line, cursor);
      if (!context) return undefined;
      open = stack[stack.length - 1];
      open.holdsCursor = true;
    }
    const c = line[i];
    if (quote === '"') {
      // In double quotes a backslash escapes the next character, even a `"` or another `\`.
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
      continue;
    }
    if (quote === "'") {
      // In single quotes a backslash is literal; `''` is a quote inside the string.
      if (c === "'" && line[i + 1] === "'") i++;
      else if (c === "'") quote = undefined;
      continue;
    }
    // A `#` at the start of the value or after whitespace starts a comment: nothing after it
    // counts, and there is nothing to complete in it.
    if (c === '#' && (i === valueStart || /\s/.test(line[i - 1]))) {
      if (!context) return undefined;
      break;
    }
    const top = stack[stack.length - 1];
    // Quotes, `{` and `[` mean something only where a value starts: after `key: `, `{`, `[`, `,`
    // or a `:` inside a mapping. Elsewhere (`key: abc { x`) they are part of a plain word.
    const scalarStart = /^\s*$/.test(line.slice(top ? (top.valueStart >= 0 ? top.valueStart : top.entryStart) : valueStart, i));
    if (c === '"' || c === "'") {
      if (scalarStart) quote = c;
      continue;
    }
    if (c === '{' && line[i + 1] === '{') {
      const close = line.indexOf('}}', i + 2);
      // The cursor in an open template: completion of names, not keys.
      if (!context && (close < 0 || cursor < close + 2)) return undefined;
      if (close < 0) break;
      i = close + 1;
      continue;
    }
    if ((c === '{' || c === '[') && scalarStart) {
      stack.push({ key: pendingKey, isMap: c === '{', present: new Set(), entryStart: i + 1, valueStart: -1, entryKey: undefined, holdsCursor: false, valueClosed: false });
      pendingKey = undefined;
      continue;
    }
    if (!top) continue;
    if (c === '}' || c === ']') {
      endEntry(top, i + 1);
      stack.pop();
      const outer = stack[stack.length - 1];
      if (outer) outer.valueClosed = true;
      // The key before the closed mapping is not the key of whatever `{` comes next.
      pendingKey = undefined;
      if (top === open) break;
      continue;
    }
    if (c === ',') {
      pendingKey = undefined;
      top.valueClosed = false;
      endEntry(top, i + 1);
      continue;
    }
    if (c === ':' && top.isMap && top.valueStart < 0) {
      // `key: value`, or `"key":value` (JSON style) after a quoted key; a `:` inside a plain
      // word (`a:b`) is part of it. At the end of the line, or before a flow indicator, the
      // value is empty.
      const written = line.slice(top.entryStart, i).trim();
      const next = line[i + 1];
      if (next === undefined || /[\s,[\]{}]/.test(next) || isQuoted(written)) {
        top.entryKey = unquote(written);
        top.valueStart = i + 1;
        pendingKey = top.entryKey;
      }
    }
  }
  // The cursor at the end of the line: the scan ended without passing it.
  if (!context) return contextAt(stack, quote, line, cursor);
  // The mapping goes on past the line's end or a comment: its last entry counts too.
  if (open) endEntry(open, line.length);
  return context;
}

/** What is typed at the cursor, from the scan's state there; undefined outside an open mapping. */
function contextAt(stack: Frame[], quote: string | undefined, line: string, cursor: number): InlineMapContext | undefined {
  const top = stack[stack.length - 1];
  // After `{ a: { … } ` only `,` or `}` is valid: nothing to offer there.
  if (!top || !top.isMap || quote || top.valueClosed) return undefined;
  const keys = stack.map((frame) => frame.key);
  if (keys.some((key) => key === undefined)) return undefined; // a mapping inside a flow sequence
  const before = line.slice(0, cursor);
  if (top.valueStart < 0) {
    const typedStart = top.entryStart + (/^\s*/.exec(before.slice(top.entryStart))?.[0].length ?? 0);
    return { keys: keys as string[], kind: 'key', key: undefined, typed: before.slice(typedStart), typedStart, present: top.present };
  }
  const typedStart = top.valueStart + (/^\s*/.exec(before.slice(top.valueStart))?.[0].length ?? 0);
  return { keys: keys as string[], kind: 'value', key: top.entryKey, typed: before.slice(typedStart), typedStart, present: top.present };
}

/**
 * At a `,` or the closing `}`: the entry's key is written, unless it is the one being typed at
 * the cursor; the next entry starts at `next`. Ending an entry twice adds nothing.
 */
function endEntry(frame: Frame, next: number): void {
  if (frame.entryKey !== undefined && !frame.holdsCursor) frame.present.add(frame.entryKey);
  frame.holdsCursor = false;
  frame.entryStart = next;
  frame.valueStart = -1;
  frame.entryKey = undefined;
}

function isQuoted(text: string): boolean {
  return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0];
}

/** `"a\"b"` → `a"b`, `'it''s'` → `it's`, anything else as written. */
function unquote(text: string): string {
  if (!isQuoted(text)) return text;
  if (text[0] === "'") return text.slice(1, -1).replace(/''/g, "'");
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1); // a YAML-only escape such as `\x41`: good enough for a key name
  }
}
