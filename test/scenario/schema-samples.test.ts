// The editor attaches schemas/scenario.schema.json to scenario files directly (package.json
// `yamlValidation`, `jsonValidation`), before any `{{ name }}` is replaced. So the schema itself
// must accept every sample as written — the whole templates that size the load
// (scenario/sizing.ts) included — and must still refuse everything else that is wrong.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { applySizingVariables } from '../../scenario/sizing';
import { schemaAt, types, type StepKind } from '../../server/schema/schema-nav';
import { ROOT } from '../helpers/paths';

const SCHEMA = join(ROOT, 'schemas', 'scenario.schema.json');

/** The same options as scenario/schema-check.ts. */
function compile(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addVocabulary(['markdownDescription']);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
}
const validate = compile();

/** The schema's complaints, `if` branches left out (their `else` says why). */
function problems(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => `${e.instancePath} ${e.message}`);
}

function scenarioFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...scenarioFiles(path));
    else if (/\.scenario\.(ya?ml|json)$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}

const BASE = `version: 1
name: base
target: http://127.0.0.1:4100
variables: { users: 10, rate: 20, duration: 30s }
phases:
  - duration: 1m
    users: 10
flows:
  - name: main
    steps:
      - request: GET /
`;

/** Every field sizing.ts rewrites, each written as a whole template. */
const SIZED = `version: 1
name: sized
target: http://127.0.0.1:4100
variables:
  rampUp: 30s
  hold: 1m
  users: 10
  start: 0
  rate: 20
  cap: 50
  timeout: 5s
  think: 500ms..2s
  pause: 1s
  events: 5
  listen: 10s
  weight: 3
  interval: 2s
  after: 30s
  for: 10s
defaults:
  timeout: "{{ timeout }}"
  think: "{{ think }}"
phases:
  - duration: "{{ rampUp }}"
    users: { from: "{{ start }}", to: "{{ users }}" }
  - duration: "{{hold}}"
    users: "{{ users }}"
  - duration: "{{ hold }}"
    rate: { from: "{{ start }}", to: "{{ rate }}" }
    maxUsers: "{{ cap }}"
  - duration: "  {{ hold }} "
    rate: "{{ rate }}"
setup:
  - request: POST /login
    timeout: "{{ timeout }}"
  - think: "{{ pause }}"
  - sse: GET /events
    timeout: "{{ timeout }}"
    until: { events: "{{ events }}", timeout: "{{ listen }}" }
flows:
  - name: main
    weight: "{{ weight }}"
    steps:
      - request: GET /
        timeout: "{{ timeout }}"
      - think: "{{ pause }}"
      - sse: GET /events
        timeout: "{{ timeout }}"
        until: { events: "{{ events }}", timeout: "{{ listen }}" }
teardown:
  - request: DELETE /session
    timeout: "{{ timeout }}"
  - think: "{{ pause }}"
  - sse: GET /events
    until: { events: "{{ events }}", timeout: "{{ listen }}" }
criteria:
  - { expr: "p95(latency) < 250ms", abort: true, after: "{{ after }}" }
alerts:
  - { when: "cpu > 90%", for: "{{ for }}" }
monitor:
  interval: "{{ interval }}"
`;

/** Strings that still hold a `{{`, with their place. */
function templatesLeft(value: unknown, at = ''): string[] {
  if (typeof value === 'string') return value.includes('{{') ? [`${at} ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => templatesLeft(item, `${at}/${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (k === 'variables' ? [] : templatesLeft(v, `${at}/${k}`)));
  return [];
}

describe('the scenario schema and the samples', () => {
  it('is the schema the editor attaches to YAML and JSON scenarios', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const urls = [...manifest.contributes.yamlValidation, ...manifest.contributes.jsonValidation].map((v: { url: string }) => v.url);
    assert.deepEqual([...new Set(urls)], ['./schemas/scenario.schema.json']);
  });

  const samples = scenarioFiles(join(ROOT, 'samples'));
  it('finds the quickstart and the gallery', () => {
    const names = samples.map((file) => relative(ROOT, file));
    assert.ok(names.includes(join('samples', 'quickstart.scenario.yaml')), names.join());
    assert.ok(names.filter((name) => name.startsWith(join('samples', 'gallery'))).length >= 10, names.join());
  });

  for (const file of samples) {
    it(`accepts ${relative(ROOT, file)} as written`, () => {
      assert.deepEqual(problems(parse(readFileSync(file, 'utf8'))), []);
    });
  }
});

