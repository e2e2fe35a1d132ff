// Values of the blocks' keys: an `if:` condition (names in scope, `defined(…)`, `not`, then
// comparisons and `and`/`or`), a `repeat:` count or list, and the numbers a `record:` adds —
// whole templates `"{{ name }}"` of the names visible there.
import { CompletionItemKind } from 'vscode-languageserver';
import type { PathSegment } from '../../cursor/line-path';
import type { DocumentState } from '../../document-state';
import { loopFieldsAt, namesInScope, type ScopedName } from '../../scope';
import type { Suggestions } from './expressions';
import type { ItemSpec } from './items';

const OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'and', 'or'];

/** `path` is the step's (the `if:` key's owner); `typed` what follows `if: `. */
export function conditionItems(state: DocumentState, path: readonly PathSegment[], typed: string): Suggestions {
  const text = typed.replace(/^\s*["']/, '');
  const asked = /defined\(\s*([\w-]*)$/.exec(text);
  if (asked) return { items: namesInScope(state, path).map((scoped) => nameItem(scoped, scoped.name)), replace: asked[1].length };
  // After an operand and a space: what may follow it.
  if (/(?:[\w.)]|'[^']*'|"[^"]*")\s+$/.test(text) && !/(?:^|\s)(?:and|or|not|==|!=|<=?|>=?)\s+$/.test(text)) {
    return { items: OPERATORS.map((op) => ({ label: op, kind: CompletionItemKind.Operator, insert: `${op} `, retrigger: true })), replace: 0 };
  }
  const word = /(?:^|[\s(])([\w.]*)$/.exec(text);
  if (!word) return { items: [], replace: 0 };
  const items: ItemSpec[] = namesInScope(state, path).map((scoped) => nameItem(scoped, scoped.name));
  for (const field of loopFieldsAt(state, path)) items.push({ label: `loop.${field}`, kind: CompletionItemKind.Constant, insert: `loop.${field}`, rank: 1 });
  items.push(
    { label: 'defined(NAME)', kind: CompletionItemKind.Function, insert: 'defined(${1:NAME})', documentation: 'True when the name has a value here (a capture that was made, a variable).', rank: 2 },
    { label: 'not', kind: CompletionItemKind.Keyword, insert: 'not ', retrigger: true, rank: 2 },
    ...['vu.id', 'vu.iteration', 'env.'].map((name) => ({ label: name, kind: CompletionItemKind.Constant, insert: name, rank: 3 })),
  );
  return { items, replace: word[1].length };
}

/** `repeat: ` a number, a variable giving one, or a list to go through. */
export function repeatItems(state: DocumentState, path: readonly PathSegment[], typed: string): Suggestions {
  const items: ItemSpec[] = [
    { label: '3', kind: CompletionItemKind.Value, insert: '${1:3}', documentation: 'Run the steps this many times in a row; `{{ loop.index }}` counts from 0.' },
    ...namesInScope(state, path).map((scoped) => nameItem(scoped, `"{{ ${scoped.name} }}"`)),
    { label: '{ over: … }', kind: CompletionItemKind.Snippet, insert: '{ over: "{{ ${1:list} \\}\\}" \\}', documentation: 'Once per element of a list captured with `body.items[*].id`; `{{ loop.value }}` is the element.' },
  ];
  return { items, replace: typed.length };
}

/** The value of `over:` or of a `record:` metric: one whole template of a name in scope. */
export function wholeTemplateItems(state: DocumentState, path: readonly PathSegment[], typed: string): Suggestions {
  const names = namesInScope(state, path);
  // For `over`, the lists first: captures of every element (`[*]`).
  names.sort((a, b) => Number(b.detail.includes('[*]')) - Number(a.detail.includes('[*]')));
  return { items: names.map((scoped) => nameItem(scoped, `"{{ ${scoped.name} }}"`)), replace: typed.length };
}

function nameItem(scoped: ScopedName, insert: string): ItemSpec {
  return { label: insert, kind: CompletionItemKind.Variable, insert, detail: `${scoped.kind} ${scoped.kind === 'variable' ? '=' : '←'} ${scoped.detail}`, rank: 0 };
}
