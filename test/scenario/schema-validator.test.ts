// The scenario validator is compiled at build time (scripts/build-schema-validator.mjs). Its errors
// must be exactly those of ajv compiling the schema at run time with the same options: the same
// fields and values, and `parentSchema` / object-valued `schema` the very objects of the schema
// file, which is how scenario/schema-messages.ts recognises an error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv, { type ErrorObject } from 'ajv';
import fc from 'fast-check';
import schemaJson from '../../schemas/scenario.schema.json';
import validate from '../../scenario/generated/scenario-validator.js';
import { parseScenarioText } from '../../scenario/parse';
import { loadSamples, mutatedSample, structuredScenario, validScenario } from '../fuzz/arbitraries';

/** What scenario/schema-check.ts compiled at every start before. */
function runtimeValidator() {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addVocabulary(['markdownDescription']);
  return ajv.compile(schemaJson);
}
const atRunTime = runtimeValidator();

function errorsOf(check: { (data: unknown): boolean; errors?: ErrorObject[] | null }, value: unknown): ErrorObject[] {
  return check(value) ? [] : [...(check.errors ?? [])];
}

/** Asserts both validators judge `value` alike, error by error. */
function same(value: unknown): number {
  const expected = errorsOf(atRunTime, value);
  const actual = errorsOf(validate, value);
  assert.equal(actual.length, expected.length, 'as many errors');
  expected.forEach((want, i) => {
    const got = actual[i];
    assert.deepEqual(Object.keys(got), Object.keys(want), `error ${i}: the same fields`);
    // The schema parts and the value, by identity (comparing them deeply would cost seconds).
    const { parentSchema, schema, data, ...rest } = want;
    assert.deepEqual({ ...got, parentSchema, schema, data }, { ...rest, parentSchema, schema, data }, `error ${i}: the same values`);
    assert.ok(got.parentSchema === parentSchema, `error ${i} (${want.schemaPath}): parentSchema is the schema file's object`);
    assert.ok(Object.is(got.schema, schema), `error ${i} (${want.schemaPath}): schema is the schema file's value`);
    assert.ok(Object.is(got.data, data), `error ${i}: data is the value's`);
  });
  return expected.length;
}

const valueOf = (text: string): unknown => parseScenarioText(text).value;

describe('the build-time scenario validator', () => {
  it('accepts every sample, as ajv compiled at run time does', () => {
    for (const sample of loadSamples()) assert.equal(same(valueOf(sample.text)), 0, sample.name);
  });

  it('reports the same errors on wrong values, as the same objects', () => {
    let errors = 0;
    for (const value of [undefined, null, 0, 'text', [], {}, { version: 2 }, { version: 1, name: '', phases: [], flows: [{}] }]) errors += same(value);
    fc.assert(
      fc.property(fc.oneof(structuredScenario, validScenario, mutatedSample(loadSamples()).map((m) => m.text)), (text) => {
        errors += same(valueOf(text));
      }),
      { numRuns: 1_000, seed: 1 },
    );
    assert.ok(errors > 500, `enough errors compared (${errors})`);
  });
});
