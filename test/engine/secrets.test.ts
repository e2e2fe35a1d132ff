// Secrets planted through env never leave: not in report.json, report.html, timeseries.csv, the
// event stream, nor anything the CLI prints — even when they end up in an error message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, writeScenario } from '../helpers/cli';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';

let echo: EchoServer;
before(async () => {
  echo = await startEchoServer();
});
after(async () => {
  await echo.close();
});

const TOKEN = 'tok-9f8e7d6c5b4a';
const PASSWORD = 'hunter2-correct-horse';

test('values from env.* are redacted everywhere the run writes or prints', async () => {
  const { dir, file } = writeScenario(
    'secret.scenario.yaml',
    `version: 1
name: secrets
target: "{{ env.STAMPEDE_SECRET_TARGET }}"
phases:
  - duration: 1s
    rate: 5
flows:
  - name: f
    steps:
      - request: POST /login
        headers: { authorization: "Bearer {{ env.STAMPEDE_SECRET_TOKEN }}", cookie: "session={{ env.STAMPEDE_SECRET_TOKEN }}" }
        json: { password: "{{ env.STAMPEDE_SECRET_PASSWORD }}" }
        expect:
          contains: "welcome {{ env.STAMPEDE_SECRET_PASSWORD }}"
criteria:
  - errorRate < 1%
`,
  );
  const out = join(dir, 'out');
  const events = join(dir, 'events.ndjson');
  const result = await runCli(['run', file, '--out', out, '--events', events], {
    env: { STAMPEDE_SECRET_TOKEN: TOKEN, STAMPEDE_SECRET_PASSWORD: PASSWORD, STAMPEDE_SECRET_TARGET: echo.url },
  });
  assert.equal(result.code, 1, result.stderr);
  // The secrets really were used: the server received them.
  assert.ok(echo.received.some((r) => r.headers.authorization === `Bearer ${TOKEN}`));
  assert.ok(echo.received.some((r) => r.body.toString().includes(PASSWORD)));

  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { steps: { sampleErrors: { message: string }[] }[]; target: string };
  assert.match(report.steps[0].sampleErrors[0].message, /\[redacted env\.STAMPEDE_SECRET_PASSWORD\]/);
  assert.equal(report.target, '[redacted env.STAMPEDE_SECRET_TARGET]');
  const written = [
    ...readdirSync(out).map((name) => readFileSync(join(out, name), 'utf8')),
    readFileSync(events, 'utf8'),
    result.stdout,
    result.stderr,
  ];
  for (const text of written) {
    assert.ok(!text.includes(TOKEN), 'the token leaked');
    assert.ok(!text.includes(PASSWORD), 'the password leaked');
  }
});
