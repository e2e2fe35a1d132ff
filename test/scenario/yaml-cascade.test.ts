import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeScenarioText } from '../../scenario/load';

const BROKEN = `version: 1
name: x
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /a
        capture: { id: body.items[0].id, b: c }
      - request: GET /b
        json: { a: 1 }
      - request: GET /c
`;

test('a bracket inside a flow mapping gets one plain-words error, not a cascade of token names', () => {
  const { diagnostics } = analyzeScenarioText(BROKEN);
  const syntax = diagnostics.filter((d) => d.code === 'yaml-syntax');
  assert.ok(syntax.length >= 1 && syntax.length <= 3, `got ${syntax.length}: ${syntax.map((d) => d.message).join(' | ')}`);
  assert.equal(syntax[0].range.start.line, 10);
  assert.match(syntax[0].message, /quote it: "body\.items\[0\]\.id"/);
  const lines = syntax.map((d) => d.range.start.line);
  assert.equal(new Set(lines).size, lines.length, 'at most one syntax error per line');
});

test('an empty phase item while typing is a diagnostic, not a crash', () => {
  const text = BROKEN.replace('phases:\n  - duration: 1s\n    users: 1\n', 'phases:\n  - \n');
  const { diagnostics } = analyzeScenarioText(text);
  assert.ok(diagnostics.some((d) => d.severity === 'error' && d.range.start.line === 4), JSON.stringify(diagnostics));
});
