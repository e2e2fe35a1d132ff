// Each family of problem, as the CLI prints it: code, 1-based line:col, the text it covers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MINIMAL, analyze, assertAt, only, printed, sole } from './helpers';

describe('a valid minimal scenario', () => {
  it('has no diagnostics', () => {
    assert.deepEqual(printed(MINIMAL), []);
    assert.ok(analyze(MINIMAL).scenario);
  });
});

describe('YAML syntax', () => {
  it('reports the parser error at its place and yields no scenario', () => {
    const text = MINIMAL.replace('name: minimal', 'name: [unclosed');
    const result = analyze(text);
    const syntax = printed(text).filter((d) => d.code === 'yaml-syntax');
    assert.ok(syntax.length >= 1);
    // The parser notices the unclosed bracket where the next line starts.
    assert.ok(syntax[0].line === 2 || syntax[0].line === 3, `line ${syntax[0].line}`);
    assert.match(syntax[0].message, /^YAML: /);
    assert.equal(result.scenario, undefined);
  });
  it('reports duplicate keys', () => {
    const d = only(MINIMAL.replace('name: minimal', 'name: minimal\nname: again'), 'yaml-syntax');
    assertAt(d, 3, 1, 'name');
    assert.match(d.message, /unique/);
  });
  it('rejects a second document', () => {
    assertAt(only(`${MINIMAL}---\nversion: 1\n`, 'multiple-documents'), 11, 1);
  });
});

describe('unquoted templates', () => {
  it('names the problem in the contract\'s words and offers the quotes', () => {
    const text = MINIMAL.replace('target: http://127.0.0.1:4100', 'target: {{ env.TARGET }}');
    const result = analyze(text);
    assert.equal(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
    const [d] = result.diagnostics;
    assert.equal(d.code, 'unquoted-template');
    assert.deepEqual(d.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 24 } });
    assert.match(d.message, /must be quoted, since YAML reads a leading `\{` as a mapping/);
    assert.deepEqual(d.fix?.newText, '"{{ env.TARGET }}"');
  });
  it('covers the rest of the line and swallows the parser\'s own complaint', () => {
    const text = MINIMAL.replace('request: GET /', 'request: GET /\n        headers: { a: b }\n        body: {{ token }}/x # note').replace('variables', '');
    const all = printed(text.replace('flows:', 'variables: { token: t }\nflows:'));
    assert.equal(all.length, 1, JSON.stringify(all));
    assert.equal(all[0].code, 'unquoted-template');
    assert.equal(all[0].text, '{{ token }}/x');
  });
});

