// HAR correlation beyond what the browser recording shows, on small HARs written here as an API
// client and a server-rendered form would produce them: a bearer token and a rotating refresh
// token from JSON answers (run against the Collection Store, so the templates must work for real),
// CSRF tokens from HTML (a meta tag and a hidden input), an Authorization header that no answer
// produced (a credential to ask for), pages that stand alone as flows of their own, and think times.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { assertNoSecrets, importFile, requestSteps } from '../helpers/imported';
import { readValidReport } from '../helpers/report';
import { startSampleServer } from '../helpers/sample-server';

interface Exchange {
  at: number;
  method: string;
  url: string;
  page?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  status?: number;
  response?: { json?: unknown; html?: string; headers?: Record<string, string> };
}

const ORIGIN = 'http://app.test';
const T0 = Date.parse('2026-12-01T10:00:00Z');

/** A HAR 1.2 document of `exchanges` (each lasting 20 ms from `at` ms after T0). */
function har(exchanges: Exchange[], pages?: { id: string; title: string }[]): string {
  const entries = exchanges.map((e) => {
    const body = e.json !== undefined ? { mimeType: 'application/json', text: JSON.stringify(e.json) } : e.form ? { mimeType: 'application/x-www-form-urlencoded', text: new URLSearchParams(e.form).toString() } : undefined;
    const responseText = e.response?.json !== undefined ? JSON.stringify(e.response.json) : (e.response?.html ?? '');
    const mimeType = e.response?.json !== undefined ? 'application/json' : e.response?.html !== undefined ? 'text/html' : 'x-unknown';
    const url = new URL(e.url, ORIGIN);
    return {
      ...(e.page ? { pageref: e.page } : {}),
      startedDateTime: new Date(T0 + e.at).toISOString(),
      time: 20,
      request: {
        method: e.method, url: url.href, httpVersion: 'HTTP/1.1', cookies: [],
        headers: Object.entries({ 'user-agent': 'test', ...(e.headers ?? {}) }).map(([name, value]) => ({ name, value })),
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })), headersSize: -1, bodySize: body ? body.text.length : 0,
        ...(body ? { postData: body } : {}),
      },
      response: {
        status: e.status ?? 200, statusText: '', httpVersion: 'HTTP/1.1', cookies: [],
        headers: Object.entries({ 'content-type': mimeType, ...(e.response?.headers ?? {}) }).map(([name, value]) => ({ name, value })),
        content: { size: responseText.length, mimeType, text: responseText }, redirectURL: '', headersSize: -1, bodySize: responseText.length,
      },
      cache: {}, timings: { send: 0, wait: 20, receive: 0 },
      _resourceType: e.response?.html !== undefined && e.method === 'GET' ? 'document' : 'fetch',
    };
  });
  const log = { version: '1.2', creator: { name: 'hand', version: '1' }, ...(pages ? { pages: pages.map((p) => ({ ...p, startedDateTime: new Date(T0).toISOString(), pageTimings: {} })) } : {}), entries };
  return JSON.stringify({ log });
}

function writeHar(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'stampede-har-')), 'recorded.har');
  writeFileSync(file, text);
  return file;
}

const PASSWORD = 'secret'; // the Collection Store's demo password, planted as the recorded one
const TOKEN_1 = 'a3f9c1d27e4b5a6f8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5';
const REFRESH_1 = 'r9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6';
const TOKEN_2 = 'b4e0d2e38f5c6b7a9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6';
const PLANTED_AUTH = 'Basic cGxhbnRlZDpjcmVkZW50aWFs';

