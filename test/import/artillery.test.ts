// `stampede import` of Artillery scripts: Artillery's own examples (sources in
// test/fixtures/import/artillery/SOURCES.md) and one written for the features they leave out,
// through the real CLI; then the expect-plugin example run against a stand-in of its users API.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { assertImported, assertNoSecrets, flow, importFixture, step, type ImportedFixture } from './import-fixture';

const HTTP_EXAMPLES = [
  'automated-checks/load-test-with-automated-checks.yml',
  'functional-testing-with-expect-plugin/functional-load-tests.yml',
  'using-data-from-csv/website-test.yml',
  'table-driven-functional-tests/functional-test.yml',
  'scenario-weights/scenario-weights.yml',
  'using-cookies/cookies.yml',
  'http-file-uploads/file-uploads.yml',
  'http-metrics-by-endpoint/endpoint-metrics.yml',
  'generating-vu-tokens/auth-with-token.yml',
  'http-set-custom-header/set-header.yml',
  'refresh-auth-token/refresh.yml',
  'script-overrides/test.yaml',
  'starter-kit/scenarios/sample_task_03.yaml',
  'track-custom-metrics/custom-metrics.yml',
  'graphql-api-server/graphql.yaml',
  'http-socketio-server/http-socket.yml',
  'websockets/test.yml',
  'artillery-plugin-hello-world/test.yml',
  'multiple-scenario-specs/scenarios/dino.yml',
];

const NOT_HTTP: [string, RegExp][] = [
  ['socket-io/socket-io.yml', /a Socket\.IO emit is not translated/],
  ['browser-load-testing-playwright/browser-load-test.yml', /the playwright engine is not HTTP/],
  ['soap-with-custom-function/soap.yml', /custom function `sendSOAPRequest` is not translated/],
  ['using-data-from-redis/scenario.yml', /beforeScenario hook `getUser` is not translated/],
  ['artillery-engine-example/example.yaml', /the example engine is not HTTP/],
];

