// Keys valid where the cursor is, from the schema, with their descriptions; step snippets in a
// step list; header names under `headers`.
import { CompletionItemKind } from 'vscode-languageserver';
import { STEP_KINDS } from '../../../scenario/step-kinds';
import type { LineContext } from '../../cursor/line-context';
import type { PathSegment } from '../../cursor/line-path';
import type { DocumentState } from '../../document-state';
import { isStep, resolve, schemaAt, types, type SchemaNode } from '../../schema/schema-nav';
import { holdsSteps } from '../../scope';
import { COMMON_HEADERS, headerNameItems, RESPONSE_HEADERS } from './headers';
import type { ItemSpec } from './items';
import { stepKindReader } from './step-kind';
import { stepSnippets } from './step-snippets';

/** Maps whose keys the author names (variables, data sets, query fields): nothing to suggest. */
const FREE_MAPS = new Set(['variables', 'data', 'query', 'form', 'multipart', 'capture', 'json']);

export function keyItems(state: DocumentState, ctx: LineContext): ItemSpec[] {
  const last = ctx.path[ctx.path.length - 1];
  if (last === 'headers') {
    // Header names are case-insensitive: `Accept:` already written rules out `accept`.
    const written = new Set([...ctx.siblings].map((name) => name.toLowerCase()));
    const tests = ctx.path[ctx.path.length - 2];
    const names = tests === 'expect' || tests === 'check' ? RESPONSE_HEADERS : COMMON_HEADERS;
    return headerNameItems(names).filter((item) => !written.has(item.label));
  }
  if (typeof last === 'string' && FREE_MAPS.has(last)) return [];
  const kindOf = stepKindReader(state, ctx.path, ctx.siblings);
  const container = schemaAt(ctx.path, kindOf);
  if (!container) return [];
  if (types(container).includes('array') && container.items) {
    // A line under `steps:` (or `phases:`…) without its `- ` yet: offer whole items.
    return itemStarts(container.items, ctx.keyCol);
  }
  const isStepItem = typeof last === 'number' && inStepList(ctx.path);
  const items: ItemSpec[] = [];
  if (isStepItem && !STEP_KINDS.some((kind) => ctx.siblings.has(kind))) {
    items.push(...stepSnippets(ctx.keyCol, false));
  }
  for (const [key, property] of Object.entries(container.properties ?? {})) {
    if (ctx.siblings.has(key)) continue;
    // A step's kind comes with its snippet, once.
    if (isStepItem && STEP_KINDS.includes(key)) continue;
    items.push(keyItem(key, property, ctx.keyCol));
  }
  return items;
}

/** Whether the path ends at an item of a step list (blocks' `steps` and `else` included). */
export function inStepList(path: readonly PathSegment[]): boolean {
  return holdsSteps(path[path.length - 2]) && typeof path[path.length - 1] === 'number';
}

function itemStarts(items: SchemaNode, col: number): ItemSpec[] {
  if (isStep(items)) return stepSnippets(col, true);
  const item = resolve(items);
  const first = Object.entries(item?.properties ?? {})[0];
  if (!first) return [];
  const spec = keyItem(first[0], first[1], col + 2);
  return [{ ...spec, label: `- ${spec.label}`, insert: `- ${spec.insert}` }];
}

export function keyItem(key: string, property: SchemaNode, col: number): ItemSpec {
  const schema = resolve(property);
  const documentation = property.description ?? schema?.description;
  return { label: key, kind: CompletionItemKind.Property, insert: keySnippet(key, schema, col), documentation, detail: schema?.title, rank: 2 };
}

function keySnippet(key: string, schema: SchemaNode | undefined, col: number): string {
  const kinds = types(schema);
  const pad = ' '.repeat(col);
  if (schema?.const !== undefined) return `${key}: ${String(schema.const)}`;
  if (schema?.enum) return `${key}: \${1|${schema.enum.map(String).join(',')}|}`;
  if (kinds.length === 1 && kinds[0] === 'boolean') return `${key}: \${1|true,false|}`;
  if (kinds.length === 1 && kinds[0] === 'array') return `${key}:\n${pad}  - $0`;
  if ((kinds.length === 1 && kinds[0] === 'object') || (kinds.length === 0 && schema?.properties)) return `${key}:\n${pad}  $0`;
  return `${key}: $0`;
}
