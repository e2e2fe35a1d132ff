// `stampede import` of Postman collections: the RealWorld project's Conduit collection (public,
// its source in test/fixtures/import/postman/SOURCES.md) and one written for auth inheritance and
// scripts, through the real CLI; then the imported Conduit scenario run against a stand-in of its
// API, where the server's log shows the captured token, slug and comment id sent back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { conduitStandIn } from './conduit-stand-in';
import { allSteps, assertImported, assertNoSecrets, flow, importFixture, step } from './import-fixture';

describe('stampede import: the Conduit Postman collection', { timeout: 120_000 }, () => {
  const api = conduitStandIn();
  const server = serveDuringTests(api.server);

  it('has a flow per folder, the environment variables asked of env, and the captures its scripts make', async () => {
    const result = await importFixture('postman/Conduit.postman_collection.json');
    assertImported(result);
    const { scenario } = result;
    assert.deepEqual(scenario.flows.map((f) => f.name), ['Auth', 'Articles', 'Articles, Favorite, Comments', 'Profiles', 'Tags']);
    assert.equal(scenario.target, '{{ env.APIURL }}');
    assert.match(result.stderr, /^set PASSWORD: /m);
    const auth = flow(scenario, 'Auth').steps;
    assert.deepEqual(step(auth, 'Login and Remember Token').capture, { token: 'body.user.token' });
    assert.deepEqual(step(auth, 'Login').json, { user: { email: '{{ env.EMAIL }}', password: '{{ env.PASSWORD }}' } });
    assert.equal(step(auth, 'Current User').headers?.Authorization, 'Token {{ token }}');
    const articles = flow(scenario, 'Articles, Favorite, Comments').steps;
    // The folder uses the token that folder Auth kept: it logs in first.
    assert.equal(articles[0].name, 'Login and Remember Token');
    assert.deepEqual(step(articles, 'Create Article').capture, { slug: 'body.article.slug' });
    assert.deepEqual(step(articles, 'Create Comment for Article').capture, { commentId: 'body.comment.id' });
    assert.equal(step(articles, 'Delete Comment for Article').request, 'DELETE /articles/{{ slug }}/comments/{{ commentId }}');
    assert.deepEqual(step(articles, 'Feed').expect, { status: 200 });
    assert.match(result.untranslated.join('\n'), /Auth \/ Login: test script, \d+ lines not translated, e\.g\. `tests\['Response contains "user" property'\]/);
  });

  it('runs against a stand-in of the API: every token, slug and comment id sent was captured from an earlier answer', async () => {
    const result = await importFixture('postman/Conduit.postman_collection.json');
    assertImported(result);
    const runDir = mkdtempSync(join(tmpdir(), 'stampede-conduit-run-'));
    const run = await runCli(['run', result.out, '--target', server.origin, '--iterations', '6', '--out', runDir, '--quiet'], {
      env: { APIURL: server.origin, EMAIL: 'jake@jake.jake', PASSWORD: 'jakejake', USERNAME: 'jake' },
      timeoutMs: 90_000,
    });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const failed = api.log.filter((entry) => entry.status >= 400);
    assert.deepEqual(failed, [], 'every request was answered as in the original');
    // The server answers 401 to a token and 404 to a slug or comment id it never handed out: none
    // failed, so every one sent was captured from an earlier answer.
    const authorized = api.log.filter((entry) => entry.token !== undefined);
    assert.ok(authorized.length > 0, 'some requests carried a captured token');
    for (const entry of authorized) assert.ok(api.issued.tokens.includes(entry.token!));
    assert.ok(api.issued.slugs.length > 0, 'articles were created');
    // Each article's requests come in the order of the flow, with the same slug and comment id.
    const expected = allSteps(flow(result.scenario, 'Articles, Favorite, Comments').steps)
      .map((s) => s.request ?? '')
      .filter((line) => line.includes('{{ slug }}'));
    for (const slug of api.issued.slugs) {
      const comment = api.issued.comments.find((c) => c.slug === slug)?.id ?? '?';
      const seen = api.log.filter((entry) => entry.path.split('/')[2] === slug).map((entry) => `${entry.method} ${entry.path}`);
      assert.deepEqual(seen, expected.map((line) => line.replace('{{ slug }}', slug).replace('{{ commentId }}', comment)));
    }
  });
});

describe('stampede import: auth inheritance and scripts (Postman)', { timeout: 60_000 }, () => {
  it('inherits auth from the collection and folders, translates scripts, keeps every credential out', async () => {
    const result = await importFixture('postman/shop-auth-and-scripts.postman_collection.json');
    assertImported(result);
    assertNoSecrets(result, ['planted-secret-variable-7c1d', 'planted-password-93kq', 'planted-apikey-55ab', 'planted-basic-pass-2f8e', 'planted-cookie-value-71aa', 'planted-digest-pass-0d3b']);
    const { scenario } = result;
    assert.equal(scenario.target, '{{ baseUrl }}');
    assert.deepEqual(scenario.variables, { baseUrl: 'http://shop.example.test', pageSize: '20', user_name: 'alice' });
    // Folder Auth says noauth; the collection's bearer (a secret variable) reaches Catalog.
    const login = step(flow(scenario, 'Auth').steps, 'Log in');
    assert.equal(login.headers?.Authorization, undefined);
    assert.deepEqual(login.form, { username: '{{ user_name }}', password: '{{ env.PASSWORD }}' });
    assert.deepEqual(login.capture, { sessionToken: 'body.session.token', userId: 'body.user.id', location: 'headers.location' });
    assert.deepEqual(login.expect, { status: 200 });
    const products = flow(scenario, 'Catalog / Products').steps;
    assert.equal(step(products, 'List products').headers?.Authorization, 'Bearer {{ env.API_SECRET }}');
    assert.equal(step(products, 'List products').request, 'GET /products?limit={{ pageSize }}');
    assert.equal(step(products, 'Get product').request, 'GET /products/{{ productId }}');
    assert.deepEqual(step(flow(scenario, 'Catalog').steps, 'Search (GraphQL)').json, { query: 'query ($q: String!) { search(q: $q) { id name } }', variables: { q: 'lamp' } });
    // Folder Orders: an API key header; a request of its own with basic auth; captures from two other folders.
    const orders = flow(scenario, 'Orders').steps;
    assert.deepEqual(orders.map((s) => s.name), ['Log in', 'List products', 'Create order', 'Upload receipt', 'Pay order', 'Order status']);
    assert.equal(step(orders, 'Create order').headers?.['X-Shop-Key'], '{{ env.X_SHOP_KEY }}');
    assert.deepEqual(step(orders, 'Create order').expect, { status: 201 });
    assert.deepEqual(step(orders, 'Pay order').auth, { user: 'shop', password: '{{ env.SHOP_PASSWORD }}' });
    assert.deepEqual(step(orders, 'Order status').expect, { status: 200, json: { state: 'paid' }, maxLatency: '500ms' });
    assert.deepEqual(step(orders, 'Upload receipt').multipart, { comment: 'paid in store', receipt: { file: { size: '10KB', name: 'receipt.pdf' } } });
    const listed = result.untranslated.join('\n');
    assert.match(listed, /Auth \/ Log in: test script, 1 line not translated .*console\.log/);
    assert.match(listed, /folder Catalog: prerequest script not translated/);
    assert.match(listed, /Admin \/ Stats: auth type `digest` has no equivalent/);
    assert.match(listed, /Admin \/ Trace: method TRACE/);
  });
});

describe('stampede import: a Postman collection v1', { timeout: 30_000 }, () => {
  it('asks for an export as v2.1 instead of guessing', async () => {
    const { file } = writeScenario('old.postman_collection.json', JSON.stringify({ id: 'c1', name: 'old', order: ['r1'], requests: [{ id: 'r1', url: 'http://127.0.0.1:1/', method: 'GET' }] }));
    const { code, stderr } = await runCli(['import', file]);
    assert.equal(code, 2);
    assert.match(stderr, /a Postman collection v1; export it from Postman as Collection v2\.1/);
  });
});
