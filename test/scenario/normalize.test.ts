import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Phase, RequestStep, Scenario, SseStep } from '../../scenario/types';
import { MINIMAL, analyze } from './helpers';

function load(text: string, options: Parameters<typeof analyze>[1] = {}): Scenario {
  const result = analyze(text, options);
  assert.ok(result.scenario, JSON.stringify(result.diagnostics));
  return result.scenario;
}

const withPhases = (phases: string) => MINIMAL.replace(/phases:[\s\S]*?flows:/, `phases:\n${phases}flows:`);
const levels = (phases: Phase[]) => phases.map((p) => [p.name, p.model, p.from, p.to]);

describe('defaults', () => {
  it('applies every default of the contract', () => {
    const s = load(MINIMAL);
    assert.deepEqual(s.defaults, { headers: {}, timeoutMs: 10_000, think: { minMs: 0, maxMs: 0 }, cookies: true, connection: { redirects: 10, http2: false } });
    assert.deepEqual(s.monitor, { intervalMs: 1000, intervalWritten: false, system: true });
    assert.deepEqual(s.flows[0].weight, 1);
    assert.deepEqual([s.variables, s.data, s.setup, s.teardown, s.criteria, s.alerts], [{}, {}, [], [], [], []]);
    const step = s.flows[0].steps[0] as RequestStep;
    assert.deepEqual(step, {
      kind: 'request', name: 'GET /', method: 'GET', url: '/', headers: {}, query: {}, timeoutMs: 10_000, expect: {}, capture: {},
      connection: { redirects: 10, http2: false }, cookies: {},
    });
  });
  it('steps inherit defaults.timeout, but not defaults.headers (the engine merges those)', () => {
    const s = load(MINIMAL.replace('flows:', 'defaults: { timeout: 3s, headers: { a: b } }\nflows:').replace('request: GET /', 'request: GET /\n        headers: { c: d }'));
    const step = s.flows[0].steps[0] as RequestStep;
    assert.equal(step.timeoutMs, 3000);
    assert.deepEqual(step.headers, { c: 'd' });
    assert.deepEqual(s.defaults.headers, { a: 'b' });
  });
  it('a request takes redirects, tls and http2 from defaults unless it sets its own; tls paths are absolute', () => {
    const text = MINIMAL.replace('flows:', 'defaults: { redirects: 3, http2: true, tls: { ca: certs/ca.pem } }\nflows:').replace(
      'request: GET /',
      'request: GET /\n      - request: GET /own\n        redirects: 0\n        tls: { insecure: true }\n        cookies: { a: 1 }\n        auth: { user: u, password: 2 }',
    );
    const s = load(text, { file: '/work/app/load.scenario.yaml' });
    const [inherits, own] = s.flows[0].steps as RequestStep[];
    assert.deepEqual(inherits.connection, { redirects: 3, http2: true, tls: { insecure: false, ca: '/work/app/certs/ca.pem' } });
    assert.deepEqual(own.connection, { redirects: 0, http2: true, tls: { insecure: true } });
    assert.deepEqual(own.cookies, { a: '1' });
    assert.deepEqual(own.auth, { user: 'u', password: '2' });
  });
});

describe('phases', () => {
  it('chains ramps within a model and names phases by position', () => {
    const s = load(withPhases(`  - duration: 10s
    users: { to: 10 }
  - name: steady
    duration: 1m
    users: 10
  - duration: 5s
    users: { to: 0 }
  - duration: 30s
    rate: { to: 100 }
  - duration: 30s
    rate: { to: 20 }
  - duration: 30s
    users: { to: 4 }
  - duration: 30s
    rate: { from: 5, to: 6 }
    maxUsers: 50
`));
    assert.deepEqual(levels(s.phases), [
      ['phase 1', 'closed', 0, 10],
      ['steady', 'closed', 10, 10],
      ['phase 3', 'closed', 10, 0],
      // A change of model starts again from 0: users and iterations per second do not mix.
      ['phase 4', 'open', 0, 100],
      ['phase 5', 'open', 100, 20],
      ['phase 6', 'closed', 0, 4],
      ['phase 7', 'open', 5, 6],
    ]);
    assert.deepEqual(s.phases.map((p) => p.durationMs), [10_000, 60_000, 5000, 30_000, 30_000, 30_000, 30_000]);
    assert.equal(s.phases[6].maxUsers, 50);
    assert.equal('maxUsers' in s.phases[0], false);
  });
});

