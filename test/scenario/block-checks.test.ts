// The checks of the second edition's blocks and custom metrics, as the CLI prints them: `if:`
// conditions (syntax and names), `{{ loop.* }}` where no repetition goes on, `repeat:` and
// `over` values, `record:` values and names, and `group=` in criteria.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MINIMAL, analyze, assertAt, only, printed } from './helpers';

/** MINIMAL with two variables and a first step that captures, followed by `steps` (six spaces in). */
function scenario(steps: string, extra = ''): string {
  return MINIMAL.replace('target: http://127.0.0.1:4100', 'target: http://127.0.0.1:4100\nvariables: { pages: 3, role: admin }')
    .replace('      - request: GET /\n', `      - request: GET /items\n        capture: { ids: "body.items[*].id", token: body.token }\n${steps}${extra}`);
}

const codes = (text: string) => printed(text).map((d) => d.code);

describe('if: conditions', () => {
  it('accepts the contract\'s example and every operator', () => {
    const text = scenario(`      - if: "role == 'admin' and defined(token)"
        steps: [ { request: GET /admin } ]
        else: [ { think: 1s } ]
      - if: "not (pages < 2 or pages >= 10) and token != '' and vu.id <= 3 and env.MODE > 1"
        steps: [ { think: 1s } ]
`);
    assert.deepEqual(printed(text), []);
    assert.ok(analyze(text).scenario);
  });

  it('points inside the string at what does not parse', () => {
    const text = scenario(`      - if: "role == 'admin' and"
        steps: [ { think: 1s } ]
`);
    const d = only(text, 'bad-condition');
    assertAt(d, 13, 33);
    assert.match(d.message, /ends too early/);
    assertAt(only(scenario(`      - if: "role = 'admin'"
        steps: [ { think: 1s } ]
`), 'bad-condition'), 13, 19, '=');
  });

  it('says that a condition reads names without braces', () => {
    const d = only(scenario(`      - if: "{{ role }} == 'admin'"
        steps: [ { think: 1s } ]
`), 'bad-condition');
    assertAt(d, 13, 14, '{');
    assert.match(d.message, /without braces/);
  });

  it('reports a name that is not defined where the condition stands, with did-you-mean and its fix', () => {
    const text = scenario(`      - if: "rol == 'admin' and tokn != ''"
        steps: [ { think: 1s } ]
`);
    const found = printed(text).filter((d) => d.code === 'undefined-template-name');
    assert.deepEqual(found.map((d) => [d.line, d.col, d.text]), [[13, 14, 'rol'], [13, 33, 'tokn']]);
    assert.match(found[0].message, /did you mean `role`/);
    const fixes = analyze(text).diagnostics.filter((d) => d.code === 'undefined-template-name').map((d) => d.fix?.newText);
    assert.deepEqual(fixes, ['role', 'token']);
  });

  it('sees captures as templates do: only those of earlier steps', () => {
    const text = scenario(`      - if: "later == 1"
        steps: [ { think: 1s } ]
      - request: GET /later
        capture: { later: status }
`);
    assert.match(only(text, 'undefined-template-name').message, /captured by a later step/);
  });

  it('checks data sets and loop.* in conditions', () => {
    assert.equal(only(scenario(`      - if: "data.users.name == 'ann'"
        steps: [ { think: 1s } ]
`), 'unknown-data-set').text, 'users');
    assertAt(only(scenario(`      - if: "loop.index > 0"
        steps: [ { think: 1s } ]
`), 'loop-outside-repeat'), 13, 14, 'loop.index');
  });

  it('warns that defined(NAME) of a name defined nowhere is always false', () => {
    const d = only(scenario(`      - if: "not defined(tokne)"
        steps: [ { think: 1s } ]
`), 'condition-never-defined');
    assert.equal(d.severity, 'warning');
    assertAt(d, 13, 26, 'tokne');
    assert.match(d.message, /always false; did you mean `token`\?/);
  });
});

