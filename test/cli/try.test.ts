// `stampede try` through the real CLI against a real server on 127.0.0.1 that logs what it got:
// one iteration of each flow with setup and teardown, every exchange printed with its headers,
// body, the template values it was rendered with, captures and tests, secrets from env
// redacted, and the exit code the contract gives.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import { runCli, startCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import type { Exchange } from '../../engine/protocol/exchange';

const SECRET = 'sk-live-5f2a9c81d0e4';
const log: string[] = [];
/** `/slow` answers once this is resolved (a test's gate); `/big` with a JSON list past the preview. */
let slowGate: Promise<void> = Promise.resolve();
const BIG = { items: Array.from({ length: 800 }, (_, i) => ({ id: i + 1, name: `item ${i + 1}` })) };
/** Every request as the server got it: URL, headers and body. */
const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
const server = serveDuringTests(
  createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      log.push(`${req.method} ${req.url} key=${req.headers['x-api-key'] ?? ''}`);
      received.push({ url: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/login') res.end(JSON.stringify({ token: 'tok-123', user: { id: 7 } }));
      else if (req.url === '/items/7') res.end(JSON.stringify({ id: 7, total: 2 }));
      else if (req.url === '/slow') void slowGate.then(() => res.end('{}'));
      else if (req.url === '/big') res.end(JSON.stringify(BIG));
      else if (req.url === '/broken') {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: 'boom' }));
      } else res.end('{}');
    });
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
  const { dir, file } = writeScenario('try.scenario.yaml', scenario());
  log.length = 0;
  const result = await runCli(['try', file, '--flow', 'shop'], { env: { TRY_API_KEY: SECRET }, cwd: dir });
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
  // A failed check is shown but fails nothing (checks are counted, never failing), with its line
  // (the `check:` line of the item step: its keys are written inline).
  assert.match(out, /✗ check json total = 3: json total is 2 \(expected 3\) {2}\(try\.scenario\.yaml:18\)\n/);
  assert.doesNotMatch(out, /✓ expect status 200 .*scenario\.yaml/, 'a passed test names no line');
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
  assert.deepEqual(item?.checks, [{ test: 'json total = 3', passed: false, failure: 'json total is 2 (expected 3)', at: ['check', 'json', 'total'] }]);
  assert.deepEqual(item?.expects.map((t) => t.at), [['expect', 'status'], ['expect', 'json', 'id']]);
  assert.deepEqual(lines[3], { type: 'result', passed: true, requests: 3, failed: 0, outcome: 'completed' });
});

const TOKEN = 'tok-live-9b1e77c3a2f5';
const templated = (): string => `version: 1
name: template values
target: ${server.origin}
variables:
  shopper: "s{{ random.int(1, 9) }}"
phases:
  - { name: steady, duration: 1m, users: 50 }
flows:
  - name: order
    steps:
      - request: GET /items/7
        name: item
        capture: { itemId: body.id }
      - request: POST /items/{{ itemId }}/orders?by={{ vu.id }}
        name: order
        headers: { authorization: "Bearer {{ env.SECRET_TOKEN }}" }
        json: { order: "{{ random.uuid() }}", line: "{{ random.uuid() }}", user: "{{ vu.id }}", shopper: "{{ shopper }}" }
`;

/** What the server got for the order: the values its templates must have given. */
function sentOrder(): { by: string; order: string; line: string; shopper: string; authorization: string | undefined } {
  const orders = received.filter((r) => r.url.startsWith('/items/7/orders'));
  assert.equal(orders.length, 1, JSON.stringify(received.map((r) => r.url)));
  const [order] = orders;
  const body = JSON.parse(order.body) as { order: string; line: string; user: string; shopper: string };
  const by = new URL(order.url, 'http://x').searchParams.get('by') ?? '';
  assert.equal(body.user, by, 'one vu.id in the query and the body');
  return { by, order: body.order, line: body.line, shopper: body.shopper, authorization: order.headers.authorization };
}

