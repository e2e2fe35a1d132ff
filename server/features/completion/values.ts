// The value after `key: `: enum members, booleans, units, HTTP methods and paths, header values,
// expressions, capture sources, block values, by what the schema says the key holds.
import { CompletionItemKind } from 'vscode-languageserver';
import type { LineContext } from '../../cursor/line-context';
import type { DocumentState } from '../../document-state';
import { refName, schemaAt, types } from '../../schema/schema-nav';
import { conditionItems, repeatItems, wholeTemplateItems } from './blocks';
import { captureSourceItems, regexFromItems } from './capture-sources';
import { expressionItems, type Suggestions } from './expressions';
import { headerValueItems } from './headers';
import { inStepList } from './keys';
import { REQUEST_LINES, requestLineItems } from './request-lines';
import { stepKindReader } from './step-kind';

const EXAMPLES: Record<string, string[]> = {
  duration: ['30s', '1m', '5m', '500ms'],
  think: ['1s', '500ms..2s', '1s..3s'],
  size: ['1KB', '1MB'],
  redirects: ['0', '5', '10'],
};

export function valueItems(state: DocumentState, ctx: LineContext): Suggestions {
  const key = ctx.key ?? '';
  const typed = ctx.typed.replace(/\s+#.*$/, '');
  const none: Suggestions = { items: [], replace: 0 };
  const owner = ctx.path[ctx.path.length - 1];
  if (inStepList(ctx.path)) {
    if (REQUEST_LINES.has(key)) return requestLineItems(state, typed);
    if (key === 'if') return conditionItems(state, ctx.path, typed);
    if (key === 'repeat') return repeatItems(state, ctx.path, typed);
  }
  if (owner === 'capture') return captureSourceItems(state, typed.trim());
  if (key === 'from' && ctx.path[ctx.path.length - 2] === 'capture') return regexFromItems(typed);
  if ((key === 'over' && owner === 'repeat') || owner === 'record') return wholeTemplateItems(state, ctx.path.slice(0, -1), typed);
  if (ctx.path[0] === 'criteria' && key === 'expr') return expressionItems(state, typed, 'criteria');
  if (ctx.path[0] === 'alerts' && key === 'when') return expressionItems(state, typed, 'alert');
  if (ctx.path[ctx.path.length - 1] === 'headers') return { items: headerValueItems(key), replace: typed.length };
  if (typed.startsWith('{')) return none;
  const kindOf = stepKindReader(state, ctx.path, ctx.siblings);
  const parent = schemaAt(ctx.path, kindOf);
  const schema = schemaAt([...ctx.path, key], kindOf);
  if (!schema) return none;
  const word = /[^\s]*$/.exec(typed)?.[0] ?? '';
  if (schema.enum) return { items: schema.enum.map((value) => ({ label: String(value), kind: CompletionItemKind.EnumMember, insert: String(value) })), replace: word.length };
  if (schema.const !== undefined) return { items: [{ label: String(schema.const), kind: CompletionItemKind.Constant, insert: String(schema.const) }], replace: word.length };
  if (types(schema).length === 1 && types(schema)[0] === 'boolean') {
    return { items: ['true', 'false'].map((value) => ({ label: value, kind: CompletionItemKind.Value, insert: value })), replace: word.length };
  }
  // By the definition the key refers to (`duration`), else by the key itself (`redirects`).
  const unit = refName(parent, key) ?? key;
  const examples = Object.hasOwn(EXAMPLES, unit) ? EXAMPLES[unit] : undefined;
  if (examples) return { items: examples.map((value) => ({ label: value, kind: CompletionItemKind.Unit, insert: value, documentation: schema.description })), replace: word.length };
  if (key === 'target' && ctx.path.length === 0) {
    const items = ['http://127.0.0.1:${1:8080}', '"{{ env.${1:TARGET} }}"'].map((insert) => ({ label: insert.replace(/\$\{1:([^}]*)\}/g, '$1'), kind: CompletionItemKind.Value, insert }));
    return { items, replace: typed.length };
  }
  return none;
}
