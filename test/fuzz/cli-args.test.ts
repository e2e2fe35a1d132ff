// The CLI answers bad arguments and bad files with the usage (or a positioned diagnostic) and exit
// code 2, never a stack trace; a scenario with a BOM or CRLF line endings still works.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, writeScenario } from '../helpers/cli';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';

const VALID = `version: 1
name: bom and crlf
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /hello
      - think: 100ms
criteria:
  - errorRate < 100%
`;

const figures = { cases: 0, stackTraces: 0 };

/** Exit 2, the usage text (or the expected message), and no stack trace. */
function assertUsage(result: { code: number | null; stderr: string; stdout: string }, message?: RegExp, usage = true): void {
  figures.cases++;
  const trace = /\n\s+at .+:\d+:\d+\)?\n/.test(result.stderr);
  if (trace) figures.stackTraces++;
  assert.equal(result.code, 2, `exit ${result.code}; stderr: ${result.stderr}`);
  assert.ok(!trace, `a stack trace: ${result.stderr}`);
  if (usage) assert.match(result.stderr, /Usage: stampede/);
  if (message) assert.match(result.stderr + result.stdout, message);
}

describe('the CLI answers bad arguments with usage and exit code 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-fuzz-cli-'));
  const good = join(dir, 'good.scenario.yaml');
  writeFileSync(good, VALID);
  let server: EchoServer;
  before(async () => {
    server = await startEchoServer();
  });
  after(async () => {
    await server.close();
    console.log(`cli figures: ${figures.cases} bad invocations, ${figures.stackTraces} stack traces`);
  });

  const cases: { name: string; args: string[]; message: RegExp }[] = [
    { name: 'no command', args: [], message: /Usage/ },
    { name: 'an unknown command', args: ['frobnicate', good], message: /unknown command "frobnicate"/ },
    { name: 'an unknown flag', args: ['run', good, '--bogus'], message: /unknown option --bogus/ },
    { name: 'an unknown short flag', args: ['validate', good, '-x'], message: /unknown option -x/ },
    { name: '--out without a value', args: ['run', good, '--out'], message: /--out needs a value/ },
    { name: '--var without a value', args: ['run', good, '--var'], message: /--var needs a value/ },
    { name: '--var noequals', args: ['run', good, '--var', 'noequals'], message: /--var takes NAME=VALUE/ },
    { name: '--var =value (no name)', args: ['run', good, '--var', '=x'], message: /--var takes NAME=VALUE/ },
    { name: '--scale -1', args: ['run', good, '--scale', '-1'], message: /--scale must be a positive number/ },
    { name: '--scale 0', args: ['run', good, '--scale=0'], message: /--scale must be a positive number/ },
    { name: '--scale abc', args: ['run', good, '--scale', 'abc'], message: /--scale must be a positive number/ },
    { name: '--scale Infinity', args: ['run', good, '--scale', 'Infinity'], message: /--scale must be a positive number/ },
    { name: '--max-users 0', args: ['run', good, '--max-users', '0'], message: /--max-users must be a positive whole number/ },
    { name: '--max-users 1.5', args: ['validate', good, '--max-users', '1.5'], message: /--max-users must be a positive whole number/ },
    { name: '--max-rate -3', args: ['run', good, '--max-rate=-3'], message: /--max-rate must be a positive whole number/ },
    { name: '--target ftp://x', args: ['run', good, '--target', 'ftp://x'], message: /--target must be an http/ },
    { name: '--to xml', args: ['convert', good, '--to', 'xml'], message: /--to takes json or yaml/ },
    { name: 'run without a file', args: ['run'], message: /run takes exactly one scenario file/ },
    { name: 'run with two files', args: ['run', good, good], message: /run takes exactly one scenario file/ },
    { name: 'run of a file that does not exist', args: ['run', join(dir, 'nope.scenario.yaml')], message: /no such file/ },
    { name: 'validate without a file', args: ['validate'], message: /validate takes one or more scenario files/ },
  ];
  for (const c of cases) {
    it(`${c.name} → usage, exit 2`, async () => {
      assertUsage(await runCli(c.args, { timeoutMs: 20_000 }), c.message);
    });
  }

  it('run of a directory → exit 2 with a clear message, no stack trace', async () => {
    const result = await runCli(['run', dir, '--quiet'], { timeoutMs: 20_000 });
    assertUsage(result, /cannot read the scenario|director|EISDIR/i, false);
  });

  it('run of a binary file → positioned diagnostics, exit 2', async () => {
    const { file } = writeScenario('binary.scenario.yaml', '');
    writeFileSync(file, Buffer.from([0x00, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x7f, 0x80, 0xc3, 0x28, 0x0a, 0x3a, 0x5b, 0x7b]));
    const result = await runCli(['run', file, '--quiet', '--target', server.url], { timeoutMs: 20_000 });
    assertUsage(result, /binary\.scenario\.yaml:\d+:\d+: error: /, false);
  });

  it('run of an empty file → a diagnostic, exit 2', async () => {
    const { file } = writeScenario('empty.scenario.yaml', '');
    const result = await runCli(['run', file, '--quiet', '--target', server.url], { timeoutMs: 20_000 });
    assertUsage(result, /empty\.scenario\.yaml:1:1: error: /, false);
  });

  it('validate and run a scenario with a BOM and CRLF line endings: it works', async () => {
    const { dir: out, file } = writeScenario('bom-crlf.scenario.yaml', `\ufeff${VALID.replace(/\n/g, '\r\n')}`);
    const validate = await runCli(['validate', file]);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    const before = server.received.length;
    const run = await runCli(['run', file, '--quiet', '--target', server.url, '--out', join(out, 'out')], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(server.received.length > before, 'no request reached the target');
  });

  it('a CRLF scenario with an error: the diagnostic is positioned on the right line and column', async () => {
    const bad = VALID.replace('users: 1', 'users: lots').replace(/\n/g, '\r\n');
    const { file } = writeScenario('crlf-bad.scenario.yaml', `\ufeff${bad}`);
    const result = await runCli(['validate', file]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /crlf-bad\.scenario\.yaml:6:12: error: /);
  });
});
