// `stampede k8s` refuses, with exit code 2 and nothing on standard output, what could not work
// in a cluster: no --parallelism, a file outside the scenario's folder or written as an
// absolute path (the pods see that folder only), a ConfigMap over Kubernetes' 1 MiB, an
// invalid scenario.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, writeScenario } from '../helpers/cli';

const scenario = (dataFile: string): string => `version: 1
name: refused
target: http://10.0.0.7:8080
data:
  users: { file: ${JSON.stringify(dataFile)} }
phases: [{ duration: 1s, rate: 1 }]
flows: [{ name: f, steps: [{ request: "GET /u/{{ data.users.id }}" }] }]
`;

test('no --parallelism is a usage error', async () => {
  const { file } = writeScenario('a.scenario.yaml', scenario('users.csv'));
  writeFileSync(join(file, '..', 'users.csv'), 'id\n1\n');
  const result = await runCli(['k8s', file]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /k8s needs --parallelism N/);
  assert.equal(result.stdout, '');
  const zero = await runCli(['k8s', file, '--parallelism', '0']);
  assert.equal(zero.code, 2);
  assert.match(zero.stderr, /--parallelism takes a whole number of segments/);
});

test('a data file outside the scenario\'s folder is refused, with its path', async () => {
  // The working folder holds both, so the scenario itself is valid where it is.
  const { dir } = writeScenario('users.csv', 'id\n1\n');
  mkdirSync(join(dir, 'scenarios'));
  const file = join(dir, 'scenarios', 'b.scenario.yaml');
  writeFileSync(file, scenario('../users.csv'));
  assert.equal((await runCli(['validate', file], { cwd: dir })).code, 0, 'valid where it is');
  const result = await runCli(['k8s', file, '--parallelism', '2'], { cwd: dir });
  assert.equal(result.code, 2);
  assert.ok(result.stderr.includes(`${join(dir, 'users.csv')} (data set users) is outside the scenario's folder ${join(dir, 'scenarios')}`), result.stderr);
  assert.equal(result.stdout, '');
});

test('a data file written as an absolute path is refused: the pods would look for it there', async () => {
  const { dir } = writeScenario('users.csv', 'id\n1\n');
  const file = join(dir, 'c.scenario.yaml');
  writeFileSync(file, scenario(join(dir, 'users.csv')));
  const result = await runCli(['k8s', file, '--parallelism', '2']);
  assert.equal(result.code, 2);
  assert.ok(result.stderr.includes(`${join(dir, 'users.csv')} (data set users) is written as an absolute path`), result.stderr);
  assert.equal(result.stdout, '');
});

test('a ConfigMap over 1 MiB is refused, naming the files by size', async () => {
  const { dir, file } = writeScenario('d.scenario.yaml', scenario('users.csv'));
  const rows = Array.from({ length: 120_000 }, (_, i) => `user-${String(i).padStart(6, '0')}`);
  writeFileSync(join(dir, 'users.csv'), `id\n${rows.join('\n')}\n`);
  const result = await runCli(['k8s', file, '--parallelism', '2']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /come to 1\.\d\d MiB, over the 1\.00 MiB Kubernetes allows in one ConfigMap: users\.csv \(1\.\d\d MiB\), d\.scenario\.yaml/);
  assert.equal(result.stdout, '');
});

test('an invalid scenario prints its errors as validate does', async () => {
  const { file } = writeScenario('e.scenario.yaml', 'version: 1\nname: broken\nphases: []\nflows: []\n');
  const result = await runCli(['k8s', file, '--parallelism', '2']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /e\.scenario\.yaml:\d+:\d+: error: /);
  assert.equal(result.stdout, '');
});
