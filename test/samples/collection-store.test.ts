// The Collection Store's newer endpoints — SQLite records with indexed and scanned queries,
// bulk seeding, grouped aggregates, computed attributes with their cache, stored functions,
// file storage and the realtime channel list — and their bad-input answers (400 with a message).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { SAMPLE_SERVER } from '../helpers/paths';
import { startSampleServer, type SampleServer } from '../helpers/sample-server';

let server: SampleServer;
let token = '';

interface Reply {
  status: number;
  headers: Headers;
  body: any;
  bytes: Buffer;
}

async function call(method: string, path: string, options: { json?: unknown; body?: BodyInit; headers?: Record<string, string>; auth?: boolean } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== false) headers.authorization = `Bearer ${token}`;
  let body = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  const res = await fetch(server.url + path, { method, headers, body, signal: AbortSignal.timeout(10_000) });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, bytes };
}

/** A 400 whose JSON error says something matching `pattern`. */
async function rejects(reply: Promise<Reply>, pattern: RegExp): Promise<void> {
  const { status, body } = await reply;
  assert.equal(status, 400, JSON.stringify(body));
  assert.match(body.error, pattern);
}

async function newCollection(name: string): Promise<number> {
  const created = await call('POST', '/collections', { json: { name } });
  assert.equal(created.status, 201);
  return created.body.id as number;
}

