// `stampede import` of .http/.rest files: REST Client's documented examples and httpyac's, through
// the real CLI (sources in test/fixtures/import/http/SOURCES.md); then REST Client's request
// variables example run against a stand-in server that checks the captured token and id come back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { assertImported, assertNoSecrets, importFixture, step } from './import-fixture';

describe('stampede import: REST Client README examples', { timeout: 60_000 }, () => {
  it('translates every request example, its bodies and auth, with no credential written', async () => {
    const result = await importFixture('http/rest-client-requests.http');
    assertImported(result);
    // (`passwd` stays in httpbin's URL `/basic-auth/user/passwd`: a path, not a credential sent.)
    assertNoSecrets(result, ['xxx', 'user:passwd', 'user passwd', 'dXNlcjpwYXNzd2Q=', 'password=bar', 'password: bar']);
    const { steps } = result.scenario.flows[0];
    assert.equal(result.scenario.target, 'https://example.com');
    assert.equal(steps[0].request, 'GET /comments/1');
    assert.equal(steps[3].request, 'GET /comments?page=2&pageSize=10');
    assert.deepEqual(steps[1].json, { name: 'sample', time: 'Wed, 21 Oct 2015 18:27:50 GMT' });
    assert.equal(steps[5].headers?.Authorization, 'token {{ env.AUTHORIZATION_TOKEN }}');
    assert.match(String(steps[6].body), /<name>sample<\/name>/, '`< ./demo.xml` is read');
    assert.deepEqual(steps[8].multipart, { text: 'title', image: { file: { size: '1KB', name: '1.png' } } });
    assert.equal(steps[8].headers, undefined, 'the boundary of the file is not sent with a body encoded anew');
    assert.deepEqual(steps[9].form, { name: 'foo', password: '{{ env.PASSWORD }}' });
    const graphql = step(steps, 'POST https://api.github.com/graphql');
    assert.deepEqual((graphql.json as { variables: unknown }).variables, { name: 'vscode-restclient', owner: 'Huachao' });
    assert.equal(graphql.headers?.['X-REQUEST-TYPE'], undefined);
    // `Basic user:passwd` and `Basic user passwd` are basic auth; a Base64 value is sent as it is.
    assert.deepEqual(steps[11].auth, { user: 'user', password: '{{ env.USER_PASSWORD }}' });
    assert.equal(steps[12].headers?.Authorization, 'Basic {{ env.AUTHORIZATION_BASIC }}');
    assert.deepEqual(steps[13].auth, steps[11].auth);
    assert.match(result.untranslated.join('\n'), /the Digest Authorization header is computed/);
  });

  it('turns file, prompt and system variables into variables, env and functions', async () => {
    const result = await importFixture('http/rest-client-variables.http');
    assertImported(result);
    const { scenario } = result;
    assert.equal(scenario.target, 'https://{{ host }}');
    assert.equal(scenario.variables?.host, '{{ hostname }}:{{ port }}');
    assert.equal(scenario.variables?.modifiedBy, '{{ env.USERNAME }}');
    const { steps } = scenario.flows[0];
    assert.equal(steps[0].request, 'GET /authors/Strunk%20%26%20White', '{{%name}} is percent-encoded');
    assert.equal(steps[2].request, 'POST /verify-otp/{{ env.REF_CODE }}');
    assert.equal(steps[5].headers?.Authorization, '{{ env.secretKey }}');
    assert.match(String(steps[6].body), /"request_id": "\{\{ random\.uuid\(\) \}\}"/);
    assert.match(String(steps[6].body), /"review_count": "\{\{ random\.int\(5, 199\) \}\}"/);
    assert.match(result.stderr, /^set OTP: the prompt \{\{otp\}\}/m);
    assert.match(result.untranslated.join('\n'), /`\{\{\$datetime rfc1123\}\}` \(a formatted date\) became `\{\{ now\(\) \}\}`/);
  });

  it('turns request variables into captures on the named requests', async () => {
    const result = await importFixture('http/rest-client-request-variables.http');
    assertImported(result);
    assertNoSecrets(result, ['password=bar', 'password: bar']);
    const { steps } = result.scenario.flows[0];
    assert.deepEqual(steps.map((s) => s.name), ['login', 'createComment', 'getCreatedComment', 'getReplies', 'getFirstReply']);
    assert.deepEqual(steps[0].capture, { authToken: 'headers.x-authtoken' });
    assert.deepEqual(steps[1].capture, { commentId: 'body.id' });
    assert.equal(steps[2].request, 'GET /comments/{{ commentId }}');
    assert.equal(steps[2].headers?.Authorization, '{{ authToken }}');
    assert.match(result.untranslated.join('\n'), /getReplies\.response\.body\.\/\/reply\[1\]\/@id/);
  });
});

