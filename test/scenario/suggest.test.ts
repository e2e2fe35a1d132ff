import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, editDistance } from '../../scenario/suggest';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    assert.equal(editDistance('duration', 'duraton'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('main', 'mian'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });
});

describe('closest', () => {
  it('suggests plausible typos only', () => {
    assert.equal(closest('timout', ['headers', 'timeout', 'think']), 'timeout');
    assert.equal(closest('Timeout', ['timeout', 'timeouts']), 'timeout');
    assert.equal(closest('zzz', ['timeout', 'think']), undefined);
    assert.equal(closest('a', ['b']), 'b');
    assert.equal(closest('ab', ['xy']), undefined);
  });
});
