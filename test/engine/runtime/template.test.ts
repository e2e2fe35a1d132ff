// Templates compiled by engine/runtime/template.ts, rendered against a VU without any run: every
// expression kind the compiler knows (names, templated variables, env, vu, data, each function),
// constants, and the TemplateError a step fails with (undefined names, unset env, invalid text,
// a variable that refers to itself), and the values a trial's template log writes down. The CLI
// runs only ever see the rendered requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, TemplateError } from '../../../engine/runtime/template';
import { TemplateLog } from '../../../engine/runtime/template-log';
import { VuState, type RunScope, type Scalar } from '../../../engine/runtime/vu-state';

function scope(init: Partial<RunScope> = {}): RunScope {
  return { shared: {}, templated: new Map(), env: {}, data: {}, ...init };
}

function vuWith(shared: Record<string, Scalar> = {}, init: Partial<RunScope> = {}, id = 1): VuState {
  return new VuState(id, scope({ shared, ...init }));
}

test('text without {{ }} is a constant, rendered as written', () => {
  for (const text of ['', 'plain', '/users/42?x=1', 'a } b { c']) {
    const template = compileTemplate(text);
    assert.equal(template.constant, text);
    assert.equal(template.render(vuWith()), text);
  }
  const withExpr = compileTemplate('id {{ vu.id }}');
  assert.equal(withExpr.constant, undefined);
});

test('names read the VU captures first, then the shared variables; scalars are stringified', () => {
  const vu = vuWith({ user: 'alice', count: 3, flag: false, zero: 0 });
  assert.equal(compileTemplate('{{ user }}').render(vu), 'alice');
  assert.equal(compileTemplate('{{count}}/{{ flag }}/{{ zero }}').render(vu), '3/false/0');
  vu.vars.user = 'bob';
  assert.equal(compileTemplate('hi {{ user }}!').render(vu), 'hi bob!');
  // Another VU of the same scope still sees the shared value.
  const other = new VuState(2, vu.scope);
  assert.equal(compileTemplate('{{ user }}').render(other), 'alice');
});

test('an undefined name throws a TemplateError naming it', () => {
  const template = compileTemplate('x={{ missing }}');
  assert.throws(() => template.render(vuWith({ other: 1 })), (err: unknown) => {
    assert.ok(err instanceof TemplateError);
    assert.match(err.message, /"missing" is not defined/);
    assert.match(err.message, /\{\{ missing \}\}/);
    return true;
  });
});

test('a variable holding a template is rendered where it is used; a capture shadowing it is not', () => {
  const text = 'u{{ vu.id }}-{{ env.REGION }}';
  const vu = vuWith({ user: text }, { templated: new Map([['user', text]]), env: { REGION: 'eu' } }, 7);
  assert.equal(compileTemplate('{{ user }}').render(vu), 'u7-eu');
  // A value captured from a server is never rendered, even when it looks like a template.
  vu.vars.user = '{{ vu.id }}';
  assert.equal(compileTemplate('{{ user }}').render(vu), '{{ vu.id }}');
});

test('a variable holding a template keeps one value through an iteration and is drawn again in the next', () => {
  const text = '{{ random.int(1, 1000000) }}';
  const vu = vuWith({ pin: text }, { templated: new Map([['pin', text]]) }, 1);
  vu.beginIteration();
  const login = compileTemplate('login {{ pin }}').render(vu);
  const check = compileTemplate('check {{ pin }}').render(vu);
  assert.equal(login.slice('login '.length), check.slice('check '.length), 'the login and the check after it see one value');
  const drawn = new Set<string>();
  for (let i = 0; i < 20; i++) {
    vu.beginIteration();
    drawn.add(compileTemplate('{{ pin }}').render(vu));
  }
  assert.ok(drawn.size > 1, 'each iteration draws again');
});

