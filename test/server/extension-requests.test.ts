// The extension's own requests (server/protocol.ts), asked of the built server over real LSP
// JSON-RPC: scenario facts of a file that is not open and of an edited open document, Validate's
// diagnostics (exactly the published ones), and the template catalogue.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  ScenarioFactsRequest,
  TemplatesRequest,
  ValidationRequest,
  type ScenarioFactsParams,
  type ScenarioFactsResult,
  type TemplatesResult,
  type ValidationResult,
} from '../../server/protocol';
import { ROOT } from '../helpers/paths';
import { BASE, positionOf } from './helpers';
import { LspClient } from './lsp-client';

interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: ValidationResult['diagnostics'];
}

const REMOTE = BASE.replace('name: test', 'name: on disk').replace('target: http://127.0.0.1:4100', 'target: http://load-target.example:8080').replace(
  'criteria:\n  - p95(latency) < 250ms\n',
  'criteria:\n  - p95(latency) < 250ms\n  - expr: errorRate < 1%\n',
);
const BROKEN = BASE.replace('limit={{ pageSize }}', 'limit={{ pagesize }}').replace('duration: 1m', 'duration: 1 minute').replace('criteria:\n  - p95(latency) < 250ms\n', '');

describe('the extension requests (server/protocol.ts)', () => {
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string): string => pathToFileURL(join(dir, name)).href;
  const facts = (params: ScenarioFactsParams): Promise<ScenarioFactsResult> => client.request<ScenarioFactsResult>(ScenarioFactsRequest.method, params);
  const validation = (uri: string): Promise<ValidationResult> => client.request<ValidationResult>(ValidationRequest.method, { uri });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stampede-requests-'));
    writeFileSync(join(dir, 'remote.scenario.yaml'), REMOTE);
    writeFileSync(join(dir, 'broken.scenario.yaml'), BROKEN);
    client = new LspClient(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio'], ROOT);
    await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
    client.notify('initialized', {});
  });
  after(() => {
    if (client.child.exitCode === null) client.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the facts of a file that is not open, read from disk', async () => {
    const result = await facts({ uri: uriOf('remote.scenario.yaml') });
    assert.equal(result.readable, true);
    assert.equal(result.version, null);
    assert.equal(result.name, 'on disk');
    assert.equal(result.errors, 0);
    assert.deepEqual(result.hosts, ['load-target.example']);
    assert.deepEqual(result.remoteHosts, ['load-target.example']);
    assert.deepEqual(
      result.criteria.map((c) => c.expr),
      ['p95(latency) < 250ms', 'errorRate < 1%'],
    );
    assert.deepEqual(result.criteria[0].range.start, positionOf(REMOTE, 'p95(latency) < 250ms'));
    assert.ok(result.scenario);
    assert.equal(result.scenario.name, 'on disk');
    assert.equal(result.scenario.target, 'http://load-target.example:8080');
    assert.deepEqual(
      result.scenario.phases.map((p) => [p.name, p.durationMs, p.model, p.from, p.to]),
      [
        ['ramp', 30_000, 'closed', 0, 20],
        ['steady', 60_000, 'closed', 20, 20],
        [result.scenario.phases[2].name, 10_000, 'closed', 20, 0],
      ],
    );
    assert.equal(result.scenario.durationMs, 100_000);
    assert.deepEqual(result.scenario.flows, [{ name: 'browse', weight: result.scenario.flows[0].weight, steps: 3 }]);
  });

  it('counts the safety ceiling as an error when limits are given, as a run does', async () => {
    const result = await facts({ uri: uriOf('remote.scenario.yaml'), limits: { maxUsers: 5 } });
    assert.ok(result.errors > 0);
    assert.equal(result.scenario, null);
  });

  it('says when a file is neither open nor readable', async () => {
    const result = await facts({ uri: uriOf('missing.scenario.yaml') });
    assert.equal(result.readable, false);
    assert.equal(result.name, null);
    assert.deepEqual(result.hosts, []);
    const validated = await validation(uriOf('missing.scenario.yaml'));
    assert.deepEqual(validated, { uri: uriOf('missing.scenario.yaml'), version: null, readable: false, diagnostics: [] });
  });

  it('gives the facts of the open document’s current text after an edit, not the disk’s', async () => {
    const uri = uriOf('remote.scenario.yaml');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'stampede-scenario', version: 1, text: REMOTE } });
    const edited = REMOTE.replace('name: on disk', 'name: edited').replace('http://load-target.example:8080', 'http://localhost:8080');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const result = await facts({ uri });
    assert.equal(result.version, 2);
    assert.equal(result.name, 'edited');
    assert.deepEqual(result.hosts, ['localhost']);
    assert.deepEqual(result.remoteHosts, []);
    assert.equal(result.scenario?.name, 'edited');
    // An edit that breaks it: errors, no scenario (Run refuses).
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: edited.replace('duration: 1m', 'duration: soon') }] });
    const broken = await facts({ uri });
    assert.equal(broken.version, 3);
    assert.ok(broken.errors > 0);
    assert.equal(broken.scenario, null);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const closed = await facts({ uri });
    assert.equal(closed.version, null);
    assert.equal(closed.name, 'on disk');
  });

  it('validates an open document with exactly the diagnostics it publishes, before and after an edit (Validate and Problems agree)', async () => {
    const uri = uriOf('broken.scenario.yaml');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'stampede-scenario', version: 1, text: BROKEN } });
    const published = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
    const validated = await validation(uri);
    assert.equal(validated.version, 1);
    assert.ok(published.diagnostics.some((d) => d.severity === 1), 'the broken text has errors');
    assert.ok(published.diagnostics.some((d) => String(d.code).startsWith('hint-')), 'hints are published, and so validated');
    assert.deepEqual(validated.diagnostics, published.diagnostics);

    // Asked right after an edit, before the debounced publication: the new text's diagnostics,
    // which are then the ones published for that version.
    const fixed = BROKEN.replace('{{ pagesize }}', '{{ pageSize }}');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const early = await validation(uri);
    const republished = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    assert.equal(early.version, 2);
    assert.deepEqual(early.diagnostics, republished.diagnostics);
    assert.notDeepEqual(early.diagnostics, validated.diagnostics);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0);
  });

  it('validates a file that is not open with what it would publish once opened', async () => {
    const uri = uriOf('broken.scenario.yaml');
    const validated = await validation(uri);
    assert.equal(validated.version, null);
    assert.equal(validated.readable, true);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'stampede-scenario', version: 7, text: BROKEN } });
    const published = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 7);
    assert.deepEqual(validated.diagnostics, published.diagnostics);
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('agrees with the publication when hints are turned off too', async () => {
    client.notify('workspace/didChangeConfiguration', { settings: { stampede: { hints: { enabled: false } } } });
    const uri = uriOf('broken.scenario.yaml');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'stampede-scenario', version: 8, text: BROKEN } });
    const published = await client.waitFor<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 8);
    assert.ok(!published.diagnostics.some((d) => String(d.code).startsWith('hint-')));
    assert.deepEqual((await validation(uri)).diagnostics, published.diagnostics);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    client.notify('workspace/didChangeConfiguration', { settings: { stampede: { hints: { enabled: true } } } });
  });

  it('lists the built-in gallery and the workspace’s own templates', async () => {
    mkdirSync(join(dir, '.stampede', 'templates'), { recursive: true });
    writeFileSync(join(dir, '.stampede', 'templates', 'team-smoke.scenario.yaml'), 'name: team smoke\ndescription: What the team runs before a release.\n');
    const { templates } = await client.request<TemplatesResult>(TemplatesRequest.method, { folder: dir, galleryDir: join(ROOT, 'samples', 'gallery') });
    const user = templates.find((t) => t.source === 'user');
    assert.deepEqual(user, { name: 'team-smoke', source: 'user', file: join(dir, '.stampede', 'templates', 'team-smoke.scenario.yaml'), summary: 'What the team runs before a release.' });
    assert.ok(templates.some((t) => t.source === 'built-in' && t.name === 'authentication'), templates.map((t) => t.name).join());
  });
});