describe('steps', () => {
  const steps = (yaml: string) => load(MINIMAL.replace('      - request: GET /\n', yaml)).flows[0].steps;
  it('request: name, url, expectations, captures, query as strings', () => {
    const [step] = steps(`      - request: GET /collections/{{ id }}?x=1
        query: { limit: 20, all: true }
        expect: { status: 200, contains: ok, maxLatency: 300ms }
        capture: { next: "body.items[0].id", where: headers.location }
`.replace('{{ id }}', '{{ vu.id }}')) as RequestStep[];
    assert.equal(step.name, 'GET /collections/{{ vu.id }}?x=1');
    assert.equal(step.url, '/collections/{{ vu.id }}?x=1');
    assert.deepEqual(step.query, { limit: '20', all: 'true' });
    assert.deepEqual(step.expect, { status: [200], contains: 'ok', maxLatencyMs: 300 });
    assert.deepEqual(step.capture, { next: 'body.items[0].id', where: 'headers.location' });
  });
  it('bodies of each kind', () => {
    const [json, text, form, multipart] = steps(`      - request: POST /a
        json: { a: [1, "{{ vu.id }}"], b: null }
      - request: POST /b
        body: raw
      - request: POST /c
        form: { n: 1 }
      - request: POST /d
        multipart:
          title: hello
          count: 2
          upload: { file: { size: 1MB, name: a.bin } }
          typed: { file: { size: 2KB, name: b.txt, contentType: text/plain } }
`) as RequestStep[];
    assert.deepEqual(json.body, { kind: 'json', value: { a: [1, '{{ vu.id }}'], b: null } });
    assert.deepEqual(text.body, { kind: 'text', value: 'raw' });
    assert.deepEqual(form.body, { kind: 'form', fields: { n: '1' } });
    assert.deepEqual(multipart.body, {
      kind: 'multipart',
      fields: {
        title: { kind: 'text', value: 'hello' },
        count: { kind: 'text', value: '2' },
        upload: { kind: 'file', sizeBytes: 1_048_576, name: 'a.bin' },
        typed: { kind: 'file', sizeBytes: 2048, name: 'b.txt', contentType: 'text/plain' },
      },
    });
  });
  it('think steps, fixed and ranged', () => {
    assert.deepEqual(steps('      - think: 1s\n      - think: 500ms..2s\n        name: read\n'), [
      { kind: 'think', name: 'think', think: { minMs: 1000, maxMs: 1000 } },
      { kind: 'think', name: 'read', think: { minMs: 500, maxMs: 2000 } },
    ]);
  });
  it('sse steps: until, and the step timeout as the default until.timeout', () => {
    const [a, b, c] = steps(`      - sse: GET /events?channel=orders
        until: { events: 10, timeout: 30s }
      - sse: GET /e
        timeout: 4s
        until: { events: 2 }
      - sse: GET /f
`) as SseStep[];
    assert.deepEqual(a, { kind: 'sse', name: 'GET /events?channel=orders', method: 'GET', url: '/events?channel=orders', headers: {}, until: { events: 10, timeoutMs: 30_000 }, timeoutMs: 10_000 });
    assert.deepEqual([b.until, b.timeoutMs], [{ events: 2, timeoutMs: 4000 }, 4000]);
    assert.deepEqual(c.until, { timeoutMs: 10_000 });
  });
});

describe('criteria, alerts and overrides', () => {
  it('parses both criterion forms and alert defaults', () => {
    const s = load(`${MINIMAL}criteria:\n  - errorRate < 1%\n  - { expr: "p95(latency) < 250ms", abort: true, after: 30s }\nalerts:\n  - when: cpu > 90%\n  - { when: "heapUsed > 1GB", for: 10s, severity: critical, abort: true }\n`);
    assert.deepEqual(s.criteria, [
      { expr: 'errorRate < 1%', parsed: { metric: 'errorRate', op: '<', value: 0.01, valueText: '1%' }, abort: false, afterMs: 0 },
      { expr: 'p95(latency) < 250ms', parsed: { aggregate: 'p95', metric: 'latency', op: '<', value: 250, valueText: '250ms' }, abort: true, afterMs: 30_000 },
    ]);
    assert.deepEqual(s.alerts.map((a) => [a.when, a.forMs, a.severity, a.abort, a.parsed.value]), [
      ['cpu > 90%', 0, 'warning', false, 90],
      ['heapUsed > 1GB', 10_000, 'critical', true, 1024],
    ]);
  });
  it('--var overrides variables as strings, --target overrides target', () => {
    const s = load(`${MINIMAL}variables: { page: 2, keep: true }\n`, { vars: { page: '7', extra: 'x' }, target: 'http://other:1' });
    assert.deepEqual(s.variables, { page: '7', keep: true, extra: 'x' });
    assert.equal(s.target, 'http://other:1');
  });
  it('resolves data files against the scenario file', () => {
    const s = load(`${MINIMAL}data: { users: { file: ../data/users.csv } }\n`, { file: '/tmp/project/scenarios/a.scenario.yaml' });
    assert.deepEqual(s.data, { users: { file: '/tmp/project/data/users.csv', order: 'sequential' } });
    assert.equal(s.file, '/tmp/project/scenarios/a.scenario.yaml');
  });
  it('an unquoted template never reaches the engine', () => {
    assert.equal(analyze(MINIMAL.replace('target: http://127.0.0.1:4100', 'target: {{ env.T }}')).scenario, undefined);
  });
});
