// Capture sources (engine/runtime/capture.ts): how `body.a[0].b`, `body`, `headers.NAME` and
// `status` are parsed, which malformed sources are refused (the step then fails its capture),
// how a path is followed into a parsed JSON body, and how a header is found in undici's raw
// header list. Tested here without a server; the CLI runs only see whole captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCaptureSource, readJsonPath, readRawHeader } from '../../../engine/runtime/capture';

test('body paths parse into keys and indexes', () => {
  assert.deepEqual(parseCaptureSource('body'), { from: 'body', path: [] });
  assert.deepEqual(parseCaptureSource('body.id'), { from: 'body', path: ['id'] });
  assert.deepEqual(parseCaptureSource('body.items[0].id'), { from: 'body', path: ['items', 0, 'id'] });
  assert.deepEqual(parseCaptureSource('body[2]'), { from: 'body', path: [2] });
  assert.deepEqual(parseCaptureSource('body.a.b[10][3].c-d'), { from: 'body', path: ['a', 'b', 10, 3, 'c-d'] });
  assert.deepEqual(parseCaptureSource('  body.token  '), { from: 'body', path: ['token'] });
});

test('status and headers parse; header names are lowercased', () => {
  assert.deepEqual(parseCaptureSource('status'), { from: 'status', path: [] });
  assert.deepEqual(parseCaptureSource('headers.Location'), { from: 'header', path: ['location'] });
  assert.deepEqual(parseCaptureSource('headers.X-Request-Id'), { from: 'header', path: ['x-request-id'] });
});

test('malformed sources are refused', () => {
  for (const source of ['', 'bodyx', 'body.', 'body..a', 'body.a.', 'body[x]', 'body[-1]', 'body[1', 'body.a[0]x', 'json.a', 'Status', 'header.x']) {
    assert.equal(parseCaptureSource(source), undefined, source);
  }
});

test('a path is followed into objects and arrays', () => {
  const body = { items: [{ id: 'first', n: 0, ok: false }, { id: 'second' }], total: 2, name: null };
  const read = (source: string): unknown => readJsonPath(body, parseCaptureSource(source)!.path);
  assert.equal(read('body.items[0].id'), 'first');
  assert.equal(read('body.items[1].id'), 'second');
  assert.equal(read('body.total'), 2);
  // Falsy scalars are values, not "missing".
  assert.equal(read('body.items[0].n'), 0);
  assert.equal(read('body.items[0].ok'), false);
  assert.equal(readJsonPath(['a', 'b'], [1]), 'b');
  assert.equal(readJsonPath('plain', []), 'plain');
});

test('objects and arrays come back as JSON text; missing and null values as undefined', () => {
  const body = { items: [{ id: 1 }], meta: { page: 1 }, name: null };
  assert.equal(readJsonPath(body, ['items']), '[{"id":1}]');
  assert.equal(readJsonPath(body, ['meta']), '{"page":1}');
  assert.equal(readJsonPath(body, []), JSON.stringify(body));
  assert.equal(readJsonPath(body, ['name']), undefined);
  assert.equal(readJsonPath(body, ['nope']), undefined);
  assert.equal(readJsonPath(body, ['items', 5, 'id']), undefined);
  // Through a scalar or null: nothing to follow.
  assert.equal(readJsonPath(body, ['name', 'x']), undefined);
  assert.equal(readJsonPath(body, ['meta', 'page', 'x']), undefined);
  assert.equal(readJsonPath(null, ['a']), undefined);
});

test('raw headers are matched case-insensitively against a lowercased name', () => {
  const raw = ['Content-Type', 'application/json', 'X-Request-Id', 'abc-123', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2'];
  assert.equal(readRawHeader(raw, 'x-request-id'), 'abc-123');
  assert.equal(readRawHeader(raw, 'content-type'), 'application/json');
  // The first of repeated headers.
  assert.equal(readRawHeader(raw, 'set-cookie'), 'a=1');
  assert.equal(readRawHeader(raw, 'location'), undefined);
  const buffers = raw.map((item) => Buffer.from(item));
  assert.equal(readRawHeader(buffers, 'x-request-id'), 'abc-123');
  // A value is never taken for a name.
  assert.equal(readRawHeader(['A', 'location', 'B', 'x'], 'location'), undefined);
  // A dangling name without a value is ignored.
  assert.equal(readRawHeader(['A', '1', 'Location'], 'location'), undefined);
});

test('parsed sources and readers work together on a response', () => {
  const source = parseCaptureSource('headers.ETag')!;
  assert.equal(source.from, 'header');
  assert.equal(readRawHeader(['etag', '"v1"'], source.path[0] as string), '"v1"');
});
