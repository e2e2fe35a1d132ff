// Completion, hover and the outline on the second edition's keys (issue 12: "the language server
// completes, explains and checks every new key"), called directly with the cursor written as `|`:
// the new kinds of step everywhere steps appear (blocks included), sessions, captures, checks,
// criteria on groups, checks and custom metrics, and `loop.*` only inside repeat blocks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver';
import { isPair, isScalar, visit } from 'yaml';
import { STEP_KINDS } from '../../scenario/step-kinds';
import { complete } from '../../server/features/complete';
import { definition } from '../../server/features/definition';
import { documentSymbols } from '../../server/features/document-symbols';
import { hover } from '../../server/features/hover';
import { atCursor, FIXTURE_DIR, positionOf, SHOP, stateOf } from './helpers';

function items(marked: string): CompletionItem[] {
  const { state, position } = atCursor(marked);
  return complete(state, position);
}
const labels = (marked: string): string[] => items(marked).map((item) => item.label);
const newText = (marked: string, label: string): string => {
  const found = items(marked).find((i) => i.label === label);
  assert.ok(found, `no item ${label} in ${labels(marked).join()}`);
  return found.textEdit && 'newText' in found.textEdit ? found.textEdit.newText : '';
};
const hoverText = (marked: string): string => {
  const { state, position } = atCursor(marked);
  const result = hover(state, position);
  assert.ok(result, 'no hover');
  return (result.contents as { value: string }).value;
};
const includesAll = (got: string[], wanted: string[]) => {
  for (const label of wanted) assert.ok(got.includes(label), `${label} in ${got.join()}`);
};

describe('step kinds everywhere steps appear', () => {
  it('offers every kind of step, from the schema, in a flow, a block and an else', () => {
    const kinds = ['request', 'think', ...STEP_KINDS.filter((kind) => kind !== 'request' && kind !== 'think')];
    assert.deepEqual(labels(SHOP.replace('      - ws: /live', '      - |\n      - ws: /live')).slice(0, kinds.length), kinds);
    assert.deepEqual(labels(SHOP.replace('                name: item\n', '                name: item\n              - |\n')).slice(0, kinds.length), kinds);
    assert.deepEqual(labels(SHOP.replace('              - think: 1s\n', '              - think: 1s\n              - |\n')).slice(0, kinds.length), kinds);
    assert.ok(STEP_KINDS.includes('ws') && STEP_KINDS.includes('record'));
  });

  it('indents the block snippets for the column they go to', () => {
    const marked = SHOP.replace('              - think: 1s\n', '              - think: 1s\n              - |\n');
    assert.equal(newText(marked, 'group'), 'group: ${1:checkout}\n                steps:\n                  - $0');
    assert.equal(newText(marked, 'repeat'), 'repeat: ${1:3}\n                steps:\n                  - $0');
    assert.equal(newText(marked, 'if'), 'if: "${1:role == \'admin\'}"\n                steps:\n                  - $0');
    assert.equal(newText(marked, 'record'), 'record: { ${1:metric}: "{{ ${2:value} \\}\\}" \\}$0');
    assert.equal(newText(marked, 'ws'), "ws: ${1:/live}\n                name: ${2:live}\n                send: [ '${3:hello}' ]\n                until: { messages: ${4:10}, timeout: ${5:30s} }$0");
    const whole = SHOP.replace('      - ws: /live', '      |\n      - ws: /live');
    assert.match(newText(whole, 'repeat'), /^- repeat: \$\{1:3\}\n {8}steps:\n {10}- \$0$/);
  });

  it('documents each snippet with its schema title and description', () => {
    const found = items(SHOP.replace('      - ws: /live', '      - |\n      - ws: /live')).find((i) => i.label === 'repeat');
    assert.equal(found?.detail, 'Repeat block');
    assert.match(String((found?.documentation as { value: string }).value), /Steps run several times in a row/);
  });

  it('offers the keys of the kind being written, nested or not', () => {
    includesAll(labels(SHOP.replace('      - ws: /live\n', '      - ws: /live\n        |\n')), ['send', 'expect', 'timeout', 'headers', 'name']);
    assert.deepEqual(labels(SHOP.replace('until: { messages: 3, timeout: 10s }', 'until: { messages: 3, | }')), ['timeout']);
    assert.deepEqual(labels(SHOP.replace('          - if: "pages > 2"\n', '          - if: "pages > 2"\n            |\n')), ['name']);
    assert.deepEqual(labels(SHOP.replace('          - repeat: { over: "{{ ids }}" }\n', '          - repeat: { over: "{{ ids }}" }\n            |\n')), ['name']);
    assert.deepEqual(labels(SHOP.replace('      - group: checkout\n', '      - group: checkout\n        |\n')), []);
    const nested = labels(SHOP.replace('                name: item\n', '                name: item\n                |\n'));
    includesAll(nested, ['expect', 'check', 'redirects', 'tls', 'http2', 'cookies', 'auth']);
    assert.ok(!nested.includes('steps') && !nested.includes('send'), nested.join());
  });
});

