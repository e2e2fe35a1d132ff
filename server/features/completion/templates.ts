// Inside `{{ }}`: the names in scope at the cursor (`loop.*` in a repeat block), and every other
// form a template can take.
import { CompletionItemKind } from 'vscode-languageserver';
import type { PathSegment } from '../../cursor/line-path';
import type { DocumentState } from '../../document-state';
import { loopFieldsAt, namesInScope } from '../../scope';
import type { ItemSpec } from './items';
import type { Suggestions } from './expressions';

const FUNCTIONS: ItemSpec[] = [
  { label: 'random.int(a, b)', kind: CompletionItemKind.Function, insert: 'random.int(${1:1}, ${2:100})', documentation: 'A whole number between `a` and `b`, both included.' },
  { label: 'random.uuid()', kind: CompletionItemKind.Function, insert: 'random.uuid()', documentation: 'A random UUID (version 4).' },
  { label: 'random.string(n)', kind: CompletionItemKind.Function, insert: 'random.string(${1:8})', documentation: '`n` random letters and digits.' },
  { label: 'random.pick(a, b, …)', kind: CompletionItemKind.Function, insert: 'random.pick(${1:a}, ${2:b})', documentation: 'One of the arguments, picked at random.' },
  { label: 'now()', kind: CompletionItemKind.Function, insert: 'now()', documentation: 'The current time in epoch milliseconds.' },
];

const VU: ItemSpec[] = [
  { label: 'vu.id', kind: CompletionItemKind.Constant, insert: 'vu.id', documentation: 'The virtual user\'s number, from 1.' },
  { label: 'vu.iteration', kind: CompletionItemKind.Constant, insert: 'vu.iteration', documentation: 'How many iterations this virtual user has started, from 0.' },
];

/** Inside a `repeat:` block only (`value` with `over`). */
const LOOP: Record<'index' | 'value', ItemSpec> = {
  index: { label: 'loop.index', kind: CompletionItemKind.Constant, insert: 'loop.index', documentation: 'Which repetition of the `repeat:` block this is, from 0.' },
  value: { label: 'loop.value', kind: CompletionItemKind.Constant, insert: 'loop.value', documentation: 'The element of the `over` list this repetition is for.' },
};

/** `before` is the line up to the cursor; undefined when the cursor is not inside `{{ … }}`. */
export function openTemplate(before: string): { partial: string } | undefined {
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return undefined;
  const inner = before.slice(open + 2);
  const partial = /[A-Za-z0-9_.-]*$/.exec(inner)?.[0] ?? '';
  // After `random.int(` the cursor is in the arguments: nothing to name there.
  if (inner.slice(0, inner.length - partial.length).trim() !== '') return undefined;
  return { partial };
}

export function templateItems(state: DocumentState, path: readonly PathSegment[], partial: string, after: string): Suggestions {
  const close = /^\s*\}\}/.test(after) || /^[A-Za-z0-9_.-]*\s*\}\}/.test(after) ? '' : ' }}';
  const items: ItemSpec[] = [];
  for (const scoped of namesInScope(state, path)) {
    items.push({
      label: scoped.name,
      kind: CompletionItemKind.Variable,
      insert: scoped.name,
      detail: scoped.kind === 'variable' ? `variable = ${scoped.detail}` : `${scoped.kind} ← ${scoped.detail}${scoped.step?.name ? ` (${scoped.step.name})` : ''}`,
      rank: 0,
    });
  }
  for (const [name] of state.outline.dataSets) {
    const columns = state.dataColumns(name);
    if (columns?.ok) {
      for (const column of columns.columns) items.push({ label: `data.${name}.${column}`, kind: CompletionItemKind.Field, insert: `data.${name}.${column}`, detail: `column of data set ${name}`, rank: 1 });
    } else {
      items.push({ label: `data.${name}.`, kind: CompletionItemKind.Field, insert: `data.${name}.\${1:COLUMN}`, detail: `data set ${name}`, rank: 1 });
    }
  }
  for (const field of loopFieldsAt(state, path)) items.push({ ...LOOP[field], rank: 1 });
  items.push(...VU.map((item) => ({ ...item, rank: 2 })));
  for (const name of envNames(state.text)) items.push({ label: `env.${name}`, kind: CompletionItemKind.Constant, insert: `env.${name}`, detail: 'environment variable', rank: 3 });
  items.push({ label: 'env.', kind: CompletionItemKind.Module, insert: 'env.${1:NAME}', documentation: 'An environment variable of the run: `env.NAME`.', rank: 3 });
  items.push(...FUNCTIONS.map((item) => ({ ...item, rank: 4 })));
  const withClose = (insert: string) => insert + (insert.includes('$') ? close.replace(/\}/g, '\\}') : close);
  return { items: items.map((item) => ({ ...item, insert: withClose(item.insert) })), replace: partial.length };
}

/** `env.NAME`s the document already uses. */
function envNames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) names.add(match[1]);
  return [...names];
}
