// The sample service, Collection Store, as the samples and the engine's tests use it: a real
// server on port 0 of 127.0.0.1, real HTTP, and the real CLI in a child process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';

interface StatsSnapshot {
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  sseConnections: { current: number; total: number };
  serverTimeMs: { count: number; p50: number; p99: number };
}

interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface SampleServerModule {
  startServer(options: { port?: number; host?: string; hashCost?: number }): Promise<RunningServer>;
}

// After bundling this file lives in dist-test/; the server is plain JS that is loaded at run time
// (not bundled), exactly as users run it.
const repoRoot = path.join(__dirname, '..');
const serverFile = path.join(repoRoot, 'samples', 'collection-store', 'server.js');
const loadServer = (): SampleServerModule => createRequire(__filename)(serverFile) as SampleServerModule;

const TEST_TIMEOUT = 10_000;

interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

let server: RunningServer;

async function call(method: string, urlPath: string, options: { token?: string; json?: unknown; body?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(server.url + urlPath, { method, headers, body, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

async function login(username = 'user1', password = 'secret'): Promise<string> {
  const reply = await call('POST', '/auth/login', { json: { username, password } });
  assert.equal(reply.status, 200, reply.text);
  return reply.body.token as string;
}

interface SseEvent {
  event: string;
  data: string;
}

/**
 * Opens an event stream and collects events until `done(events)` says so, then closes it.
 * `ready` resolves once the `connected` event arrived, so a test can publish after it.
 */
function subscribe(urlPath: string, done: (events: SseEvent[]) => boolean, headers: Record<string, string> = {}) {
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const events: SseEvent[] = [];
  let close: () => void = () => {};
  const finished = new Promise<{ status: number; contentType: string; events: SseEvent[] }>((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`timed out with events ${JSON.stringify(events)}`));
    }, 5000);
    close = () => {
      clearTimeout(timer);
      req.destroy();
      resolve({ status: 200, contentType: '', events });
    };
    const req = http.get(server.url + urlPath, { headers }, (res) => {
      const contentType = String(res.headers['content-type']);
      if (res.statusCode !== 200) {
        clearTimeout(timer);
        res.resume();
        onReady();
        resolve({ status: res.statusCode ?? 0, contentType, events });
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = { event: 'message', data: '' };
          let comment = true;
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) (event.event = line.slice(7)), (comment = false);
            else if (line.startsWith('data: ')) (event.data += line.slice(6)), (comment = false);
          }
          if (comment) continue;
          events.push(event);
          if (event.event === 'connected') onReady();
          if (done(events)) {
            clearTimeout(timer);
            req.destroy();
            resolve({ status: 200, contentType, events });
            return;
          }
        }
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return { ready, finished, close: () => close() };
}

const stats = async (): Promise<StatsSnapshot> => (await call('GET', '/__stats')).body as StatsSnapshot;

describe('Collection Store', { timeout: 60_000 }, () => {
  before(async () => {
    server = await loadServer().startServer({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 on the port it was given (0 = a free one)', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
  });

  it('answers the utility endpoints without a token', { timeout: TEST_TIMEOUT }, async () => {
    const health = await call('GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { ok: true });

    const hello = await call('GET', '/hello');
    assert.equal(hello.status, 200);
    assert.match(hello.headers.get('content-type') ?? '', /^text\/plain/);
    assert.ok(hello.text.length >= 90 && hello.text.length <= 110, `hello is ${hello.text.length} bytes`);
    assert.equal((await call('GET', '/hello')).text, hello.text, 'the body is fixed');

    const delay = await call('GET', '/delay?ms=30');
    assert.equal(delay.status, 200);
    assert.ok(delay.body.waitedMs >= 29, `waited ${delay.body.waitedMs} ms`);
    assert.ok(Number(delay.headers.get('x-server-time-ms')) >= 29);
    assert.match(delay.headers.get('x-server-time-ms') ?? '', /^\d+\.\d{3}$/);
    assert.equal((await call('GET', '/delay?ms=soon')).status, 400);

    for (const code of [200, 404, 418, 503]) {
      const reply = await call('GET', `/status/${code}`);
      assert.equal(reply.status, code);
      assert.deepEqual(reply.body, { status: code });
    }
    assert.equal((await call('GET', '/status/204')).status, 204);
    assert.equal((await call('GET', '/status/99')).status, 400);
    assert.equal((await call('GET', '/status/abc')).status, 400);
  });

  it('stamps every response with its server time', { timeout: TEST_TIMEOUT }, async () => {
    for (const [method, p] of [['GET', '/health'], ['GET', '/nowhere'], ['GET', '/collections'], ['POST', '/auth/login']]) {
      const reply = await call(method, p, { body: method === 'POST' ? '{' : undefined });
      assert.match(reply.headers.get('x-server-time-ms') ?? '', /^\d+\.\d{3}$/, `${method} ${p}`);
    }
  });

  it('registers, logs in, validates, refreshes and logs out', { timeout: TEST_TIMEOUT }, async () => {
    const register = await call('POST', '/auth/register', { json: { username: 'alice', password: 'pw1' } });
    assert.equal(register.status, 201);
    assert.equal(register.body.username, 'alice');
    assert.equal((await call('POST', '/auth/register', { json: { username: 'alice', password: 'x' } })).status, 409);
    assert.equal((await call('POST', '/auth/register', { json: { username: 'user7', password: 'x' } })).status, 409, 'seeded users exist');

    const loggedIn = await call('POST', '/auth/login', { json: { username: 'alice', password: 'pw1' } });
    assert.equal(loggedIn.status, 200);
    assert.match(loggedIn.body.token, /^[0-9a-f]{32,}$/);
    assert.match(loggedIn.body.refreshToken, /^[0-9a-f]{32,}$/);
    assert.ok(loggedIn.body.expiresIn > 0);

    const wrong = await call('POST', '/auth/login', { json: { username: 'alice', password: 'nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(typeof wrong.body.error, 'string');
    assert.equal((await call('POST', '/auth/login', { json: { username: 'nobody', password: 'secret' } })).status, 401);

    const validate = await call('GET', '/auth/validate', { token: loggedIn.body.token });
    assert.equal(validate.status, 200);
    assert.deepEqual(validate.body, { valid: true, user: 'alice' });

    const refreshed = await call('POST', '/auth/refresh', { json: { refreshToken: loggedIn.body.refreshToken } });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.token, loggedIn.body.token);
    assert.equal((await call('GET', '/auth/validate', { token: refreshed.body.token })).body.user, 'alice');
    const reused = await call('POST', '/auth/refresh', { json: { refreshToken: loggedIn.body.refreshToken } });
    assert.equal(reused.status, 401, 'a refresh token works once');

    assert.equal((await call('POST', '/auth/logout', { token: refreshed.body.token })).status, 200);
    assert.equal((await call('GET', '/auth/validate', { token: refreshed.body.token })).status, 401);
  });

  it('knows the seeded demo users user1..user1000 and admin, password "secret"', { timeout: TEST_TIMEOUT }, async () => {
    for (const name of ['user1', 'user1000', 'admin']) await login(name);
    assert.equal((await call('POST', '/auth/login', { json: { username: 'user1001', password: 'secret' } })).status, 401);
    assert.equal((await call('POST', '/auth/login', { json: { username: 'user01', password: 'secret' } })).status, 401);
  });

  it('requires a bearer token everywhere else (401 JSON)', { timeout: TEST_TIMEOUT }, async () => {
    for (const [method, p] of [
      ['GET', '/collections'],
      ['POST', '/collections'],
      ['GET', '/collections/1/records'],
      ['GET', '/auth/validate'],
      ['POST', '/realtime/x'],
    ]) {
      const reply = await call(method, p);
      assert.equal(reply.status, 401, `${method} ${p}`);
      assert.equal(typeof reply.body.error, 'string');
      assert.equal(reply.headers.get('www-authenticate'), 'Bearer');
    }
    const bogus = await call('GET', '/collections', { token: 'deadbeef' });
    assert.equal(bogus.status, 401);
    assert.match(bogus.body.error, /invalid/);
  });

  it('does collections and records CRUD, filtering, paging and aggregates', { timeout: TEST_TIMEOUT }, async () => {
    const token = await login('user2');
    const created = await call('POST', '/collections', { token, json: { name: 'books' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'books');
    const id = created.body.id as number;
    assert.equal(created.headers.get('location'), `/collections/${id}`);

    const list = await call('GET', '/collections', { token });
    assert.ok(list.body.items.some((c: { id: number }) => c.id === id));
    assert.equal((await call('GET', `/collections/${id}`, { token })).body.name, 'books');
    const renamed = await call('PUT', `/collections/${id}`, { token, json: { name: 'novels' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'novels');

    const ids: number[] = [];
    for (const [title, price, genre] of [['a', 10, 'sf'], ['b', 20, 'crime'], ['c', 30, 'sf'], ['d', 'n/a', 'sf']] as const) {
      const rec = await call('POST', `/collections/${id}/records`, { token, json: { title, price, genre, id: 999 } });
      assert.equal(rec.status, 201);
      assert.equal(rec.body.title, title);
      assert.notEqual(rec.body.id, 999, 'the server assigns ids');
      assert.equal(rec.headers.get('location'), `/collections/${id}/records/${rec.body.id}`);
      ids.push(rec.body.id);
    }
    const scalar = await call('POST', `/collections/${id}/records`, { token, json: 42 });
    assert.equal(scalar.status, 201);
    assert.equal(scalar.body.value, 42);

    const all = await call('GET', `/collections/${id}/records`, { token });
    assert.equal(all.body.total, 5);
    const sf = await call('GET', `/collections/${id}/records?genre=sf`, { token });
    assert.deepEqual(sf.body.items.map((r: { title: string }) => r.title), ['a', 'c', 'd']);
    const page = await call('GET', `/collections/${id}/records?genre=sf&limit=1&offset=1`, { token });
    assert.deepEqual(page.body.items.map((r: { title: string }) => r.title), ['c']);
    assert.equal(page.body.total, 3);
    assert.equal((await call('GET', `/collections/${id}/records?price=20`, { token })).body.items[0].title, 'b');
    assert.equal((await call('GET', `/collections/${id}/records?limit=-1`, { token })).status, 400);

    const one = await call('GET', `/collections/${id}/records/${ids[1]}`, { token });
    assert.equal(one.status, 200);
    assert.equal(one.body.title, 'b');
    const replaced = await call('PUT', `/collections/${id}/records/${ids[1]}`, { token, json: { title: 'B', price: 25 } });
    assert.equal(replaced.status, 200);
    assert.deepEqual(replaced.body, { title: 'B', price: 25, id: ids[1] });

    const agg = await call('GET', `/collections/${id}/aggregate?field=price`, { token });
    assert.deepEqual(agg.body, { field: 'price', count: 3, sum: 65, avg: 65 / 3, min: 10, max: 30 });
    const none = await call('GET', `/collections/${id}/aggregate?field=missing`, { token });
    assert.deepEqual(none.body, { field: 'missing', count: 0, sum: 0, avg: null, min: null, max: null });
    assert.equal((await call('GET', `/collections/${id}/aggregate`, { token })).status, 400);

    assert.equal((await call('DELETE', `/collections/${id}/records/${ids[0]}`, { token })).status, 204);
    const gone = await call('GET', `/collections/${id}/records/${ids[0]}`, { token });
    assert.equal(gone.status, 404);
    assert.match(gone.body.error, /record/);

    assert.equal((await call('DELETE', `/collections/${id}`, { token })).status, 204);
    for (const p of [`/collections/${id}`, `/collections/${id}/records`, `/collections/${id}/records/${ids[1]}`, '/collections/abc']) {
      const missing = await call('GET', p, { token });
      assert.equal(missing.status, 404, p);
      assert.match(missing.body.error, /collection/);
    }
    assert.equal((await call('POST', `/collections/${id}/records`, { token, json: { a: 1 } })).status, 404);
    assert.equal((await call('DELETE', `/collections/${id}`, { token })).status, 404);
  });

  it('answers bad input with 4xx JSON and keeps serving', { timeout: TEST_TIMEOUT }, async () => {
    const token = await login('user3');
    const badJson = await call('POST', '/collections', { token, body: '{"name": ' });
    assert.equal(badJson.status, 400);
    assert.match(badJson.body.error, /^invalid JSON: /);

    const empty = await call('POST', '/auth/login', { body: '' });
    assert.equal(empty.status, 400);
    const missing = await call('POST', '/collections', { token, json: { title: 'no name' } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error, /"name"/);
    const notObject = await call('POST', '/auth/login', { json: ['user1', 'secret'] });
    assert.equal(notObject.status, 400);

    const unknown = await call('GET', '/no/such/route');
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error, /no route/);
    const wrongMethod = await call('PATCH', '/health');
    assert.equal(wrongMethod.status, 405);
    assert.equal((await call('GET', '/collections/%E0%A4%A', { token })).status, 404, 'a malformed escape is not a crash');

    const big = 'x'.repeat(10 * 1024 * 1024 + 1);
    const tooLarge = await call('POST', '/collections', { token, body: JSON.stringify({ name: big }) });
    assert.equal(tooLarge.status, 413);

    assert.equal((await call('GET', '/health')).status, 200, 'still serving');
  });

  it('streams connected, ticks and published messages over SSE', { timeout: TEST_TIMEOUT }, async () => {
    const token = await login('user4');
    const stream = subscribe(`/realtime/news?tick=50`, (events) => events.some((e) => e.event === 'message') && events.filter((e) => e.event === 'tick').length >= 2, {
      authorization: `Bearer ${token}`,
    });
    await stream.ready;
    const published = await call('POST', '/realtime/news', { token, json: { headline: 'hi' } });
    assert.equal(published.status, 200);
    assert.deepEqual(published.body, { delivered: 1 });
    const { status, contentType, events } = await stream.finished;
    assert.equal(status, 200);
    assert.match(contentType, /^text\/event-stream/);
    assert.equal(events[0].event, 'connected');
    assert.deepEqual(JSON.parse(events[0].data), { channel: 'news', user: 'user4' });
    assert.deepEqual(JSON.parse(events.find((e) => e.event === 'message')!.data), { headline: 'hi' });
    assert.ok(events.filter((e) => e.event === 'tick').length >= 2);
  });

  it('accepts ?token= on the stream, refuses none, and tick=0 disables ticks', { timeout: TEST_TIMEOUT }, async () => {
    const token = await login('user5');
    const refused = await subscribe('/realtime/quiet', () => true).finished;
    assert.equal(refused.status, 401);

    const stream = subscribe(`/realtime/quiet?tick=0&token=${token}`, (events) => events.some((e) => e.event === 'message'));
    await stream.ready;
    await new Promise((r) => setTimeout(r, 150));
    await call('POST', '/realtime/quiet', { token, json: 'ping' });
    const { events } = await stream.finished;
    assert.deepEqual(events.map((e) => e.event), ['connected', 'message']);
  });

  it('fans a published message out to every subscriber of the channel', { timeout: TEST_TIMEOUT }, async () => {
    const token = await login('user6');
    const gotMessage = (events: SseEvent[]) => events.some((e) => e.event === 'message');
    const headers = { authorization: `Bearer ${token}` };
    const a = subscribe('/realtime/fan?tick=0', gotMessage, headers);
    const b = subscribe('/realtime/fan?tick=0', gotMessage, headers);
    const other = subscribe('/realtime/elsewhere?tick=0', () => false, headers);
    await Promise.all([a.ready, b.ready, other.ready]);
    const reply = await call('POST', '/realtime/fan', { token, json: { n: 1 } });
    assert.deepEqual(reply.body, { delivered: 2 });
    for (const s of [a, b]) {
      const { events } = await s.finished;
      assert.deepEqual(JSON.parse(events.find((e) => e.event === 'message')!.data), { n: 1 });
    }
    other.close();
    assert.equal((await other.finished).events.filter((e) => e.event === 'message').length, 0, 'other channels hear nothing');
  });

  it('counts every request exactly once, by route and status, and resets', { timeout: TEST_TIMEOUT }, async () => {
    const token = await login('user8');
    // Let streams from earlier tests finish closing, so `current` is stable.
    await new Promise((r) => setTimeout(r, 100));
    const reset = await call('POST', '/__stats/reset');
    assert.equal(reset.status, 200);
    assert.equal(reset.body.requests, 0);
    assert.deepEqual(reset.body.byRoute, {});

    const N = 25;
    await Promise.all(Array.from({ length: N }, () => call('GET', '/hello')));
    await call('GET', '/collections'); // 401
    await call('GET', '/missing'); // 404
    await call('POST', '/collections', { token, body: 'nope' }); // 400
    await call('GET', '/collections', { token }); // 200
    await call('GET', '/__stats'); // not counted
    await call('GET', '/__stats/whatever'); // not counted either

    // A client that gives up still made a request: counted once, as 499.
    const gaveUp = new AbortController();
    const abandoned = fetch(`${server.url}/delay?ms=2000`, { signal: gaveUp.signal }).catch(() => 'aborted');
    setTimeout(() => gaveUp.abort(), 50);
    assert.equal(await abandoned, 'aborted');
    await new Promise((r) => setTimeout(r, 50));

    const s = await stats();
    assert.equal(s.requests, N + 5);
    assert.equal(s.byStatus['499'], 1);
    delete s.byStatus['499'];
    assert.equal(s.byRoute['GET /hello'], N);
    assert.equal(s.byRoute['GET /collections'], 2);
    assert.equal(s.byRoute['POST /collections'], 1);
    assert.equal(s.byRoute['GET (unmatched)'], 1);
    assert.deepEqual(s.byStatus, { '200': N + 1, '400': 1, '401': 1, '404': 1 });
    assert.equal(s.serverTimeMs.count, N + 5);
    assert.ok(s.serverTimeMs.p50 > 0 && s.serverTimeMs.p99 >= s.serverTimeMs.p50);

    const stream = subscribe(`/realtime/count?tick=0&token=${token}`, () => false);
    await stream.ready;
    const during = await stats();
    assert.equal(during.requests, N + 6, 'an event stream counts once, when it opens');
    assert.equal(during.sseConnections.total, 1);
    assert.ok(during.sseConnections.current >= 1);
    stream.close();

    await call('POST', '/__stats/reset');
    const after = await stats();
    assert.equal(after.requests, 0);
    assert.deepEqual(after.byStatus, {});
    assert.equal(after.serverTimeMs.count, 0);
  });
});

describe('Collection Store CLI', { timeout: 30_000 }, () => {
  it('prints its listening line and exits cleanly on SIGTERM', { timeout: TEST_TIMEOUT }, async () => {
    const child = spawn(process.execPath, [serverFile, '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no listening line within 5 s')), 5000);
        let out = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('\n')) {
            clearTimeout(timer);
            resolve(out.split('\n')[0]);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const match = /^Collection Store listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      assert.ok(match, line);
      const health = await fetch(`${match[1]}/health`, { signal: AbortSignal.timeout(3000) });
      assert.equal(health.status, 200);

      // An open event stream must not hold the shutdown up.
      const login = await fetch(`${match[1]}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'user1', password: 'secret' }) });
      const { token } = (await login.json()) as { token: string };
      const streamClosed = new Promise<void>((resolve) => {
        http.get(`${match[1]}/realtime/live?token=${token}`, (res) => {
          res.resume();
          res.on('close', () => resolve());
        }).on('error', () => resolve());
      });
      await new Promise((r) => setTimeout(r, 100));

      const stoppedAt = Date.now();
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      await streamClosed;
      assert.ok(Date.now() - stoppedAt < 3000, 'stopped promptly');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a non-loopback host unless --allow-remote', { timeout: TEST_TIMEOUT }, async () => {
    const child = spawn(process.execPath, [serverFile, '--host', '0.0.0.0', '--port', '0'], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /not a loopback address/);
  });

  it('does not start by itself when required', { timeout: TEST_TIMEOUT }, async () => {
    const script = `require(${JSON.stringify(serverFile)}); setTimeout(() => process.exit(0), 200);`;
    const child = spawn(process.execPath, ['-e', script], { cwd: repoRoot });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    assert.equal(stdout, '');
  });
});