describe('session keys', () => {
  it('offers cookies, redirects, tls and http2 in defaults, and tls\'s own keys', () => {
    includesAll(labels(SHOP.replace('variables:', 'defaults:\n  |\nvariables:')), ['cookies', 'redirects', 'tls', 'http2', 'headers', 'timeout', 'think']);
    assert.deepEqual(labels(SHOP.replace('variables:', 'defaults:\n  tls: { |}\nvariables:')).sort(), ['ca', 'cert', 'insecure', 'key']);
    assert.deepEqual(labels(SHOP.replace('variables:', 'defaults:\n  tls:\n    insecure: |\nvariables:')), ['true', 'false']);
    assert.deepEqual(labels(SHOP.replace('variables:', 'defaults:\n  redirects: |\nvariables:')), ['0', '5', '10']);
    assert.deepEqual(labels(SHOP.replace('        name: items\n', '        name: items\n        http2: |\n')), ['true', 'false']);
    assert.deepEqual(labels(SHOP.replace('        name: items\n', '        name: items\n        auth: { | }\n')), ['user', 'password']);
  });

  it('offers the tests of check: as of expect:, with response headers', () => {
    const check = labels(SHOP.replace('        name: items\n', '        name: items\n        check:\n          |\n'));
    assert.deepEqual(check.sort(), ['contains', 'headers', 'json', 'matches', 'maxLatency', 'status']);
    const headers = labels(SHOP.replace('        name: items\n', '        name: items\n        expect:\n          headers:\n            |\n'));
    includesAll(headers, ['content-type', 'location', 'set-cookie']);
    assert.ok(!headers.includes('authorization'), headers.join());
  });
});

describe('capture sources', () => {
  const at = (value: string) => SHOP.replace('          sid: cookies.sid\n', `          sid: cookies.sid\n          new: ${value}\n`);

  it('offers every kind of source, the regex form among them', () => {
    assert.deepEqual(labels(at('|')), ['body.', 'headers.', 'cookies.', 'status', 'body', '{ regex, from, group }']);
    assert.match(newText(at('|'), '{ regex, from, group }'), /^\{ regex: '\$\{1:.*\}', from: \$\{2\|body,headers\.\|\}, group: \$\{3:1\} \\\}$/);
  });

  it('offers the cookies this file sends or captures, and response headers', () => {
    assert.deepEqual(labels(at('cookies.|')).sort(), ['cookies.consent', 'cookies.sid']);
    includesAll(labels(at('headers.|')), ['headers.location', 'headers.set-cookie']);
    includesAll(labels(at('"cookies.|')), ['cookies.sid']);
  });

  it('offers the regex form\'s keys and where it reads from', () => {
    assert.deepEqual(labels(at("{ regex: 'a(b)', | }")).sort(), ['from', 'group']);
    includesAll(labels(at("{ regex: 'a(b)', from: | }")), ['body', 'headers.location']);
  });
});

