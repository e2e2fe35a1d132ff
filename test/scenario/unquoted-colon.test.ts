// A step name holding `: ` breaks an unquoted criterion that names it (issue 12: no hint to
// quote it). YAML reads such a value as a mapping; the parse reads it as the text meant, and one
// diagnostic says to quote it, with the quotes as a quick fix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MINIMAL, analyze, assertAt, fixed, printed, sole } from './helpers';

const named = MINIMAL.replace('      - request: GET /\n', '      - request: GET /a\n        name: "GET /a: b"\n');

describe('`: ` inside a plain value', () => {
  it('an unquoted criterion naming the step: quote it', () => {
    const text = `${named}criteria:\n  - p95(latency, step=GET /a: b) < 200ms\n`;
    const d = sole(text);
    assert.equal(d.code, 'unquoted-colon');
    assertAt(d, 13, 5, 'p95(latency, step=GET /a: b) < 200ms');
    assert.match(d.message, /^this criterion holds `: `, which YAML reads as a key and its value: quote the whole criterion: "p95/);
    const quoted = fixed(text, 'unquoted-colon');
    assert.match(quoted, /- "p95\(latency, step=GET \/a: b\) < 200ms"\n/);
    assert.deepEqual(printed(quoted), []);
    assert.deepEqual(analyze(quoted).scenario?.criteria.map((c) => c.expr), ['p95(latency, step=GET /a: b) < 200ms']);
  });
  it('an unquoted step name: quote it, and the step reads whole again', () => {
    const text = MINIMAL.replace('      - request: GET /\n', '      - request: GET /a\n        name: GET /a: b   # the step\n        expect: { status: 200 }\n');
    const d = sole(text);
    assert.equal(d.code, 'unquoted-colon');
    assertAt(d, 11, 15, 'GET /a: b');
    const quoted = fixed(text, 'unquoted-colon');
    assert.match(quoted, /name: "GET \/a: b"   # the step\n {8}expect:/);
    const first = analyze(quoted).scenario?.flows[0].steps[0];
    assert.ok(first?.kind === 'request');
    assert.equal(first.name, 'GET /a: b');
    assert.deepEqual(first.expect?.status, [200]);
  });
  it('an alert condition after its key', () => {
    const d = sole(`${named}alerts:\n  - when: p95(latency, step=GET /a: b) > 1s\n    for: 10s\n    severity: warning\n`);
    assert.equal(d.code, 'unquoted-colon');
    assertAt(d, 13, 11);
  });
  it('the mapping forms stay mappings', () => {
    assert.deepEqual(printed(`${named}criteria:\n  - expr: "p95(latency, step=GET /a: b) < 200ms"\n    abort: true\n`), []);
  });
});
