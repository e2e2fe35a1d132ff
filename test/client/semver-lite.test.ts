// The two semver functions dist/client.js carries instead of the semver package
// (client/bundle/): VS Code's version strings parse, and caret ranges answer as semver's do.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/paths';

const load = createRequire(join(ROOT, 'package.json'));
type Version = { major: number; minor: number; patch: number; prerelease: string[] };
const parse = load(join(ROOT, 'client/bundle/semver-parse.cjs')) as (v: string) => Version | null;
const satisfies = load(join(ROOT, 'client/bundle/semver-satisfies.cjs')) as (v: Version, range: string) => boolean;
const real = { parse: load('semver/functions/parse') as typeof parse, satisfies: load('semver/functions/satisfies') as (v: unknown, r: string) => boolean };

test('versions parse as semver parses them', () => {
  for (const text of ['1.100.3', '1.82.0', '1.95.0-insider', '2.0.0+build.7', 'v1.2.3']) {
    const mine = parse(text);
    const theirs = real.parse(text) as unknown as Version;
    assert.deepEqual(mine && { ...mine }, { major: theirs.major, minor: theirs.minor, patch: theirs.patch, prerelease: [...theirs.prerelease].map(String) }, text);
  }
  for (const text of ['1.2', 'latest', '']) assert.equal(parse(text), null, text);
});

test('caret ranges answer as semver does; other ranges are refused', () => {
  for (const text of ['1.82.0', '1.81.9', '1.100.3', '2.0.0', '0.82.0', '1.82.1']) {
    assert.equal(satisfies(parse(text) as Version, '^1.82.0'), real.satisfies(text, '^1.82.0'), text);
  }
  assert.throws(() => satisfies(parse('1.2.3') as Version, '>=1.0.0'), /only caret ranges/);
});
