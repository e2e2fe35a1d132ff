// `stampede try` through the real CLI against a real server on 127.0.0.1 that logs what it got:
// one iteration of each flow with setup and teardown, every exchange printed with its headers,
// body, captures and tests, secrets from env redacted, and the exit code the contract gives.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import type { Exchange } from '../../engine/protocol/exchange';

const SECRET = 'sk-live-5f2a9c81d0e4';
const log: string[] = [];
const server = serveDuringTests(
  createServer((req, res) => {
    log.push(`${req.method} ${req.url} key=${req.headers['x-api-key'] ?? ''}`);
    res.setHeader('content-type', 'application/json');
    if (req.url === '/login') res.end(JSON.stringify({ token: 'tok-123', user: { id: 7 } }));
    else if (req.url === '/items/7') res.end(JSON.stringify({ id: 7, total: 2 }));
    else if (req.url === '/broken') {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: 'boom' }));
    } else res.end('{}');
  }),
);

const scenario = (): string => `version: 1
name: try me
target: ${server.origin}
defaults:
  headers: { x-api-key: "{{ env.TRY_API_KEY }}" }
phases:
  - { name: steady, duration: 1m, users: 50 }
setup:
  - request: POST /login
    name: login
    capture: { token: body.token, userId: body.user.id }
flows:
  - name: shop
    steps:
      - request: GET /items/{{ userId }}
        name: item
        expect: { status: 200, json: { id: 7 } }
        check: { json: { total: 3 } }
  - name: broken
    steps:
      - request: GET /broken
        name: broken call
      - request: GET /never
        name: never sent
teardown:
  - request: POST /logout
    name: logout
`;

test('one user, one iteration of the named flow, with setup and teardown; every exchange printed, secrets redacted', async () => {
  const { file } = writeScenario('try.scenario.yaml', scenario());
  log.length = 0;
  const result = await runCli(['try', file, '--flow', 'shop'], { env: { TRY_API_KEY: SECRET } });
  assert.equal(result.code, 0, result.stderr + result.stdout);
  // The server saw one of each, in order, and the real key (only the output is redacted).
  assert.deepEqual(log, [`POST /login key=${SECRET}`, `GET /items/7 key=${SECRET}`, `POST /logout key=${SECRET}`]);
  const out = result.stdout;
  assert.ok(!out.includes(SECRET) && !result.stderr.includes(SECRET), 'the secret is never printed');
  assert.match(out, /x-api-key: \[redacted env\.TRY_API_KEY\]/);
  assert.match(out, /── setup › login ──\nPOST http:\/\/127\.0\.0\.1:\d+\/login → 200/);
  assert.match(out, /captured token = tok-123/);
  assert.match(out, /captured userId = 7/);
  assert.match(out, /── shop › item ──\nGET http:\/\/127\.0\.0\.1:\d+\/items\/7 → 200/);
  assert.match(out, / {2}< \{\n {2}<\s+"id": 7,\n {2}<\s+"total": 2\n {2}< \}\n {2}< \(18 B\)/, 'the JSON body, pretty, and its size');
  assert.match(out, /✓ expect status 200/);
  assert.match(out, /✓ expect json id = 7/);
  // A failed check is shown but fails nothing (checks are counted, never failing).
  assert.match(out, /✗ check json total = 3: json total is 2 \(expected 3\)/);
  assert.match(out, /── teardown › logout ──/);
  assert.doesNotMatch(out, /broken/);
  assert.match(out, /passed: 3 requests, 0 failed/);
});

test('a failed step: exit 1, the failure shown, the rest of the iteration not sent, teardown still runs', async () => {
  const { file } = writeScenario('try.scenario.yaml', scenario());
  log.length = 0;
  const result = await runCli(['try', file], { env: { TRY_API_KEY: SECRET } });
  assert.equal(result.code, 1, result.stderr + result.stdout);
  assert.deepEqual(
    log.map((line) => line.split(' key=')[0]),
    ['POST /login', 'GET /items/7', 'GET /broken', 'POST /logout'],
  );
  assert.match(result.stdout, /GET http:\/\/127\.0\.0\.1:\d+\/broken → 500/);
  assert.match(result.stdout, /✗ expect status below 400: status 500/);
  assert.match(result.stdout, /failed: 4 requests, 1 failed/);
});

test('--flow naming no flow is a usage error (exit 2) and sends nothing', async () => {
  const { file } = writeScenario('try.scenario.yaml', scenario());
  log.length = 0;
  const result = await runCli(['try', file, '--flow', 'nope']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /no flow named "nope" \(the flows: shop, broken\)/);
  assert.deepEqual(log, []);
});

test('--json: each exchange one JSON line, as the engine described it (redacted), then the outcome', async () => {
  const { file } = writeScenario('try.scenario.yaml', scenario());
  log.length = 0;
  const result = await runCli(['try', file, '--flow', 'shop', '--json'], { env: { TRY_API_KEY: SECRET } });
  assert.equal(result.code, 0, result.stderr + result.stdout);
  assert.ok(!result.stdout.includes(SECRET), 'the secret is never printed');
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; exchange?: Exchange; passed?: boolean; requests?: number });
  assert.deepEqual(lines.map((l) => l.type), ['exchange', 'exchange', 'exchange', 'result']);
  const [login, item] = lines.map((l) => l.exchange);
  assert.equal(login?.stage, 'setup');
  assert.deepEqual(login?.captures, [{ name: 'token', value: 'tok-123' }, { name: 'userId', value: '7' }]);
  assert.equal(item?.request.headers['x-api-key'], '[redacted env.TRY_API_KEY]');
  assert.equal(item?.status, 200);
  assert.equal(item?.response?.body.text, '{\n  "id": 7,\n  "total": 2\n}');
  assert.deepEqual(item?.checks, [{ test: 'json total = 3', passed: false, failure: 'json total is 2 (expected 3)' }]);
  assert.deepEqual(lines[3], { type: 'result', passed: true, requests: 3, failed: 0, outcome: 'completed' });
});
