// Secrets planted through env never leave: not in report.json, report.html, timeseries.csv, the
// event stream, nor anything the CLI prints — even when they end up in an error message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';
import { PASSWORD, runWithPlantedSecrets, TOKEN } from '../helpers/planted-secrets';

let echo: EchoServer;
before(async () => {
  echo = await startEchoServer();
});
after(async () => {
  await echo.close();
});

test('values from env.* are redacted everywhere the run writes or prints', async () => {
  const { out, events, result } = await runWithPlantedSecrets(echo);
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
