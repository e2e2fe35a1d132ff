// stampede/resultAnchors (server/protocol.ts) asked of the built server over real LSP JSON-RPC:
// where each measured step (by the name the report keys it by), flow and criterion is written,
// in the file on disk and in an open document after an edit moved and renamed things.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ResultAnchorsRequest, type ResultAnchorsResult } from '../../server/protocol';
import { LspClient } from './lsp-client';

const SCENARIO = [
  'version: 1', //                                  0
  'name: anchors',
  'target: http://127.0.0.1:4100',
  'setup:',
  '  - request: POST /reset', //                    4
  'phases:',
  '  - duration: 10s',
  '    users: 2',
  'flows:',
  '  - name: browse', //                            9
  '    steps:',
  '      - name: login', //                         11
  '        request: POST /login',
  '      - think: 1s',
  '      - request: GET /items?page=2', //          14
  '      - group: checkout',
  '        steps:',
  '          - request: POST /cart', //             17
  '            name: add to cart',
  '  - weight: 2', //                               19
  '    name: live',
  '    steps:',
  '      - sse: GET /events', //                    22
  '      - ws: /socket', //                         23
  '      - name: login', //                         24
  '        request: POST /login',
  'criteria:',
  '  - p95(latency) < 250ms', //                    27
  '  - expr: errorRate < 1%', //                    28
  '    abort: true',
  '  - p95(latency) < 250ms', //                    30
  '',
].join('\n');

describe('stampede/resultAnchors: where a run’s results go', () => {
  let client: LspClient;
  let dir: string;
  let uri: string;
  const anchors = (): Promise<ResultAnchorsResult> => client.request<ResultAnchorsResult>(ResultAnchorsRequest.method, { uri });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stampede-anchors-'));
    writeFileSync(join(dir, 'anchors.scenario.yaml'), SCENARIO);
    uri = pathToFileURL(join(dir, 'anchors.scenario.yaml')).href;
    client = await LspClient.serving(dir);
  });
  after(() => {
    if (client.child.exitCode === null) client.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists request, sse and ws steps by their report names, flows by name and criteria by expression, read from disk', async () => {
    const result = await anchors();
    assert.equal(result.version, null);
    assert.deepEqual(result.steps, [
      { name: 'POST /reset', line: 4 },
      { name: 'login', line: 11 },
      { name: 'GET /items?page=2', line: 14 },
      { name: 'add to cart', line: 17 },
      { name: 'GET /events', line: 22 },
      { name: 'WS /socket', line: 23 },
      { name: 'login', line: 24 },
    ]);
    assert.deepEqual(result.flows, [
      { name: 'browse', line: 9 },
      { name: 'live', line: 20 },
    ]);
    assert.deepEqual(result.criteria, [
      { name: 'p95(latency) < 250ms', line: 27 },
      { name: 'errorRate < 1%', line: 28 },
      { name: 'p95(latency) < 250ms', line: 30 },
    ]);
  });

  it('follows the open document: lines moved by an edit, a renamed step under its new name', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'stampede-scenario', version: 1, text: SCENARIO } });
    const edited = SCENARIO.replace('name: anchors\n', 'name: anchors\ndescription: two more lines\n# here\n').replace('      - name: login\n        request: POST /login\n      - think', '      - name: sign in\n        request: POST /login\n      - think');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const result = await anchors();
    assert.equal(result.version, 2);
    assert.deepEqual(result.steps.slice(0, 3), [
      { name: 'POST /reset', line: 6 },
      { name: 'sign in', line: 13 },
      { name: 'GET /items?page=2', line: 16 },
    ]);
    assert.deepEqual(result.flows[0], { name: 'browse', line: 11 });
    assert.deepEqual(result.criteria.map((c) => c.line), [29, 30, 32]);
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('answers with nothing for a file that is neither open nor on disk', async () => {
    const missing = pathToFileURL(join(dir, 'missing.scenario.yaml')).href;
    const result = await client.request<ResultAnchorsResult>(ResultAnchorsRequest.method, { uri: missing });
    assert.deepEqual(result, { uri: missing, version: null, steps: [], flows: [], criteria: [] });
  });
});
