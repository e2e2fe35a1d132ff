// `request: ` and `sse: `: the HTTP methods, then the paths this file already uses.
import { CompletionItemKind } from 'vscode-languageserver';
import { HTTP_METHODS, parseRequestLine } from '../../../scenario/request-line';
import { stringValue } from '../../../scenario/yaml-nav';
import type { DocumentState } from '../../document-state';
import type { Suggestions } from './expressions';

/** Kinds of step whose value is a request line (`GET /path`). */
export const REQUEST_LINES: ReadonlySet<string> = new Set(['request', 'sse']);

export function requestLineItems(state: DocumentState, typed: string): Suggestions {
  const method = /^(\S*)$/.exec(typed);
  if (method) {
    const items = HTTP_METHODS.map((name, index) => ({ label: name, kind: CompletionItemKind.Keyword, insert: `${name} `, rank: index < 2 ? 0 : 1, retrigger: true }));
    return { items, replace: method[1].length };
  }
  const path = /^\S+\s+(\S*)$/.exec(typed);
  if (!path) return { items: [], replace: 0 };
  const counts = new Map<string, number>();
  for (const step of state.outline.allSteps) {
    const line = stringValue(step.kindNode);
    if (line === undefined || !REQUEST_LINES.has(step.kind ?? '')) continue;
    const parsed = parseRequestLine(line);
    if (parsed.ok) counts.set(parsed.value.url, (counts.get(parsed.value.url) ?? 0) + 1);
  }
  const items = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([url, count]) => ({ label: url, kind: CompletionItemKind.Reference, insert: url, detail: `used ${count}× in this file` }));
  return { items, replace: path[1].length };
}
