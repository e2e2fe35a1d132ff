// validate() names where each problem is in the model, as well as its line: the path of the key
// a diagnostic starts at (lib/diagnostic-path.ts). A key on the line after a plain scalar is that
// key's own, not the one before it (the scalar's range runs to its line's end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validate } from '../../lib/index';

const TEXT = `version: 1
name: x
bogus: 1
target: http://127.0.0.1:9
phases: []
flows:
  - name: f
    steps:
      - request: GET /
        expect: { status: 200, colour: red }
criteria:
  - p95(latency) < 1s
`;

test('each diagnostic names the key it is at, the key after a plain scalar included', async () => {
  const found = (await validate(TEXT)).map((d) => [d.line, d.code, d.path]);
  assert.deepEqual(found, [
    [3, 'unknown-key', 'bogus'],
    [5, 'bad-value', 'phases'],
    [10, 'unknown-key', 'flows[0].steps[0].expect.colour'],
  ]);
});
