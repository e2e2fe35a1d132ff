// Every kind of step (scenario/step-kinds.ts) as a snippet, indented for the column it goes to.
// The detail and documentation are the schema's title and description of that kind.
import { CompletionItemKind } from 'vscode-languageserver';
import { STEP_KINDS, stepKindSchema } from '../../../scenario/step-kinds';
import type { ItemSpec } from './items';

/**
 * The lines of each kind's snippet after `- `, the first holding the kind's key; `}` inside
 * `{{ }}` is escaped for the snippet syntax. A kind the schema gains without a line here is
 * offered as `KIND: $0`.
 */
const BODIES: Record<string, string[]> = {
  request: ['request: ${1|GET,POST,PUT,PATCH,DELETE|} ${2:/path}', 'name: ${3:name}', 'expect:', '  status: ${4:200}'],
  think: ['think: ${1:1s..3s}'],
  sse: ['sse: GET ${1:/events}', 'name: ${2:events}', 'until: { events: ${3:10}, timeout: ${4:30s} }'],
  ws: ['ws: ${1:/live}', 'name: ${2:live}', "send: [ '${3:hello}' ]", 'until: { messages: ${4:10}, timeout: ${5:30s} }'],
  group: ['group: ${1:checkout}', 'steps:', '  - $0'],
  repeat: ['repeat: ${1:3}', 'steps:', '  - $0'],
  if: ['if: "${1:role == \'admin\'}"', 'steps:', '  - $0'],
  record: ['record: { ${1:metric}: "{{ ${2:value} \\}\\}" \\}'],
};

/** The kinds most steps are, first; then the schema's order. */
const FIRST = ['request', 'think'];
const ORDER = [...FIRST.filter((kind) => STEP_KINDS.includes(kind)), ...STEP_KINDS.filter((kind) => !FIRST.includes(kind))];

/**
 * `col` is the column of the step's keys; with `dash`, each snippet starts a new item (`- `) and
 * the keys go two columns further right.
 */
export function stepSnippets(col: number, dash: boolean): ItemSpec[] {
  const pad = ' '.repeat(dash ? col + 2 : col);
  const lead = dash ? '- ' : '';
  return ORDER.map((kind) => {
    const [first, ...rest] = BODIES[kind] ?? [`${kind}: $0`];
    const schema = stepKindSchema(kind) as { title?: string; description?: string } | undefined;
    const body = `${lead}${first}${rest.map((line) => `\n${pad}${line}`).join('')}`;
    return {
      label: kind,
      kind: CompletionItemKind.Snippet,
      detail: schema?.title,
      documentation: schema?.description,
      insert: body.includes('$0') ? body : `${body}$0`,
      rank: 0,
    };
  });
}