describe('stampede import: HAR correlation', () => {
  it('a bearer token and a rotating refresh token from JSON answers become captures, and the scenario runs against the Collection Store', { timeout: 60_000 }, async () => {
    const file = writeHar(har([
      { at: 0, method: 'POST', url: '/auth/login', json: { username: 'user3', password: PASSWORD }, response: { json: { token: TOKEN_1, refreshToken: REFRESH_1, expiresIn: 3600 } } },
      { at: 100, method: 'GET', url: '/auth/validate', headers: { authorization: `Bearer ${TOKEN_1}` }, response: { json: { valid: true, user: 'user3' } } },
      { at: 3100, method: 'POST', url: '/auth/refresh', json: { refreshToken: REFRESH_1 }, response: { json: { token: TOKEN_2, refreshToken: 'r2', expiresIn: 3600 } } },
      { at: 3200, method: 'GET', url: '/collections?limit=5', headers: { authorization: `Bearer ${TOKEN_2}` }, response: { json: { items: [] } } },
      { at: 3300, method: 'POST', url: '/auth/logout', headers: { authorization: `Bearer ${TOKEN_2}` }, response: { json: { loggedOut: true } } },
    ]));
    const imported = await importFile(file);
    const all = imported.data.flows[0].steps;
    const steps = requestSteps(all);
    assert.deepEqual(steps[0].json, { username: 'user3', password: '{{ env.PASSWORD }}' });
    assert.deepEqual(steps[0].capture, { token: 'body.token', refreshToken: 'body.refreshToken' });
    assert.deepEqual(steps[1].headers, { authorization: 'Bearer {{ token }}' });
    assert.deepEqual(steps[2].json, { refreshToken: '{{ refreshToken }}' });
    assert.deepEqual(steps[2].capture, { token2: 'body.token' });
    assert.deepEqual(steps[3].headers, { authorization: 'Bearer {{ token2 }}' });
    assert.deepEqual(steps[3].query, { limit: '5' }, 'a value the client chose is not correlated');
    assert.deepEqual(all.filter((s) => s.think).map((s) => s.think), ['3s']);
    assertNoSecrets(imported, [TOKEN_1, REFRESH_1, TOKEN_2]);

    const store = await startSampleServer({ hashCost: 1000 });
    try {
      const out = mkdtempSync(join(tmpdir(), 'stampede-har-run-'));
      const result = await runCli(['run', imported.file, '--target', store.url, '--var', 'users=1', '--iterations', '1', '--out', out, '--quiet'], { env: { PASSWORD } });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const report = readValidReport(out);
      assert.equal(report.totals.errors, 0, JSON.stringify(report.errors));
      assert.deepEqual(report.steps.map((s) => Object.keys(s.statusCodes ?? {})), [['200'], ['200'], ['200'], ['200'], ['200']]);
    } finally {
      await store.close();
    }
  });

  it('CSRF tokens in HTML, an unexplained Authorization header, and pages that stand alone', async () => {
    const csrf = 'csrf-7c1e9a0b3d5f4e2a';
    const page = `<html><head><title>Account</title><meta name="csrf-token" content="${csrf}"></head><body><form><input type="hidden" name="_csrf" value="${csrf}"></form></body></html>`;
    const exchanges: Exchange[] = [
      { at: 0, page: 'p1', method: 'GET', url: '/account', headers: { authorization: PLANTED_AUTH }, response: { html: page } },
      { at: 900, page: 'p1', method: 'POST', url: '/account/email', headers: { authorization: PLANTED_AUTH, 'x-csrf-token': csrf }, form: { _csrf: csrf, email: 'ada@example.com' }, response: { json: { ok: true } } },
      { at: 5000, page: 'p2', method: 'GET', url: '/news', response: { html: '<html><head><title>News</title></head></html>' } },
      { at: 5050, page: 'p2', method: 'GET', url: '/news/latest.json', response: { json: { items: [] } } },
    ];
    const file = writeHar(har(exchanges, [{ id: 'p1', title: 'Account' }, { id: 'p2', title: 'News' }]));
    const imported = await importFile(file);
    assert.deepEqual(imported.data.flows.map((f) => f.name), ['Account', 'News'], 'independent pages are flows of their own');
    const [account, news] = imported.data.flows.map((f) => requestSteps(f.steps));
    // A regex over the page's own markup (the meta tag's or the hidden input's) that finds the token in it.
    const capture = (account[0].capture as { csrfToken: { regex: string; from: string; group: number } }).csrfToken;
    assert.deepEqual({ from: capture.from, group: capture.group }, { from: 'body', group: 1 });
    assert.equal(new RegExp(capture.regex, 'u').exec(page)?.[1], csrf);
    assert.deepEqual(account[1].headers, { authorization: 'Basic {{ env.AUTHORIZATION }}', 'x-csrf-token': '{{ csrfToken }}' });
    assert.deepEqual(account[1].form, { _csrf: '{{ csrfToken }}', email: 'ada@example.com' });
    assert.deepEqual(news.map((s) => s.request), ['GET /news', 'GET /news/latest.json']);
    assert.match(imported.result.stderr, /set AUTHORIZATION: /);
    assertNoSecrets(imported, [csrf, PLANTED_AUTH, 'cGxhbnRlZDpjcmVkZW50aWFs']);

    // Without pages, each navigation (a document request) starts a flow, named by its <title>.
    const unpaged = await importFile(writeHar(har(exchanges.map(({ page: _page, ...rest }) => rest))));
    assert.deepEqual(unpaged.data.flows.map((f) => [f.name, requestSteps(f.steps).length]), [['Account', 2], ['News', 2]]);
  });
});