describe('schema problems in plain words', () => {
  it('unknown key with a suggestion and a fix, on the key', () => {
    const text = MINIMAL.replace('    users: 1', '    users: 1\n    duraton: 5s');
    const d = only(text, 'unknown-key');
    assertAt(d, 7, 5, 'duraton');
    assert.match(d.message, /unknown key `duraton` in a phase; did you mean `duration`\? expected one of `name`, `duration`, `users`, `rate`, `maxUsers` or `iterations`/);
    assert.equal(analyze(text).diagnostics.find((x) => x.code === 'unknown-key')?.fix?.newText, 'duration');
  });
  it('unknown top-level key', () => {
    assertAt(only(`${MINIMAL}foo: 1\n`, 'unknown-key'), 11, 1, 'foo');
  });
  it('a key of another step kind', () => {
    const d = only(MINIMAL.replace('request: GET /', 'request: GET /\n        until: { events: 1 }'), 'unknown-key');
    assertAt(d, 11, 9, 'until');
    assert.match(d.message, /`until` belongs to an `sse` step, not a `request` step/);
  });
  it('missing required key points at the parent key', () => {
    const d = sole(MINIMAL.replace('  - name: main\n    steps:\n      - request: GET /\n', '  - name: main\n'));
    assert.equal(d.code, 'missing-key');
    assertAt(d, 8, 5, 'name');
    assert.match(d.message, /a flow needs `steps`/);
    const root = sole(MINIMAL.replace('name: minimal\n', ''));
    assertAt(root, 1, 1, 'version');
    assert.match(root.message, /the scenario needs `name`/);
    const ramp = sole(MINIMAL.replace('users: 1', 'users: { from: 2 }'));
    assertAt(ramp, 6, 5, 'users');
    assert.match(ramp.message, /a `users` ramp needs `to`/);
  });
  it('both load models, on the second one', () => {
    const d = sole(MINIMAL.replace('    users: 1', '    users: 1\n    rate: 5'));
    assert.equal(d.code, 'load-model');
    assertAt(d, 7, 5, 'rate');
    assert.equal(d.message, 'a phase takes `users` (closed model) or `rate` (open model), not both');
  });
  it('no load model', () => {
    const d = sole(MINIMAL.replace('    users: 1\n', ''));
    assert.equal(d.code, 'load-model');
    assertAt(d, 5, 5, 'duration');
    assert.match(d.message, /needs a load model/);
  });
  it('maxUsers without rate', () => {
    const d = sole(MINIMAL.replace('    users: 1', '    users: 1\n    maxUsers: 9'));
    assert.equal(d.code, 'max-users-without-rate');
    assertAt(d, 7, 5, 'maxUsers');
    assert.deepEqual(printed(MINIMAL.replace('    users: 1', '    rate: 1\n    maxUsers: 9')), []);
  });
  it('exactly one step kind', () => {
    const both = sole(MINIMAL.replace('request: GET /', 'request: GET /\n        think: 1s'));
    assert.equal(both.code, 'step-kind');
    assertAt(both, 11, 9, 'think');
    assert.match(both.message, /^a step is exactly one of `request`, .*; this one has both `request` and `think`$/);
    const none = sole(MINIMAL.replace('request: GET /', 'reqest: GET /'));
    assert.equal(none.code, 'step-kind');
    assertAt(none, 10, 9, 'reqest');
    assert.match(none.message, /^`reqest` is not a kind of step; did you mean `request`\?/);
    const notMap = sole(MINIMAL.replace('- request: GET /', '- GET /'));
    assert.equal(notMap.code, 'wrong-type');
    assertAt(notMap, 10, 9, 'GET /');
    assert.match(notMap.message, /a step is a mapping/);
  });
  it('one body per request', () => {
    const d = sole(MINIMAL.replace('request: GET /', 'request: POST /\n        json: { a: 1 }\n        form: { b: 2 }'));
    assert.equal(d.code, 'body-conflict');
    assertAt(d, 12, 9, 'form');
    assert.match(d.message, /has `json` and `form`/);
  });
  it('wrong type, enum, const and bounds on the value', () => {
    const type = sole(MINIMAL.replace('users: 1', 'users: many'));
    assert.equal(type.code, 'wrong-type');
    assertAt(type, 6, 12, 'many');
    assert.match(type.message, /`users` should be a whole number or a mapping, not the text `many`/);
    const version = sole(MINIMAL.replace('version: 1', 'version: 2'));
    assert.equal(version.code, 'bad-value');
    assertAt(version, 1, 10, '2');
    const weight = sole(MINIMAL.replace('  - name: main', '  - name: main\n    weight: 0'));
    assertAt(weight, 9, 13, '0');
    assert.match(weight.message, /`weight` must be more than 0/);
    const severity = sole(`${MINIMAL}alerts:\n  - when: cpu > 90%\n    severity: critcal\n`);
    assertAt(severity, 13, 15, 'critcal');
    assert.match(severity.message, /did you mean `critical`/);
    const status = sole(MINIMAL.replace('request: GET /', 'request: GET /\n        expect: { status: [200, 42] }'));
    assertAt(status, 11, 33, '42');
    assert.match(status.message, /HTTP status code from 100 to 599/);
    const empty = sole(MINIMAL.replace(/phases:[\s\S]*?flows:/, 'phases: []\nflows:'));
    assertAt(empty, 4, 1, 'phases');
    assert.match(empty.message, /at least one phase/);
  });
});

describe('units', () => {
  it('a bare number as a duration', () => {
    const d = sole(MINIMAL.replace('duration: 10s', 'duration: 10'));
    assert.equal(d.code, 'bad-duration');
    assertAt(d, 5, 15, '10');
    assert.match(d.message, /`10` has no unit: write a duration such as `10s` or `10ms`/);
  });
  it('a malformed duration, size and think', () => {
    assertAt(only(MINIMAL.replace('request: GET /', 'request: GET /\n        timeout: 5 sec'), 'bad-duration'), 11, 18, '5 sec');
    assertAt(only(MINIMAL.replace('request: GET /', 'request: POST /\n        multipart: { f: { file: { size: 1mb, name: a.bin } } }'), 'bad-size'), 11, 41, '1mb');
    const think = only(MINIMAL.replace('request: GET /', 'think: 2s..1s'), 'bad-think');
    assertAt(think, 10, 16, '2s..1s');
    assert.match(think.message, /backwards/);
  });
  it('a phase of no length', () => {
    assertAt(only(MINIMAL.replace('duration: 10s', 'duration: 0s'), 'bad-duration'), 5, 15, '0s');
  });
});

