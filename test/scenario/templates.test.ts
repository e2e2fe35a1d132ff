import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate, templateNames } from '../../scenario/templates';

const exprs = (text: string) => {
  const { parts, errors } = parseTemplate(text);
  assert.deepEqual(errors, [], `errors in ${text}`);
  return parts.flatMap((part) => (part.kind === 'expr' ? [part.expr] : []));
};

const firstError = (text: string) => {
  const { errors } = parseTemplate(text);
  assert.ok(errors.length > 0, `expected an error in ${text}`);
  return errors[0];
};

describe('parseTemplate', () => {
  it('splits text and expressions with offsets spanning the braces', () => {
    const { parts, errors } = parseTemplate('Bearer {{ token }}!');
    assert.deepEqual(errors, []);
    assert.deepEqual(parts, [
      { kind: 'text', value: 'Bearer ' },
      { kind: 'expr', expr: { kind: 'name', name: 'token' }, offset: 7, length: 11, source: 'token' },
      { kind: 'text', value: '!' },
    ]);
  });
  it('leaves plain text alone', () => {
    assert.deepEqual(parseTemplate('no templates } here'), { parts: [{ kind: 'text', value: 'no templates } here' }], errors: [] });
    assert.deepEqual(parseTemplate(''), { parts: [], errors: [] });
  });
  it('reads every expression form', () => {
    assert.deepEqual(exprs('{{env.TARGET}} {{ vu.id }} {{ vu.iteration }} {{ data.users.email }} {{ user-name }}'), [
      { kind: 'env', name: 'TARGET' },
      { kind: 'vu', field: 'id' },
      { kind: 'vu', field: 'iteration' },
      { kind: 'data', set: 'users', column: 'email' },
      { kind: 'name', name: 'user-name' },
    ]);
  });
  it('reads function calls and their arguments', () => {
    assert.deepEqual(exprs('{{ random.int(1, 10) }}{{ random.uuid() }}{{ random.string(8) }}{{ now() }}'), [
      { kind: 'call', fn: 'random.int', args: [1, 10] },
      { kind: 'call', fn: 'random.uuid', args: [] },
      { kind: 'call', fn: 'random.string', args: [8] },
      { kind: 'call', fn: 'now', args: [] },
    ]);
    assert.deepEqual(exprs(`{{ random.pick(red, 'dark blue', "a,b", 3, -1.5, 'it\\'s') }}`), [
      { kind: 'call', fn: 'random.pick', args: ['red', 'dark blue', 'a,b', 3, -1.5, "it's"] },
    ]);
  });
  it('checks arity and argument types', () => {
    assert.match(firstError('{{ random.int(1) }}').message, /takes two numbers/);
    assert.match(firstError('{{ random.int(a, b) }}').message, /takes two numbers/);
    assert.match(firstError('{{ random.int(10, 1) }}').message, /lower bound first/);
    assert.match(firstError('{{ random.uuid(4) }}').message, /takes no arguments/);
    assert.match(firstError('{{ random.string() }}').message, /one whole number/);
    assert.match(firstError('{{ random.string(2.5) }}').message, /one whole number/);
    assert.match(firstError('{{ random.pick() }}').message, /at least one/);
    assert.match(firstError('{{ now(1) }}').message, /takes no arguments/);
  });
  it('reports errors with offsets into the text', () => {
    const unclosed = firstError('a {{ token');
    assert.deepEqual([unclosed.offset, unclosed.length], [2, 8]);
    assert.match(unclosed.message, /not closed/);
    const unknown = firstError('x {{ random.uid() }}');
    assert.equal(unknown.offset, 5);
    assert.equal(unknown.length, 'random.uid'.length);
    assert.match(unknown.message, /unknown function `random.uid\(\)`/);
    assert.match(firstError('{{ }}').message, /empty template/);
    assert.match(firstError('{{ vu.name }}').message, /`vu.id` and `vu.iteration`/);
    assert.match(firstError('{{ env }}').message, /env.NAME/);
    assert.match(firstError('{{ data.users }}').message, /data.SET.COLUMN/);
    assert.match(firstError('{{ random.uuid }}').message, /function call/);
    assert.match(firstError('{{ a.b }}').message, /no dots/);
    assert.match(firstError('{{ a b }}').message, /unexpected `b`/);
    assert.match(firstError('{{ 1 + 2 }}').message, /unexpected `1`/);
    assert.match(firstError("{{ random.pick('a) }}").message, /not closed/);
    assert.match(firstError('{{ random.int(1, 2 }}').message, /not closed/);
  });
  it('never evaluates JavaScript', () => {
    assert.ok(parseTemplate('{{ process.exit() }}').errors[0].message.includes('unknown function'));
    assert.ok(parseTemplate('{{ constructor.constructor("x")() }}').errors.length > 0);
  });
});

describe('templateNames', () => {
  it('lists plain names once, in order', () => {
    assert.deepEqual(templateNames('{{ b }}/{{ env.X }}/{{ a }}/{{ b }}/{{ data.s.c }}'), ['b', 'a']);
  });
});