describe('whole templates in the fields that size the load', () => {
  it('are accepted in every field sizing.ts rewrites', () => {
    assert.deepEqual(problems(parse(SIZED)), []);
  });

  it('are exactly the fields sizing.ts rewrites: after it, no template is left and the values fit', () => {
    const value = parse(SIZED);
    applySizingVariables(value, undefined);
    assert.deepEqual(templatesLeft(value), []);
    assert.deepEqual(problems(value), []);
  });

  it('stay refused where sizing.ts does not replace them', () => {
    const cases: Record<string, string> = {
      '/flows/0/steps/0/expect/maxLatency': BASE.replace('GET /', 'GET /\n        expect: { maxLatency: "{{ duration }}" }'),
      '/flows/0/steps/0/expect/status': BASE.replace('GET /', 'GET /\n        expect: { status: "{{ users }}" }'),
      '/flows/0/steps/0/multipart/f/file/size': BASE.replace('GET /', 'POST /\n        multipart: { f: { file: { size: "{{ users }}", name: a.bin } } }'),
      '/monitor/process/pid': `${BASE}monitor: { process: { pid: "{{ users }}" } }\n`,
      '/version': BASE.replace('version: 1', 'version: "{{ users }}"'),
    };
    for (const [path, text] of Object.entries(cases)) {
      const value = parse(text);
      applySizingVariables(value, undefined);
      assert.ok(templatesLeft(value).some((left) => left.startsWith(`${path} `)), `sizing.ts rewrote ${path}`);
      const found = problems(value);
      assert.ok(found.some((p) => p.startsWith(`${path} `)), `${path}: ${found.join('; ') || 'accepted'}`);
    }
  });

  it('must be the whole value, a plain variable name, in a field of the right kind', () => {
    const cases: [string, string, string][] = [
      ['users: "{{ users }} and more"', BASE.replace('users: 10\nflows', 'users: "{{ users }} and more"\nflows'), '/phases/0/users'],
      ['duration: "ten"', BASE.replace('duration: 1m', 'duration: "ten"'), '/phases/0/duration'],
      ['users: "many"', BASE.replace('users: 10\nflows', 'users: "many"\nflows'), '/phases/0/users'],
      ['duration: "{{ duration }}s"', BASE.replace('duration: 1m', 'duration: "{{ duration }}s"'), '/phases/0/duration'],
      ['duration: "{{ env.DURATION }}"', BASE.replace('duration: 1m', 'duration: "{{ env.DURATION }}"'), '/phases/0/duration'],
      ['duration: "{{ }}"', BASE.replace('duration: 1m', 'duration: "{{ }}"'), '/phases/0/duration'],
      ['users: "{{ a }}{{ b }}"', BASE.replace('users: 10\nflows', 'users: "{{ a }}{{ b }}"\nflows'), '/phases/0/users'],
      ['users: { to: "{{ users }} more" }', BASE.replace('users: 10\nflows', 'users: { to: "{{ users }} more" }\nflows'), '/phases/0/users/to'],
      ['rate: "fast"', BASE.replace('users: 10\nflows', 'rate: "fast"\nflows'), '/phases/0/rate'],
      ['users: -1', BASE.replace('users: 10\nflows', 'users: -1\nflows'), '/phases/0/users'],
      ['weight: 0', BASE.replace('  - name: main\n', '  - name: main\n    weight: 0\n'), '/flows/0/weight'],
      ['think: "{{ think }}..2s"', BASE.replace('GET /', 'GET /\n      - think: "{{ think }}..2s"'), '/flows/0/steps/1/think'],
    ];
    for (const [name, text, path] of cases) {
      const found = problems(parse(text));
      assert.ok(found.some((p) => p.startsWith(`${path} `)), `${name}: ${found.join('; ') || 'accepted'}`);
    }
  });

  it('leave the language server their descriptions, the ramp keys and the enums', () => {
    // In these paths a step is a request, except the second of a list, a think step.
    const kind = (prefix: readonly unknown[]): StepKind => (prefix[prefix.length - 1] === 1 ? 'think' : 'request');
    const at = (...path: (string | number)[]) => schemaAt(path, kind);
    const described = [
      ['phases', 0, 'duration'], ['phases', 0, 'users'], ['phases', 0, 'users', 'from'], ['phases', 0, 'users', 'to'],
      ['phases', 0, 'rate'], ['phases', 0, 'rate', 'from'], ['phases', 0, 'rate', 'to'], ['phases', 0, 'maxUsers'],
      ['defaults', 'timeout'], ['defaults', 'think'], ['flows', 0, 'weight'], ['flows', 0, 'steps', 0, 'timeout'],
      ['flows', 0, 'steps', 1, 'think'], ['monitor', 'interval'], ['criteria', 0, 'after'], ['alerts', 0, 'for'],
    ];
    for (const path of described) assert.ok(at(...path)?.description, path.join('.'));
    for (const level of ['users', 'rate']) {
      const ramp = at('phases', 0, level);
      assert.deepEqual(Object.keys(ramp?.properties ?? {}), ['from', 'to'], level);
      // Completion writes `users: ` on one line, as for any value that is not only a mapping.
      assert.ok(types(ramp).includes('object') && types(ramp).length > 1, level);
    }
    assert.deepEqual(at('alerts', 0, 'severity')?.enum, ['info', 'warning', 'critical']);
    assert.deepEqual(at('data', 'users', 'order')?.enum, ['sequential', 'random']);
  });

  it('leave the field\'s own description first in the JSON and YAML services\' hovers', () => {
    // Those services show the first description among the schemas that apply to a value, and an
    // `if` or `then` branch comes before the field itself: a described branch would hide the
    // field's own text. So the checks behind `unless it is a whole template` carry none.
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    const definition = (ref: string | undefined) => (ref ? schema.definitions[ref.replace('#/definitions/', '')] : undefined);
    const guarded: string[] = [];
    const visit = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const { if: condition, then: checks } = node as { if?: { not?: { $ref?: string } }; then?: { $ref?: string; description?: string } };
      if (condition?.not?.$ref === '#/definitions/wholeTemplate') {
        guarded.push(at);
        assert.equal(checks?.description ?? definition(checks?.$ref)?.description, undefined, at);
      }
      for (const [key, value] of Object.entries(node)) visit(value, `${at}/${key}`);
    };
    visit(schema, '#');
    // durationOrTemplate, thinkOrTemplate, the two ramps with their from and to, maxUsers,
    // iterations, weight, events, messages.
    assert.equal(guarded.length, 13, guarded.join('\n'));
  });
});
