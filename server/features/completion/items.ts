// Building completion items: every item replaces the typed text on the cursor's line and is
// inserted as written (indentation computed here, so every client inserts the same text).
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';

export interface ItemSpec {
  label: string;
  kind: CompletionItemKind;
  /** Snippet text (`$1`, `${1:x}`, `$0`); plain text when it has no `$`. */
  insert: string;
  detail?: string;
  documentation?: string;
  /** Lower sorts first; items keep their given order within a rank. */
  rank?: number;
  filterText?: string;
  /** Ask the client to open completion again after inserting (e.g. after `GET `). */
  retrigger?: boolean;
}

export function completionItems(specs: ItemSpec[], line: number, start: number, position: Position): CompletionItem[] {
  const range = { start: { line, character: start }, end: position };
  return specs.map((spec, index) => {
    const item: CompletionItem = {
      label: spec.label,
      kind: spec.kind,
      insertTextFormat: spec.insert.includes('$') ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      insertTextMode: InsertTextMode.asIs,
      textEdit: { range, newText: spec.insert },
      sortText: `${spec.rank ?? 5}${String(index).padStart(4, '0')}`,
    };
    if (spec.detail) item.detail = spec.detail;
    if (spec.documentation) item.documentation = { kind: MarkupKind.Markdown, value: spec.documentation };
    if (spec.filterText) item.filterText = spec.filterText;
    if (spec.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    return item;
  });
}

/** Escapes text for a snippet (outside placeholders). */
export function snippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

export { CompletionItemKind };
