// Files around the scenario: the scenario itself and its data sets.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadScenarioFile } from '../../scenario/load';
import { MINIMAL, assertAt, only, printed, sole } from './helpers';
import { FIXTURES, readFileOrUndefined } from './helpers';

const file = join(FIXTURES, 'virtual.scenario.yaml');
const withData = (data: string, use: string) =>
  `${MINIMAL.replace('request: GET /', `request: GET /${use}`)}data:\n${data}`;

describe('data files', () => {
  const options = { file, readFile: readFileOrUndefined };
  it('a missing file is an error on its path', () => {
    const d = sole(withData('  users: { file: nope.csv }\n', ''), options);
    assert.equal(d.code, 'data-file-missing');
    assertAt(d, 12, 18, 'nope.csv');
  });
  it('columns come from the CSV header', () => {
    assert.deepEqual(printed(withData('  users: { file: users.csv }\n', '{{ data.users.email }}'), options), []);
    const d = sole(withData('  users: { file: users.csv }\n', '{{ data.users.emial }}'), options);
    assert.equal(d.code, 'unknown-data-column');
    assertAt(d, 10, 37, 'emial');
    assert.match(d.message, /columns are `username`, `password` and `email`; did you mean `email`\?/);
  });
  it('columns come from the keys of a JSON array', () => {
    assert.deepEqual(printed(withData('  p: { file: products.json, order: random }\n', '{{ data.p.color }}'), options), []);
    assert.equal(only(withData('  p: { file: products.json }\n', '{{ data.p.colour }}'), 'unknown-data-column', options).text, 'colour');
  });
  it('an invalid file is an error', () => {
    const reader = (path: string) => (path.endsWith('.json') ? '{"not": "an array"}' : path.endsWith('.csv') ? '' : undefined);
    assert.match(only(withData('  p: { file: x.json }\n', ''), 'data-file-invalid', { file, readFile: reader }).message, /array of objects/);
    assert.match(only(withData('  p: { file: x.csv }\n', ''), 'data-file-invalid', { file, readFile: reader }).message, /header row/);
  });
  it('files are not checked when they cannot be read from here', () => {
    assert.deepEqual(printed(withData('  users: { file: nope.csv }\n', '{{ data.users.x }}')), []);
  });
});

describe('loadScenarioFile', () => {
  it('reports an unreadable file instead of throwing', () => {
    const result = loadScenarioFile(join(FIXTURES, 'does-not-exist.scenario.yaml'));
    assert.equal(result.scenario, undefined);
    assert.equal(result.diagnostics[0].code, 'file-unreadable');
    assert.match(result.diagnostics[0].message, /no such file/);
  });
  it('applies --var and --target', () => {
    const result = loadScenarioFile(join(FIXTURES, 'full.scenario.yaml'), { vars: { pageSize: '5' }, target: 'http://127.0.0.1:1' });
    assert.equal(result.scenario?.variables.pageSize, '5');
    assert.equal(result.scenario?.target, 'http://127.0.0.1:1');
  });
});