test('variables may refer to variables, but one that refers to itself fails instead of looping', () => {
  const templated = new Map([
    ['a', 'A{{ b }}'],
    ['b', 'B{{ vu.id }}'],
    ['cycle', 'x{{ cycle }}'],
  ]);
  const vu = vuWith(Object.fromEntries(templated), { templated }, 3);
  assert.equal(compileTemplate('{{ a }}').render(vu), 'AB3');
  assert.throws(() => compileTemplate('{{ cycle }}').render(vu), (err: unknown) => {
    assert.ok(err instanceof TemplateError);
    assert.match(err.message, /variable "cycle" refers to itself/);
    return true;
  });
  // The depth count was restored: nested variables still render afterwards.
  assert.equal(compileTemplate('{{ a }}').render(vu), 'AB3');
});

test('env.NAME reads the run environment; an unset one is a TemplateError', () => {
  const vu = vuWith({}, { env: { TOKEN: 's3cret', EMPTY: '' } });
  assert.equal(compileTemplate('Bearer {{ env.TOKEN }}').render(vu), 'Bearer s3cret');
  assert.equal(compileTemplate('[{{ env.EMPTY }}]').render(vu), '[]');
  assert.throws(() => compileTemplate('{{ env.NOPE }}').render(vu), /environment variable NOPE is not set/);
  assert.throws(() => compileTemplate('{{ env.NOPE }}').render(vu), TemplateError);
});

test('vu.id and vu.iteration follow the VU', () => {
  const vu = vuWith({}, {}, 12);
  const template = compileTemplate('{{ vu.id }}:{{ vu.iteration }}');
  assert.equal(template.render(vu), '12:0');
  vu.beginIteration();
  vu.beginIteration();
  assert.equal(template.render(vu), '12:2');
});

test('data.SET.COLUMN takes one row per iteration; missing sets and columns are TemplateErrors', () => {
  const rows = [
    { name: 'ann', pass: 'p1' },
    { name: 'ben', pass: 'p2' },
  ];
  const vu = vuWith({}, { data: { users: { rows, order: 'sequential', cursor: 0 }, empty: { rows: [], order: 'sequential', cursor: 0 } } });
  const template = compileTemplate('{{ data.users.name }}/{{ data.users.pass }}');
  vu.beginIteration();
  // Both columns come from the same row within an iteration.
  assert.equal(template.render(vu), 'ann/p1');
  assert.equal(template.render(vu), 'ann/p1');
  vu.beginIteration();
  assert.equal(template.render(vu), 'ben/p2');
  vu.beginIteration();
  assert.equal(template.render(vu), 'ann/p1');
  assert.throws(() => compileTemplate('{{ data.empty.name }}').render(vu), /data set "empty" has no rows/);
  assert.throws(() => compileTemplate('{{ data.nope.name }}').render(vu), /data set "nope" has no rows/);
  assert.throws(() => compileTemplate('{{ data.users.age }}').render(vu), (err: unknown) => {
    assert.ok(err instanceof TemplateError);
    assert.match(err.message, /data set "users" has no column "age"/);
    return true;
  });
});

test('random.int(a, b) covers both bounds inclusively', (t) => {
  const template = compileTemplate('{{ random.int(1, 3) }}');
  const vu = vuWith();
  const random = t.mock.method(Math, 'random', () => 0);
  assert.equal(template.render(vu), '1');
  random.mock.mockImplementation(() => 0.999999);
  assert.equal(template.render(vu), '3');
  random.mock.mockImplementation(() => 0.5);
  assert.equal(template.render(vu), '2');
  random.mock.restore();
  const seen = new Set<string>();
  for (let i = 0; i < 300; i++) seen.add(template.render(vu));
  assert.deepEqual([...seen].sort(), ['1', '2', '3']);
  const negative = compileTemplate('{{ random.int(-2, -2) }}');
  assert.equal(negative.render(vu), '-2');
});

test('random.pick chooses among its arguments, quoted or bare', (t) => {
  const template = compileTemplate(`{{ random.pick('a, b', "c", d, 4) }}`);
  const vu = vuWith();
  const random = t.mock.method(Math, 'random', () => 0);
  assert.equal(template.render(vu), 'a, b');
  random.mock.mockImplementation(() => 0.3);
  assert.equal(template.render(vu), 'c');
  random.mock.mockImplementation(() => 0.6);
  assert.equal(template.render(vu), 'd');
  random.mock.mockImplementation(() => 0.99);
  assert.equal(template.render(vu), '4');
});

