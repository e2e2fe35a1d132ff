import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeScenarioText } from '../../scenario/load';

const SIZED = `version: 1
name: sized
target: http://127.0.0.1:1
variables: { users: 5, hold: 10s, pause: 1s, share: 3 }
phases:
  - duration: "{{ hold }}"
    users: { from: 0, to: "{{ users }}" }
  - duration: 5s
    rate: "{{ users }}"
    maxUsers: "{{ users }}"
flows:
  - name: f
    weight: "{{ share }}"
    steps:
      - request: GET /x
        json: { n: "{{ users }}" }
      - think: "{{ pause }}"
`;

test('whole templates in load-shaping fields take the variable, and --var overrides it', () => {
  const plain = analyzeScenarioText(SIZED);
  assert.deepEqual(plain.diagnostics.filter((d) => d.severity === 'error'), []);
  const phases = plain.scenario?.phases ?? [];
  assert.deepEqual(
    phases.map((p) => [p.durationMs, p.from, p.to, p.maxUsers]),
    [[10_000, 0, 5, undefined], [5_000, 5, 5, 5]],
  );
  assert.equal(plain.scenario?.flows[0].weight, 3);
  const think = plain.scenario?.flows[0].steps[1];
  assert.deepEqual(think?.kind === 'think' ? think.think : undefined, { minMs: 1000, maxMs: 1000 });

  const large = analyzeScenarioText(SIZED, { vars: { users: '1000', hold: '2m' } });
  assert.deepEqual(large.scenario?.phases.map((p) => [p.durationMs, p.to]), [[120_000, 1000], [5_000, 1000]]);
  // Outside the load shape a template stays a string, rendered per request.
  const request = large.scenario?.flows[0].steps[0];
  assert.deepEqual(request?.kind === 'request' ? request.body : undefined, { kind: 'json', value: { n: '{{ users }}' } });
});

test('a whole template naming no variable is still an error at its position', () => {
  const result = analyzeScenarioText(SIZED.replace('to: "{{ users }}"', 'to: "{{ nobody }}"'));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length > 0);
  assert.equal(errors[0].range.start.line, 6);
  assert.match(errors[0].message, /`nobody` is not a variable: define it under `variables` or pass `--var nobody=…`/);
});

test('a variable that sizes a field is checked where it is used (found by fuzzing: it used to throw)', () => {
  // A think range written backwards in `variables`: the schema sees only its form, the rule its order.
  const backwards = analyzeScenarioText(SIZED.replace('pause: 1s', 'pause: 2000ms..1s'));
  const bad = backwards.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(bad.map((d) => [d.code, d.range.start.line]), [['bad-think', 16]]);
  assert.equal(backwards.scenario, undefined);
  // A whole template naming no variable in a duration: one error there, not an exception.
  const missing = analyzeScenarioText(SIZED.replace('variables: { users: 5, hold: 10s,', 'variables: { users: 5,'));
  const errors = missing.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [d.code, d.range.start.line]), [['undefined-template-name', 5]]);
  assert.match(errors[0].message, /`hold` is not a variable/);
});

test('a variable naming another variable is followed; a loop is an error, not a crash', () => {
  const chained = analyzeScenarioText(SIZED.replace('hold: 10s,', 'hold: "{{ base }}", base: 12s,'));
  assert.deepEqual(chained.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(chained.scenario?.phases[0].durationMs, 12_000);
  const loop = analyzeScenarioText(SIZED.replace('hold: 10s,', 'hold: "{{ again }}", again: "{{ hold }}",'));
  const errors = loop.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length > 0 && errors.every((d) => d.code === 'undefined-template-name'), JSON.stringify(errors));
  assert.equal(loop.scenario, undefined);
});

test('the target cannot use a setup capture: it is read before setup runs (found by an audit: it used to pass, then fail the run)', () => {
  const text = SIZED.replace('target: http://127.0.0.1:1', 'target: "{{ base }}"').replace('phases:', 'setup:\n  - request: GET http://127.0.0.1:1/base\n    capture: { base: body.url }\nphases:');
  const errors = analyzeScenarioText(text).diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [d.code, d.range.start.line]), [['undefined-template-name', 2]]);
  assert.match(errors[0].message, /captured in `setup`, which runs after this value is read/);
});
