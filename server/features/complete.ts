// Completion: decides what is being typed at the cursor and asks the matching provider.
// Inside `{{ }}` → names in scope; a criteria or alert expression → metrics and names;
// a key → the schema's keys (or step snippets, header names); a value → by the key; inside an
// inline `{ … }` mapping, the same for its keys and values.
import type { CompletionItem, Position } from 'vscode-languageserver';
import { inlineMapAt } from '../cursor/inline-map';
import { lineContext, type LineContext } from '../cursor/line-context';
import type { DocumentState } from '../document-state';
import { expressionItems, type Suggestions } from './completion/expressions';
import { inlineMapItems } from './completion/inline-map';
import { completionItems } from './completion/items';
import { keyItems } from './completion/keys';
import { openTemplate, templateItems } from './completion/templates';
import { valueItems } from './completion/values';

export const TRIGGER_CHARACTERS = [' ', '{', '.', '(', '=', ',', '-'];

export function complete(state: DocumentState, position: Position): CompletionItem[] {
  const lineText = state.lines.line(position.line);
  const before = lineText.slice(0, position.character);
  // Nothing to complete in a comment.
  if (/^\s*#/.test(before)) return [];
  const ctx = lineContext(state.linePaths, lineText, position);
  const template = openTemplate(before);
  if (template) {
    const path = ctx.kind === 'value' && ctx.key !== undefined ? [...ctx.path, ctx.key] : ctx.path;
    return toItems(templateItems(state, path, template.partial, lineText.slice(position.character)), position);
  }
  const expression = expressionContext(ctx);
  if (expression) return toItems(expressionItems(state, ctx.typed, expression), position);
  const inline = ctx.kind === 'value' && ctx.key !== undefined ? inlineMapAt(lineText, position.character, ctx.typedStart, ctx.key) : undefined;
  if (inline) return inlineMapItems(state, ctx, inline, position);
  if (ctx.kind === 'value') {
    // Right after `key:` a value needs its space first; inserting `GET` there would read `key:GET`.
    if (before.endsWith(':')) return [];
    return toItems(valueItems(state, ctx), position);
  }
  // A key is typed from the start of the word; nothing is offered in the middle of a value.
  if (/[\s:]/.test(ctx.typed.trim())) return [];
  return completionItems(keyItems(state, ctx), position.line, ctx.typedStart, position);
}

/** A criteria item written as a plain string (`- p95(latency) < 1s`) is an expression too. */
function expressionContext(ctx: LineContext): 'criteria' | 'alert' | undefined {
  return ctx.kind === 'key' && ctx.inItem && ctx.path.length === 2 && ctx.path[0] === 'criteria' ? 'criteria' : undefined;
}

function toItems(suggestions: Suggestions, position: Position): CompletionItem[] {
  return completionItems(suggestions.items, position.line, position.character - suggestions.replace, position);
}
