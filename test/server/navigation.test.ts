// Document symbols, go to definition and the load-profile CodeLens.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { codeLens } from '../../server/features/code-lens';
import { definition } from '../../server/features/definition';
import { documentSymbols } from '../../server/features/document-symbols';
import { atCursor, BASE, FIXTURE_DIR, positionOf, stateOf } from './helpers';

describe('document symbols', () => {
  it('outline phases, flows with their steps, and criteria', () => {
    const symbols = documentSymbols(stateOf(BASE));
    assert.deepEqual(symbols.map((s) => s.name), ['version', 'name', 'target', 'variables', 'phases', 'flows', 'criteria']);
    const phases = symbols.find((s) => s.name === 'phases');
    assert.deepEqual(phases?.children?.map((c) => `${c.name}: ${c.detail}`), ['ramp: 30s · 0→20 users', 'steady: 1m · 20 users', 'phase 3: 10s · 20→0 users']);
    const flows = symbols.find((s) => s.name === 'flows');
    assert.deepEqual(flows?.children?.[0].children?.map((c) => c.name), ['login', 'think', 'GET /items?limit={{ pageSize }}']);
    assert.deepEqual(symbols.find((s) => s.name === 'criteria')?.children?.map((c) => c.name), ['p95(latency) < 250ms']);
  });
});

describe('go to definition', () => {
  it('goes from a variable to its key, from a capture to the step that captures it', () => {
    const variable = atCursor(BASE.replace('{{ pageSize }}', '{{ page|Size }}'));
    assert.deepEqual(definition(variable.state, variable.position)?.[0].range.start, positionOf(variable.text, 'pageSize: 20'));
    const capture = atCursor(BASE.replace('{{ token }}', '{{ tok|en }}'));
    assert.deepEqual(definition(capture.state, capture.position)?.[0].range.start, positionOf(capture.text, 'token: body.token'));
  });

  it('goes from data.SET.COLUMN to the data set and to the column in the CSV header', () => {
    const marked = BASE.replace('variables:', 'data:\n  users: { file: users.csv }\nvariables:').replace('limit={{ pageSize }}', 'user={{ data.users.pass|word }}');
    const { state, position, text } = atCursor(marked);
    const found = definition(state, position);
    assert.ok(found && found.length === 2);
    assert.deepEqual(found[0].range.start, positionOf(text, 'users: { file'));
    assert.equal(found[1].uri, pathToFileURL(join(FIXTURE_DIR, 'users.csv')).href);
    assert.equal(found[1].range.start.line, 0);
  });

  it('goes from step= in a criterion to the step', () => {
    const { state, position, text } = atCursor(BASE.replace('p95(latency)', 'p95(latency, step=lo|gin)'));
    assert.deepEqual(definition(state, position)?.[0].range.start, positionOf(text, 'POST /login'));
  });
});

describe('load-profile CodeLens', () => {
  it('shows total duration, peak and a sparkline above phases:', () => {
    const [lens] = codeLens(stateOf(BASE));
    assert.deepEqual(lens.range.start, positionOf(BASE, 'phases:'));
    assert.equal(lens.command?.title, '▁▂▃▄▅▆▇███████████████▅▂  1m40s · peak 20 users · 3 phases');
  });

  it('shows both peaks when the profile mixes models', () => {
    const mixed = BASE.replace('  - duration: 10s\n    users: { to: 0 }\n', '  - duration: 10s\n    rate: 50\n    maxUsers: 100\n');
    assert.match(codeLens(stateOf(mixed))[0].command?.title ?? '', /peak 20 users, 50 it\/s/);
  });
});
