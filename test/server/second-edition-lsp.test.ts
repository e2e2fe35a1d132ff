// The second edition's keys in the built language server, over real LSP JSON-RPC on stdio (issue
// 12: "the language server completes, explains and checks every new key"): each new check
// published at its place with its code, the quick fixes, and completion and hover inside blocks.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../helpers/paths';
import { positionOf, SHOP } from './helpers';
import { LspClient } from './lsp-client';

interface Published {
  uri: string;
  diagnostics: { code: string; severity: number; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}
interface Item {
  label: string;
  textEdit?: { newText: string };
}

const PROBLEMS = `version: 1
name: second edition
target: https://shop.example.com
defaults:
  tls: { insecure: true, ca: certs/missing.pem, cert: ../tls/client-cert.pem }
variables: { pages: 3 }
phases:
  - users: 1
    iterations: 1
flows:
  - name: shop
    steps:
      - request: GET /items
        capture: { ids: "body.items[*].id" }
        expect: { json: { "items[": 1 }, matches: "(" }
        check: { json: { "body.total": 3 } }
      - group: checkout
        steps:
          - repeat: { over: "ids" }
            steps: [ { request: "GET /a/{{ loop.index }}" } ]
          - repeat: "{{ pages }} times"
            steps: [ { request: "GET /b/{{ loop.value }}" } ]
          - if: "pages > 2 and"
            steps: [ { think: 1s } ]
          - if: "pags > 2"
            steps: [ { think: 1s } ]
      - request: GET /c?n={{ loop.index }}
      - record: { cart: abc }
criteria:
  - p95(duration, group=chekout) < 2s
  - count(cart) >= 1
`;

const fixtures = join(ROOT, 'test/fixtures/scenarios');
const problemsUri = pathToFileURL(join(fixtures, 'second-edition.scenario.yaml')).href;
const shopUri = pathToFileURL(join(fixtures, 'shop.scenario.yaml')).href;

describe('the second edition\'s keys over LSP', () => {
  let client: LspClient;
  let published: Published;
  before(async () => {
    client = await LspClient.started();
    published = await client.open<Published>(problemsUri, PROBLEMS);
    await client.open(shopUri, SHOP);
  });
  after(() => {
    if (client.child.exitCode === null) client.child.kill();
  });

  /** The one diagnostic with `code` that starts where `needle` does (plus `delta`). */
  const at = (code: string, needle: string, delta = 0) => {
    const start = JSON.stringify(positionOf(PROBLEMS, needle, delta));
    const found = published.diagnostics.filter((d) => d.code === code && JSON.stringify(d.range.start) === start);
    assert.equal(found.length, 1, `no ${code} at ${needle}: ${JSON.stringify(published.diagnostics.map((d) => [d.code, d.range.start, d.message]))}`);
    return found[0];
  };
  const complete = (uri: string, text: string, needle: string, delta: number) =>
    client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, needle, delta) });

  it('publishes each new check at its place, with its severity', () => {
    const warning = 2;
    assert.equal(at('tls-insecure-remote', 'true').severity, warning);
    assert.match(at('tls-file-missing', 'certs/missing.pem').message, /does not exist or cannot be read/);
    assert.match(at('missing-key', 'cert:').message, /has `cert` but no `key`/);
    assert.match(at('bad-json-path', '"items["').message, /is not a path into a JSON body/);
    assert.match(at('bad-regex', '"("').message, /unterminated group/);
    assert.equal(at('bad-json-path', '"body.total"').severity, warning);
    assert.match(at('bad-repeat-over', '"ids"').message, /one whole template naming a list/);
    assert.match(at('bad-repeat', '"{{ pages }} times"').message, /has text around its template/);
    assert.match(at('loop-value-without-over', 'loop.value').message, /only `loop.index`/);
    assert.match(at('bad-condition', '2 and"', 5).message, /ends too early/);
    assert.match(at('undefined-template-name', 'pags').message, /did you mean `pages`/);
    assert.match(at('loop-outside-repeat', 'n={{ loop.index', 5).message, /only known in the steps of a `repeat:` block/);
    assert.match(at('bad-record-value', 'abc').message, /`abc` is not a number/);
    assert.match(at('unknown-group', 'chekout').message, /did you mean `checkout`/);
  });

  it('says nothing of what is right: the first loop.index, the count of a custom metric', () => {
    const first = positionOf(PROBLEMS, 'loop.index');
    assert.ok(!published.diagnostics.some((d) => d.code === 'loop-outside-repeat' && d.range.start.line === first.line), 'the repeat around it counts');
    assert.ok(!published.diagnostics.some((d) => d.code === 'bad-expression'), JSON.stringify(published.diagnostics));
  });

  it('offers the did-you-mean in a condition and dropping body. from a json path as quick fixes', async () => {
    const action = async (needle: string) => {
      const position = positionOf(PROBLEMS, needle, 1);
      const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
        textDocument: { uri: problemsUri }, range: { start: position, end: position }, context: { diagnostics: [] },
      });
      return actions.map((a) => [a.title, a.edit.changes[problemsUri][0].newText]);
    };
    assert.deepEqual(await action('pags'), [['Change to `pages`', 'pages']]);
    assert.deepEqual(await action('body.total'), [['Change to `total`', '']]);
  });

  it('completes every kind of step inside a block, and criteria on groups and custom metrics', async () => {
    const text = SHOP.replace('              - think: 1s\n', '              - think: 1s\n              - \n');
    client.notify('textDocument/didChange', { textDocument: { uri: shopUri, version: 2 }, contentChanges: [{ text }] });
    const kinds = (await complete(shopUri, text, '              - \n', 16)).map((i) => i.label);
    for (const kind of ['request', 'think', 'sse', 'ws', 'group', 'repeat', 'if', 'record']) assert.ok(kinds.includes(kind), kinds.join());
    const criteria = (await complete(shopUri, text, 'p95(latency) < 250ms', 0)).map((i) => i.label);
    for (const label of ['checks', 'p95(duration, group=checkout)', 'count(cart)']) assert.ok(criteria.includes(label), criteria.join());
    const loop = (await complete(shopUri, text, '{{ loop.value }}', 3)).map((i) => i.label);
    assert.ok(loop.includes('loop.index') && loop.includes('loop.value') && loop.includes('ids'), loop.join());
    const captures = (await complete(shopUri, text, 'cookies.sid', 8)).map((i) => i.label);
    assert.deepEqual(captures.sort(), ['cookies.consent', 'cookies.sid']);
  });

  it('explains the new keys on hover', async () => {
    const hover = async (needle: string) => {
      const result = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: problemsUri }, position: positionOf(PROBLEMS, needle, 1) });
      return result?.contents.value ?? '';
    };
    assert.match(await hover('insecure'), /^\*\*insecure\*\* — Accept any server certificate/);
    assert.match(await hover('iterations'), /^\*\*iterations\*\* — Closed model only: each user runs this many iterations/);
    assert.match(await hover('matches'), /^\*\*matches\*\* — A regular expression/);
    assert.match(await hover('record'), /^\*\*record\*\* — Custom metric name/);
  });
});
