// A step with no kind names the key it has (issue 12: `loop:`, `group:`, `send:` got "a step
// needs one of `request`, `think` or `sse`" without the key), suggests the closest kind, and for
// Artillery and k6 habits says what to write. The kinds come from the schema.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STEP_KINDS } from '../../scenario/step-kinds';
import { listWords } from '../../scenario/suggest';
import { MINIMAL, assertAt, fixed, printed, sole } from './helpers';

const step = (lines: string) => MINIMAL.replace('      - request: GET /\n', lines);
const kinds = listWords(STEP_KINDS);

describe('a step without a kind', () => {
  it('reads its kinds from the schema', () => {
    for (const kind of ['request', 'think', 'sse']) assert.ok(STEP_KINDS.includes(kind), STEP_KINDS.join());
  });
  it('names the key it has instead, at that key', () => {
    const d = sole(step('      - fetch: GET /\n'));
    assert.equal(d.code, 'step-kind');
    assertAt(d, 10, 9, 'fetch');
    assert.equal(d.message, `\`fetch\` is not a kind of step: a step needs one of ${kinds}`);
    const later = sole(step('      - name: x\n        fetch: GET /\n'));
    assertAt(later, 11, 9, 'fetch');
  });
  it('suggests the closest kind, with the rename as a quick fix', () => {
    const text = step('      - thnik: 1s\n');
    const d = sole(text);
    assertAt(d, 10, 9, 'thnik');
    assert.match(d.message, /^`thnik` is not a kind of step; did you mean `think`\?/);
    assert.deepEqual(printed(fixed(text, 'step-kind')), []);
  });
  it('keys of one kind without the kind itself: names the kind to add', () => {
    const d = sole(step('      - name: lonely\n        headers: { a: b }\n'));
    assert.match(d.message, /^this step has `name` and `headers` but no `request`: add `request: GET \/path`/);
    assert.match(sole(step('      - until: { events: 3 }\n')).message, /but no `sse`: add `sse: GET \/events`/);
  });
  it('Artillery and k6 habits say what to write, once', () => {
    const loop = sole(step('      - loop:\n          - request: GET /\n        count: 3\n'));
    assert.equal(loop.code, 'foreign-key');
    assert.match(loop.message, /`repeat` block/);
    const send = sole(step('      - send: hello\n'));
    assert.equal(send.code, 'foreign-key');
    assertAt(send, 10, 9, 'send');
    assert.match(send.message, /sent by a `ws` step: `- ws: \/path` with `send: \[ … \]`/);
  });
});
