import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeScenarioText } from '../../scenario/load';

const scenario = (loginHeaders: string) => `version: 1
name: shared token
target: http://127.0.0.1:1
defaults:
  headers:
    authorization: "Bearer {{ token }}"
setup:
  - request: POST /auth/login${loginHeaders}
    json: { username: admin, password: secret }
    capture: { token: body.token }
phases:
  - duration: 1s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /items
`;

test('a default header built from a setup capture warns where setup would send it too early', () => {
  const warned = analyzeScenarioText(scenario(''));
  const warning = warned.diagnostics.find((d) => d.code === 'default-header-before-capture');
  assert.ok(warning, JSON.stringify(warned.diagnostics));
  assert.equal(warning.severity, 'warning');
  assert.equal(warning.range.start.line, 5);
  assert.match(warning.message, /setup only captures in .*give them their own `authorization` header/);
  assert.ok(warned.scenario, 'a warning does not stop the run');

  const fixed = analyzeScenarioText(scenario('\n    headers: { authorization: "" }'));
  assert.equal(fixed.diagnostics.find((d) => d.code === 'default-header-before-capture'), undefined);
});
