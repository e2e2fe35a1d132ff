// The three kinds of step as snippets, indented for the column they go to.
import { CompletionItemKind } from 'vscode-languageserver';
import type { ItemSpec } from './items';

/**
 * `col` is the column of the step's keys; with `dash`, each snippet starts a new item (`- `) and
 * the keys go two columns further right.
 */
export function stepSnippets(col: number, dash: boolean): ItemSpec[] {
  const keyCol = dash ? col + 2 : col;
  const pad = ' '.repeat(keyCol);
  const lead = dash ? '- ' : '';
  const lines = (...rest: string[]) => rest.map((line) => `\n${pad}${line}`).join('');
  return [
    {
      label: 'request',
      kind: CompletionItemKind.Snippet,
      detail: 'request step',
      documentation: 'An HTTP request: `METHOD path`, a name for its metrics, and what to expect.',
      insert: `${lead}request: \${1|GET,POST,PUT,PATCH,DELETE|} \${2:/path}${lines('name: ${3:name}', 'expect:', '  status: ${4:200}')}$0`,
      rank: 0,
    },
    {
      label: 'think',
      kind: CompletionItemKind.Snippet,
      detail: 'think step',
      documentation: 'A pause, like a user reading: a duration (`1s`) or a uniform range (`500ms..2s`).',
      insert: `${lead}think: \${1:1s..3s}$0`,
      rank: 0,
    },
    {
      label: 'sse',
      kind: CompletionItemKind.Snippet,
      detail: 'server-sent events step',
      documentation: 'A server-sent events subscription, held until `until` is met.',
      insert: `${lead}sse: GET \${1:/events}${lines('name: ${2:events}', 'until: { events: ${3:10}, timeout: ${4:30s} }')}$0`,
      rank: 0,
    },
  ];
}
