// `validate()`'s `path`: the key a diagnostic is at, also when it sits at column 1 of the line
// right after a plain scalar (`name: x`), whose node runs on to that line's start (the newline).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../lib/index';

const TEXT = `version: 1
name: x
bogus: 1
phases: []
target: http://127.0.0.1:1
flows:
  - name: f
    steps:
      - request: GET /a
      - request: GET /b
        bogusStep: 1
`;

describe('validate: the path of a diagnostic', () => {
  it('names the key on its own line, not the plain scalar above it', async () => {
    const found = (await validate(TEXT, { hints: false })).map((d) => ({ line: d.line, column: d.column, code: d.code, path: d.path }));
    const at = (line: number) => found.find((d) => d.line === line);
    assert.deepEqual(at(3), { line: 3, column: 1, code: 'unknown-key', path: 'bogus' }, JSON.stringify(found));
    assert.deepEqual(at(4), { line: 4, column: 1, code: 'bad-value', path: 'phases' }, JSON.stringify(found));
    assert.deepEqual(at(11), { line: 11, column: 9, code: 'unknown-key', path: 'flows[0].steps[1].bogusStep' }, JSON.stringify(found));
  });
});