describe('stampede import: httpyac examples', { timeout: 60_000 }, () => {
  it('sends relative requests to the host variable, and lists scripts', async () => {
    const spacex = await importFixture('http/httpyac-spacex.http');
    assertImported(spacex);
    assert.equal(spacex.scenario.target, '{{ host }}');
    assert.deepEqual(spacex.scenario.flows[0].steps.map((s) => s.request), ['GET /launches/latest', 'GET /capsules']);
    const asserts = await importFixture('http/httpyac-assert.http');
    assertImported(asserts);
    assert.equal(asserts.scenario.flows[0].steps.length, 2);
    assert.equal(asserts.untranslated.filter((item) => /script not translated/.test(item)).length, 2);
  });

  it('keeps the credentials of file variables and cookies out, and turns `Basic user password` into auth', async () => {
    const basic = await importFixture('http/httpyac-basic-auth.http');
    assertImported(basic);
    assertNoSecrets(basic, ['12345678', 'doe']);
    assert.deepEqual(basic.scenario.flows[0].steps[0].auth, { user: '{{ env.USER }}', password: '{{ env.PASSWORD }}' });
    // The JavaScript that builds the second Authorization is a variable named by its whole words
    // (`…_toString`, not `…_toString_base6`: `_base64` would pass 40 characters).
    assert.deepEqual(basic.scenario.variables, { Buffer_from_user_password_toString: '' });
    assert.equal(basic.scenario.flows[0].steps[1].headers?.Authorization, 'Basic {{ Buffer_from_user_password_toString }}');
    assert.ok(basic.untranslated.some((item) => item.includes('became the empty variable `Buffer_from_user_password_toString` (set it with --var Buffer_from_user_password_toString=…)')));
    const cookies = await importFixture('http/httpyac-cookies.http');
    assertImported(cookies);
    assert.equal(cookies.scenario.flows[0].steps.length, 5);
    assert.deepEqual(cookies.scenario.flows[0].steps[2].headers, { Cookie: '{{ env.COOKIE }}' });
    const ref = await importFixture('http/httpyac-ref.http');
    assertImported(ref);
    assert.equal(ref.scenario.flows[0].steps.length, 5);
  });
});

describe('stampede import: a .http file run for real', { timeout: 90_000 }, () => {
  const log: { method: string; path: string; authorization: string | undefined; status: number }[] = [];
  const tokens: string[] = [];
  const comments = new Map<string, string>();
  const server = serveDuringTests(
    createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0];
        const authorization = req.headers.authorization;
        let status = 200;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        let answer = '{}';
        if (req.method === 'POST' && path === '/api/login') {
          status = new URLSearchParams(body).get('password') === 'bar' ? 200 : 401;
          tokens.push(`tok-${tokens.length + 1}`);
          headers['x-authtoken'] = tokens[tokens.length - 1];
        } else if (!authorization && /^\/comments\/[^/]+$/.test(path)) status = 401;
        else if (authorization && !tokens.includes(authorization)) status = 401;
        else if (req.method === 'POST' && path === '/comments') {
          const id = String(comments.size + 1);
          comments.set(id, authorization ?? '');
          answer = JSON.stringify({ id: Number(id), content: 'fake content' });
        } else if (!comments.has(path.split('/')[2])) status = 404;
        log.push({ method: req.method ?? 'GET', path, authorization, status });
        res.writeHead(status, headers);
        res.end(answer);
      });
    }),
  );

  it('logs in, then sends the token from its header and the id from its body in order', async () => {
    const result = await importFixture('http/rest-client-request-variables.http');
    assertImported(result);
    const run = await runCli(['run', result.out, '--target', server.origin, '--iterations', '2', '--out', mkdtempSync(join(tmpdir(), 'stampede-http-run-')), '--quiet'], {
      env: { PASSWORD: 'bar' },
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.deepEqual(log.filter((entry) => entry.status >= 400), []);
    assert.equal(tokens.length, 20, '10 users, 2 iterations each');
    // Each comment was created with a token a login handed out, then read with the same token
    // and the id its answer gave, in the order of the file.
    assert.equal(comments.size, 20);
    for (const [id, token] of comments) {
      assert.ok(tokens.includes(token));
      const created = log.findIndex((entry) => entry.method === 'POST' && entry.path === '/comments' && entry.authorization === token);
      const used = log.flatMap((entry, at) => (entry.path.split('/')[2] === id ? [{ ...entry, at }] : []));
      assert.deepEqual(used.map((entry) => `${entry.method} ${entry.path} ${entry.authorization ?? '-'}`), [`GET /comments/${id} ${token}`, `GET /comments/${id}/replies -`, `GET /comments/${id}/replies/ -`]);
      assert.ok(created >= 0 && used.every((entry) => entry.at > created));
    }
  });
});