test('--json: each exchange lists its templates with the values the server received, the secret redacted', async () => {
  const { file } = writeScenario('templates.scenario.yaml', templated());
  received.length = 0;
  const result = await runCli(['try', file, '--json'], { env: { SECRET_TOKEN: TOKEN } });
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const sent = sentOrder();
  assert.equal(sent.authorization, `Bearer ${TOKEN}`, 'the server got the real token');
  assert.match(sent.order, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(sent.order, sent.line);
  assert.match(sent.shopper, /^s[1-9]$/);
  const exchanges = result.stdout.trim().split('\n').flatMap((line) => (JSON.parse(line) as { exchange?: Exchange }).exchange ?? []);
  assert.deepEqual(exchanges.map((x) => x.step), ['item', 'order']);
  const [item, order] = exchanges;
  assert.deepEqual(item.templates, [], 'nothing to render, nothing listed');
  assert.deepEqual(order.templates, [
    // In the order rendered: URL (a capture, vu.id), headers, body.
    { expression: 'itemId', value: '7' },
    { expression: 'vu.id', value: sent.by },
    { expression: 'env.SECRET_TOKEN', value: '[redacted env.SECRET_TOKEN]' },
    // Each draw as it was sent, not drawn again; vu.id (the body's) once more is not repeated.
    { expression: 'random.uuid()', value: sent.order },
    { expression: 'random.uuid()', value: sent.line },
    // A variable holding a template: by its name, with its whole value.
    { expression: 'shopper', value: sent.shopper },
  ]);
  assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN), 'the secret is never printed');
});

test('the terminal lists the template values of each exchange, the secret redacted', async () => {
  const { file } = writeScenario('templates.scenario.yaml', templated());
  received.length = 0;
  const result = await runCli(['try', file], { env: { SECRET_TOKEN: TOKEN } });
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const sent = sentOrder();
  const out = result.stdout;
  const order = out.slice(out.indexOf('── order › order ──'));
  assert.match(order, /^ {2}template \{\{ itemId \}\} = 7$/m);
  assert.match(order, new RegExp(`^ {2}template \\{\\{ vu\\.id \\}\\} = ${sent.by}$`, 'm'));
  assert.match(order, /^ {2}template \{\{ env\.SECRET_TOKEN \}\} = \[redacted env\.SECRET_TOKEN\]$/m);
  for (const uuid of [sent.order, sent.line]) assert.ok(order.includes(`  template {{ random.uuid() }} = ${uuid}\n`), order);
  assert.ok(order.includes(`  template {{ shopper }} = ${sent.shopper}\n`), order);
  assert.doesNotMatch(out.slice(out.indexOf('── order › item ──'), out.indexOf('── order › order ──')), /template/, 'the item request rendered nothing');
  assert.ok(!out.includes(TOKEN) && !result.stderr.includes(TOKEN), 'the secret is never printed');
});

const piped = (): string => `version: 1
name: piped
target: ${server.origin}
phases:
  - { duration: 1m, users: 5 }
setup:
  - request: POST /login
    name: login
flows:
  - name: shop
    steps:
      - request: GET /slow
        name: slow
      - request: GET /big
        name: big
teardown:
  - request: POST /logout
    name: logout
`;

test('output closed by its reader (`| head`): the trial stops quietly and its teardown still runs', async () => {
  const { file } = writeScenario('piped.scenario.yaml', piped());
  log.length = 0;
  let release = (): void => undefined;
  slowGate = new Promise((resolve) => (release = resolve));
  const cli = startCli(['try', file]);
  await cli.waitFor(/── setup › login ──/);
  // The reader goes away while the trial still has exchanges to print.
  cli.child.stdout?.destroy();
  release();
  const result = await cli.done;
  assert.equal(result.signal, null);
  assert.doesNotMatch(result.stderr, /EPIPE|Error|\n\s+at /, result.stderr);
  assert.deepEqual(log.map((line) => line.split(' key=')[0]).filter((line) => line.includes('/logout')), ['POST /logout'], 'teardown ran');
});

test('a JSON body past the preview reads indented, 20 lines of it, its size and what is left said', async () => {
  const { file } = writeScenario('piped.scenario.yaml', piped());
  slowGate = Promise.resolve();
  const result = await runCli(['try', file]);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const big = result.stdout.slice(result.stdout.indexOf('── shop › big ──'), result.stdout.indexOf('── teardown'));
  const body = big.split('\n').filter((line) => line.startsWith('  < ') && !/^ {2}< [\w-]+: /.test(line));
  assert.deepEqual(body.slice(0, 6), ['  < {', '  <   "items": [', '  <     {', '  <       "id": 1,', '  <       "name": "item 1"', '  <     },']);
  assert.equal(body.length, 21, body.join('\n'));
  assert.match(body[20], new RegExp(`^ {2}< \\(${Buffer.byteLength(JSON.stringify(BIG))} B, preview truncated, \\d+ more lines\\)$`));
});