describe('block values', () => {
  it('offers names in scope, defined() and not in an if:, then comparisons', () => {
    const start = labels(SHOP.replace('          - if: "pages > 2"', '          - if: "|'));
    includesAll(start, ['pages', 'ids', 'sid', 'defined(NAME)', 'not', 'vu.id']);
    assert.deepEqual(labels(SHOP.replace('          - if: "pages > 2"', '          - if: "pages |')), ['==', '!=', '<', '<=', '>', '>=', 'and', 'or']);
    includesAll(labels(SHOP.replace('          - if: "pages > 2"', '          - if: "pages > 2 and defined(|')), ['ids', 'sid']);
  });

  it('offers a number, variables and the over form for repeat:, lists first for over', () => {
    const got = labels(SHOP.replace('          - repeat: { over: "{{ ids }}" }', '          - repeat: |'));
    includesAll(got, ['3', '"{{ pages }}"', '{ over: … }']);
    assert.deepEqual(labels(SHOP.replace('repeat: { over: "{{ ids }}" }', 'repeat: { over: | }')).slice(0, 1), ['"{{ ids }}"']);
  });

  it('offers whole templates for a record value', () => {
    includesAll(labels(SHOP.replace('record: { cart: "{{ pages }}" }', 'record: { cart: | }')), ['"{{ pages }}"', '"{{ ids }}"']);
  });
});

describe('loop.* in templates', () => {
  const inside = (marked: string) => labels(SHOP.replace('GET /items/{{ loop.value }}', marked));

  it('offers loop.index and loop.value inside a repeat over a list, with the captures before it', () => {
    includesAll(inside('GET /items/{{ |'), ['loop.index', 'loop.value', 'ids', 'sid', 'pages']);
  });

  it('offers only loop.index in a repeat that counts, and neither outside', () => {
    const counting = labels(SHOP.replace('repeat: { over: "{{ ids }}" }', 'repeat: 2').replace('GET /items/{{ loop.value }}', 'GET /items/{{ |'));
    assert.ok(counting.includes('loop.index') && !counting.includes('loop.value'), counting.join());
    const outside = labels(SHOP.replace('      - ws: /live', '      - ws: /live?n={{ |'));
    assert.ok(!outside.some((label) => label.startsWith('loop.')), outside.join());
    const own = labels(SHOP.replace('repeat: { over: "{{ ids }}" }', 'repeat: { over: "{{ | }}" }'));
    assert.ok(!own.some((label) => label.startsWith('loop.')) && own.includes('ids'), own.join());
  });

  it('offers loop.* in an if: condition inside a repeat', () => {
    const got = labels(SHOP.replace('                name: item\n', '                name: item\n              - if: "|\n'));
    includesAll(got, ['loop.index', 'loop.value']);
  });
});

describe('criteria metrics', () => {
  const criterion = (marked: string) => labels(SHOP.replace('  - p95(latency) < 250ms', `  - ${marked}`));

  it('offers checks, group durations and the custom metrics of record steps', () => {
    const got = criterion('|');
    includesAll(got, ['checks', 'p95(duration, group=checkout)', 'p95(cart)', 'count(cart)', 'p95(latency)']);
    assert.ok(!got.includes('count(latency)'), got.join());
  });

  it('offers what each metric may be narrowed with, and the names', () => {
    assert.deepEqual(criterion('p95(duration, |)'), ['group=']);
    assert.deepEqual(criterion('p95(duration, group=|)'), ['checkout']);
    assert.deepEqual(criterion('requests(|)'), ['step=', 'flow=']);
    assert.deepEqual(criterion('checks(step=|)'), ['items', 'item', 'WS /live']);
    assert.deepEqual(criterion('count(|)'), ['cart']);
    includesAll(criterion('p95(|)'), ['latency', 'duration', 'timeToFirstEvent', 'cart']);
  });

  it('offers thresholds for checks and custom metrics', () => {
    assert.deepEqual(criterion('checks >= |'), ['99%', '100%']);
    assert.deepEqual(criterion('p95(cart) < |'), ['100', '10']);
  });
});