describe('request lines and target', () => {
  it('the method in capitals', () => {
    const d = sole(MINIMAL.replace('GET /', 'get /'));
    assert.equal(d.code, 'bad-request-line');
    assertAt(d, 10, 18, 'get');
    assert.match(d.message, /capitals: `GET`/);
  });
  it('the path form', () => {
    const d = sole(MINIMAL.replace('GET /', 'GET users'));
    assertAt(d, 10, 22, 'users');
    assert.match(d.message, /must start with `\/`/);
    assert.match(sole(MINIMAL.replace('GET /', '/users')).message, /write `GET \/users`/);
    assert.match(sole(MINIMAL.replace('GET /', 'FETCH /')).message, /unknown method `FETCH`/);
  });
  it('a relative path without target, reported once', () => {
    const text = MINIMAL.replace('target: http://127.0.0.1:4100\n', '').replace('request: GET /', 'request: GET /a\n      - request: GET /b');
    const d = sole(text);
    assert.equal(d.code, 'missing-target');
    assertAt(d, 9, 18, 'GET /a');
    assert.deepEqual(printed(text, { target: 'http://x' }), []);
    assert.deepEqual(printed(MINIMAL.replace('target: http://127.0.0.1:4100\n', '').replace('GET /', 'GET https://example.com/')), []);
  });
});

describe('flows', () => {
  it('duplicate flow names', () => {
    const d = sole(`${MINIMAL}  - name: main\n    steps: [{ think: 1s }]\n`);
    assert.equal(d.code, 'duplicate-flow-name');
    assertAt(d, 11, 11, 'main');
  });
  it('the same step name in two flows is fine', () => {
    assert.deepEqual(printed(`${MINIMAL}  - name: other\n    steps: [{ request: GET / }]\n`), []);
  });
  it('sse without until is a warning, and the scenario still loads', () => {
    const text = MINIMAL.replace('request: GET /', 'sse: GET /events');
    const d = sole(text);
    assert.equal(d.code, 'sse-without-until');
    assert.equal(d.severity, 'warning');
    assertAt(d, 10, 9, 'sse');
    assert.ok(analyze(text).scenario);
  });
  it('capture names and sources', () => {
    const d = sole(MINIMAL.replace('request: GET /', 'request: GET /\n        capture: { id: cookie.id }'));
    assert.equal(d.code, 'bad-capture');
    assertAt(d, 11, 24, 'cookie.id');
    const regex = sole(MINIMAL.replace('request: GET /', 'request: GET /\n        capture: { id: { regex: "(a" } }'));
    assert.equal(regex.code, 'bad-capture');
    assert.match(regex.message, /is not a regular expression/);
    const reserved = sole(MINIMAL.replace('request: GET /', 'request: GET /\n        capture: { env: status }'));
    assert.equal(reserved.code, 'bad-name');
    assertAt(reserved, 11, 20, 'env');
  });
});

describe('templates', () => {
  const withSteps = (steps: string, top = '') => `${MINIMAL.replace('      - request: GET /\n', steps)}${top}`;
  it('a syntax error at its place inside the value', () => {
    const d = sole(withSteps('      - request: GET /x/{{ random.int(1) }}\n'));
    assert.equal(d.code, 'template-syntax');
    assertAt(d, 10, 28, 'random.int(1)');
  });
  it('an undefined name with a suggestion and fix', () => {
    const text = withSteps('      - request: GET /x/{{ tokn }}\n', 'variables: { token: t }\n');
    const d = sole(text);
    assert.equal(d.code, 'undefined-template-name');
    assertAt(d, 10, 28, 'tokn');
    assert.match(d.message, /`tokn` is not defined; did you mean `token`\?/);
    assert.equal(analyze(text).diagnostics[0].fix?.newText, 'token');
  });
  it('positions inside quoted values', () => {
    const d = sole(withSteps('      - request: GET /\n        headers: { authorization: "Bearer {{ nope }}" }\n'));
    assertAt(d, 11, 46, 'nope');
  });
  it('captures are visible only after their step', () => {
    const steps = '      - request: GET /a/{{ id }}\n      - request: GET /b\n        capture: { id: body.id }\n      - request: GET /c/{{ id }}\n';
    const d = sole(withSteps(steps));
    assertAt(d, 10, 28, 'id');
    assert.match(d.message, /captured by a later step \(`GET \/b`, step 2\)/);
    const own = sole(withSteps('      - request: GET /a/{{ id }}\n        capture: { id: body.id }\n'));
    assert.match(own.message, /captured by this step/);
  });
  it('captures of another flow are not visible', () => {
    const text = `${MINIMAL.replace('request: GET /', 'request: GET /\n        capture: { id: body.id }')}  - name: other\n    steps: [{ request: "GET /{{ id }}" }]\n`;
    const d = sole(text);
    assert.match(d.message, /captured only in flow `main`/);
  });
  it('setup captures are visible to flows and teardown, variables and --var everywhere', () => {
    const text = `${withSteps('      - request: GET /{{ session }}/{{ a }}/{{ b }}/{{ env.HOME }}/{{ vu.id }}\n')}variables: { a: 1 }\nsetup:\n  - request: POST /login\n    capture: { session: body.s }\n  - request: GET /{{ session }}\nteardown:\n  - request: DELETE /{{ session }}/{{ b }}\n`;
    assert.deepEqual(printed(text, { vars: { b: 'x' } }), []);
    const withoutVar = printed(text).filter((d) => d.code === 'undefined-template-name').map((d) => [d.line, d.text]);
    assert.deepEqual(withoutVar, [[10, 'b'], [17, 'b']]);
  });
  it('flow captures are not visible in teardown; setup does not see later setup captures', () => {
    const text = `${MINIMAL.replace('request: GET /', 'request: GET /\n        capture: { id: body.id }')}teardown:\n  - request: DELETE /{{ id }}\nsetup:\n  - request: GET /{{ s }}\n  - request: GET /\n    capture: { s: body.s }\n`;
    const found = printed(text).filter((d) => d.code === 'undefined-template-name').map((d) => [d.line, d.text]);
    assert.deepEqual(found, [[13, 'id'], [15, 's']]);
  });
  it('data sets must exist', () => {
    const d = sole(withSteps('      - request: GET /{{ data.user.name }}\n', 'data: { users: { file: users.csv } }\n'));
    assert.equal(d.code, 'unknown-data-set');
    assertAt(d, 10, 31, 'user');
    assert.match(d.message, /did you mean `users`/);
  });
  it('templates in the target and defaults are checked too', () => {
    const text = MINIMAL.replace('target: http://127.0.0.1:4100', 'target: "http://{{ host }}"');
    assertAt(only(text, 'undefined-template-name'), 3, 20, 'host');
  });
  it('names and capture sources are not templates', () => {
    assert.deepEqual(printed(MINIMAL.replace('request: GET /', 'request: GET /\n        name: "{{ not checked }}"')), []);
  });
});