describe('stampede import: Artillery\'s examples', { timeout: 120_000 }, () => {
  const imported = new Map<string, ImportedFixture>();
  const get = async (name: string): Promise<ImportedFixture> => {
    if (!imported.has(name)) imported.set(name, await importFixture(`artillery/${name}`));
    return imported.get(name)!;
  };

  it('imports every HTTP example into a scenario with no error, listing what it leaves out', async () => {
    for (const name of HTTP_EXAMPLES) assertImported(await get(name));
  });

  it('says why, and writes nothing, when a script has no HTTP in it', async () => {
    for (const [name, reason] of NOT_HTTP) {
      const result = await importFixture(`artillery/${name}`);
      assert.equal(result.code, 2, `${name}: ${result.stderr}`);
      assert.match(result.stderr, /no scenario of this script sends HTTP requests/);
      assert.match(result.stderr, reason);
      assert.ok(!existsSync(result.out));
    }
  });

  it('turns phases into open-model rates and ensure into criteria', async () => {
    const checks = (await get('automated-checks/load-test-with-automated-checks.yml')).scenario;
    assert.deepEqual(checks.phases, [
      { name: 'Warm up phase', duration: '1m', rate: { from: 1, to: 5 } },
      { name: 'Ramp up load', duration: '1m', rate: { from: 5, to: 10 } },
      { name: 'Spike phase', duration: '30s', rate: { from: 10, to: 30 } },
    ]);
    assert.deepEqual(checks.criteria, ['p99(latency) < 100ms', 'p95(latency) < 75ms']);
    assert.deepEqual(checks.flows[0].steps[0].repeat, 100);
    const csv = (await get('using-data-from-csv/website-test.yml')).scenario;
    assert.deepEqual(csv.phases, [{ duration: '5m', rate: 1 }]);
    assert.deepEqual(csv.criteria, ['errorRate <= 0%']);
    const kit = (await get('starter-kit/scenarios/sample_task_03.yaml')).scenario;
    assert.deepEqual(kit.phases[1], { name: 'Mild load on the application', duration: '10s', rate: { from: 0, to: 30 } });
    assert.equal(kit.phases[2].maxUsers, 120);
    assert.deepEqual(kit.defaults, { headers: { 'x-api-key': '{{ env.SERVICE_API_KEY }}', 'Content-Type': 'application/json', Accept: 'application/json' }, timeout: '15s', tls: { insecure: true } });
  });

  it('writes a payload beside the scenario with its header row, and reads fields from it', async () => {
    const result = await get('using-data-from-csv/website-test.yml');
    assert.deepEqual(result.scenario.data, { urls: { file: 'csv/urls.stampede.csv', order: 'random' } });
    assert.equal(readFileSync(join(dirname(result.out), 'csv/urls.stampede.csv'), 'utf8'), 'url\n/\n/dino\n/pony\n/armadillo\n');
    assert.equal(step(result.scenario.flows[0].steps, 'GET {{ data.urls.url }}').expect?.status, 200);
    const table = await get('table-driven-functional-tests/functional-test.yml');
    assert.equal(table.scenario.flows[0].steps[0].request, 'GET {{ data.data_.url }}');
    assert.equal(table.scenario.flows[0].steps[0].redirects, 0);
    assert.match(table.untranslated.join('\n'), /loop over every row of payload `data` takes one row per iteration/);
  });

  it('translates captures, the expect plugin, match, cookies and variables with lists', async () => {
    const expectPlugin = (await get('functional-testing-with-expect-plugin/functional-load-tests.yml')).scenario;
    assert.deepEqual(expectPlugin.phases, [{ name: 'once', users: 1, iterations: 1 }]);
    const [create, read] = expectPlugin.flows[0].steps;
    assert.deepEqual(create.capture, { id: 'body.id' });
    assert.deepEqual(create.expect, { status: 201, headers: { 'content-type': 'json' }, contains: '"username"' });
    assert.equal(read.request, 'GET /users/{{ id }}');
    const cookies = await get('using-cookies/cookies.yml');
    assertNoSecrets(cookies, ['test-password-123']);
    assert.match(String(cookies.scenario.variables?.email), /^\{\{ random\.pick\('testuser1@artillery\.io', .*'testuser5@artillery\.io'\) \}\}$/);
    const states = flow(cookies.scenario, 'set_cookie_values').steps;
    assert.deepEqual(states[1].cookies, { state: 'online' });
    assert.deepEqual(states[2].expect, { json: { currentState: 'online' } });
    const graphql = (await get('graphql-api-server/graphql.yaml')).scenario.flows[0].steps;
    assert.deepEqual(graphql[0].capture, { userId: 'body.data.createUser.id' });
    assert.match(JSON.stringify(graphql[0].json), /user-\{\{ random\.string\(10\) \}\}@artillery\.io/);
    assert.equal((graphql[1].json as { variables: { userId: string } }).variables.userId, '{{ userId }}');
  });

  it('keeps Socket.IO scenarios\' HTTP requests and turns a ws scenario into a ws step', async () => {
    const socket = await get('http-socketio-server/http-socket.yml');
    assert.equal(socket.scenario.setup?.[0].request, 'POST /login');
    assert.equal(socket.scenario.teardown?.[0].request, 'POST /logout');
    assert.match(socket.untranslated.join('\n'), /a Socket\.IO emit is not translated/);
    const ws = (await get('websockets/test.yml')).scenario;
    assert.equal(ws.target, 'http://localhost:8888');
    assert.deepEqual(flow(ws, 'sending_a_string').steps, [{ ws: '/', send: ['Artillery'], until: { timeout: '1s' } }]);
    const dino = await get('multiple-scenario-specs/scenarios/dino.yml');
    assert.equal(dino.scenario.target, '{{ env.TARGET }}');
  });

  it('lists hooks and functions, and makes what they set a variable to fill in', async () => {
    const tokens = await get('generating-vu-tokens/auth-with-token.yml');
    assert.deepEqual(tokens.scenario.variables, { sharedToken: '', vuToken: '' });
    const listed = tokens.untranslated.join('\n');
    assert.match(listed, /custom function `generateVUToken` is not translated/);
    assert.match(listed, /log `VU id: \{\{ \$uuid \}\}` is not translated/);
    assert.match(listed, /`\{\{ sharedToken \}\}` is set by JavaScript/);
    assert.match((await get('http-set-custom-header/set-header.yml')).untranslated.join('\n'), /beforeRequest hook `setCustomHeader`/);
    assert.match((await get('refresh-auth-token/refresh.yml')).untranslated.join('\n'), /scenario refresh_auth_token: beforeRequest hook `refreshTokenIfNeeded`/);
  });

  it('turns think (seconds, or a time with its unit) into think steps of the same duration, in place', async () => {
    // `think: 10` is ten seconds: the pause that lets the token expire before /armadillo.
    const refresh = (await get('refresh-auth-token/refresh.yml')).scenario;
    assert.deepEqual(
      refresh.flows[0].steps.map((item) => item.request ?? item.think),
      ['GET /dino', 'GET /pony', '10s', 'GET /armadillo'],
    );
    const csv = (await get('using-data-from-csv/website-test.yml')).scenario;
    assert.deepEqual(csv.flows[0].steps[0].steps?.[1], { think: '1s' });
  });
});