describe('{{ loop.* }}', () => {
  it('is known in the steps of a repeat, nested blocks included', () => {
    const text = scenario(`      - repeat: { over: "{{ ids }}" }
        steps:
          - group: each
            steps:
              - request: GET /items/{{ loop.value }}?n={{ loop.index }}
              - if: "loop.index > 0"
                steps: [ { request: "GET /again/{{ loop.value }}" } ]
      - repeat: "{{ pages }}"
        steps: [ { request: "GET /pages/{{ loop.index }}" } ]
`);
    assert.deepEqual(printed(text), []);
  });

  it('is an error outside a repeat block, also in the repeat\'s own value', () => {
    const outside = only(scenario('      - request: GET /x?n={{ loop.index }}\n'), 'loop-outside-repeat');
    assertAt(outside, 13, 30, 'loop.index');
    assert.match(outside.message, /only known in the steps of a `repeat:` block/);
    const own = only(scenario(`      - repeat: { over: "{{ ids }}" }
        steps:
          - repeat: "{{ loop.value }}"
            steps: [ { think: 1s } ]
      - repeat: "{{ loop.index }}"
        steps: [ { think: 1s } ]
`), 'loop-outside-repeat');
    assertAt(own, 17, 21, 'loop.index');
    assert.match(own.message, /read before its loop starts/);
    assert.equal(only(`${scenario('')}criteria:\n  - p95(latency) < 1s\n`.replace('target: http://127.0.0.1:4100', 'target: "http://127.0.0.1:{{ loop.index }}"'), 'loop-outside-repeat').line, 3);
  });

  it('has no value in a repeat that counts', () => {
    const d = only(scenario(`      - repeat: 3
        steps:
          - request: GET /items/{{ loop.value }}
`), 'loop-value-without-over');
    assertAt(d, 15, 36, 'loop.value');
    assert.match(d.message, /only `loop.index` \(from 0\) is known/);
  });

  it('reads the innermost repeat', () => {
    const text = scenario(`      - repeat: { over: "{{ ids }}" }
        steps:
          - repeat: 2
            steps: [ { request: "GET /x/{{ loop.value }}" } ]
`);
    assert.deepEqual(codes(text), ['loop-value-without-over']);
  });
});

describe('repeat: values', () => {
  it('takes a number, one whole template, or over a whole template', () => {
    const text = scenario(`      - repeat: 2
        steps: [ { think: 1s } ]
      - repeat: "{{ pages }}"
        steps: [ { think: 1s } ]
      - repeat: " {{ env.PAGES }} "
        steps: [ { think: 1s } ]
      - repeat: { over: "{{ ids }}" }
        steps: [ { think: 1s } ]
`);
    assert.deepEqual(printed(text), []);
  });

  it('refuses text that is not one whole template, with the number as a fix', () => {
    const text = scenario(`      - repeat: "{{ pages }} times"
        steps: [ { think: 1s } ]
      - repeat: three
        steps: [ { think: 1s } ]
      - repeat: "3"
        steps: [ { think: 1s } ]
`);
    const found = printed(text).filter((d) => d.code === 'bad-repeat');
    assert.deepEqual(found.map((d) => [d.line, d.col, d.text]), [[13, 17, '"{{ pages }} times"'], [15, 17, 'three'], [17, 17, '"3"']]);
    assert.match(found[0].message, /has text around its template/);
    assert.match(found[1].message, /`three` is neither/);
    const fix = analyze(text).diagnostics.find((d) => d.code === 'bad-repeat' && d.fix);
    assert.equal(fix?.fix?.newText, '3');
  });

  it('refuses an over that is not a whole template', () => {
    const d = only(scenario(`      - repeat: { over: "ids" }
        steps: [ { think: 1s } ]
`), 'bad-repeat-over');
    assertAt(d, 13, 25, '"ids"');
    assert.match(d.message, /one whole template naming a list, e.g. `"\{\{ ids \}\}"`/);
  });

  it('leaves a broken template to the template check', () => {
    assert.deepEqual(codes(scenario(`      - repeat: "{{ pages "
        steps: [ { think: 1s } ]
`)), ['template-syntax']);
  });
});

