// The optimization hints, as the editor receives them: code, severity, range, message, and the
// quick fix where one is mechanical.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeScenarioText } from '../../scenario/load';
import type { Diagnostic } from '../../scenario/types';
import { BASE, positionOf } from './helpers';

function hints(text: string): Diagnostic[] {
  return analyzeScenarioText(text, { hints: true }).diagnostics.filter((d) => d.code.startsWith('hint-'));
}

function only(text: string, code: string): Diagnostic {
  const found = hints(text).filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(hints(text).map((d) => `${d.code}: ${d.message}`), null, 1)}`);
  assert.ok(found[0].severity === 'information' || found[0].severity === 'hint');
  return found[0];
}

/** Applies a diagnostic's fix to the text. */
function applyFix(text: string, d: Diagnostic): string {
  assert.ok(d.fix, `${d.code} has no fix`);
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return text.slice(0, offset(d.fix.range.start)) + d.fix.newText + text.slice(offset(d.fix.range.end));
}

const OPEN = BASE.replace(`  - name: ramp
    duration: 30s
    users: { from: 0, to: 20 }
  - name: steady
    duration: 1m
    users: 20
  - duration: 10s
    users: { to: 0 }
`, `  - name: arrivals
    duration: 1m
    rate: 100
    maxUsers: 50
  - duration: 30s
    rate: { to: 0 }
    maxUsers: 200
`);

describe('optimization hints', () => {
  it('are off unless asked for, and the base scenario has none', () => {
    assert.deepEqual(analyzeScenarioText(BASE.replace('limit', 'x')).diagnostics.filter((d) => d.code.startsWith('hint-')), []);
    assert.deepEqual(hints(BASE), []);
  });

  it("Little's law: rate × time per iteration above maxUsers, with a fix", () => {
    const d = only(OPEN, 'hint-littles-law');
    // 100/s × (1 s think + 2 requests × 100 ms) = 120 in flight.
    assert.match(d.message, /100 iterations\/s × about 1\.2 s per iteration ≈ 120 in flight, more than `maxUsers: 50`/);
    assert.deepEqual(d.range.start, positionOf(OPEN, '50', 0));
    assert.match(applyFix(OPEN, d), /rate: 100\n {4}maxUsers: 150\n/);
  });

  it('an open model without maxUsers, with a fix that adds one', () => {
    const text = OPEN.replace('    rate: 100\n    maxUsers: 50\n', '    rate: 100\n');
    const d = only(text, 'hint-open-without-max-users');
    assert.deepEqual(d.range.start, positionOf(text, 'rate: 100'));
    const fixed = applyFix(text, d);
    assert.match(fixed, /rate: 100\n {4}maxUsers: 250\n {2}- duration: 30s/);
    assert.deepEqual(hints(fixed).filter((h) => h.code.startsWith('hint-open') || h.code === 'hint-littles-law'), []);
  });

  it('a steep ramp and a sudden start', () => {
    const ramp = BASE.replace('users: { from: 0, to: 20 }', 'users: { from: 0, to: 5000 }').replace('users: 20', 'users: 5000');
    assert.match(only(ramp, 'hint-steep-ramp').message, /adds 167 users per second \(0 → 5000\).*at least 50s/);
    const jump = BASE.replace('users: { from: 0, to: 20 }', 'users: 500').replace('users: 20', 'users: 500');
    assert.match(only(jump, 'hint-steep-ramp').message, /starts at 500 users at once/);
  });

  it('no ramp-down, with a fix that adds one', () => {
    const text = BASE.replace('  - duration: 10s\n    users: { to: 0 }\n', '');
    const d = only(text, 'hint-no-ramp-down');
    const fixed = applyFix(text, d);
    assert.match(fixed, / {4}users: 20\n {2}- name: ramp-down\n {4}duration: 9s\n {4}users: \{ to: 0 \}\nflows:/);
    assert.deepEqual(hints(fixed), []);
  });

  it('no criteria, with starter criteria as a fix', () => {
    const text = BASE.replace('criteria:\n  - p95(latency) < 250ms\n', '');
    const fixed = applyFix(text, only(text, 'hint-no-criteria'));
    assert.match(fixed, /\ncriteria:\n {2}- p95\(latency\) < 500ms\n {2}- errorRate < 1%\n$/);
    assert.deepEqual(analyzeScenarioText(fixed, { hints: true }).diagnostics, []);
  });

  it('closed-model users without think time', () => {
    const text = BASE.replace('      - think: 1s\n', '');
    assert.match(only(text, 'hint-zero-think').message, /flow `browse` has no think time: with up to 20 closed-model users/);
    assert.deepEqual(hints(text.replace('variables:', 'defaults:\n  think: 1s\nvariables:')), []);
  });

  it('a short steady phase', () => {
    const text = BASE.replace('duration: 1m', 'duration: 15s');
    const d = only(text, 'hint-short-steady');
    assert.equal(d.severity, 'hint');
    assert.deepEqual(d.range.start, positionOf(text, '15s'));
  });

  it('a target that is not loopback, also in an absolute request URL', () => {
    assert.match(only(BASE.replace('http://127.0.0.1:4100', 'https://api.example.com'), 'hint-non-loopback-target').message, /`api\.example\.com` is not this machine/);
    assert.deepEqual(hints(BASE.replace('http://127.0.0.1:4100', 'http://localhost:4100')), []);
    assert.deepEqual(hints(BASE.replace('http://127.0.0.1:4100', '"{{ env.TARGET }}"')), []);
    assert.equal(hints(BASE.replace('GET /items', 'GET https://shop.example.org/items')).filter((d) => d.code === 'hint-non-loopback-target').length, 1);
  });

  it('headers repeated on every request, except those defaults cannot see', () => {
    const text = BASE.replace('        name: login\n', '        name: login\n        headers: { x-client: bench }\n').replace('headers: { authorization', 'headers: { x-client: bench, authorization');
    const found = hints(text).filter((d) => d.code === 'hint-repeated-headers');
    assert.equal(found.length, 2);
    assert.match(found[0].message, /header `x-client` has the same value on all 2 requests/);
    // `authorization` uses the flow's capture `token`, which `defaults` cannot see.
    const token = text.replace('headers: { x-client: bench }', 'headers: { x-client: bench, authorization: "Bearer {{ token }}" }');
    assert.ok(hints(token).every((d) => !d.message.includes('authorization')));
  });
});
