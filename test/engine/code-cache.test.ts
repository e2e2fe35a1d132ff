// dist/boot.js loads a bundle through V8's code cache (engine/boot/load-bundle.ts): the bundle
// runs as `require` would run it, the cache is written at the exit of a process that had none,
// taken as it is by the next, and replaced when the bundle changes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/paths';

const BOOT = join(ROOT, 'dist', 'boot.js');

const bundle = (answer: number): string => `"use strict";
const { basename } = require('node:path');
const local = require('./local.js');
process.stdout.write(JSON.stringify({ answer: ${answer}, file: basename(__filename), dir: __dirname, local, argv: process.argv.slice(2), main: require.main === module }));
`;

function runBoot(dir: string, ...args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, [BOOT, join(dir, 'bundle.js'), ...args], { encoding: 'utf8' })) as Record<string, unknown>;
}

const caches = (dir: string): string[] => readdirSync(join(dir, '.code-cache')).filter((f) => f.endsWith('.bin'));

test('a bundle runs through boot.js as its own program, and its code cache is kept and renewed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-boot-'));
  writeFileSync(join(dir, 'local.js'), 'module.exports = "from a sibling";');
  writeFileSync(join(dir, 'bundle.js'), bundle(42));

  const first = runBoot(dir, '--flag');
  assert.deepEqual(first, { answer: 42, file: 'bundle.js', dir, local: 'from a sibling', argv: ['--flag'], main: false });
  const [written] = caches(dir);
  assert.match(written, /^bundle\.js-.*\.bin$/, 'the first run wrote a cache at exit');
  const writtenAt = statSync(join(dir, '.code-cache', written)).mtimeMs;

  assert.equal(runBoot(dir).answer, 42);
  assert.deepEqual(caches(dir), [written]);
  assert.equal(statSync(join(dir, '.code-cache', written)).mtimeMs, writtenAt, 'an accepted cache is not written again');

  writeFileSync(join(dir, 'bundle.js'), bundle(4242));
  assert.equal(runBoot(dir).answer, 4242, 'a rebuilt bundle runs its new code');
  const renewed = caches(dir);
  assert.equal(renewed.length, 1, 'the old build\'s cache is gone');
  assert.notEqual(renewed[0], written);
});
