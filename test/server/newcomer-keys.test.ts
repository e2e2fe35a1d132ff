// What a newcomer from Artillery or k6 sees in the editor (issue 12), through the built language
// server over real LSP JSON-RPC: diagnostics at the keys that say what to write instead, the
// unquoted criterion and the WebSocket target, the basic-auth hint, and the quick fixes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../helpers/paths';
import { positionOf } from './helpers';
import { LspClient } from './lsp-client';

interface Published {
  uri: string;
  diagnostics: { code: string; severity: number; message: string; range: { start: { line: number; character: number } } }[];
}
interface Action {
  title: string;
  edit: { changes: Record<string, { range: unknown; newText: string }[]> };
}

const uri = pathToFileURL(join(ROOT, 'test/fixtures/scenarios/newcomer.scenario.yaml')).href;
const TEXT = `version: 1
name: newcomer
target: ws://ada:s3cret@127.0.0.1:4100
phases:
  - duration: 60s
    arrivalRate: 10
    maxVusers: 50
flows:
  - name: main
    steps:
      - request: GET /a
        name: "GET /a: b"
      - loop:
          - request: GET /b
        count: 3
      - think: 1s
criteria:
  - p95(latency, step=GET /a: b) < 200ms
`;

describe('a newcomer\'s scenario in the language server', () => {
  let client: LspClient;
  let published: Published;
  before(async () => {
    client = await LspClient.started();
    published = await client.open<Published>(uri, TEXT);
  });
  after(() => {
    if (client.child.exitCode === null) client.child.kill();
  });

  const at = (code: string, needle: string) => {
    const found = published.diagnostics.filter((d) => d.code === code && JSON.stringify(d.range.start) === JSON.stringify(positionOf(TEXT, needle)));
    assert.equal(found.length, 1, `no ${code} at ${needle}: ${JSON.stringify(published.diagnostics.map((d) => [d.code, d.range.start, d.message]))}`);
    return found[0];
  };
  const actions = (needle: string) => {
    const position = positionOf(TEXT, needle, 1);
    return client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
  };

  it('tells at each foreign key what Stampede writes, and nothing else about it', () => {
    assert.match(at('foreign-key', 'arrivalRate').message, /^`arrivalRate` is Artillery's; in Stampede write `rate: 10`/);
    assert.match(at('foreign-key', 'maxVusers').message, /write `maxUsers`/);
    assert.match(at('foreign-key', 'loop').message, /`- repeat: 3`/);
    const codes = published.diagnostics.map((d) => d.code);
    for (const code of ['unknown-key', 'load-model', 'step-kind', 'missing-key']) assert.ok(!codes.includes(code), codes.join());
  });

  it('asks to quote the criterion, says the target is not a WebSocket address, hints at basic auth', () => {
    assert.equal(at('unquoted-colon', 'p95(latency, step').severity, 1);
    assert.equal(at('bad-target', 'ws://').severity, 1);
    const auth = at('hint-url-credentials', 'ada:');
    assert.ok(auth.severity > 1, 'a hint, not an error');
    assert.match(auth.message, /basic auth.*\{\{ env\.PASSWORD \}\}/);
  });

  it('offers the renames and the quotes as quick fixes', async () => {
    const rate = (await actions('arrivalRate')).find((a) => a.title === 'Change to `rate`');
    assert.ok(rate);
    assert.equal(rate.edit.changes[uri][0].newText, 'rate');
    assert.ok((await actions('maxVusers')).some((a) => a.title === 'Change to `maxUsers`'));
    const quote = (await actions('p95(latency, step')).find((a) => a.title === 'Add quotes');
    assert.equal(quote?.edit.changes[uri][0].newText, '"p95(latency, step=GET /a: b) < 200ms"');
  });

  it('has nothing left to say once the fixes are applied and the target is http', async () => {
    const fixed = TEXT.replace('arrivalRate', 'rate').replace('maxVusers', 'maxUsers')
      .replace('- p95(latency, step=GET /a: b) < 200ms', '- "p95(latency, step=GET /a: b) < 200ms"')
      .replace('ws://ada:s3cret@', 'http://').replace(/ {6}- loop:\n[\s\S]*?count: 3\n/, '');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await client.waitFor<Published & { version?: number }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    assert.deepEqual(after.diagnostics.filter((d) => d.severity === 1), []);
    await client.request('shutdown', null);
    client.notify('exit', null);
  });
});
