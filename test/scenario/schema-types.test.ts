// schemas/scenario.schema.json and scenario/raw-types.ts (the shape normalize.ts reads) must
// agree key for key, optional for optional: the Shape literals below fail to compile when a key
// is added to or removed from a type, and the assertions fail when the schema has not followed
// (or the schema gained a key the types do not know). The report's schema has the same check
// (test/report/schema.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import schema from '../../schemas/scenario.schema.json';
import type { RawPhase, RawRequestStep, RawScenario, RawSseStep, RawThinkStep } from '../../scenario/raw-types';

type Shape<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 'optional' : 'required' };
type Item<T> = T extends (infer U)[] ? U : never;
type Defined<T> = Exclude<T, undefined>;

const R = 'required' as const;
const O = 'optional' as const;

const scenario: Shape<RawScenario> = {
  version: R, name: R, description: O, target: O, defaults: O, variables: O, data: O, phases: R,
  setup: O, flows: R, teardown: O, criteria: O, alerts: O, monitor: O,
};
const defaults: Shape<Defined<RawScenario['defaults']>> = { headers: O, timeout: O, think: O, cookies: O, redirects: O, tls: O, http2: O };
const dataSet: Shape<Defined<RawScenario['data']>[string]> = { file: R, order: O };
const phase: Shape<RawPhase> = { name: O, duration: O, users: O, rate: O, maxUsers: O, iterations: O };
const level: Shape<Exclude<Defined<RawPhase['users']>, number>> = { from: O, to: R };
const flow: Shape<Item<RawScenario['flows']>> = { name: R, weight: O, steps: R };
const requestStep: Shape<RawRequestStep> = {
  request: R, name: O, headers: O, query: O, json: O, body: O, form: O, multipart: O, timeout: O, expect: O, capture: O,
  redirects: O, tls: O, http2: O, cookies: O, auth: O, check: O,
};
const tls: Shape<Defined<RawRequestStep['tls']>> = { insecure: O, ca: O, cert: O, key: O };
const auth: Shape<Defined<RawRequestStep['auth']>> = { user: R, password: R };
const multipartFile: Shape<Exclude<Defined<RawRequestStep['multipart']>[string], string | number | boolean>['file']> = { size: O, path: O, name: O, contentType: O };
const expect: Shape<Defined<RawRequestStep['expect']>> = { status: O, contains: O, maxLatency: O, headers: O, json: O, matches: O };
const thinkStep: Shape<RawThinkStep> = { think: R, name: O };
const sseStep: Shape<RawSseStep> = { sse: R, name: O, headers: O, until: O, timeout: O };
const until: Shape<Defined<RawSseStep['until']>> = { events: O, timeout: O };
const criterion: Shape<Exclude<Item<Defined<RawScenario['criteria']>>, string>> = { expr: R, abort: O, after: O };
const alert: Shape<Item<Defined<RawScenario['alerts']>>> = { when: R, for: O, severity: O, abort: O };
const monitor: Shape<Defined<RawScenario['monitor']>> = { interval: O, system: O, process: O };

interface ObjectSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}
const definitions = (schema as unknown as { definitions: Record<string, ObjectSchema> }).definitions;

function sameShape(where: string, node: ObjectSchema, shape: Record<string, 'required' | 'optional'>): void {
  assert.deepEqual(Object.keys(node.properties ?? {}).sort(), Object.keys(shape).sort(), `${where}: the schema's keys and the type's`);
  const required = Object.entries(shape).filter(([, kind]) => kind === 'required').map(([key]) => key).sort();
  assert.deepEqual([...(node.required ?? [])].sort(), required, `${where}: required keys`);
}

test('the scenario schema and scenario/raw-types.ts agree key for key', () => {
  sameShape('top level', schema as unknown as ObjectSchema, scenario);
  const cases: [string, Record<string, 'required' | 'optional'>][] = [
    ['defaults', defaults], ['dataSet', dataSet], ['phase', phase], ['usersLevel', level], ['rateLevel', level], ['flow', flow],
    ['requestStep', requestStep], ['multipartFile', multipartFile], ['expect', expect], ['thinkStep', thinkStep], ['sseStep', sseStep],
    ['until', until], ['criterion', criterion], ['alert', alert], ['monitor', monitor], ['tls', tls], ['check', expect],
  ];
  sameShape('requestStep.auth', (definitions.requestStep.properties as Record<string, ObjectSchema>).auth, auth);
  for (const [name, shape] of cases) {
    assert.ok(definitions[name], `the schema defines ${name}`);
    sameShape(name, definitions[name], shape);
  }
});
