// Request bodies (engine/runtime/body.ts): the content type each kind sends, JSON trees with
// templates in their strings (keys and non-string values kept as written), form encoding, and
// multipart bodies with text fields and generated files of an exact size. Rendered against a VU
// with no server; the CLI runs only see that a request went out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileBody } from '../../../engine/runtime/body';
import { TemplateError } from '../../../engine/runtime/template';
import { VuState, type Scalar } from '../../../engine/runtime/vu-state';

function vuWith(shared: Record<string, Scalar> = {}, id = 1): VuState {
  return new VuState(id, { shared, templated: new Map(), env: { SECRET: 'pw' }, data: {} });
}

test('a constant JSON body is serialized once, as written', () => {
  const value = { name: 'a', n: 1, list: [true, null, 2.5], nested: { k: 'v' } };
  const body = compileBody({ kind: 'json', value });
  assert.equal(body.contentType, 'application/json');
  const text = body.render(vuWith());
  assert.equal(text, JSON.stringify(value));
  assert.equal(body.render(vuWith()), text);
  assert.equal(compileBody({ kind: 'json', value: 'just a string' }).render(vuWith()), '"just a string"');
  assert.equal(compileBody({ kind: 'json', value: null }).render(vuWith()), 'null');
});

test('templates in JSON strings render per VU, deep in objects and arrays; other values stay', () => {
  const body = compileBody({
    kind: 'json',
    value: { user: 'u{{ vu.id }}', pass: '{{ env.SECRET }}', n: 3, tags: ['fixed', '{{ tag }}', { deep: '{{ vu.id }}!' }], '{{ key }}': 'k' },
  });
  assert.equal(body.contentType, 'application/json');
  const parsed = JSON.parse(body.render(vuWith({ tag: 'red', key: 'unused' }, 4)) as string);
  assert.deepEqual(parsed, { user: 'u4', pass: 'pw', n: 3, tags: ['fixed', 'red', { deep: '4!' }], '{{ key }}': 'k' });
  // A template renders to a string, even when the value looks like a number.
  const numeric = compileBody({ kind: 'json', value: { id: '{{ vu.id }}' } });
  assert.equal(numeric.render(vuWith({}, 9)), '{"id":"9"}');
});

test('a template error in a JSON body surfaces as a TemplateError', () => {
  const body = compileBody({ kind: 'json', value: { a: ['{{ missing }}'] } });
  assert.throws(() => body.render(vuWith()), TemplateError);
});

test('a text body is rendered as plain UTF-8 text', () => {
  const body = compileBody({ kind: 'text', value: 'hello {{ vu.id }} — ok' });
  assert.equal(body.contentType, 'text/plain; charset=utf-8');
  assert.equal(body.render(vuWith({}, 2)), 'hello 2 — ok');
});

test('a form body is URL-encoded in field order, with rendered values', () => {
  const body = compileBody({ kind: 'form', fields: { user: 'u{{ vu.id }}', note: 'a b&c=d', 'odd key': 'é/?' } });
  assert.equal(body.contentType, 'application/x-www-form-urlencoded');
  const text = body.render(vuWith({}, 5)) as string;
  assert.equal(text, 'user=u5&note=a+b%26c%3Dd&odd+key=%C3%A9%2F%3F');
  assert.deepEqual([...new URLSearchParams(text)], [['user', 'u5'], ['note', 'a b&c=d'], ['odd key', 'é/?']]);
  assert.equal(compileBody({ kind: 'form', fields: {} }).render(vuWith()), '');
});

function multipartParts(buffer: Buffer, boundary: string): { headers: string; content: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: string; content: Buffer }[] = [];
  let at = buffer.indexOf(delimiter);
  assert.equal(at, 0, 'the body starts with the boundary');
  for (;;) {
    const start = at + delimiter.length;
    if (buffer.subarray(start, start + 4).toString() === '--\r\n') {
      assert.equal(start + 4, buffer.length, 'the closing boundary ends the body');
      return parts;
    }
    const next = buffer.indexOf(delimiter, start);
    assert.ok(next > 0, 'every part is followed by a boundary');
    const part = buffer.subarray(start + 2, next - 2); // after "\r\n", before the part's "\r\n"
    const split = part.indexOf('\r\n\r\n');
    parts.push({ headers: part.subarray(0, split).toString(), content: part.subarray(split + 4) });
    at = next;
  }
}

test('a multipart body holds its text fields and generated files of the given sizes', () => {
  const body = compileBody({
    kind: 'multipart',
    fields: {
      title: { kind: 'text', value: 'report {{ vu.id }}' },
      upload: { kind: 'file', sizeBytes: 1000, name: 'data-{{ vu.id }}.bin' },
      photo: { kind: 'file', sizeBytes: 10, name: 'pic"\r\n.jpg', contentType: 'image/jpeg' },
      empty: { kind: 'file', sizeBytes: 0, name: 'empty.txt', contentType: 'text/plain' },
    },
  });
  const match = /^multipart\/form-data; boundary=(\S+)$/.exec(body.contentType);
  assert.ok(match, body.contentType);
  const rendered = body.render(vuWith({}, 3));
  assert.ok(Buffer.isBuffer(rendered));
  const parts = multipartParts(rendered, match[1]);
  assert.equal(parts.length, 4);

  assert.equal(parts[0].headers, 'Content-Disposition: form-data; name="title"');
  assert.equal(parts[0].content.toString(), 'report 3');

  assert.equal(parts[1].headers, 'Content-Disposition: form-data; name="upload"; filename="data-3.bin"\r\nContent-Type: application/octet-stream');
  assert.equal(parts[1].content.length, 1000);
  // Generated bytes, not a run of one value.
  assert.ok(new Set(parts[1].content).size > 100);

  // Quotes and line breaks cannot break out of the filename.
  assert.equal(parts[2].headers, 'Content-Disposition: form-data; name="photo"; filename="pic___.jpg"\r\nContent-Type: image/jpeg');
  assert.equal(parts[2].content.length, 10);

  assert.equal(parts[3].headers, 'Content-Disposition: form-data; name="empty"; filename="empty.txt"\r\nContent-Type: text/plain');
  assert.equal(parts[3].content.length, 0);
});

test('generated file bytes are the same for every request and every body of that size', () => {
  const field = { kind: 'file', sizeBytes: 64, name: 'f.bin' } as const;
  const a = compileBody({ kind: 'multipart', fields: { f: field } });
  const b = compileBody({ kind: 'multipart', fields: { f: field } });
  const content = (body: ReturnType<typeof compileBody>, vu: VuState): Buffer => {
    const boundary = body.contentType.split('boundary=')[1];
    return multipartParts(body.render(vu) as Buffer, boundary)[0].content;
  };
  const first = content(a, vuWith());
  assert.equal(first.length, 64);
  assert.deepEqual(content(a, vuWith({}, 2)), first);
  assert.deepEqual(content(b, vuWith()), first);
  // Each compiled body has its own boundary.
  assert.notEqual(a.contentType, b.contentType);
});
