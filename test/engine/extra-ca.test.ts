// The engine is forked without NODE_EXTRA_CA_CERTS (Node would read the file before its first
// line) and reads that file itself on its first TLS connection. What a user sees must not change:
// a target whose certificate is signed by the extra CA is trusted, and without it is not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Report } from '../../report/types';
import { engineEnvironment } from '../../engine/driver/engine-fork';
import { EXTRA_CA_VARIABLE } from '../../engine/protocol/environment';
import { runCli, writeScenario } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

const TLS = join(ROOT, 'test/fixtures/tls');
let server: Server;
let url: string;
let requests = 0;

before(async () => {
  server = createServer({ key: readFileSync(join(TLS, 'server-key.pem')), cert: readFileSync(join(TLS, 'server-cert.pem')) }, (req, res) => {
    requests++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function run(env: Record<string, string>): Promise<Report> {
  const { dir, file } = writeScenario(
    'tls.scenario.yaml',
    `version: 1\nname: tls\ntarget: ${url}\nphases:\n  - duration: 300ms\n    rate: 10\nflows:\n  - name: get\n    steps:\n      - request: GET /\n`,
  );
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--quiet'], { env });
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  return JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;
}

test('a target signed by the CA in NODE_EXTRA_CA_CERTS is trusted by the engine', async () => {
  const before = requests;
  const report = await run({ NODE_EXTRA_CA_CERTS: join(TLS, 'ca.pem') });
  assert.equal(report.totals.errors, 0, JSON.stringify(report.steps));
  assert.equal(report.totals.requests, 3);
  assert.equal(requests - before, 3, 'the server answered every request');
});

test('without the extra CA the same target is refused with the certificate error', async () => {
  // Empty is how a user unsets it for one command; Node treats it as absent, and so does the engine.
  const report = await run({ NODE_EXTRA_CA_CERTS: '' });
  assert.equal(report.totals.errors, report.totals.requests);
  assert.ok(report.totals.requests > 0);
  assert.match(JSON.stringify(report.steps), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|self[- ]signed|unable to verify/i);
});

test('the engine environment carries the file under its own name, and nothing else changes', () => {
  assert.deepEqual(engineEnvironment({ A: '1', NODE_EXTRA_CA_CERTS: '/x.pem' }), { A: '1', [EXTRA_CA_VARIABLE]: '/x.pem' });
  assert.deepEqual(engineEnvironment({ A: '1' }), { A: '1' });
});
