// test/fixtures/scenarios/full.scenario.yaml uses every key the schema defines and must load
// without a single diagnostic; the engine's tests reuse it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadScenarioFile } from '../../scenario/load';
import type { RequestStep } from '../../scenario/types';
import schema from '../../schemas/scenario.schema.json';
import { FIXTURES, analyze, fixture, readFileOrUndefined } from './helpers';

type SchemaNode = { properties?: Record<string, SchemaNode>; additionalProperties?: SchemaNode | boolean; description?: string; $ref?: string };

/** Every property name declared anywhere in the schema. */
function schemaKeys(): Set<string> {
  const keys = new Set<string>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const props = (node as SchemaNode).properties;
    if (props) for (const key of Object.keys(props)) keys.add(key);
    for (const value of Object.values(node)) visit(value);
  };
  visit(schema);
  return keys;
}

/** Every key of every mapping in the document. */
function documentKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) documentKeys(item, keys);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      keys.add(key);
      documentKeys(item, keys);
    }
  }
  return keys;
}

describe('full.scenario.yaml', () => {
  const file = join(FIXTURES, 'full.scenario.yaml');
  const text = fixture('full.scenario.yaml');

  it('loads with zero diagnostics, data files included', () => {
    const result = analyze(text, { file, readFile: readFileOrUndefined });
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.scenario);
    assert.deepEqual(loadScenarioFile(file).diagnostics, []);
  });

  it('uses every key of the schema', () => {
    const used = documentKeys(analyze(text).document.value);
    // `monitor.process` takes `pid` or `name`, never both; the fixture uses `name`.
    const alternatives = new Set(['pid']);
    const missing = [...schemaKeys()].filter((key) => !used.has(key) && !alternatives.has(key));
    assert.deepEqual(missing, []);
  });

  it('normalizes what the engine needs', () => {
    const { scenario } = loadScenarioFile(file, { target: 'http://127.0.0.1:9' });
    assert.ok(scenario);
    assert.equal(scenario.target, 'http://127.0.0.1:9');
    assert.deepEqual(scenario.phases.map((p) => [p.model, p.from, p.to]), [
      ['closed', 0, 20], ['closed', 20, 20], ['closed', 20, 0], ['open', 10, 50], ['open', 50, 50], ['closed', 2, 2],
    ]);
    assert.deepEqual(scenario.phases[5], { name: 'smoke', durationMs: 0, model: 'closed', from: 2, to: 2, iterations: 1 });
    assert.deepEqual(scenario.flows.map((f) => [f.name, f.weight, f.steps.length]), [['browse', 3, 7], ['upload', 4, 4]].map(([n, w, c]) => [n, n === 'upload' ? 1 : w, c]));
    assert.equal(scenario.data.users.file, join(FIXTURES, 'users.csv'));
    assert.deepEqual(scenario.monitor, { intervalMs: 2000, intervalWritten: true, system: true, process: { name: 'node' } });
    assert.equal((scenario.flows[1].steps[3] as RequestStep).url, 'https://status.example.com/health');
    assert.equal(scenario.criteria.length, 10);
    assert.equal(scenario.alerts.length, 7);
  });
});

describe('the schema', () => {
  it('describes every property, for hovers and completions', () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const props = (node as SchemaNode).properties;
      for (const [key, value] of Object.entries(props ?? {})) {
        const target = value.$ref ? undefined : value;
        const described = value.description ?? (value.$ref ? refDescription(value.$ref) : undefined);
        if (!described) undocumented.push(`${path}.${key}`);
        visit(target, `${path}.${key}`);
      }
      for (const [key, value] of Object.entries(node)) if (key !== 'properties') visit(value, `${path}/${key}`);
    };
    visit(schema, '#');
    assert.deepEqual(undocumented, []);
  });
});

function refDescription(ref: string): string | undefined {
  const name = ref.replace('#/definitions/', '') as keyof typeof schema.definitions;
  return (schema.definitions[name] as { description?: string }).description;
}