describe('stampede import: an Artillery script of ours (JSON)', { timeout: 60_000 }, () => {
  it('translates ifTrue, loops, captures, pauses and ensure conditions, with no credential written', async () => {
    const result = await importFixture('artillery/shop/shop.artillery.json');
    assertImported(result);
    assertNoSecrets(result, ['planted-default-apikey-4d1e', 'planted-qs-apikey-9e2f', 'planted-admin-pass-61c3', 'user1-test-pass', 'user2-test-pass']);
    const { scenario } = result;
    assert.deepEqual(scenario.phases, [
      { name: 'warm up', duration: '10s', rate: { from: 1, to: 5 } },
      { name: 'quiet', duration: '5s', rate: 0 },
      { name: 'burst', duration: '1m', rate: 2, maxUsers: 50 },
    ]);
    assert.deepEqual(scenario.criteria, ['p95(latency) < 250ms', 'p99(latency) < 400ms', 'rps > 1', 'errorRate <= 1%']);
    // users.csv starts with the header row its `fields` name: the scenario reads it where it is, and
    // its passwords are copied nowhere (artillery-payload.test.ts runs both ways of a payload).
    assert.deepEqual(scenario.data, { users: { file: 'users.csv', order: 'sequential' } });
    assert.deepEqual(result.written, [result.out]);
    assert.match(result.text, /data set users is \.\/users\.csv itself \(file: users\.csv\), not a copy/);
    const shopper = flow(scenario, 'shopper');
    assert.equal(shopper.weight, 3);
    const [login, products, loop, cart, checkout, about, help] = shopper.steps;
    assert.deepEqual(login.json, { username: '{{ data.users.username }}', password: '{{ data.users.password }}' });
    assert.deepEqual(login.capture, { token: 'body.token', session: 'headers.x-session-id' });
    assert.deepEqual(products.capture, { productIds: 'body.items[*].id', count: { regex: '"count":(\\d+)', from: 'body', group: 1 } });
    assert.equal(products.query?.api_key, '{{ env.API_KEY }}');
    assert.deepEqual(loop.repeat, { over: '{{ productIds }}' });
    assert.equal(loop.steps?.[0].request, 'GET /products/{{ loop.value }}');
    // `think: "500ms"` inside the loop, `think: 1` (seconds) after the pages; the function after it is listed.
    assert.deepEqual(loop.steps?.[1], { think: '500ms' });
    assert.deepEqual(shopper.steps.slice(7), [{ think: '1s' }]);
    assert.equal(cart.if, "count > 0 and session != 'none'");
    assert.equal(checkout.request, 'POST /checkout');
    assert.deepEqual([about.request, help.request], ['GET /pages/about', 'GET /pages/help']);
    const admin = flow(scenario, 'admin').steps;
    assert.deepEqual(admin[0].auth, { user: 'admin', password: '{{ env.ADMIN_PASSWORD }}' });
    assert.deepEqual(admin[0].expect, { status: [200, 204], headers: { 'content-type': 'json' } });
    assert.equal(admin[1].repeat, 3);
    const listed = result.untranslated.join('\n');
    assert.match(listed, /ifTrue `Math\.random\(\) < 0\.5` is JavaScript/);
    assert.match(listed, /ensure condition `vusers\.failed == 0 or http\.codes\.500 < 3` has no criterion equivalent/);
  });
});