describe('criteria and alerts', () => {
  it('an expression that does not parse, at the offending token', () => {
    const d = sole(`${MINIMAL}criteria:\n  - p95(latency) < 250\n`);
    assert.equal(d.code, 'bad-expression');
    assertAt(d, 12, 20, '250');
  });
  it('in the object form and in alerts', () => {
    assertAt(only(`${MINIMAL}criteria:\n  - expr: "erorRate < 1%"\n    abort: true\n`, 'bad-expression'), 12, 12, 'erorRate');
    assertAt(only(`${MINIMAL}alerts:\n  - when: cpu > lots\n`, 'bad-expression'), 12, 17, 'lots');
  });
  it('unknown step and flow names', () => {
    const step = sole(`${MINIMAL}criteria:\n  - p99(latency, step=GET /x) < 1s\n`);
    assert.equal(step.code, 'unknown-step');
    assertAt(step, 12, 23, 'GET /x');
    assert.match(step.message, /did you mean `GET \/`/);
    const flow = sole(`${MINIMAL}criteria:\n  - p99(latency, flow=mian) < 1s\n`);
    assert.equal(flow.code, 'unknown-flow');
    assert.match(flow.message, /did you mean `main`/);
    assert.deepEqual(printed(`${MINIMAL}criteria:\n  - p99(latency, step=GET /) < 1s\n  - p99(latency, flow=main) < 1s\n`), []);
  });
  it('process metrics need monitor.process', () => {
    const d = sole(`${MINIMAL}alerts:\n  - when: process.cpu > 50%\n`);
    assert.equal(d.code, 'process-metric-without-monitor');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(printed(`${MINIMAL}alerts:\n  - when: process.cpu > 50%\nmonitor: { process: { pid: 42 } }\n`), []);
  });
});

describe('ordering and severities', () => {
  it('diagnostics come in document order; only errors withhold the scenario', () => {
    const text = `${MINIMAL.replace('duration: 10s', 'duration: 10').replace('GET /', 'get /')}foo: 1\n`;
    const lines = printed(text).map((d) => d.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
    assert.equal(analyze(text).scenario, undefined);
  });
});

describe('monitor', () => {
  it('process takes pid or name, not both, and not neither', () => {
    const both = sole(`${MINIMAL}monitor:\n  process: { pid: 1, name: node }\n`);
    assertAt(both, 12, 3, 'process');
    assert.match(both.message, /takes one of `pid` or `name`, not both/);
    assert.match(sole(`${MINIMAL}monitor:\n  process: {}\n`).message, /`process` needs `pid` or `name`/);
  });
});

describe('documents that are not a scenario', () => {
  it('an empty file or a bare scalar', () => {
    for (const text of ['', '# nothing yet\n', 'hello\n']) {
      const d = sole(text);
      assert.equal(d.code, 'wrong-type');
      assertAt(d, 1, 1);
      assert.match(d.message, /a scenario is a YAML mapping starting with `version: 1`/);
    }
  });
});
