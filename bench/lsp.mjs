// Language-server speed: a generated 5,000-line scenario, spoken to over stdio as an editor would.
//   npm run build && npm run bench:lsp
// Measures (1) diagnostics: didOpen → publishDiagnostics, for Stampede's full pass (YAML, schema,
// semantic checks, optimization hints) and for yaml-language-server's schema-only pass with our
// JSON schema on the same text; (2) completion latency, p50/p95 over 200 requests. Prints figures
// and ratios; asserts nothing (exit 1 only when a server could not run).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const OPENS = 10;
const COMPLETIONS = 200;
const TYPING_ROUNDS = 40;
const DEADLINE_MS = 120_000;

/** A minimal LSP client: Content-Length framing, requests by id, notifications by method. */
class Client {
  constructor(command, args) {
    this.child = spawn(command, args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.stderr = '';
    /** Answers the server's own requests (workspace/configuration); null for anything else. */
    this.answer = () => null;
    this.child.stdout.on('data', (chunk) => this.receive(chunk));
    this.child.stderr.on('data', (chunk) => { this.stderr += chunk; });
  }
  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }
  request(method, params) {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }
  notify(method, params) {
    this.send({ method, params });
  }
  once(method, test) {
    return new Promise((resolve) => this.listeners.push({ method, test, resolve }));
  }
  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1] ?? 0);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString());
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.id !== undefined && !message.method) {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error.message));
        else pending?.resolve(message.result);
      } else if (message.id !== undefined) {
        this.send({ id: message.id, result: this.answer(message.method, message.params) });
      } else {
        const index = this.listeners.findIndex((l) => l.method === message.method && l.test(message.params));
        if (index >= 0) this.listeners.splice(index, 1)[0].resolve(message.params);
      }
    }
  }
  async close() {
    try {
      await Promise.race([this.request('shutdown', null), sleep(2000)]);
      this.notify('exit', null);
    } catch { /* already gone */ }
    await Promise.race([new Promise((r) => this.child.once('exit', r)), sleep(2000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** About 5,000 lines a user could have written: 3 phases, setup, 110 flows of request/think steps. */
function generateScenario() {
  const lines = [
    'version: 1', 'name: generated', 'target: http://127.0.0.1:4100',
    'defaults:', '  headers:', '    accept: application/json', '  timeout: 5s',
    'variables:', '  pageSize: 20', '  region: eu',
    'phases:',
    '  - name: ramp-up', '    duration: 1m', '    users: { from: 0, to: 200 }',
    '  - name: steady', '    duration: 5m', '    users: 200',
    '  - name: ramp-down', '    duration: 30s', '    users: { to: 0 }',
    'setup:', '  - request: POST /auth/login', '    name: admin login', '    json: { user: admin, password: secret }', '    capture:', '      adminToken: body.token',
    'flows:',
  ];
  for (let f = 0; lines.length < 4950; f++) {
    lines.push(`  - name: flow ${f}`, `    weight: ${1 + (f % 3)}`, '    steps:');
    lines.push('      - request: POST /auth/login', `        name: login ${f}`, '        json: { user: "user{{ vu.id }}", password: secret }',
      '        expect: { status: 200 }', '        capture:', '          token: body.token');
    for (let s = 0; s < 4; s++) {
      lines.push('      - think: 500ms..2s');
      lines.push(`      - request: GET /items/${f}/${s}?limit={{ pageSize }}&region={{ region }}`, `        name: item ${f}.${s}`,
        '        headers:', '          authorization: "Bearer {{ token }}"', '        expect:', '          status: [200, 304]', '          maxLatency: 500ms',
        '        capture:', `          item${s}: body.items[0].id`);
    }
  }
  lines.push('criteria:', '  - p95(latency) < 250ms', '  - errorRate < 1%', '  - p99(latency, step=login 0) < 800ms');
  return `${lines.join('\n')}\n`;
}

/** Positions of the kinds of completion an author asks for, spread over the file. */
function completionPositions(text) {
  const lines = text.split('\n');
  const positions = [];
  lines.forEach((line, index) => {
    const template = line.indexOf('{{ token');
    if (template >= 0) positions.push({ line: index, character: template + 5, kind: 'template' });
    if (line.startsWith('      - request: GET')) positions.push({ line: index, character: '      - request: '.length, kind: 'method' });
    if (line.startsWith('        expect:')) positions.push({ line: index, character: 8, kind: 'key' });
    if (line.startsWith('  - p95(latency) <')) positions.push({ line: index, character: 4, kind: 'metric' });
  });
  const picked = [];
  for (const kind of ['template', 'method', 'key', 'metric']) {
    const ofKind = positions.filter((p) => p.kind === kind);
    for (let i = 0; i < COMPLETIONS / 4; i++) picked.push(ofKind[Math.floor((i * ofKind.length) / (COMPLETIONS / 4)) % ofKind.length]);
  }
  return picked;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name, client, init, dir, text, positions, { warmup } = {}) {
  await client.request('initialize', init);
  client.notify('initialized', {});
  if (warmup) await warmup();
  const opens = [];
  let diagnosticsCount = 0;
  for (let i = 0; i < OPENS; i++) {
    const uri = pathToFileURL(join(dir, `bench-${name}-${i}.scenario.yaml`)).href;
    const published = client.once('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics !== undefined);
    const start = performance.now();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const result = await published;
    opens.push(performance.now() - start);
    diagnosticsCount = result.diagnostics.length;
  }
  const uri = pathToFileURL(join(dir, `bench-${name}-0.scenario.yaml`)).href;
  const completions = [];
  let items = 0;
  for (const position of positions) {
    const start = performance.now();
    const result = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: position.line, character: position.character } });
    completions.push(performance.now() - start);
    items += Array.isArray(result) ? result.length : result?.items?.length ?? 0;
  }
  // Typing: each edit (a full-text didChange, as the simplest clients send) is followed at once by
  // a completion request, before any debounced validation has run.
  const typing = [];
  const lines = text.split('\n');
  for (let i = 0; i < TYPING_ROUNDS; i++) {
    const position = positions[(i * 7) % positions.length];
    lines[position.line] = `${lines[position.line]} `;
    client.notify('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: lines.join('\n') }] });
    const start = performance.now();
    await client.request('textDocument/completion', { textDocument: { uri }, position: { line: position.line, character: position.character } });
    typing.push(performance.now() - start);
  }
  return {
    first: opens[0], median: percentile(opens.slice(1), 50), diagnosticsCount,
    p50: percentile(completions, 50), p95: percentile(completions, 95), items: items / positions.length,
    typingP50: percentile(typing, 50), typingP95: percentile(typing, 95),
  };
}

async function main() {
  const timer = setTimeout(() => { console.error('bench:lsp: deadline passed'); process.exit(1); }, DEADLINE_MS);
  const dir = mkdtempSync(join(tmpdir(), 'stampede-bench-lsp-'));
  const text = generateScenario();
  const positions = completionPositions(text);
  const schemaUrl = pathToFileURL(join(root, 'schemas/scenario.schema.json')).href;
  console.log(`scenario: ${text.split('\n').length - 1} lines, ${(text.length / 1024).toFixed(0)} KB; ${OPENS} opens, ${positions.length} completions each\n`);

  const ours = new Client(process.execPath, [join(root, 'bin/stampede.js'), 'lsp', '--stdio']);
  const yamlBin = join(dirname(require.resolve('yaml-language-server/package.json')), 'bin/yaml-language-server');
  const theirs = new Client(process.execPath, [yamlBin, '--stdio']);
  const base = { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } } };
  const yamlSettings = {
    yaml: {
      validate: true, completion: true, hover: true, format: { enable: false },
      schemaStore: { enable: false }, // never fetch the public schema catalog
      schemas: { [schemaUrl]: ['*.scenario.yaml'] },
    },
    http: { proxyStrictSSL: true },
  };
  // yaml-language-server pulls its settings with workspace/configuration, section by section.
  theirs.answer = (method, params) => (method === 'workspace/configuration' ? params.items.map((item) => yamlSettings[item.section] ?? null) : null);
  let failed = false;
  const results = {};
  try {
    results.stampede = await measure('stampede', ours, base, dir, text, positions);
  } catch (error) {
    failed = true;
    console.error(`stampede: ${error.message}\n${ours.stderr}`);
  }
  try {
    results.yamlls = await measure('yamlls', theirs, base, dir, text, positions, {
      warmup: async () => {
        theirs.notify('workspace/didChangeConfiguration', { settings: yamlSettings });
        // Proof that our schema is applied: a wrong version must be reported.
        const uri = pathToFileURL(join(dir, 'check.scenario.yaml')).href;
        const published = theirs.once('textDocument/publishDiagnostics', (p) => p.uri === uri);
        theirs.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'version: 2\nname: x\n' } });
        const check = await published;
        if (check.diagnostics.length === 0) throw new Error('yaml-language-server did not apply the schema');
      },
    });
  } catch (error) {
    failed = true;
    console.error(`yaml-language-server: ${error.message}\n${theirs.stderr}`);
  }
  await Promise.all([ours.close(), theirs.close()]);
  rmSync(dir, { recursive: true, force: true });
  clearTimeout(timer);

  const row = (label, a, b, unit = 'ms') => console.log(`${label.padEnd(44)}${fmt(a).padStart(10)}${fmt(b).padStart(12)}  ${unit}`);
  const fmt = (v) => (v === undefined ? '—' : v.toFixed(1));
  const s = results.stampede ?? {};
  const y = results.yamlls ?? {};
  console.log(`${''.padEnd(44)}${'stampede'.padStart(10)}${'yaml-ls'.padStart(12)}`);
  row('diagnostics, first open (cold)', s.first, y.first);
  row(`diagnostics, median of ${OPENS - 1} further opens`, s.median, y.median);
  row('diagnostics reported', s.diagnosticsCount, y.diagnosticsCount, '');
  row(`completion p50 (${positions.length} requests)`, s.p50, y.p50);
  row('completion p95', s.p95, y.p95);
  row('completion items per request (mean)', s.items, y.items, '');
  row(`completion right after an edit, p50 (${TYPING_ROUNDS})`, s.typingP50, y.typingP50);
  row('completion right after an edit, p95', s.typingP95, y.typingP95);
  if (s.median !== undefined && y.median !== undefined) {
    console.log(`\nratio, diagnostics: stampede full pass / yaml-ls schema-only = ${(s.median / y.median).toFixed(2)}x  (goal < 1.00x: ${s.median < y.median ? 'PASS' : 'MISS'})`);
  }
  if (s.p95 !== undefined) {
    console.log(`completion p95 = ${s.p95.toFixed(1)} ms  (goal < 20 ms: ${s.p95 < 20 ? 'PASS' : 'MISS'})${y.p95 !== undefined ? `; ratio to yaml-ls p95 = ${(s.p95 / y.p95).toFixed(2)}x` : ''}`);
  }
  process.exit(failed ? 1 : 0);
}

main();
