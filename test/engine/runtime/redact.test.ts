// Secret redaction (engine/runtime/redact.ts): which `env.NAME` a scenario refers to, found in
// any nested string, and how the redactor replaces their values in reported text — every
// occurrence, longest secret first, short values left alone. The secrets test runs it through
// the CLI end to end; this pins the rules themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor, envNamesIn } from '../../../engine/runtime/redact';

test('env names are collected from every string of a nested value, without repeats', () => {
  const scenario = {
    target: '{{ env.TARGET }}',
    defaults: { headers: { authorization: 'Bearer {{ env.TOKEN }}', plain: 'no template' } },
    flows: [{ steps: [{ body: { kind: 'json', value: { password: '{{env.PASSWORD}}', again: '{{ env.TOKEN }}', n: 3, ok: true, none: null } } }] }],
    other: ['{{ vu.id }}', '{{ user }}', '{{ data.users.name }}', '{{ env.LIST }} and {{ env.SECOND }}'],
  };
  assert.deepEqual([...envNamesIn(scenario)].sort(), ['LIST', 'PASSWORD', 'SECOND', 'TARGET', 'TOKEN']);
  assert.deepEqual([...envNamesIn('no braces')], []);
  assert.deepEqual([...envNamesIn(42)], []);
  assert.deepEqual([...envNamesIn(null)], []);
  // An invalid template still yields the names of its valid parts.
  assert.deepEqual([...envNamesIn('{{ env.A }} {{ bad(')], ['A']);
});

test('envNamesIn adds to a given set', () => {
  const names = new Set(['KEEP']);
  const result = envNamesIn({ a: '{{ env.NEW }}' }, names);
  assert.equal(result, names);
  assert.deepEqual([...names].sort(), ['KEEP', 'NEW']);
});

test('every occurrence of a secret value is replaced by its name', () => {
  const redact = createRedactor(['TOKEN', 'PASSWORD'], { TOKEN: 'tok-123456', PASSWORD: 'hunter2!' });
  assert.equal(
    redact('401 for Bearer tok-123456 (password hunter2!), retry tok-123456'),
    '401 for Bearer [redacted env.TOKEN] (password [redacted env.PASSWORD]), retry [redacted env.TOKEN]',
  );
  assert.equal(redact('nothing secret here'), 'nothing secret here');
});

test('values that are unset, not named, or shorter than 3 characters are left alone', () => {
  const env = { SHORT: 'on', EMPTY: '', LONG: 'abc', UNNAMED: 'visible-value' };
  const redact = createRedactor(['SHORT', 'EMPTY', 'LONG', 'MISSING'], env);
  assert.equal(redact('on abc visible-value'), 'on [redacted env.LONG] visible-value');
  const none = createRedactor(['SHORT', 'MISSING'], env);
  assert.equal(none('on and on'), 'on and on');
});

test('a secret containing another is replaced whole (longest first)', () => {
  const redact = createRedactor(['INNER', 'OUTER'], { INNER: 'secret', OUTER: 'my-secret-key' });
  assert.equal(redact('x my-secret-key y secret z'), 'x [redacted env.OUTER] y [redacted env.INNER] z');
  // The same whatever order the names come in.
  const reversed = createRedactor(['OUTER', 'INNER'], { INNER: 'secret', OUTER: 'my-secret-key' });
  assert.equal(reversed('my-secret-key'), '[redacted env.OUTER]');
});

test('a redactor works on the names of a scenario and the process environment together', () => {
  const scenario = { target: '{{ env.HOST }}', headers: { auth: '{{ env.KEY }}' } };
  const redact = createRedactor(envNamesIn(scenario), { HOST: 'http://internal.example:8080', KEY: 'k-0000-1111', PATH: '/usr/bin' });
  assert.equal(
    redact('connect ECONNREFUSED http://internal.example:8080/login with k-0000-1111 from /usr/bin'),
    'connect ECONNREFUSED [redacted env.HOST]/login with [redacted env.KEY] from /usr/bin',
  );
});

test("a short secret is not replaced inside another secret's marker", () => {
  const redact = createRedactor(['LONG', 'SHORT'], { LONG: 'my-long-secret', SHORT: 'act' });
  assert.equal(redact('a my-long-secret b act'), 'a [redacted env.LONG] b [redacted env.SHORT]');
});
