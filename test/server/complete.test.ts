// Completion, called directly on a document state with the cursor written as `|`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver';
import { complete } from '../../server/features/complete';
import { atCursor, BASE } from './helpers';

function labels(marked: string): string[] {
  const { state, position } = atCursor(marked);
  return complete(state, position).map((item) => item.label);
}

function item(marked: string, label: string): CompletionItem {
  const { state, position } = atCursor(marked);
  const found = complete(state, position).find((i) => i.label === label);
  assert.ok(found, `no item ${label}`);
  return found;
}

const newText = (i: CompletionItem): string => (i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : '');

describe('key completion', () => {
  it('offers the top-level keys not yet written, with their documentation', () => {
    const got = labels(BASE.replace('criteria:', '|\ncriteria:'));
    for (const key of ['description', 'defaults', 'data', 'setup', 'teardown', 'alerts', 'monitor']) assert.ok(got.includes(key), `${key} in ${got.join()}`);
    for (const key of ['version', 'name', 'phases', 'flows', 'criteria']) assert.ok(!got.includes(key), `${key} already written`);
    const defaults = item(BASE.replace('criteria:', 'def|\ncriteria:'), 'defaults');
    assert.match(String((defaults.documentation as { value: string }).value), /every step inherits/);
    assert.equal(newText(defaults), 'defaults:\n  $0');
  });

  it('offers a phase\'s keys inside a phase item', () => {
    const got = labels(BASE.replace('    users: 20\n', '    users: 20\n    |\n'));
    assert.deepEqual(got.sort(), ['iterations', 'maxUsers', 'rate'].sort());
    const fresh = labels(BASE.replace('  - duration: 10s', '  - |\n  - duration: 10s'));
    assert.ok(fresh.includes('duration') && fresh.includes('users') && fresh.includes('rate'), fresh.join());
  });

  it('offers step snippets and request keys in a step list', () => {
    const text = BASE.replace('      - think: 1s\n', '      - think: 1s\n      - |\n');
    const got = labels(text);
    assert.deepEqual(got.slice(0, 3), ['request', 'think', 'sse']);
    const request = item(text, 'request');
    assert.match(newText(request), /^request: \$\{1\|GET,POST/);
    assert.match(newText(request), /\n {8}name: \$\{3:name\}\n {8}expect:\n {10}status/);
    const keys = labels(BASE.replace('        name: login\n', '        name: login\n        |\n'));
    assert.ok(keys.includes('expect') && keys.includes('json') && !keys.includes('name') && !keys.includes('think'), keys.join());
  });

  it('offers whole items on a bare line under steps:', () => {
    const got = item(BASE.replace('    steps:\n', '    steps:\n      |\n'), 'request');
    assert.match(newText(got), /^- request: /);
  });

  it('offers header names under headers:', () => {
    const got = labels(BASE.replace('        name: login\n', '        name: login\n        headers:\n          |\n'));
    assert.ok(got.includes('authorization') && got.includes('content-type'));
  });

  it('offers keys of the right step kind (sse)', () => {
    const got = labels(BASE.replace('      - think: 1s\n', '      - sse: GET /events\n        |\n'));
    assert.ok(got.includes('until') && !got.includes('json'), got.join());
  });
});

describe('value completion', () => {
  it('offers HTTP methods after request:, then the paths used in the file', () => {
    const methods = labels(BASE.replace('      - think: 1s\n', '      - request: |\n'));
    assert.deepEqual(methods, ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    const paths = labels(BASE.replace('      - think: 1s\n', '      - request: GET /i|\n'));
    assert.ok(paths.includes('/login') && paths.includes('/items?limit={{ pageSize }}'), paths.join());
  });

  it('offers enum values, booleans and units', () => {
    assert.deepEqual(labels(`${BASE}alerts:\n  - when: cpu > 90%\n    severity: |\n`), ['info', 'warning', 'critical']);
    assert.deepEqual(labels(`${BASE}alerts:\n  - when: cpu > 90%\n    abort: |\n`), ['true', 'false']);
    assert.ok(labels(BASE.replace('duration: 1m', 'duration: |')).includes('30s'));
  });
});

describe('template completion', () => {
  it('offers variables, earlier captures, vu, env and random functions inside {{ }}', () => {
    const got = labels(BASE.replace('limit={{ pageSize }}', 'limit={{ |'));
    for (const name of ['pageSize', 'token', 'vu.id', 'vu.iteration', 'env.', 'random.int(a, b)', 'now()']) assert.ok(got.includes(name), `${name} in ${got.join()}`);
  });

  it('does not offer a capture before the step that makes it', () => {
    const got = labels(BASE.replace('POST /login', 'POST /login?x={{ |'));
    assert.ok(got.includes('pageSize') && !got.includes('token'), got.join());
  });

  it('closes the braces when they are missing, not when they are there', () => {
    const open = item(BASE.replace('limit={{ pageSize }}', 'limit={{ pa|'), 'pageSize');
    assert.equal(newText(open), 'pageSize }}');
    const closed = item(BASE.replace('limit={{ pageSize }}', 'limit={{ pa| }}'), 'pageSize');
    assert.equal(newText(closed), 'pageSize');
  });

  it('offers data set columns read from the CSV header', () => {
    const text = BASE.replace('variables:', 'data:\n  users: { file: users.csv }\nvariables:').replace('limit={{ pageSize }}', 'user={{ data.|');
    const got = labels(text);
    assert.ok(got.includes('data.users.username') && got.includes('data.users.password'), got.join());
  });
});

describe('expression completion', () => {
  it('offers metrics and aggregates in criteria', () => {
    const got = labels(BASE.replace('  - p95(latency) < 250ms', '  - |'));
    assert.ok(got.includes('p95(latency)') && got.includes('errorRate') && !got.includes('cpu'), got.join());
  });

  it('offers alert-only metrics in alerts', () => {
    const got = labels(`${BASE}alerts:\n  - when: |\n`);
    assert.ok(got.includes('cpu') && got.includes('eventLoopDelay'));
  });

  it('offers step and flow names after step= and flow=', () => {
    assert.deepEqual(labels(BASE.replace('p95(latency)', 'p95(latency, step=|)')), ['login', 'GET /items?limit={{ pageSize }}']);
    assert.deepEqual(labels(BASE.replace('p95(latency)', 'p95(latency, flow=|)')), ['browse']);
    assert.deepEqual(labels(BASE.replace('p95(latency)', 'p95(latency, |)')), ['step=', 'flow=']);
  });

  it('offers comparators after a metric, and thresholds after a comparator', () => {
    assert.deepEqual(labels(BASE.replace('p95(latency) < 250ms', 'p95(latency) |')), ['<', '<=', '>', '>=']);
    assert.ok(labels(BASE.replace('p95(latency) < 250ms', 'p95(latency) < |')).includes('250ms'));
  });
});

describe('completion inside an inline { … } mapping', () => {
  it('offers the mapping\'s keys not yet written, on one line', () => {
    const got = labels(BASE.replace('criteria:', 'monitor: { interval: 1s, |\ncriteria:'));
    assert.ok(got.includes('system') && !got.includes('interval'), got.join());
    const system = item(BASE.replace('criteria:', 'monitor: { sy|\ncriteria:'), 'system');
    assert.equal(newText(system), 'system: ${1|true,false|}');
    const ramp = labels(BASE.replace('users: { from: 0, to: 20 }', 'users: { from: 0, | }'));
    assert.deepEqual(ramp, ['to']);
  });

  it('offers header names and values in an inline headers mapping', () => {
    const names = labels(BASE.replace('headers: { authorization: "Bearer {{ token }}" }', 'headers: { authorization: "Bearer {{ token }}", acc| }'));
    assert.ok(names.includes('accept') && !names.includes('authorization'), names.join());
    const values = labels(BASE.replace('headers: { authorization: "Bearer {{ token }}" }', 'headers: { accept: | }'));
    assert.ok(values.includes('application/json'), values.join());
  });

  it('offers values by the key, and names in scope inside a template', () => {
    assert.deepEqual(labels(BASE.replace('criteria:', 'monitor: { system: | }\ncriteria:')), ['true', 'false']);
    const names = labels(BASE.replace('headers: { authorization: "Bearer {{ token }}" }', 'headers: { authorization: "Bearer {{ to| }}" }'));
    assert.ok(names.includes('token'), names.join());
  });

  it('keeps object and list keys on the line', () => {
    const expect = item(BASE.replace('        headers: { authorization: "Bearer {{ token }}" }', '        expect: { status: 200, con| }'), 'contains');
    assert.equal(newText(expect), 'contains: $0');
    const defaults = labels(BASE.replace('criteria:', 'defaults: { |\ncriteria:'));
    assert.ok(defaults.includes('headers'), defaults.join());
    const headers = item(BASE.replace('criteria:', 'defaults: { hea|\ncriteria:'), 'headers');
    assert.equal(newText(headers), 'headers: { $0 }');
  });

  it('offers nothing after the mapping is closed or inside a quoted brace', () => {
    assert.deepEqual(labels(BASE.replace('criteria:', 'monitor: { interval: 1s } |\ncriteria:')), []);
    assert.deepEqual(labels(BASE.replace('criteria:', 'description: "{ |"\ncriteria:')), []);
  });

  it('offers nothing in a comment, and ignores what a comment after the cursor says', () => {
    assert.deepEqual(labels(BASE.replace('criteria:', 'monitor: # e.g. { |\ncriteria:')), []);
    assert.deepEqual(labels(BASE.replace('criteria:', 'monitor: { interval: 1s, #|\ncriteria:')), []);
    assert.deepEqual(labels(BASE.replace('criteria:', 'monitor: { interval: 1s } # see { |\ncriteria:')), []);
    const got = labels(BASE.replace('criteria:', 'monitor: { | } # system: true\ncriteria:'));
    assert.ok(got.includes('system') && got.includes('interval'), got.join());
  });

  it('does not take the last key of a closed mapping for the next one', () => {
    // `headers` belongs to the closed `{ headers: 1 }`: the new `{` is not a headers mapping.
    assert.deepEqual(labels(BASE.replace('criteria:', 'defaults: { x: { headers: 1 } {|\ncriteria:')), []);
  });

  it('reads escaped and doubled quotes in strings before the cursor', () => {
    const line = '        headers: { authorization: "Bearer {{ token }}" }';
    const double = labels(BASE.replace(line, '        headers: { x-path: "C:\\\\", acc| }'));
    assert.ok(double.includes('accept'), double.join());
    const single = labels(BASE.replace(line, "        headers: { x-path: 'C:\\', x-note: 'it''s {', acc| }"));
    assert.ok(single.includes('accept'), single.join());
  });

  it('does not offer keys already written quoted or in another case', () => {
    const line = 'headers: { authorization: "Bearer {{ token }}" }';
    const quoted = labels(BASE.replace(line, 'headers: { "authorization": x, | }'));
    assert.ok(quoted.includes('accept') && !quoted.includes('authorization'), quoted.join());
    const json = labels(BASE.replace(line, 'headers: {"authorization":"x", | }'));
    assert.ok(json.includes('accept') && !json.includes('authorization'), json.join());
    const cased = labels(BASE.replace(line, 'headers: { Accept: x, | }'));
    assert.ok(cased.includes('authorization') && !cased.includes('accept'), cased.join());
    const block = labels(BASE.replace(`        ${line}\n`, '        headers:\n          Accept: json\n          |\n'));
    assert.ok(block.includes('authorization') && !block.includes('accept'), block.join());
    assert.ok(labels(BASE.replace(line, 'headers: { "accept": | }')).includes('application/json'));
    assert.deepEqual(labels(BASE.replace('users: { from: 0, to: 20 }', "users: { 'from': 0, | }")), ['to']);
  });

  it('does not offer keys written after the cursor in the same mapping', () => {
    assert.deepEqual(labels(BASE.replace('users: { from: 0, to: 20 }', 'users: { |, to: 20 }')), ['from']);
    // The key under the cursor is the one being typed: it is still offered.
    assert.deepEqual(labels(BASE.replace('users: { from: 0, to: 20 }', 'users: { from: 0, t|o: 20 }')), ['to']);
    // Keys of a nested mapping after the cursor are not the outer mapping's.
    const nested = labels(BASE.replace('criteria:', 'defaults: { |, expect: { headers: { accept: x } } }\ncriteria:'));
    assert.ok(nested.includes('headers') && !nested.includes('expect'), nested.join());
  });
});
