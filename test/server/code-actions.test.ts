// Quick fixes, applied to the text as an editor would, then analysed again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { analyzeScenarioText } from '../../scenario/load';
import { codeActions } from '../../server/features/code-actions';
import { BASE, positionOf, stateOf } from './helpers';

function actionsAt(text: string, needle: string): CodeAction[] {
  const state = stateOf(text);
  const at = positionOf(text, needle, 1);
  return codeActions(state, { start: at, end: at });
}

function apply(text: string, action: CodeAction): string {
  const edits = Object.values(action.edit?.changes ?? {})[0] as TextEdit[];
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (p.line < starts.length ? starts[p.line] + p.character : text.length);
  let out = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  }
  return out;
}

describe('code actions', () => {
  it('corrects a misspelled variable', () => {
    const text = BASE.replace('{{ pageSize }}', '{{ pagesize }}');
    const [action] = actionsAt(text, 'pagesize');
    assert.equal(action.title, 'Change to `pageSize`');
    assert.equal(action.isPreferred, true);
    assert.equal(apply(text, action), BASE);
  });

  it('quotes an unquoted template', () => {
    const text = BASE.replace('target: http://127.0.0.1:4100', 'target: {{ env.TARGET }}/api');
    const action = actionsAt(text, '{{ env').find((a) => a.title === 'Add quotes');
    assert.ok(action);
    assert.match(apply(text, action), /target: "\{\{ env\.TARGET \}\}\/api"/);
  });

  it('moves repeated headers to defaults, creating defaults', () => {
    const text = BASE.replace('        name: login\n', '        name: login\n        headers:\n          x-client: bench\n').replace('headers: { authorization', 'headers: { x-client: bench, authorization');
    const action = actionsAt(text, 'x-client').find((a) => a.title === 'Move `x-client` to defaults.headers');
    assert.ok(action, JSON.stringify(actionsAt(text, 'x-client').map((a) => a.title)));
    const moved = apply(text, action);
    assert.match(moved, /\ndefaults:\n {2}headers:\n {4}x-client: bench\nphases:/);
    assert.match(moved, /name: login\n {8}capture:/);
    assert.match(moved, /headers: \{ authorization: "Bearer \{\{ token \}\}" \}/);
    const after = analyzeScenarioText(moved, { hints: true }).diagnostics;
    assert.deepEqual(after.map((d) => d.code), []);
  });

  it('moves repeated headers into an existing defaults.headers', () => {
    const text = BASE.replace('variables:', 'defaults:\n  headers:\n    accept: application/json\nvariables:')
      .replace('        name: login\n', '        name: login\n        headers: { x-client: bench }\n').replace('headers: { authorization', 'headers: { x-client: bench, authorization');
    const action = actionsAt(text, 'x-client').find((a) => a.title.startsWith('Move'));
    assert.ok(action);
    const moved = apply(text, action);
    assert.match(moved, /defaults:\n {2}headers:\n {4}accept: application\/json\n {4}x-client: bench\nvariables:/);
    assert.doesNotMatch(moved, /name: login\n\s+headers/);
  });

  it('adds a ramp-down, starter criteria and maxUsers from the hints', () => {
    const text = BASE.replace('  - duration: 10s\n    users: { to: 0 }\n', '').replace('criteria:\n  - p95(latency) < 250ms\n', '');
    const rampDown = actionsAt(text, 'users: 20').find((a) => a.title === 'Add a ramp-down phase');
    assert.ok(rampDown);
    const criteria = actionsAt(text, 'name: test').find((a) => a.title === 'Add starter criteria');
    assert.ok(criteria);
    const open = text.replace('    users: 20\n', '    rate: 20\n');
    const maxUsers = actionsAt(open, 'rate: 20').find((a) => a.title.startsWith('Add maxUsers'));
    assert.ok(maxUsers);
    assert.match(apply(open, maxUsers), /rate: 20\n {4}maxUsers: \d+\n/);
  });
});
