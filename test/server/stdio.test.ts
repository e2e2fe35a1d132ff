// The built server, spoken to over real LSP JSON-RPC on stdio, as Neovim or Helix would:
// `node bin/stampede.js lsp --stdio`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CLI, ROOT } from '../helpers/paths';
import { BASE, positionOf } from './helpers';
import { LspClient } from './lsp-client';

interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: { code: string; severity: number; message: string; range: { start: { line: number; character: number } } }[];
}

const QUICKSTART = join(ROOT, 'samples/quickstart.scenario.yaml');
const quickstartUri = pathToFileURL(QUICKSTART).href;
const brokenUri = pathToFileURL(join(ROOT, 'test/fixtures/scenarios/broken.scenario.yaml')).href;
const BROKEN = BASE.replace('limit={{ pageSize }}', 'limit={{ pagesize }}').replace('target: http://127.0.0.1:4100', 'target: {{ env.TARGET }}');

describe('the language server over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], ROOT);
    const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: pathToFileURL(ROOT).href, capabilities: {} });
    assert.ok(init.capabilities.completionProvider);
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.codeActionProvider);
    assert.ok(init.capabilities.documentSymbolProvider);
    assert.ok(init.capabilities.codeLensProvider);
    client.notify('initialized', {});
  });
  after(() => {
    if (client.child.exitCode === null) client.child.kill();
  });

  it('publishes no error for the quickstart sample, and its hints', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: quickstartUri, languageId: 'yaml', version: 1, text: readFileSync(QUICKSTART, 'utf8') } });
    const published = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === quickstartUri);
    assert.deepEqual(published.diagnostics.filter((d) => d.severity === 1), []);
    assert.ok(published.diagnostics.every((d) => d.code.startsWith('hint-')), JSON.stringify(published.diagnostics));
  });

  it('publishes errors with codes and precise ranges', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: brokenUri, languageId: 'yaml', version: 1, text: BROKEN } });
    const published = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === brokenUri);
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('unquoted-template'), codes.join());
    const undefinedName = published.diagnostics.find((d) => d.code === 'undefined-template-name');
    assert.ok(undefinedName);
    assert.deepEqual(undefinedName.range.start, positionOf(BROKEN, 'pagesize'));
  });

  it('offers the did-you-mean and the quotes as quick fixes', async () => {
    const at = positionOf(BROKEN, 'pagesize', 2);
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: brokenUri }, range: { start: at, end: at }, context: { diagnostics: [] },
    });
    const change = actions.find((a) => a.title === 'Change to `pageSize`');
    assert.ok(change, JSON.stringify(actions));
    assert.equal(change.edit.changes[brokenUri][0].newText, 'pageSize');
    const quote = positionOf(BROKEN, '{{ env.TARGET', 3);
    const quoted = await client.request<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri: brokenUri }, range: { start: quote, end: quote }, context: { diagnostics: [] } });
    assert.ok(quoted.some((a) => a.title === 'Add quotes'));
  });

  it('completes keys, template names and metrics', async () => {
    const items = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: brokenUri }, position: positionOf(BROKEN, 'pagesize') });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('pageSize') && labels.includes('token') && labels.includes('vu.id'), labels.join());
    const metrics = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: brokenUri }, position: positionOf(BROKEN, 'p95(latency)') });
    assert.ok(metrics.some((i) => i.label === 'errorRate'));
  });

  it('hovers a duration in seconds and a phase with its times', async () => {
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: brokenUri }, position: positionOf(BROKEN, '1m', 1) });
    assert.match(hover.contents.value, /`1m` = 60 s/);
    assert.match(hover.contents.value, /Phase `steady`.*0:30 → 1:30/);
  });

  it('lists the outline and the load-profile CodeLens', async () => {
    const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: quickstartUri } });
    const names = symbols.map((s) => s.name);
    for (const section of ['phases', 'setup', 'flows', 'teardown', 'criteria']) assert.ok(names.includes(section), names.join());
    const flows = symbols.find((s) => s.name === 'flows');
    assert.deepEqual(flows?.children?.map((c) => c.name), ['browse', 'write']);
    const lenses = await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: quickstartUri } });
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command.title, /[▁▂▃▄▅▆▇█]{10,}.*28s · peak 20 users · 3 phases/);
  });

  it('re-validates after an edit, and clears diagnostics on close', async () => {
    const fixed = BROKEN.replace('{{ pagesize }}', '{{ pageSize }}').replace('target: {{ env.TARGET }}', 'target: "{{ env.TARGET }}"');
    client.notify('textDocument/didChange', { textDocument: { uri: brokenUri, version: 2 }, contentChanges: [{ text: fixed }] });
    // Completion right after the edit answers from the current text before validation has run.
    const items = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: brokenUri }, position: positionOf(fixed, 'pageSize }}') });
    assert.ok(items.some((i) => i.label === 'pageSize'));
    const published = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === brokenUri && p.version === 2);
    assert.deepEqual(published.diagnostics.filter((d) => d.severity === 1), []);
    client.notify('textDocument/didClose', { textDocument: { uri: brokenUri } });
    const cleared = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === brokenUri);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('checks a JSON scenario for what only it knows, and leaves syntax, schema, completion and hovers to the JSON service', async () => {
    const jsonUri = pathToFileURL(join(ROOT, 'test/fixtures/scenarios/broken.scenario.json')).href;
    const text = JSON.stringify(
      { version: 1, name: 'json', target: 'http://127.0.0.1:4100', colour: 'blue', phases: [{ duration: '10 parsecs', users: 2 }], flows: [{ name: 'f', steps: [{ request: 'GET /items?limit={{ pagesize }}' }] }] },
      null,
      2,
    );
    client.notify('textDocument/didOpen', { textDocument: { uri: jsonUri, languageId: 'json', version: 1, text } });
    const published = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === jsonUri);
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('undefined-template-name'), codes.join());
    assert.ok(codes.some((c) => c.startsWith('hint-')), `hints are ours: ${codes.join()}`);
    // `colour` and `10 parsecs` break the schema: the JSON service says so, not both of us.
    assert.deepEqual(codes.filter((c) => ['unknown-key', 'bad-duration', 'schema'].includes(c)), []);
    assert.deepEqual(published.diagnostics.find((d) => d.code === 'undefined-template-name')?.range.start, positionOf(text, 'pagesize'));
    const at = positionOf(text, 'version');
    assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: jsonUri }, position: at }), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: jsonUri }, position: at }), null);
    client.notify('textDocument/didClose', { textDocument: { uri: jsonUri } });
  });

  it('checks again when a data file changes on disk (workspace/didChangeWatchedFiles)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stampede-lsp-data-'));
    const csv = join(dir, 'users.csv');
    writeFileSync(csv, 'name\nada\n');
    const uri = pathToFileURL(join(dir, 'data.scenario.yaml')).href;
    const text = BASE.replace('variables:\n', 'data:\n  users: { file: users.csv }\nvariables:\n').replace('limit={{ pageSize }}', 'limit={{ pageSize }}&email={{ data.users.email }}');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const before = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    const missing = before.diagnostics.find((d) => /email/.test(d.message) && d.severity === 1);
    assert.ok(missing, `no diagnostic for the missing column: ${JSON.stringify(before.diagnostics.map((d) => d.message))}`);
    writeFileSync(csv, 'name,email\nada,ada@example.test\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(csv).href, type: 2 }] });
    const after = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && !p.diagnostics.some((d) => /email/.test(d.message)));
    assert.deepEqual(after.diagnostics.filter((d) => d.severity === 1), []);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    rmSync(dir, { recursive: true, force: true });
  });

  it('shuts down cleanly, having written nothing but LSP messages', async () => {
    await client.request('shutdown', null);
    client.notify('exit', null);
    assert.equal(await client.exited(), 0);
    assert.equal(client.stray, '');
  });
});