describe('Collection Store: database, computed, functions, files', { timeout: 60_000 }, () => {
  before(async () => {
    server = await startSampleServer({ hashCost: 1000 });
    const login = await call('POST', '/auth/login', { json: { username: 'user1', password: 'secret' }, auth: false });
    token = login.body.token;
  });
  after(async () => {
    await server?.close();
  });

  it('seeds records in bulk, numbers also as text', { timeout: 10_000 }, async () => {
    const id = await newCollection('seeded');
    const seeded = await call('POST', `/collections/${id}/seed`, { json: { count: '300', bytes: 64, categories: 3 } });
    assert.equal(seeded.status, 201);
    assert.deepEqual(seeded.body, { inserted: 300, total: 300 });
    const page = await call('GET', `/collections/${id}/records?limit=1`);
    const [first] = page.body.items;
    assert.deepEqual(Object.keys(first).sort(), ['category', 'id', 'payload', 'price', 'quantity', 'seq', 'tags']);
    assert.equal(first.payload.length, 64);
    assert.equal(first.category, 'c0');
    const scratch = await call('POST', `/collections/${id}/seed`, { json: { count: 5, prefix: 'tmp', categories: 1 } });
    assert.equal(scratch.body.total, 305);
    assert.equal((await call('GET', `/collections/${id}/records?category=tmp0`)).body.total, 5);

    await rejects(call('POST', `/collections/${id}/seed`, { json: {} }), /"count"/);
    await rejects(call('POST', `/collections/${id}/seed`, { json: { count: 'many' } }), /"count" must be an integer/);
    await rejects(call('POST', `/collections/${id}/seed`, { json: { count: 1_000_000 } }), /from 1 to 100000/);
    await rejects(call('POST', `/collections/${id}/seed`, { json: { count: 1, bytes: -1 } }), /"bytes"/);
    await rejects(call('POST', `/collections/${id}/seed`, { json: { count: 1, prefix: 'a b' } }), /"prefix"/);
    await rejects(call('POST', `/collections/${id}/seed`, { json: [1] }), /JSON object/);
    assert.equal((await call('POST', '/collections/999999/seed', { json: { count: 1 } })).status, 404);
  });

  it('filters through the index on category and by scanning on other fields, with the same answers', { timeout: 10_000 }, async () => {
    const id = await newCollection('queries');
    await call('POST', `/collections/${id}/seed`, { json: { count: 90, categories: 3 } });
    await call('POST', `/collections/${id}/records`, { json: { category: 7, flag: true, nothing: null, title: 'odd' } });

    const indexed = await call('GET', `/collections/${id}/records?category=c1&limit=5`);
    assert.equal(indexed.body.total, 30);
    assert.equal(indexed.body.items.length, 5);
    assert.equal(indexed.headers.get('x-query'), 'index');
    assert.match(indexed.headers.get('x-query-plan') ?? '', /USING INDEX records_by_category/);

    const scanned = await call('GET', `/collections/${id}/records?quantity=3`);
    assert.equal(scanned.headers.get('x-query'), 'scan');
    assert.equal(scanned.body.total, 10);
    assert.ok(scanned.body.items.every((r: { quantity: number }) => r.quantity === 3));

    // Values compare as text, whatever their JSON type, indexed or not.
    assert.equal((await call('GET', `/collections/${id}/records?category=7`)).body.items[0].title, 'odd');
    assert.equal((await call('GET', `/collections/${id}/records?flag=true`)).body.total, 1);
    assert.equal((await call('GET', `/collections/${id}/records?nothing=null`)).body.total, 1);
    // Seeded record i has category c(i % 3) and quantity (i % 9) + 1: quantity 3 is always c2.
    const both = await call('GET', `/collections/${id}/records?category=c2&quantity=3`);
    assert.equal(both.body.total, 10);
    assert.equal(both.headers.get('x-query'), 'scan', 'one field without an index makes it a scan');
    assert.equal((await call('GET', `/collections/${id}/records?category=c1&quantity=3`)).body.total, 0);

    await rejects(call('GET', `/collections/${id}/records?a%22b=1`), /cannot be queried/);
    await rejects(call('GET', `/collections/${id}/records?limit=5000`), /"limit"/);
  });

  it('aggregates, overall and grouped by a field', { timeout: 10_000 }, async () => {
    const id = await newCollection('sales');
    for (const [category, price] of [['a', 1], ['a', 3], ['b', 10], ['b', 'n/a']] as const) {
      await call('POST', `/collections/${id}/records`, { json: { category, price } });
    }
    const grouped = await call('GET', `/collections/${id}/aggregate?field=price&groupBy=category`);
    assert.equal(grouped.status, 200);
    assert.equal(grouped.body.count, 3);
    assert.equal(grouped.body.sum, 14);
    assert.deepEqual(grouped.body.groups, [
      { value: 'a', field: 'price', count: 2, sum: 4, avg: 2, min: 1, max: 3 },
      { value: 'b', field: 'price', count: 1, sum: 10, avg: 10, min: 10, max: 10 },
    ]);
    await rejects(call('GET', `/collections/${id}/aggregate?field=price&groupBy=`), /"groupBy"/);
    await rejects(call('GET', `/collections/${id}/aggregate?field=a%22`), /cannot be queried/);
  });

  it('derives computed attributes, caches them by version and reports the hit ratio', { timeout: 10_000 }, async () => {
    const catalogue = await call('GET', '/computed');
    assert.deepEqual(catalogue.body.attributes.map((a: { name: string; kind: string }) => `${a.name}:${a.kind}`), [
      'total:simple', 'fingerprint:complex', 'categoryAverage:complex', 'taxedTotal:dependent', 'priceIndex:dependent',
    ]);
    const id = await newCollection('computed');
    const a = (await call('POST', `/collections/${id}/records`, { json: { category: 'x', price: 10, quantity: 3 } })).body.id;
    await call('POST', `/collections/${id}/records`, { json: { category: 'x', price: 30, quantity: 1 } });
    await call('POST', '/__stats/reset', { auth: false });

    const first = await call('GET', `/collections/${id}/records/${a}/computed`);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-cache'), 'MISS');
    const { computed } = first.body;
    assert.equal(computed.total, 30);
    assert.equal(computed.taxedTotal, 36);
    assert.equal(computed.categoryAverage, 20);
    assert.equal(computed.priceIndex, 50);
    assert.match(computed.fingerprint, /^[0-9a-f]{16}$/);

    const again = await call('GET', `/collections/${id}/records/${a}/computed?attrs=total,priceIndex`);
    assert.equal(again.headers.get('x-cache'), 'HIT');
    assert.deepEqual(again.body.computed, { total: 30, priceIndex: 50 });

    // An edit elsewhere in the collection changes the category average, not this record's total.
    await call('POST', `/collections/${id}/records`, { json: { category: 'x', price: 50, quantity: 1 } });
    const partial = await call('GET', `/collections/${id}/records/${a}/computed?attrs=total,categoryAverage`);
    assert.equal(partial.headers.get('x-cache'), 'PARTIAL');
    assert.equal(partial.body.computed.categoryAverage, 30);
    // Editing the record itself gives it a new version.
    await call('PUT', `/collections/${id}/records/${a}`, { json: { category: 'x', price: 10, quantity: 5 } });
    const edited = await call('GET', `/collections/${id}/records/${a}/computed?attrs=total`);
    assert.equal(edited.headers.get('x-cache'), 'MISS');
    assert.equal(edited.body.computed.total, 50);
    const bypass = await call('GET', `/collections/${id}/records/${a}/computed?attrs=total&cache=off`);
    assert.equal(bypass.headers.get('x-cache'), 'BYPASS');

    const stats = (await call('GET', '/computed/stats')).body;
    assert.equal(stats.hits + stats.misses, 5 + 2 + 2 + 1);
    assert.equal(stats.hitRatio, Math.round((stats.hits / (stats.hits + stats.misses)) * 10_000) / 10_000);
    assert.equal(stats.byAttribute.total.kind, 'simple');
    const serverStats = (await call('GET', '/__stats', { auth: false })).body;
    assert.deepEqual(serverStats.computedCache.hits, stats.hits);
    assert.equal((await call('POST', '/__stats/reset', { auth: false })).body.computedCache.hits, 0);

    await rejects(call('GET', `/collections/${id}/records/${a}/computed?attrs=total,nope`), /unknown computed attribute "nope"/);
    await rejects(call('GET', `/collections/${id}/records/${a}/computed?cache=maybe`), /"cache"/);
    assert.equal((await call('GET', `/collections/${id}/records/99999/computed`)).status, 404);
  });

  it('invokes the four kinds of stored function and checks their parameters', { timeout: 10_000 }, async () => {
    const list = await call('GET', '/functions');
    assert.deepEqual(list.body.functions.map((f: { kind: string }) => f.kind), ['calculation', 'business rule', 'data transformation', 'aggregation']);
    assert.equal((await call('GET', '/functions/order-discount')).body.params.find((p: { name: string }) => p.name === 'tier').values.length, 3);

    const interest = await call('POST', '/functions/compound-interest/invoke', { json: { principal: '1000', ratePercent: 5, years: 10, compoundsPerYear: 1 } });
    assert.equal(interest.status, 200);
    assert.equal(interest.body.function, 'compound-interest');
    assert.equal(interest.body.result.amount, 1628.89);
    assert.equal(typeof interest.body.durationMs, 'number');

    const discount = await call('POST', '/functions/order-discount/invoke', { json: { subtotal: 200, items: 12, tier: 'gold', coupon: 'WELCOME10' } });
    assert.deepEqual(discount.body.result, {
      discountPercent: 20,
      discount: 40,
      shipping: 0,
      total: 160,
      rulesApplied: ['gold tier: 10 %', 'bulk order (10+ items): 5 %', 'coupon WELCOME10: 10 %', 'capped at 20 %', 'free shipping from 100'],
    });
    const small = await call('POST', '/functions/order-discount/invoke', { json: { subtotal: '40', items: '2', tier: 'silver', coupon: 'WELCOME10' } });
    assert.deepEqual(small.body.result, {
      discountPercent: 5,
      discount: 2,
      shipping: 4.99,
      total: 42.99,
      rulesApplied: ['silver tier: 5 %', 'coupon WELCOME10: needs a subtotal of 50'],
    });
    const unknownCoupon = await call('POST', '/functions/order-discount/invoke', { json: { subtotal: 20, items: 1, tier: 'standard', coupon: 'NOPE' } });
    assert.deepEqual(unknownCoupon.body.result.rulesApplied, ['coupon NOPE: not recognised']);

    const contacts = await call('POST', '/functions/normalize-contacts/invoke', {
      json: { contacts: [{ name: ' ada  LOVELACE', email: 'Ada@X.org ', phone: '+44 (20) 1' }, { email: 'ada@x.org' }, { name: 'no mail' }, 5] },
    });
    assert.deepEqual(contacts.body.result, {
      contacts: [{ name: 'Ada Lovelace', email: 'ada@x.org', phone: '+44201' }],
      duplicates: 1,
      invalid: [{ index: 2, reason: 'missing or invalid email' }, { index: 3, reason: 'not an object' }],
    });

    const id = await newCollection('fn');
    for (const [category, price] of [['a', 1], ['b', 5], ['b', 5], ['c', 2]] as const) await call('POST', `/collections/${id}/records`, { json: { category, price } });
    const top = await call('POST', '/functions/top-groups/invoke', { json: { collectionId: String(id), field: 'price', groupBy: 'category', top: 2 } });
    assert.deepEqual(top.body.result.groups.map((g: { value: string; sharePercent: number }) => [g.value, g.sharePercent]), [['b', 76.92], ['c', 15.38]]);

    const invoke = (name: string, json: unknown) => call('POST', `/functions/${name}/invoke`, { json });
    await rejects(invoke('compound-interest', { principal: 'lots', ratePercent: 1, years: 1 }), /parameter "principal" must be a number/);
    await rejects(invoke('compound-interest', { principal: 1, ratePercent: 1 }), /missing parameter "years"/);
    await rejects(invoke('compound-interest', { principal: 1, ratePercent: 1, years: 1.5 }), /"years" must be an integer/);
    await rejects(invoke('compound-interest', { principal: 1, ratePercent: 1, years: 1, bonus: 2 }), /unknown parameter "bonus"/);
    await rejects(invoke('order-discount', { subtotal: 1, items: 1, tier: 'platinum' }), /"tier" must be one of standard, silver, gold/);
    await rejects(invoke('normalize-contacts', { contacts: 'ada' }), /"contacts" must be a list/);
    await rejects(invoke('normalize-contacts', { contacts: [] }), /1 to 1000 items/);
    await rejects(invoke('top-groups', { collectionId: id, field: 'a"', groupBy: 'category' }), /cannot be queried/);
    await rejects(invoke('compound-interest', [1, 2]), /JSON object/);
    await rejects(call('POST', '/functions/compound-interest/invoke', { body: '{oops' }), /invalid JSON/);
    await rejects(call('POST', '/functions/compound-interest/invoke'), /missing parameter "principal"/);
    assert.equal((await invoke('top-groups', { collectionId: 999999, field: 'price', groupBy: 'category' })).status, 404);
    const missing = await invoke('teleport', {});
    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /no function named "teleport"/);
  });

  it('uploads, lists, downloads (plain and gzip), and deletes files', { timeout: 10_000 }, async () => {
    const content = Buffer.from('hello, files! '.repeat(2000));
    const form = new FormData();
    form.append('description', 'a greeting');
    form.append('file', new Blob([content], { type: 'text/plain' }), 'hello.txt');
    const uploaded = await call('POST', '/files', { body: form });
    assert.equal(uploaded.status, 201);
    const meta = uploaded.body;
    assert.equal(meta.name, 'hello.txt');
    assert.equal(meta.size, content.length);
    assert.equal(meta.contentType, 'text/plain');
    assert.equal(meta.owner, 'user1');
    assert.match(meta.sha256, /^[0-9a-f]{64}$/);
    assert.equal(uploaded.headers.get('location'), `/files/${meta.id}`);

    const list = await call('GET', '/files?mine=1');
    assert.ok(list.body.items.some((f: { id: number }) => f.id === meta.id));
    assert.ok(list.body.totalBytes >= content.length);
    assert.deepEqual((await call('GET', `/files/${meta.id}/meta`)).body, meta);

    // Raw HTTP so that the gzip answer is seen as sent, not decoded by fetch.
    const http = await import('node:http');
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        http.get(server.url + path, { headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const plain = await raw(`/files/${meta.id}`, {});
    assert.ok(plain.body.equals(content));
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(String(plain.headers['content-disposition']), /filename="hello.txt"/);
    const zipped = await raw(`/files/${meta.id}`, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.ok(zipped.body.length < content.length / 10, 'repetitive text compresses');
    assert.ok(gunzipSync(zipped.body).equals(content));
    assert.equal((await raw(`/files/${meta.id}?compress=1`, {})).headers['content-encoding'], 'gzip');
    assert.equal((await raw(`/files/${meta.id}?compress=0`, { 'accept-encoding': 'gzip' })).headers['content-encoding'], undefined);

    assert.equal((await call('DELETE', `/files/${meta.id}`)).status, 204);
    assert.equal((await call('GET', `/files/${meta.id}`)).status, 404);
    assert.equal((await call('DELETE', `/files/${meta.id}`)).status, 404);

    const multipart = (body: string, boundary = 'XyZ') => call('POST', '/files', { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    await rejects(call('POST', '/files', { json: { file: 'x' } }), /multipart\/form-data/);
    await rejects(call('POST', '/files', { body: 'x', headers: { 'content-type': 'multipart/form-data' } }), /boundary/);
    await rejects(multipart('no boundary here'), /does not contain its boundary/);
    await rejects(multipart('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\ntext\r\n--XyZ--\r\n'), /no file in the multipart body/);
    await rejects(multipart('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nunterminated'), /closing boundary/);
    await rejects(multipart('--XyZ\r\nbroken header\r\n\r\nx\r\n--XyZ--\r\n'), /malformed multipart header/);
    await rejects(multipart('--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--\r\n'), /Content-Disposition/);
    await rejects(call('GET', '/files?mine=yes'), /"mine"/);
    const another = new FormData();
    another.append('file', new Blob(['x']), 'x.bin');
    const kept = (await call('POST', '/files', { body: another })).body;
    assert.equal(kept.contentType, 'application/octet-stream');
    await rejects(call('GET', `/files/${kept.id}?compress=maybe`), /"compress"/);
    assert.equal((await call('GET', '/files/abc')).status, 404);
  });

  it('lists realtime channels with their subscribers', { timeout: 10_000 }, async () => {
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/realtime/lobby?tick=0&token=${token}`, { signal: controller.signal });
    assert.equal(stream.status, 200);
    const channels = await call('GET', '/realtime');
    assert.deepEqual(channels.body.channels.find((c: { channel: string }) => c.channel === 'lobby'), { channel: 'lobby', subscribers: 1 });
    assert.ok(channels.body.subscribers >= 1);
    controller.abort();
  });

  it('keeps collections in a SQLite file with --db', { timeout: 10_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'collection-store-db-'));
    const { startServer } = createRequire(__filename)(SAMPLE_SERVER) as {
      startServer(o: { port: number; host: string; hashCost: number; db: string }): Promise<SampleServer>;
    };
    const db = join(dir, 'store.sqlite');
    try {
      for (const round of [1, 2]) {
        const other = await startServer({ port: 0, host: '127.0.0.1', hashCost: 1000, db });
        try {
          const login = await fetch(`${other.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'user2', password: 'secret' }) });
          const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
          if (round === 1) {
            const res = await fetch(`${other.url}/collections`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'kept' }) });
            assert.equal(res.status, 201);
          } else {
            const res = await fetch(`${other.url}/collections`, { headers: auth });
            const { items } = (await res.json()) as { items: { name: string }[] };
            assert.deepEqual(items.map((c) => c.name), ['kept'], 'the second server read the first one\'s file');
          }
        } finally {
          await other.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
