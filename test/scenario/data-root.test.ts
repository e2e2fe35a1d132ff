import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeScenarioText } from '../../scenario/load';

const withData = (file: string) => `version: 1
name: data
target: http://127.0.0.1:1
data:
  users: { file: ${file} }
phases:
  - duration: 1s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /u/{{ data.users.name }}
`;

const readFile = (path: string) => (path.endsWith('.csv') ? 'name\nada\n' : undefined);

test('a data file outside the workspace is an error at its path; inside is fine', () => {
  const outside = analyzeScenarioText(withData('../../etc/passwd.csv'), { file: '/work/project/scenarios/a.scenario.yaml', root: '/work/project', readFile });
  const error = outside.diagnostics.find((d) => d.code === 'data-file-outside-workspace');
  assert.ok(error, JSON.stringify(outside.diagnostics));
  assert.equal(error.range.start.line, 4);
  assert.match(error.message, /outside \/work\/project/);
  assert.equal(outside.scenario, undefined);

  const inside = analyzeScenarioText(withData('../data/users.csv'), { file: '/work/project/scenarios/a.scenario.yaml', root: '/work/project', readFile });
  assert.deepEqual(inside.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(inside.scenario?.data.users.file, '/work/project/data/users.csv');
});
