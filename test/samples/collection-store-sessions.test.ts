// The Collection Store as a browser and a shop use it: a session signed in with a form (303 and
// the `sid` cookie, accepted wherever a bearer token is), basic auth on the token login, orders
// priced on the server and placed with 303 See Other, and WebSockets on /live beside the event
// streams of the same channels — each with its counters in GET /__stats.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import WebSocket from 'ws';
import { startSampleServer, type SampleServer } from '../helpers/sample-server';

let server: SampleServer;

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** One request, redirects not followed (a test reads the 303 itself). */
async function call(method: string, path: string, options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(server.url + path, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Signs `username` in with a form; returns the `sid=…` pair for a Cookie header. */
async function signIn(username: string): Promise<string> {
  const reply = await call('POST', '/auth/session', { form: { username, password: 'secret' } });
  assert.equal(reply.status, 303, JSON.stringify(reply.body));
  return (reply.headers.get('set-cookie') ?? '').split(';')[0];
}

async function bearer(username: string): Promise<string> {
  const reply = await call('POST', '/auth/login', { json: { username, password: 'secret' } });
  return `Bearer ${reply.body.token}`;
}

interface Stats {
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  byCredential: { bearer: number; query: number; cookie: number; basic: number };
  websockets: { current: number; total: number; messagesIn: number; messagesOut: number };
}
const stats = async (): Promise<Stats> => (await call('GET', '/__stats')).body as Stats;

/** A WebSocket on /live that keeps every message it received, parsed. */
function live(query: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/live${query}`, { headers });
  const messages: any[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const waiter of [...waiters]) if (waiter.test()) waiters.splice(waiters.indexOf(waiter), 1), waiter.resolve();
  });
  return {
    ws,
    messages,
    /** Resolves once `count` messages of `type` arrived. */
    received(type: string, count = 1): Promise<void> {
      const test = () => messages.filter((m) => m.type === type).length >= count;
      return new Promise((resolve, reject) => {
        if (test()) return resolve();
        const timer = setTimeout(() => reject(new Error(`no ${type} in ${JSON.stringify(messages)}`)), 3000);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

/** The status and JSON body of a refused WebSocket handshake. */
function refusal(query: string, headers: Record<string, string> = {}, path = '/live'): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}${query}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.on('open', () => reject(new Error('the handshake was accepted')));
    ws.on('error', () => {});
  });
}

describe('Collection Store: sessions, orders and WebSockets', { timeout: 60_000 }, () => {
  before(async () => {
    server = await startSampleServer({ hashCost: 1000 });
  });
  after(async () => {
    await server?.close();
  });

  it('signs a browser in with a form: 303 to the session, the sid cookie accepted on any route', { timeout: 10_000 }, async () => {
    await call('POST', '/__stats/reset');
    const signedIn = await call('POST', '/auth/session', { form: { username: 'user11', password: 'secret' } });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get('location'), '/auth/session');
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^sid=[0-9a-f]{48}; Path=\/; HttpOnly; SameSite=Lax$/, 'a browser session cookie: no Max-Age');
    const cookie = setCookie.split(';')[0];

    assert.deepEqual((await call('GET', '/auth/session', { headers: { cookie } })).body, { user: 'user11', via: 'cookie' });
    assert.equal((await call('GET', '/collections', { headers: { cookie: `theme=dark; ${cookie}` } })).status, 200, 'among other cookies');
    assert.deepEqual((await call('GET', '/auth/validate', { headers: { cookie } })).body, { valid: true, user: 'user11' });
    // JSON works as well as a form, and `next` says where to go (a path here, never elsewhere).
    const json = await call('POST', '/auth/session?next=/collections', { json: { username: 'user12', password: 'secret' } });
    assert.equal(json.status, 303);
    assert.equal(json.headers.get('location'), '/collections');
    for (const next of ['//evil.example', 'https://evil.example/', '/\\evil.example']) {
      assert.equal((await call('POST', `/auth/session?next=${encodeURIComponent(next)}`, { form: { username: 'user12', password: 'secret' } })).status, 400, next);
    }
    const wrong = await call('POST', '/auth/session', { form: { username: 'user12', password: 'nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);

    // A bearer token wins over the cookie: a client that sends one means it.
    const token = await bearer('user13');
    assert.equal((await call('GET', '/auth/session', { headers: { cookie, authorization: token } })).body.user, 'user13');
    assert.equal((await call('GET', '/auth/session', { headers: { cookie, authorization: 'Bearer stale' } })).status, 401);

    const out = await call('DELETE', '/auth/session', { headers: { cookie } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^sid=; .*Max-Age=0$/);
    const after = await call('GET', '/auth/session', { headers: { cookie } });
    assert.equal(after.status, 401);
    assert.equal(after.body.error, 'invalid or expired session');
    const none = await call('GET', '/auth/session');
    assert.match(none.body.error, /session cookie/);

    const counted = await stats();
    assert.deepEqual(counted.byCredential, { bearer: 1, query: 0, cookie: 4, basic: 0 });
    assert.equal(counted.byStatus['303'], 2);
  });

  it('logs in with HTTP basic auth as well as with JSON or a form', { timeout: 10_000 }, async () => {
    await call('POST', '/__stats/reset');
    await call('POST', '/auth/register', { json: { username: 'colon', password: 'pa:ss' } });
    const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    const login = await call('POST', '/auth/login', { headers: basic('colon', 'pa:ss') });
    assert.equal(login.status, 200);
    assert.match(login.body.token, /^[0-9a-f]{48}$/);
    assert.equal((await call('GET', '/auth/validate', { headers: { authorization: `Bearer ${login.body.token}` } })).body.user, 'colon');
    assert.equal((await call('POST', '/auth/login', { headers: basic('colon', 'wrong') })).status, 401);
    assert.equal((await call('POST', '/auth/login', { headers: { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` } })).status, 400);
    assert.equal((await call('POST', '/auth/login', { form: { username: 'user1', password: 'secret' } })).status, 200);
    assert.equal((await call('POST', '/auth/session', { headers: basic('user1', 'secret') })).status, 303);
    assert.equal((await stats()).byCredential.basic, 2);
  });

  it('prices a cart on the server and places the order with 303 See Other to it', { timeout: 10_000 }, async () => {
    const cookie = await signIn('user21');
    const created = await call('POST', '/collections', { headers: { cookie }, json: { name: 'catalogue' } });
    const cid = created.body.id as number;
    const add = async (json: unknown): Promise<number> => (await call('POST', `/collections/${cid}/records`, { headers: { cookie }, json })).body.id;
    const pen = await add({ title: 'pen', price: 2.5 });
    const book = await add({ title: 'book', price: 30 });
    const free = await add({ title: 'no price' });

    const quote = await call('POST', '/orders/quote', { headers: { cookie }, json: { collectionId: cid, items: [pen, pen, { id: book, quantity: '2' }], tier: 'silver' } });
    assert.equal(quote.status, 200, JSON.stringify(quote.body));
    assert.deepEqual(quote.body.lines, [{ id: pen, price: 2.5, quantity: 2 }, { id: book, price: 30, quantity: 2 }]);
    assert.equal(quote.body.subtotal, 65);
    assert.equal(quote.body.total, 66.74);

    // A captured list arrives rendered as text ("[3,8]"), numbers too: both are read.
    const placed = await call('POST', '/orders', { headers: { cookie }, json: { collectionId: String(cid), items: JSON.stringify([book, book, book, book]), coupon: 'WELCOME10' } });
    assert.equal(placed.status, 303);
    const location = placed.headers.get('location') ?? '';
    assert.match(location, /^\/orders\/\d+$/);
    const order = await call('GET', location, { headers: { cookie } });
    assert.equal(order.status, 200);
    assert.equal(order.body.user, 'user21');
    assert.equal(order.body.subtotal, 120);
    assert.equal(order.body.total, 108);
    assert.deepEqual(order.body.rulesApplied, ['coupon WELCOME10: 10 %', 'free shipping from 100']);
    // What fetch and browsers do with a 303: a GET of the order.
    const followed = await fetch(server.url + '/orders', { method: 'POST', headers: { cookie }, body: JSON.stringify({ collectionId: cid, items: [pen] }) });
    assert.equal(followed.status, 200);
    assert.ok(followed.redirected);
    const second = (await followed.json()) as { id: number };
    const mine = await call('GET', '/orders', { headers: { cookie } });
    assert.deepEqual(mine.body.items.map((o: { id: number }) => o.id), [second.id, order.body.id], 'newest first');

    const other = await bearer('user22');
    assert.equal((await call('GET', location, { headers: { authorization: other } })).status, 404, "another user's order is not found");
    assert.equal((await call('GET', '/orders', { headers: { authorization: other } })).body.total, 0);
    const reject = async (json: unknown, status: number, pattern: RegExp) => {
      const reply = await call('POST', '/orders', { headers: { cookie }, json });
      assert.equal(reply.status, status, JSON.stringify(reply.body));
      assert.match(reply.body.error, pattern);
    };
    await reject({ collectionId: cid }, 400, /"items" must be a list/);
    await reject({ collectionId: cid, items: [] }, 400, /1 to 100 lines/);
    await reject({ collectionId: cid, items: [pen], tier: 'platinum' }, 400, /"tier" must be one of/);
    await reject({ collectionId: cid, items: [{ id: pen, quantity: 0 }] }, 400, /items\[0\]\.quantity/);
    await reject({ collectionId: cid, items: [free] }, 400, /has no price/);
    await reject({ collectionId: cid, items: [999_999] }, 404, /record 999999/);
    await reject({ collectionId: 999_999, items: [pen] }, 404, /collection 999999/);
    assert.equal((await call('GET', '/orders/abc', { headers: { cookie } })).status, 404);
  });

  it('opens a WebSocket on /live with the session cookie, a bearer token or ?token=, and refuses one without', { timeout: 10_000 }, async () => {
    await call('POST', '/__stats/reset');
    const cookie = await signIn('user31');
    const byCookie = live('?channel=ws-auth&tick=0', { cookie });
    await byCookie.received('connected');
    assert.deepEqual(byCookie.messages[0], { type: 'connected', channel: 'ws-auth', user: 'user31' });
    const token = await bearer('user32');
    const byBearer = live('', { authorization: token });
    await byBearer.received('connected');
    assert.deepEqual(byBearer.messages[0], { type: 'connected', channel: null, user: 'user32' });
    const byQuery = live(`?token=${token.slice('Bearer '.length)}&tick=0`);
    await byQuery.received('connected');

    const refused = await refusal('?channel=x');
    assert.equal(refused.status, 401);
    assert.match(refused.body.error, /missing bearer token/);
    assert.equal((await refusal('', { cookie: 'sid=stale' })).status, 401);
    assert.equal((await refusal('', { cookie }, '/elsewhere')).status, 404);
    assert.equal((await refusal('?tick=soon', { cookie })).status, 400);

    const counted = await stats();
    assert.equal(counted.byRoute['GET /live'], 3 + 3);
    assert.equal(counted.byRoute['GET (unmatched)'], 1);
    assert.deepEqual([counted.byStatus['101'], counted.byStatus['401'], counted.byStatus['400']], [3, 2, 1]);
    assert.deepEqual(counted.byCredential, { bearer: 1, query: 1, cookie: 1, basic: 0 });
    assert.equal(counted.websockets.total, 3);
    for (const socket of [byCookie, byBearer, byQuery]) socket.ws.close();
  });

  it('subscribes, publishes and answers pings over one WebSocket, on the same channels as the event streams', { timeout: 10_000 }, async () => {
    const cookie = await signIn('user41');
    await call('POST', '/__stats/reset');
    const a = live('?channel=room&tick=0', { cookie });
    const b = live('?tick=0', { cookie });
    await Promise.all([a.received('connected'), b.received('connected')]);
    // An event stream on the same channel hears what a WebSocket publishes, and the other way round.
    const sse = await new Promise<http.IncomingMessage>((resolve) => http.get(`${server.url}/realtime/room?tick=0`, { headers: { cookie } }, resolve));
    let streamed = '';
    sse.on('data', (chunk: Buffer) => (streamed += chunk));

    b.ws.send(JSON.stringify({ subscribe: 'room' }));
    await b.received('subscribed');
    assert.deepEqual(b.messages[1], { type: 'subscribed', channel: 'room', subscribers: 3 });
    assert.deepEqual((await call('GET', '/realtime', { headers: { cookie } })).body.channels.find((c: { channel: string }) => c.channel === 'room'), { channel: 'room', subscribers: 3 });

    a.ws.send(JSON.stringify({ publish: { text: 'hello' } }));
    await a.received('published');
    assert.deepEqual(a.messages.slice(1), [
      { type: 'message', channel: 'room', data: { text: 'hello' } },
      { type: 'published', channel: 'room', delivered: 3 },
    ]);
    await b.received('message');
    const posted = await call('POST', '/realtime/room', { headers: { cookie }, json: { text: 'from POST' } });
    assert.deepEqual(posted.body, { delivered: 3 });
    await Promise.all([a.received('message', 2), b.received('message', 2)]);
    assert.deepEqual(b.messages.filter((m) => m.type === 'message').map((m) => m.data.text), ['hello', 'from POST']);

    b.ws.send(JSON.stringify({ ping: 7 }));
    b.ws.send('not json');
    b.ws.send(JSON.stringify({ dance: true }));
    b.ws.send(JSON.stringify({ publish: 1 }));
    b.ws.send(JSON.stringify({ unsubscribe: 'room' }));
    await b.received('unsubscribed');
    assert.equal(b.messages.find((m) => m.type === 'pong').ping, 7);
    assert.deepEqual(b.messages.filter((m) => m.type === 'error').map((m) => m.error.split(':')[0]), ['invalid JSON', 'unknown message', 'publish needs a "channel" (this connection opened without ?channel=)']);
    assert.match(streamed, /event: message\ndata: \{"text":"hello"\}\n\n.*event: message\ndata: \{"text":"from POST"\}/s);
    sse.destroy();

    const counted = (await stats()).websockets;
    assert.equal(counted.messagesIn, 7);
    assert.equal(counted.messagesOut, a.messages.length + b.messages.length);
    assert.equal(counted.current, 2);
    a.ws.close();
    b.ws.close();
  });

  it('closes its WebSockets when it stops (1001)', { timeout: 10_000 }, async () => {
    const own = await startSampleServer({ hashCost: 1000 });
    try {
      const login = await fetch(`${own.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'user1', password: 'secret' }) });
      const { token } = (await login.json()) as { token: string };
      const ws = new WebSocket(`${own.url.replace(/^http/, 'ws')}/live?channel=bye&token=${token}`);
      await new Promise((resolve) => ws.once('open', resolve));
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      await own.close();
      assert.equal(await closed, 1001);
    } finally {
      await own.close();
    }
  });
});