describe('stampede import: an Artillery example run for real', { timeout: 60_000 }, () => {
  const log: string[] = [];
  const server = serveDuringTests(
    createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        log.push(`${req.method} ${req.url}`);
        const id = /^\/users\/(.+)$/.exec(req.url ?? '')?.[1];
        const known = id === 'u-7f3a';
        if (req.method === 'POST' && req.url === '/users') res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"u-7f3a","username":"new-user"}');
        else if (req.method === 'GET' && known) res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"u-7f3a","username":"new-user"}');
        else if (req.method === 'DELETE' && known) res.writeHead(204).end();
        else res.writeHead(404).end();
      });
    }),
  );

  it('sends the id the first answer gave to the requests after it, once (no phases: one user, one iteration)', async () => {
    const result = await importFixture('artillery/functional-testing-with-expect-plugin/functional-load-tests.yml');
    assertImported(result);
    const run = await runCli(['run', result.out, '--target', server.origin, '--out', mkdtempSync(join(tmpdir(), 'stampede-artillery-run-')), '--quiet'], { timeoutMs: 45_000 });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.deepEqual(log, ['POST /users', 'GET /users/u-7f3a', 'DELETE /users/u-7f3a']);
  });
});

describe('stampede import: names only JavaScript sets', { timeout: 30_000 }, () => {
  /** Imports an Artillery script written for the test; its scenario's text and what was said on stderr. */
  async function importScript(name: string, script: string): Promise<{ text: string; stderr: string }> {
    const { dir, file } = writeScenario(`${name}.yml`, script);
    const out = join(dir, `${name}.scenario.yaml`);
    const { code, stderr } = await runCli(['import', file, '--out', out]);
    assert.equal(code, 0, stderr);
    return { text: readFileSync(out, 'utf8'), stderr };
  }

  it('makes a variable to fill in for a name an ifTrue condition reads, so the scenario validates', async () => {
    const { text, stderr } = await importScript(
      'hooks',
      'config:\n  target: http://127.0.0.1:1\n  processor: ./p.js\nscenarios:\n  - flow:\n      - function: setPet\n      - post:\n          url: /orders\n          ifTrue: "orderCount >= 2"\n',
    );
    assert.match(text, /variables:\n {2}orderCount: ""\n[\s\S]*- if: orderCount >= 2\n/);
    assert.match(stderr, /`\{\{ orderCount \}\}` is set by JavaScript/);
  });

  it('names the variable for an expression by its whole words, as many as fit in 40 characters', async () => {
    const { text } = await importScript(
      'deep',
      'config:\n  target: http://127.0.0.1:1\nscenarios:\n  - flow:\n      - get:\n          url: "/categories/{{ response.body.currentUser.preferences.favouriteCategory.name }}"\n',
    );
    // `_favouriteCategory` would pass 40 characters: the name stops before it, not inside it.
    assert.match(text, /variables:\n {2}response_body_currentUser_preferences: ""\n[\s\S]*- request: GET \/categories\/\{\{ response_body_currentUser_preferences \}\}\n/);
  });
});