test('random.string(n) gives n alphanumeric characters; random.uuid() a fresh v4 UUID', () => {
  const vu = vuWith();
  const text = compileTemplate('{{ random.string(32) }}').render(vu);
  assert.match(text, /^[A-Za-z0-9]{32}$/);
  assert.equal(compileTemplate('{{ random.string(0) }}').render(vu), '');
  const uuid = compileTemplate('{{ random.uuid() }}');
  const a = uuid.render(vu);
  const b = uuid.render(vu);
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
});

test('now() is the epoch time in ms at render time', (t) => {
  const template = compileTemplate('t={{ now() }}');
  t.mock.method(Date, 'now', () => 1_700_000_000_123);
  assert.equal(template.render(vuWith()), 't=1700000000123');
});

test('text and expressions are joined in order', () => {
  const vu = vuWith({ a: 'A' }, { env: { E: 'e' } }, 5);
  assert.equal(compileTemplate('<{{ a }}|{{ env.E }}|{{ vu.id }}>').render(vu), '<A|e|5>');
  assert.equal(compileTemplate('{{ a }}{{ a }}').render(vu), 'AA');
});

test('an invalid template compiles, then fails every render with its first error', () => {
  for (const [text, pattern] of [
    ['x {{ vu.id', /is not closed/],
    ['{{ nope() }}', /unknown function/],
    ['{{ }}', /empty template/],
    ['{{ random.int(5, 1) }}', /lower bound first/],
    ['{{ vu.name }}', /is not known/],
  ] as const) {
    const template = compileTemplate(text);
    assert.equal(template.constant, undefined, text);
    assert.throws(() => template.render(vuWith()), (err: unknown) => {
      assert.ok(err instanceof TemplateError, text);
      assert.match(err.message, new RegExp(`invalid template "${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
      assert.match(err.message, pattern);
      return true;
    });
  }
});

test('with a template log set (a trial), each expression writes the value it rendered: once per value, a variable by its name', (t) => {
  const user = 'u{{ random.int(1, 9) }}';
  const vu = vuWith({ user, cart: 17 }, { templated: new Map([['user', user]]), env: { TOKEN: 's3cret' } }, 4);
  vu.beginIteration();
  // Off (a load): nothing is written anywhere.
  assert.equal(compileTemplate('{{ vu.id }}').render(vu), '4');
  vu.templateLog = new TemplateLog();
  const ints = [0, 0.99];
  t.mock.method(Math, 'random', () => ints.shift() ?? 0.5);
  const uuid = compileTemplate('{{ random.uuid() }}').render(vu);
  const rendered = [
    compileTemplate('/carts/{{ cart }}?by={{ vu.id }}').render(vu),
    compileTemplate('Bearer {{env.TOKEN}}').render(vu),
    compileTemplate('{{ random.int(1, 3) }}-{{ random.int(1, 3) }}-{{ random.int(1, 3) }}').render(vu),
    compileTemplate('{{ user }} {{ user }} {{ vu.id }}').render(vu),
  ];
  assert.deepEqual(rendered, ['/carts/17?by=4', 'Bearer s3cret', '1-3-2', 'u5 u5 4']);
  assert.deepEqual(vu.templateLog.values, [
    { expression: 'random.uuid()', value: uuid },
    { expression: 'cart', value: '17' },
    { expression: 'vu.id', value: '4' },
    // As written inside the braces (trimmed), the value unredacted: the exchange redacts it.
    { expression: 'env.TOKEN', value: 's3cret' },
    // Three draws of one expression: each value.
    { expression: 'random.int(1, 3)', value: '1' },
    { expression: 'random.int(1, 3)', value: '3' },
    { expression: 'random.int(1, 3)', value: '2' },
    // The variable with its whole value, once; not the random.int(1, 9) inside it.
    { expression: 'user', value: 'u5' },
  ]);
});
