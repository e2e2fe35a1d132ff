// The pure parts of the editor's Try and Import: which line an exchange's step is on (two flows
// may share a step name; its tests' own lines: test/scenario/trial-lines.test.ts), and "Import…"'s process — the real dist/import.js forked through
// dist/boot.js, as the extension forks it — read back from what it says.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runImport } from '../../client/import/run-import';
import { trialLines, type ExchangeSource } from '../../scenario/trial-lines';
import { writeScenario } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

const DIST = join(ROOT, 'dist');

test('a step is found on its line, in its own flow when two flows name a step alike', () => {
  const linesOf = trialLines({ flows: [{ name: 'a', line: 5 }, { name: 'b', line: 12 }], steps: [{ name: 'login', line: 2 }, { name: 'list', line: 7 }, { name: 'list', line: 14 }] });
  const lineOf = (source: Pick<ExchangeSource, 'stage' | 'flow' | 'step'>): number | null => linesOf({ ...source, expects: [], checks: [], captures: [] }).step;
  assert.equal(lineOf({ stage: 'setup', flow: 'setup', step: 'login' }), 2);
  assert.equal(lineOf({ stage: 'flow', flow: 'a', step: 'list' }), 7);
  assert.equal(lineOf({ stage: 'flow', flow: 'b', step: 'list' }), 14);
  assert.equal(lineOf({ stage: 'flow', flow: 'b', step: 'gone' }), null);
  assert.equal(trialLines(undefined)({ stage: 'flow', flow: 'a', step: 'list', expects: [{ at: ['expect'] }], checks: [], captures: [] }).step, null);
});

test('Import… through dist/import.js: the scenario written, what to set listed; an unknown format says so', async () => {
  const { dir, file } = writeScenario('api.http', '@base = http://127.0.0.1:9\n\n### login\nPOST {{base}}/login\nAuthorization: Bearer abc.def.ghi\n\n### unknown\nGET {{base}}/x\n');
  const out = join(dir, 'api.scenario.yaml');
  const done = await runImport(DIST, file, out);
  assert.equal(done.written, true, done.failure);
  assert.deepEqual(done.errors, []);
  assert.ok(existsSync(out));
  assert.ok(!readFileSync(out, 'utf8').includes('abc.def.ghi'), 'the token is not in the scenario');
  assert.ok(done.env.length > 0 && done.env.every((e) => /^[A-Z0-9_]+: /.test(e)), JSON.stringify(done.env));

  // Written already: refused without force, replaced with it.
  const again = await runImport(DIST, file, out);
  assert.equal(again.written, false);
  assert.match(again.failure ?? '', /exists; pass --force/);
  assert.equal((await runImport(DIST, file, out, { force: true })).written, true);

  const other = join(dir, 'notes.json');
  writeFileSync(other, '{"hello": "world"}');
  const unknown = await runImport(DIST, other, join(dir, 'notes.scenario.yaml'));
  assert.equal(unknown.written, false);
  assert.equal(unknown.unknownFormat, true);
  assert.ok(!existsSync(join(dir, 'notes.scenario.yaml')));
});
