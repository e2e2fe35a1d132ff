// The `stampede.workers` setting (package.json contributes it) as run-manager.ts hands it to the
// engine: 1 and anything that is not a whole number above 1 or `auto` runs in one thread, so a
// hand-edited settings.json never starts a run the engine would refuse.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { workersSetting } from '../../client/runs/workers-setting';
import { ROOT } from '../helpers/paths';

test('a whole number above 1 is that many worker threads; auto is auto', () => {
  assert.deepEqual(workersSetting(2), { workers: 2 });
  assert.deepEqual(workersSetting(16), { workers: 16 });
  assert.deepEqual(workersSetting('auto'), { workers: 'auto' });
});

test('1 is the engine’s own thread: no workers option at all', () => {
  assert.deepEqual(workersSetting(1), {});
});

test('junk is one thread: zero, negative, fractional, numbers as text, other words, null, objects', () => {
  for (const junk of [0, -2, 2.5, Number.NaN, Infinity, '2', 'four', 'AUTO', '', null, undefined, true, {}, [2]]) {
    assert.deepEqual(workersSetting(junk), {}, JSON.stringify(junk) ?? String(junk));
  }
});

test('the manifest’s default is one thread and its one word is the word the function knows', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default: unknown; anyOf: { enum?: string[] }[] }> } };
  };
  const setting = manifest.contributes.configuration.properties['stampede.workers'];
  assert.deepEqual(workersSetting(setting.default), {});
  assert.deepEqual(setting.anyOf.flatMap((s) => s.enum ?? []).map(workersSetting), [{ workers: 'auto' }]);
});