describe('hover on the new keys', () => {
  it('explains every key of the full fixture, which uses every key of the schema', () => {
    const file = join(FIXTURE_DIR, 'full.scenario.yaml');
    const state = stateOf(readFileSync(file, 'utf8'), file);
    const unexplained: string[] = [];
    visit(state.doc.document as never, {
      Pair(_key, pair, path) {
        // Bodies and WebSocket messages are the author's own JSON.
        if (path.some((node) => isPair(node) && isScalar(node.key) && (node.key.value === 'json' || node.key.value === 'send'))) return undefined;
        if (!isPair(pair) || !isScalar(pair.key)) return undefined;
        const name = String(pair.key.value);
        const position = state.lines.positionAt((pair.key.range?.[0] ?? 0) + 1);
        const text = (hover(state, position)?.contents as { value: string } | undefined)?.value ?? '';
        if (!text.startsWith(`**${name}** — `)) unexplained.push(`${position.line + 1}: ${name}`);
        return undefined;
      },
    });
    assert.deepEqual(unexplained, []);
  });

  it('explains nested block keys from the schema', () => {
    assert.match(hoverText(SHOP.replace('          - repeat: { over:', '          - repeat: { ov|er:')), /\*\*over\*\* — A list to go through/);
    assert.match(hoverText(SHOP.replace('            else:', '            el|se:')), /\*\*else\*\* — The steps run when it does not/);
    assert.match(hoverText(SHOP.replace('record: { cart:', 're|cord: { cart:')), /\*\*record\*\* — Custom metric name → a number/);
    assert.match(hoverText(SHOP.replace('until: { messages: 3', 'until: { mess|ages: 3')), /\*\*messages\*\* — End after this many messages received/);
  });

  it('explains checks, group durations, count and custom metrics in criteria', () => {
    const criterion = (marked: string) => hoverText(SHOP.replace('  - p95(latency) < 250ms', `  - ${marked}`));
    assert.match(criterion('che|cks >= 99%'), /\*\*checks\*\* — Tests of `check:` that passed/);
    assert.match(criterion('p95(dura|tion, group=checkout) < 2s'), /\*\*duration\*\* — The time a `group:` block took/);
    assert.match(criterion('cou|nt(cart) >= 1'), /\*\*count\*\* — how many values `record:` steps added/);
    assert.match(criterion('p95(ca|rt) < 10'), /\*\*cart\*\* — a custom metric/);
  });

  it('says what a name in an if: condition and loop.value refer to', () => {
    assert.match(hoverText(SHOP.replace('if: "pages > 2"', 'if: "pa|ges > 2"')), /\*\*variable\*\* `pages` = `3`/);
    assert.match(hoverText(SHOP.replace('if: "pages > 2"', 'if: "pages > 2 and defined(s|id)"')), /\*\*capture\*\* `sid`, captured by step `items` from `cookies.sid`/);
    assert.match(hoverText(SHOP.replace('{{ loop.value }}', '{{ loop.va|lue }}')), /\*\*loop.value\*\*: inside `repeat: \{ over: … \}`/);
  });
});

describe('the outline of blocks', () => {
  it('nests a block\'s steps under it', () => {
    const flows = documentSymbols(stateOf(SHOP)).find((s) => s.name === 'flows');
    const shop = flows?.children?.[0];
    assert.deepEqual(shop?.children?.map((c) => c.name), ['items', 'checkout', 'WS /live']);
    const checkout = shop?.children?.[1];
    assert.deepEqual(checkout?.children?.map((c) => `${c.name}: ${c.detail}`), ['repeat: repeat { over: "{{ ids }}" }', 'if: if pages > 2']);
    assert.deepEqual(checkout?.children?.[1].children?.map((c) => `${c.name}: ${c.detail}`), ['record: cart', 'think: think 1s']);
  });
});

describe('go to definition in blocks and criteria', () => {
  const target = (marked: string) => {
    const { state, position, text } = atCursor(marked);
    const found = definition(state, position);
    assert.ok(found?.length === 1, JSON.stringify(found));
    return { start: found[0].range.start, text };
  };

  it('goes from a name in an if: condition to the variable or capture', () => {
    const variable = target(SHOP.replace('if: "pages > 2"', 'if: "pag|es > 2"'));
    assert.deepEqual(variable.start, positionOf(variable.text, 'pages: 3'));
    const capture = target(SHOP.replace('if: "pages > 2"', 'if: "defined(i|ds)"'));
    assert.deepEqual(capture.start, positionOf(capture.text, 'ids: "body'));
  });

  it('goes from group= in a criterion to the group block', () => {
    const group = target(SHOP.replace('  - p95(latency) < 250ms', '  - p95(duration, group=check|out) < 2s'));
    assert.deepEqual(group.start, positionOf(group.text, 'checkout'));
  });
});
