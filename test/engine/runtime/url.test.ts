// Request URLs (engine/runtime/url.ts): a step's path joined to the target (with or without a
// base path and slashes), absolute URLs that ignore the target, the query appended with the
// right separator and encoding, templates in path and query, and the error for a relative
// path without a target. No request is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileUrl, parseTarget } from '../../../engine/runtime/url';
import { TemplateError } from '../../../engine/runtime/template';
import { VuState, type Scalar } from '../../../engine/runtime/vu-state';

function vuWith(shared: Record<string, Scalar> = {}, id = 1): VuState {
  return new VuState(id, { shared, templated: new Map(), env: { HOST: 'http://other.example:81' }, data: {} });
}

test('a target splits into origin and a base path without trailing slashes', () => {
  assert.deepEqual(parseTarget('http://localhost:8080'), { origin: 'http://localhost:8080', basePath: '' });
  assert.deepEqual(parseTarget('http://localhost:8080/'), { origin: 'http://localhost:8080', basePath: '' });
  assert.deepEqual(parseTarget('https://api.example.com/v1/'), { origin: 'https://api.example.com', basePath: '/v1' });
  assert.deepEqual(parseTarget('https://api.example.com:443/a/b//'), { origin: 'https://api.example.com', basePath: '/a/b' });
  assert.throws(() => parseTarget('not a url'));
});

test('paths join the target, with or without their leading slash', () => {
  const root = parseTarget('http://h:1');
  const api = parseTarget('http://h:1/api/');
  const vu = vuWith();
  assert.deepEqual(compileUrl('/users', {}, root)(vu), { origin: 'http://h:1', path: '/users' });
  assert.deepEqual(compileUrl('users', {}, root)(vu), { origin: 'http://h:1', path: '/users' });
  assert.deepEqual(compileUrl('/users/1', {}, api)(vu), { origin: 'http://h:1', path: '/api/users/1' });
  assert.deepEqual(compileUrl('users', {}, api)(vu), { origin: 'http://h:1', path: '/api/users' });
  assert.deepEqual(compileUrl('/', {}, api)(vu), { origin: 'http://h:1', path: '/api/' });
  assert.deepEqual(compileUrl('/search?q=a', {}, api)(vu), { origin: 'http://h:1', path: '/api/search?q=a' });
});

test('an absolute URL ignores the target and keeps its own query', () => {
  const target = parseTarget('http://h:1/api');
  const vu = vuWith();
  assert.deepEqual(compileUrl('https://other.example/x/y?z=1', {}, target)(vu), { origin: 'https://other.example', path: '/x/y?z=1' });
  assert.deepEqual(compileUrl('HTTP://Other.Example:8080', {}, target)(vu), { origin: 'http://other.example:8080', path: '/' });
  // No target is needed for an absolute URL.
  assert.deepEqual(compileUrl('http://a.example/p', {}, undefined)(vu), { origin: 'http://a.example', path: '/p' });
});

test('the query is appended in order, encoded, after ? or &', () => {
  const target = parseTarget('http://h:1');
  const vu = vuWith();
  assert.deepEqual(compileUrl('/s', { q: 'a b&c', 'k y': 'é' }, target)(vu), { origin: 'http://h:1', path: '/s?q=a%20b%26c&k%20y=%C3%A9' });
  assert.equal(compileUrl('/s?x=1', { page: '2' }, target)(vu).path, '/s?x=1&page=2');
  assert.equal(compileUrl('https://o.example/s?x=1', { page: '2' }, target)(vu).path, '/s?x=1&page=2');
  assert.equal(compileUrl('/s', { empty: '' }, target)(vu).path, '/s?empty=');
});

test('templates render per VU in the path and in query values', () => {
  const target = parseTarget('http://h:1/api');
  const url = compileUrl('/users/{{ vu.id }}', { token: '{{ token }}', fixed: 'f' }, target);
  assert.deepEqual(url(vuWith({ token: 'a/b' }, 7)), { origin: 'http://h:1', path: '/api/users/7?token=a%2Fb&fixed=f' });
  assert.deepEqual(url(vuWith({ token: 'x' }, 8)), { origin: 'http://h:1', path: '/api/users/8?token=x&fixed=f' });
  // A constant path with a templated query.
  assert.equal(compileUrl('/p', { n: '{{ vu.id }}' }, target)(vuWith({}, 3)).path, '/api/p?n=3');
  // A template that renders to an absolute URL leaves the target.
  assert.deepEqual(compileUrl('{{ env.HOST }}/z', {}, target)(vuWith()), { origin: 'http://other.example:81', path: '/z' });
});

test('a constant URL is resolved once: every call returns the same result', () => {
  const url = compileUrl('/fixed', { a: '1' }, parseTarget('http://h:1'));
  const first = url(vuWith());
  assert.deepEqual(first, { origin: 'http://h:1', path: '/fixed?a=1' });
  assert.equal(url(vuWith({}, 2)), first);
});

test('a relative path without a target is a TemplateError (at compile time when constant)', () => {
  assert.throws(() => compileUrl('/users', {}, undefined), (err: unknown) => {
    assert.ok(err instanceof TemplateError);
    assert.match(err.message, /"\/users" is a relative path and the scenario has no target/);
    return true;
  });
  const templated = compileUrl('/users/{{ vu.id }}', {}, undefined);
  assert.throws(() => templated(vuWith({}, 4)), /"\/users\/4" is a relative path/);
  // An undefined name in a query value fails the render.
  const query = compileUrl('/q', { a: '{{ missing }}' }, parseTarget('http://h:1'));
  assert.throws(() => query(vuWith()), TemplateError);
});
