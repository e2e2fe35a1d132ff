// The value of a capture: the sources scenario/capture-source.ts reads (`status`, `body`, a path
// into a JSON body, `headers.NAME`, `cookies.NAME`, the regex form), response header names after
// `headers.`, and after `cookies.` the cookie names this file already sends or captures.
import { CompletionItemKind } from 'vscode-languageserver';
import { keyName, mapPairs, mapValue, stringValue } from '../../../scenario/yaml-nav';
import type { DocumentState } from '../../document-state';
import type { Suggestions } from './expressions';
import { RESPONSE_HEADERS } from './headers';
import type { ItemSpec } from './items';

const SOURCES: ItemSpec[] = [
  { label: 'body.', kind: CompletionItemKind.Field, insert: 'body.${1:token}', documentation: 'A path into a JSON body: `body.token`, `body.items[0].id`; `body.items[*].id` keeps every one, as a list (for `repeat: { over: … }`).' },
  { label: 'headers.', kind: CompletionItemKind.Field, insert: 'headers.', retrigger: true, documentation: 'A response header, e.g. `headers.location`; several values are joined by `, `.' },
  { label: 'cookies.', kind: CompletionItemKind.Field, insert: 'cookies.', retrigger: true, documentation: 'A cookie from the user\'s cookie jar, e.g. `cookies.sid`.' },
  { label: 'status', kind: CompletionItemKind.Constant, insert: 'status', documentation: 'The response\'s status code.' },
  { label: 'body', kind: CompletionItemKind.Constant, insert: 'body', documentation: 'The whole response body, as text.' },
  {
    label: '{ regex, from, group }',
    kind: CompletionItemKind.Snippet,
    insert: "{ regex: '${1:name=\"csrf\" value=\"([^\"]+)\"}', from: ${2|body,headers.|}, group: ${3:1} \\}",
    documentation: 'A regular expression searched in the body (or `headers.NAME`); the value is its group `group` (default 1 when the pattern has a group).',
  },
];

export function captureSourceItems(state: DocumentState, written: string): Suggestions {
  const typed = written.replace(/^["']/, '');
  const header = /^headers\.([\w-]*)$/.exec(typed);
  if (header) return { items: named('headers', Object.entries(RESPONSE_HEADERS)), replace: typed.length };
  const cookie = /^cookies\.([\w-]*)$/.exec(typed);
  if (cookie) return { items: named('cookies', [...cookieNames(state)].map((name) => [name, undefined])), replace: typed.length };
  if (/^[\w.]*$/.test(typed)) return { items: SOURCES.map((item, index) => ({ ...item, rank: index < 3 ? 0 : 1 })), replace: typed.length };
  return { items: [], replace: 0 };
}

/** The value of a regex capture's `from`: the body, or a response header. */
export function regexFromItems(typed: string): Suggestions {
  const items: ItemSpec[] = [{ label: 'body', kind: CompletionItemKind.Constant, insert: 'body' }, ...named('headers', Object.entries(RESPONSE_HEADERS))];
  return { items, replace: typed.length };
}

function named(root: string, names: [string, string | undefined][]): ItemSpec[] {
  return names.map(([name, documentation]) => ({ label: `${root}.${name}`, kind: CompletionItemKind.Field, insert: `${root}.${name}`, documentation }));
}

/** Cookies the file sends (`cookies:` of a request) or already captures (`cookies.NAME`). */
function cookieNames(state: DocumentState): Set<string> {
  const names = new Set<string>();
  const d = state.doc.document;
  for (const step of state.outline.allSteps) {
    for (const pair of mapPairs(mapValue(step.node, 'cookies', d))) names.add(keyName(pair) ?? '');
    for (const capture of step.captures) {
      const source = /^\s*cookies\.(\S+)\s*$/.exec(stringValue(capture.sourceNode) ?? '');
      if (source) names.add(source[1]);
    }
  }
  names.delete('');
  return names;
}
