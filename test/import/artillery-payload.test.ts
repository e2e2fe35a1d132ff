// An Artillery payload whose CSV holds passwords, imported through the real CLI and run against a
// server that logs each login: a CSV that starts with its header row is read where it is (nothing
// copied, each user logs in with its own row's password); one without a header row, or one the
// scenario may not read where it is, is copied without its password column, which every user then
// takes from `{{ env.USERS_PASSWORD }}`. Either way no planted password is in anything the import
// printed or wrote, and the scenario validates and runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, type CliResult } from '../helpers/cli';
import { assertNothingLeaks, filesUnder } from '../helpers/imported';
import { serveDuringTests } from '../helpers/local-server';
import type { Scenario } from './import-fixture';

const PASSWORDS = ['planted-csv-pass-3b7e', 'planted-csv-pass-91d4'];
const ROWS = `ada,${PASSWORDS[0]}\nbob,${PASSWORDS[1]}\n`;

/** An Artillery script that logs in as each row of ./users.csv; `payload` adds to its payload entry. */
function script(payload: string): string {
  return `config:
  target: http://127.0.0.1:9
  payload:
    path: ./users.csv
    fields: [username, password]
    order: sequence
${payload}scenarios:
  - flow:
      - post:
          url: /login
          json:
            username: "{{ username }}"
            password: "{{ password }}"
`;
}

interface Imported {
  result: CliResult;
  scenario: Scenario;
  /** Every file in the folder that the import wrote. */
  written: string[];
}

/** `stampede import ARGS` run in `cwd`, with what it wrote under `dir`. */
async function importIn(dir: string, cwd: string, input: string, out: string): Promise<Imported> {
  const before = new Set(filesUnder(dir));
  const result = await runCli(['import', input, '--out', out], { cwd });
  assert.equal(result.code, 0, result.stderr);
  return { result, scenario: parse(readFileSync(join(cwd, out), 'utf8')) as Scenario, written: filesUnder(dir).filter((file) => !before.has(file)) };
}

describe('stampede import: an Artillery payload with passwords', { timeout: 60_000 }, () => {
  const logins: string[] = [];
  const server = serveDuringTests(
    createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const { username, password } = JSON.parse(body) as { username: string; password: string };
        logins.push(`${req.method} ${req.url} ${username}:${password}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    }),
  );

  /** Two iterations of the one user: one login per row, sequentially; returns the logins logged. */
  async function run(scenario: string, env: Record<string, string> = {}): Promise<string[]> {
    logins.length = 0;
    const out = mkdtempSync(join(tmpdir(), 'stampede-payload-run-'));
    const result = await runCli(['run', scenario, '--target', server.origin, '--iterations', '2', '--out', out, '--quiet'], { env });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    return [...logins];
  }

  it('reads a CSV that starts with its header row where it is: nothing copied, each row its own password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stampede-payload-'));
    writeFileSync(join(dir, 'users.csv'), `username,password\n${ROWS}`);
    writeFileSync(join(dir, 'login.yml'), script('    skipHeader: true\n'));
    // Into a folder that does not exist yet: the scenario names the CSV from there.
    const imported = await importIn(dir, dir, 'login.yml', 'scenarios/login.scenario.yaml');
    assert.deepEqual(imported.scenario.data, { users: { file: '../users.csv', order: 'sequential' } });
    assert.deepEqual(imported.written, [join(dir, 'scenarios', 'login.scenario.yaml')]);
    assertNothingLeaks(PASSWORDS, imported.result, imported.written);
    assert.deepEqual(await run(join(dir, 'scenarios', 'login.scenario.yaml')), PASSWORDS.map((password, i) => `POST /login ${['ada', 'bob'][i]}:${password}`));
  });

  it('copies a CSV with no header row without its password column: every user sends the password from env', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stampede-payload-'));
    writeFileSync(join(dir, 'users.csv'), ROWS);
    writeFileSync(join(dir, 'login.yml'), script(''));
    const imported = await importIn(dir, dir, 'login.yml', 'login.scenario.yaml');
    assert.deepEqual(imported.scenario.data, { users: { file: 'users.stampede.csv', order: 'sequential' } });
    assert.deepEqual(imported.written.sort(), [join(dir, 'login.scenario.yaml'), join(dir, 'users.stampede.csv')]);
    assert.equal(readFileSync(join(dir, 'users.stampede.csv'), 'utf8'), 'username\nada\nbob\n');
    assert.deepEqual(imported.scenario.flows[0].steps[0].json, { username: '{{ data.users.username }}', password: '{{ env.USERS_PASSWORD }}' });
    assert.match(imported.result.stderr, /^set USERS_PASSWORD: the password of every user \(the password column of \.\/users\.csv is not copied\)$/m);
    assert.match(imported.result.stderr, /^not translated: config\.payload \.\/users\.csv: column password holds credentials and is not copied/m);
    assertNothingLeaks(PASSWORDS, imported.result, imported.written);
    assert.deepEqual(await run(join(dir, 'login.scenario.yaml'), { USERS_PASSWORD: 'set-by-the-user' }), ['POST /login ada:set-by-the-user', 'POST /login bob:set-by-the-user']);
  });

  it('copies, without its passwords, a CSV the scenario may not read where it is (outside its folder)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stampede-payload-'));
    writeFileSync(join(dir, 'users.csv'), `username,password\n${ROWS}`);
    writeFileSync(join(dir, 'login.yml'), script('    skipHeader: true\n'));
    // Run from a subfolder that holds the scenario: its data files must stay inside it.
    mkdirSync(join(dir, 'load'));
    const imported = await importIn(dir, join(dir, 'load'), '../login.yml', 'login.scenario.yaml');
    assert.deepEqual(imported.scenario.data, { users: { file: 'users.stampede.csv', order: 'sequential' } });
    assert.equal(readFileSync(join(dir, 'load', 'users.stampede.csv'), 'utf8'), 'username\nada\nbob\n');
    assertNothingLeaks(PASSWORDS, imported.result, imported.written);
  });
});
