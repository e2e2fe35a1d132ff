// Completion inside an inline `{ … }` mapping: the same keys and values as in block style, with
// key snippets kept on one line (`interval: $0`, `headers: { $0 }`, `items: [$0]`).
import type { CompletionItem, Position } from 'vscode-languageserver';
import type { InlineMapContext } from '../../cursor/inline-map';
import type { LineContext } from '../../cursor/line-context';
import type { DocumentState } from '../../document-state';
import { completionItems, type ItemSpec } from './items';
import { keyItems } from './keys';
import { valueItems } from './values';

export function inlineMapItems(state: DocumentState, ctx: LineContext, inline: InlineMapContext, position: Position): CompletionItem[] {
  const inner: LineContext = {
    kind: inline.kind,
    path: [...ctx.path, ...inline.keys],
    key: inline.key,
    typed: inline.typed,
    typedStart: inline.typedStart,
    inItem: false,
    keyCol: 0,
    siblings: inline.present,
  };
  if (inline.kind === 'value') {
    const { items, replace } = valueItems(state, inner);
    return completionItems(items, position.line, position.character - replace, position);
  }
  // A key is typed from the start of the word; nothing is offered in the middle of a value.
  if (/[\s:]/.test(inline.typed)) return [];
  const specs = keyItems(state, inner).filter((spec) => !spec.label.startsWith('- ')).map(oneLine);
  return completionItems(specs, position.line, inline.typedStart, position);
}

/** Block-style snippets open a new indented line; inline, the value stays on this one. */
function oneLine(spec: ItemSpec): ItemSpec {
  if (!spec.insert.includes('\n')) return spec;
  const list = /\n\s*- \$0$/.test(spec.insert);
  return { ...spec, insert: `${spec.label}: ${list ? '[$0]' : '{ $0 }'}` };
}
