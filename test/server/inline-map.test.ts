// The inline `{ … }` scanner on its own: the line, the cursor written as `|`, and what it reads
// there (comments, quotes and escapes, closed mappings, keys on both sides of the cursor).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlineMapAt, type InlineMapContext } from '../../server/cursor/inline-map';

/** The context at `|` in `marked`, a line `key: value`; without `|` the cursor is at the end. */
function at(marked: string): InlineMapContext | undefined {
  const cursor = marked.includes('|') ? marked.indexOf('|') : marked.length;
  const line = marked.replace('|', '');
  const key = /^\s*([^:]+):/.exec(line);
  assert.ok(key, `no key in ${line}`);
  let valueStart = key[0].length;
  while (line[valueStart] === ' ') valueStart++;
  return inlineMapAt(line, cursor, Math.min(valueStart, cursor), key[1].trim());
}

const present = (marked: string): string[] => [...(at(marked)?.present ?? ['(no context)'])].sort();

describe('inline mapping scanner', () => {
  it('reads the keys leading in, the kind and what is typed', () => {
    assert.deepEqual(at('monitor: { interval: 1s, sy|'), { keys: ['monitor'], kind: 'key', key: undefined, typed: 'sy', typedStart: 25, present: new Set(['interval']) });
    const value = at('a: { b: { c: 1|');
    assert.deepEqual([value?.keys, value?.kind, value?.key, value?.typed], [['a', 'b'], 'value', 'c', '1']);
  });

  it('stops at a comment: at the value\'s start or after whitespace, outside quotes', () => {
    assert.equal(at('monitor: # e.g. { |'), undefined);
    assert.equal(at('monitor: { interval: 1s, #|'), undefined);
    assert.equal(at('monitor: { interval: 1s } # see {'), undefined);
    assert.equal(at('monitor: { interval: 1s, # system: true, |'), undefined);
    // Not comments: a `#` inside quotes or inside a word.
    assert.deepEqual(present('x: { a: "#", b: \' # \', |'), ['a', 'b']);
    assert.deepEqual(present('x: { a#b: 1, |'), ['a#b']);
    // A comment after the cursor ends the line: its words are not keys.
    assert.deepEqual(present('monitor: { | # system: true'), []);
  });

  it('does not let a closed mapping hand its last key to the next `{`', () => {
    assert.equal(at('defaults: { headers: { accept: json } {|'), undefined);
    assert.equal(at('x: [ { a: 1 } {|'), undefined);
  });

  it('reads escapes in double quotes and `\'\'` in single quotes', () => {
    // `"C:\\"` ends at its last quote; in single quotes a backslash is just a character.
    assert.deepEqual(present('x: { a: "C:\\\\", |'), ['a']);
    assert.deepEqual(present('x: { a: \'C:\\\', |'), ['a']);
    assert.deepEqual(present('x: { a: "say \\"{\\"", |'), ['a']);
    // `''` is a quote inside the string: the `{` after it is still quoted.
    const quoted = at('x: { a: \'it\'\'s {\', |');
    assert.deepEqual([quoted?.keys, quoted?.kind, [...(quoted?.present ?? [])]], [['x'], 'key', ['a']]);
    // The cursor inside a string, also between an escape and its character: nothing.
    assert.equal(at('x: { a: "C:\\|"'), undefined);
    assert.equal(at('x: { a: \'it\'|\'s\' }'), undefined);
  });

  it('unquotes keys, and reads `"key":value` without a space', () => {
    assert.deepEqual(present('headers: { "authorization": x, \'it\'\'s\': y, |'), ['authorization', "it's"]);
    assert.deepEqual(present('json: {"a":1,"b":"x", |'), ['a', 'b']);
    const value = at('headers: { "accept":|');
    assert.deepEqual([value?.kind, value?.key], ['value', 'accept']);
    // A plain `a:1` is one word in a flow mapping, not a key and a value.
    assert.equal(at('x: { a:1|')?.kind, 'key');
  });

  it('collects the keys written after the cursor, up to the mapping\'s `}`', () => {
    assert.deepEqual(present('users: { |, to: 20 }'), ['to']);
    assert.deepEqual(present('users: { from: 0, |, to: 20, "rate": 1 } '), ['from', 'rate', 'to']);
    // The key being typed at the cursor is not written yet.
    assert.deepEqual(present('users: { t|o: 20 }'), []);
    assert.deepEqual(present('users: { from: |, to: 20 }'), ['to']);
    // Keys of a nested mapping, or after the mapping's `}`, are not its keys.
    assert.deepEqual(present('x: { |, b: { c: 1 }, d: [e, f] }'), ['b', 'd']);
    assert.deepEqual(present('x: { a: { | }, b: 1 }'), []);
    // A mapping still open at the line's end (continued below) has its last key counted too.
    assert.deepEqual(present('x: { |, b: 1'), ['b']);
    // A template after the cursor is skipped; one open before it is not a mapping context.
    assert.deepEqual(present('x: { |, a: "{{ b }}", c: {{ d }} }'), ['a', 'c']);
    assert.equal(at('x: { a: {{ to| }} }'), undefined);
  });

  it('takes `{`, `[` and quotes as syntax only where a value starts', () => {
    assert.equal(at('description: abc { |'), undefined);
    assert.equal(at('description: it\'s { |'), undefined);
    const plain = at('users: { from: x{ |');
    assert.deepEqual([plain?.kind, plain?.key, plain?.typed], ['value', 'from', 'x{ '], 'the `{` is part of the plain value');
    assert.deepEqual(at('users: { from: 0, t|')?.keys, ['users']);
    assert.deepEqual(at('a: [ { b: 1, |')?.keys, undefined, 'a mapping in a flow sequence has no key path');
  });
});
