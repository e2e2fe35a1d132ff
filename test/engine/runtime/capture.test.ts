// Capture sources (scenario/capture-source.ts, shared with the language server) and their
// readers (engine/runtime/capture.ts): how `body.a[0].b`, `body.items[*].id`, `body`,
// `headers.NAME`, `cookies.NAME`, `status` and regex captures are parsed, which malformed sources
// are refused (the step then fails its capture), how a path is followed into a parsed JSON body,
// and how headers are found in undici's raw header list. Tested here without a server; the CLI
// runs only see whole captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCaptureSource as parse, type CaptureSource, type CaptureSpec } from '../../../scenario/capture-source';
import { readJsonPath, readRawHeader, readRawHeaders, readRegex } from '../../../engine/runtime/capture';

/** The parsed source, or undefined when refused. */
function parseCaptureSource(spec: CaptureSpec): CaptureSource | undefined {
  const parsed = parse(spec);
  return parsed.ok ? parsed.value : undefined;
}
const bodyPath = (spec: string): (string | number | { every: true })[] => {
  const source = parseCaptureSource(spec);
  assert.ok(source && source.from === 'body', spec);
  return source.path;
};

test('body paths parse into keys and indexes', () => {
  assert.deepEqual(parseCaptureSource('body'), { from: 'body', path: [], list: false });
  assert.deepEqual(parseCaptureSource('body.id'), { from: 'body', path: ['id'], list: false });
  assert.deepEqual(parseCaptureSource('body.items[0].id'), { from: 'body', path: ['items', 0, 'id'], list: false });
  assert.deepEqual(parseCaptureSource('body[2]'), { from: 'body', path: [2], list: false });
  assert.deepEqual(parseCaptureSource('body.a.b[10][3].c-d'), { from: 'body', path: ['a', 'b', 10, 3, 'c-d'], list: false });
  assert.deepEqual(parseCaptureSource('  body.token  '), { from: 'body', path: ['token'], list: false });
  assert.deepEqual(parseCaptureSource('body.items[*].id'), { from: 'body', path: ['items', { every: true }, 'id'], list: true });
});

test('status and headers parse; header names are lowercased', () => {
  assert.deepEqual(parseCaptureSource('status'), { from: 'status' });
  assert.deepEqual(parseCaptureSource('headers.Location'), { from: 'header', name: 'location' });
  assert.deepEqual(parseCaptureSource('headers.X-Request-Id'), { from: 'header', name: 'x-request-id' });
  // Cookie names are case-sensitive: kept as written.
  assert.deepEqual(parseCaptureSource('cookies.SID'), { from: 'cookie', name: 'SID' });
});

test('regex captures: the first group by default, the whole match without groups, refused when wrong', () => {
  assert.deepEqual(parseCaptureSource({ regex: 'csrf" value="([^"]+)' }), { from: 'regex', pattern: 'csrf" value="([^"]+)', in: 'body', group: 1 });
  assert.deepEqual(parseCaptureSource({ regex: '\\d+', from: 'headers.X-Count' }), { from: 'regex', pattern: '\\d+', in: { header: 'x-count' }, group: 0 });
  assert.deepEqual(parseCaptureSource({ regex: '(a)(b)', group: 2 }), { from: 'regex', pattern: '(a)(b)', in: 'body', group: 2 });
  for (const [spec, message] of [
    [{ regex: '(' }, /is not a regular expression/],
    [{ regex: '(a)', group: 2 }, /has 1 group: there is no group 2/],
    [{ regex: 'a', from: 'cookies.x' }, /from: body` or `from: headers.NAME/],
  ] as const) {
    const parsed = parse(spec);
    assert.ok(!parsed.ok && message.test(parsed.message), JSON.stringify(parsed));
  }
  assert.equal(readRegex(/token=(\w+)/u, 'a token=abc123; b', 1), 'abc123');
  assert.equal(readRegex(/token=(\w+)/u, 'nothing here', 1), undefined);
  assert.equal(readRegex(/x/u, undefined, 0), undefined);
});

test('[*] collects every match as a list; none found is an empty list', () => {
  const body = { items: [{ id: 1, tags: ['a', 'b'] }, { id: 2 }, { name: 'no id' }, { id: 3, tags: ['c'] }] };
  assert.deepEqual(readJsonPath(body, bodyPath('body.items[*].id')), [1, 2, 3]);
  assert.deepEqual(readJsonPath(body, bodyPath('body.items[*].tags[*]')), ['a', 'b', 'c']);
  assert.deepEqual(readJsonPath(body, bodyPath('body.items[*].missing')), []);
  assert.deepEqual(readJsonPath(body, bodyPath('body.nope[*]')), []);
});

test('malformed sources are refused', () => {
  for (const source of ['', 'bodyx', 'body.', 'body..a', 'body.a.', 'body[x]', 'body[-1]', 'body[1', 'body.a[0]x', 'json.a', 'Status', 'header.x', 'cookies.', 'cookie.x', 'body[**]']) {
    assert.equal(parseCaptureSource(source), undefined, source);
  }
});

test('a path is followed into objects and arrays', () => {
  const body = { items: [{ id: 'first', n: 0, ok: false }, { id: 'second' }], total: 2, name: null };
  const read = (source: string): unknown => readJsonPath(body, bodyPath(source));
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
  // The first of repeated headers; every one, joined, for a capture.
  assert.equal(readRawHeader(raw, 'set-cookie'), 'a=1');
  assert.equal(readRawHeaders(raw, 'set-cookie'), 'a=1, b=2');
  assert.equal(readRawHeaders(['Set-Cookie', 'sid=1; Path=/; HttpOnly'], 'set-cookie'), 'sid=1; Path=/; HttpOnly', 'a cookie is kept whole, attributes included');
  assert.equal(readRawHeaders(raw, 'location'), undefined);
  assert.equal(readRawHeader(raw, 'location'), undefined);
  const buffers = raw.map((item) => Buffer.from(item));
  assert.equal(readRawHeader(buffers, 'x-request-id'), 'abc-123');
  // A value is never taken for a name.
  assert.equal(readRawHeader(['A', 'location', 'B', 'x'], 'location'), undefined);
  // A dangling name without a value is ignored.
  assert.equal(readRawHeader(['A', '1', 'Location'], 'location'), undefined);
});

test('parsed sources and readers work together on a response', () => {
  const source = parseCaptureSource('headers.ETag');
  assert.ok(source?.from === 'header');
  assert.equal(readRawHeader(['etag', '"v1"'], source.name), '"v1"');
});
