// The inline `{ … }` mapping open at the cursor on its line, as in `headers: { accept: json, |`
// or `users: { from: 0, t| }`: which keys lead into it, whether a key or a value is being typed,
// and the keys already written in it. Template braces `{{ … }}` and quoted text are skipped.

export interface InlineMapContext {
  /** Keys from the line's own key down to the innermost open mapping (`['monitor']`, `['a', 'b']`). */
  keys: string[];
  kind: 'key' | 'value';
  /** For `value`: the key whose value is typed. */
  key: string | undefined;
  /** What is typed of the key or value, and where it starts on the line. */
  typed: string;
  typedStart: number;
  /** Keys already written in the innermost mapping. */
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
}

/**
 * `before` is the line up to the cursor, `valueStart` where the line's own value begins (after
 * `key: `) and `lineKey` that key. Undefined unless the cursor is inside an unclosed `{`.
 */
export function inlineMapAt(before: string, valueStart: number, lineKey: string): InlineMapContext | undefined {
  const stack: Frame[] = [];
  let pendingKey: string | undefined = lineKey;
  let quote: string | undefined;
  for (let i = valueStart; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === quote && before[i - 1] !== '\\') quote = undefined;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '"' || c === "'") {
      // A quote opens a string only where a scalar starts.
      if (!top || /^\s*$/.test(before.slice(top.valueStart >= 0 ? top.valueStart : top.entryStart, i))) quote = c;
      continue;
    }
    if (c === '{' && before[i + 1] === '{') {
      const close = before.indexOf('}}', i + 2);
      if (close < 0) return undefined; // an open template: completion of names, not keys
      i = close + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push({ key: pendingKey, isMap: c === '{', present: new Set(), entryStart: i + 1, valueStart: -1, entryKey: undefined });
      pendingKey = undefined;
      continue;
    }
    if (!top) continue;
    if (c === '}' || c === ']') {
      stack.pop();
      continue;
    }
    if (c === ',') {
      pendingKey = undefined;
      if (top.entryKey !== undefined) top.present.add(top.entryKey);
      top.entryStart = i + 1;
      top.valueStart = -1;
      top.entryKey = undefined;
      continue;
    }
    if (c === ':' && top.isMap && top.valueStart < 0 && /[\s]/.test(before[i + 1] ?? ' ')) {
      top.entryKey = before.slice(top.entryStart, i).trim();
      top.valueStart = i + 1;
      pendingKey = top.entryKey;
    }
  }
  const top = stack[stack.length - 1];
  if (!top || !top.isMap || quote) return undefined;
  const keys = stack.map((frame) => frame.key);
  if (keys.some((key) => key === undefined)) return undefined; // a mapping inside a flow sequence
  if (top.valueStart < 0) {
    const typedStart = top.entryStart + (/^\s*/.exec(before.slice(top.entryStart))?.[0].length ?? 0);
    return { keys: keys as string[], kind: 'key', key: undefined, typed: before.slice(typedStart), typedStart, present: top.present };
  }
  const typedStart = top.valueStart + (/^\s*/.exec(before.slice(top.valueStart))?.[0].length ?? 0);
  return { keys: keys as string[], kind: 'value', key: top.entryKey, typed: before.slice(typedStart), typedStart, present: top.present };
}