describe('record: values', () => {
  it('takes numbers and templates giving one', () => {
    const text = scenario(`      - record: { total: "{{ pages }}", fixed: 12.5, text: "7", random: "{{ random.int(1, 5) }}" }\n`, 'criteria:\n  - p95(total) < 100\n  - count(fixed) >= 1\n');
    assert.deepEqual(printed(text), []);
  });

  it('refuses text that is not a number, and warns of text around a template', () => {
    const text = scenario('      - record: { total: abc, priced: "{{ pages }} EUR" }\n');
    const found = printed(text).filter((d) => d.code === 'bad-record-value');
    assert.deepEqual(found.map((d) => [d.line, d.col, d.severity, d.text]), [[13, 26, 'error', 'abc'], [13, 39, 'warning', '"{{ pages }} EUR"']]);
    assert.match(found[0].message, /`abc` is not a number/);
  });

  it('warns of a metric named like a built-in one', () => {
    const d = only(scenario('      - record: { latency: 3 }\n'), 'record-shadows-metric');
    assertAt(d, 13, 19, 'latency');
    assert.equal(d.severity, 'warning');
  });

  it('says what a metric name may hold, and that record needs one', () => {
    const name = only(scenario('      - record: { cart-total: 3 }\n'), 'bad-name');
    assertAt(name, 13, 19, 'cart-total');
    assert.match(name.message, /cannot name a custom metric.*e\.g\. `cart_total`/);
    assert.match(only(scenario('      - record: {}\n'), 'missing-key').message, /^`record` needs at least one metric/);
  });
});

describe('criteria on blocks', () => {
  it('knows group names, custom metrics and checks', () => {
    const text = scenario(`      - group: checkout
        steps:
          - record: { cart: 3 }
`, 'criteria:\n  - p95(duration, group=checkout) < 2s\n  - p95(cart) < 10\n  - checks >= 99%\n  - checks(step=GET /items) >= 99%\n');
    assert.deepEqual(printed(text), []);
    const wrong = only(text.replace('group=checkout', 'group=chekout'), 'unknown-group');
    assert.match(wrong.message, /did you mean `checkout`/);
    assert.equal(wrong.text, 'chekout');
  });

  it('takes no Object.prototype key for a metric', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      assert.match(only(scenario('', `criteria:\n  - ${name} < 5\n`), 'bad-expression').message, new RegExp(`^unknown metric \`${name}\``));
    }
  });

  it('says a group block needs steps, in its words', () => {
    assert.match(only(scenario('      - group: checkout\n'), 'missing-key').message, /^a `group` block needs `steps`/);
  });
});

describe('ws steps', () => {
  it('warns of a session without until, which lasts the step timeout', () => {
    const d = only(scenario('      - ws: /live\n        send: [ hello ]\n'), 'ws-without-until');
    assert.equal(d.severity, 'warning');
    assertAt(d, 13, 9, 'ws');
    assert.match(d.message, /WebSocket session has no `until`.*until: \{ messages: 10, timeout: 30s \}/);
    assert.deepEqual(printed(scenario('      - ws: /live\n        until: { timeout: 5s }\n')), []);
  });
});

describe('hints on ws steps and blocks', () => {
  const hints = { hints: true };

  it('counts a ws step as a request of the iteration, and a block as no time', () => {
    const text = MINIMAL.replace('      - request: GET /\n', '      - ws: /live\n        until: { messages: 3 }\n      - group: g\n        steps: [ { record: { n: 1 } } ]\n');
    assert.match(only(text, 'hint-zero-think', hints).message, /flow `main` has no think time/);
  });

  it('does not move a header to defaults when a ws step would gain it', () => {
    const twice = '      - request: GET /b\n        headers: { x-team: a }\n      - request: GET /c\n        headers: { x-team: a }\n';
    const request = MINIMAL.replace('      - request: GET /\n', twice);
    assert.equal(printed(request, hints).filter((d) => d.code === 'hint-repeated-headers').length, 2, 'one at each request');
    assert.deepEqual(printed(`${request.trimEnd()}\n      - ws: /live\n        until: { messages: 3 }\n`, hints).filter((d) => d.code === 'hint-repeated-headers'), []);
  });
});
