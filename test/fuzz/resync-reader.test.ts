// Property tests of the language server's stdio frame reader (server/transport/resync-reader.ts):
// valid frames arrive whole and in order however the bytes are chunked, and after one broken
// frame of any kind, every valid frame from the second one after it on is delivered.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Message } from 'vscode-languageserver/node';
import { ResyncingMessageReader } from '../../server/transport/resync-reader';
import { SEED } from './stats';

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** Feeds `bytes` in chunks cut at `cuts` and returns what the reader delivered and reported. */
function read(bytes: Buffer, cuts: number[]): { messages: Message[]; errors: string[] } {
  const input = new PassThrough();
  const reader = new ResyncingMessageReader(input);
  const messages: Message[] = [];
  const errors: string[] = [];
  reader.onError((error) => errors.push(error.message));
  reader.listen((message) => messages.push(message));
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) input.write(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return { messages, errors };
}

const messageArb = fc.record({
  jsonrpc: fc.constant('2.0' as const),
  id: fc.nat(1_000_000),
  method: fc.constantFrom('textDocument/hover', 'textDocument/completion', 'stampede/x'),
  // Text with multi-byte characters and CR/LF inside strings: lengths are bytes, not characters.
  params: fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 40 }), n: fc.integer() }),
  // As a message would look once parsed (fast-check's records have no prototype).
}).map((message) => JSON.parse(JSON.stringify(message)) as Message);

const brokenFrameArb: fc.Arbitrary<(next: Buffer) => Buffer> = fc.oneof(
  fc.constant((next: Buffer) => Buffer.concat([Buffer.from('Content-Length: -5\r\n\r\n'), next])),
  fc.constant((next: Buffer) => Buffer.concat([Buffer.from('Content-Length: abc\r\n\r\n'), next])),
  fc.constant((next: Buffer) => Buffer.concat([Buffer.from('X-Nothing: 1\r\n\r\n'), next])),
  fc.constant((next: Buffer) => Buffer.concat([Buffer.from('Content-Length: 999999999999\r\n\r\n'), next])),
  // A length that is too short by k bytes, or too long by k (it swallows the next frame's start).
  fc.integer({ min: 1, max: 20 }).map((k) => (next: Buffer) => {
    const body = Buffer.from('{"jsonrpc":"2.0","method":"broken/frame","params":{"pad":"xxxxxxxxxxxxxxxxxxxx"}}');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length - k}\r\n\r\n`), body, next]);
  }),
  fc.integer({ min: 1, max: 20 }).map((k) => (next: Buffer) => {
    const body = Buffer.from('{"jsonrpc":"2.0","method":"broken/frame"}');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length + k}\r\n\r\n`), body, next]);
  }),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((noise) => (next: Buffer) => Buffer.concat([Buffer.from(noise).filter((b) => b !== 13 && b !== 10), next])),
);

describe('the stdio frame reader', () => {
  it('delivers every frame whole and in order, however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(messageArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (messages, cuts) => {
        const { messages: got, errors } = read(Buffer.concat(messages.map(frame)), cuts);
        assert.deepEqual(got, messages);
        assert.deepEqual(errors, []);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it('after a broken frame, delivers every valid frame from the second one on', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 3, maxLength: 6 }),
        fc.nat(),
        brokenFrameArb,
        fc.array(fc.nat(), { maxLength: 20 }),
        (messages, at, broken, cuts) => {
          const where = at % messages.length;
          const before = Buffer.concat(messages.slice(0, where).map(frame));
          const after = broken(Buffer.concat(messages.slice(where).map(frame)));
          const { messages: got } = read(Buffer.concat([before, after]), cuts);
          const valid = got.filter((m) => (m as { method?: string }).method !== 'broken/frame');
          // Frames before the broken one are untouched; the first after it may be lost; the rest arrive.
          assert.deepEqual(valid.slice(0, where), messages.slice(0, where));
          const rest = messages.slice(where + 1);
          assert.deepEqual(valid.slice(-rest.length || valid.length), rest.length ? rest : []);
        },
      ),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it('reads the frames after a length that is far too long once the header\'s time runs out', async () => {
    const input = new PassThrough();
    const reader = new ResyncingMessageReader(input, 50);
    const messages: Message[] = [];
    const errors: string[] = [];
    reader.onError((error) => errors.push(error.message));
    reader.listen((message) => messages.push(message));
    const valid = [1, 2, 3].map((id) => ({ jsonrpc: '2.0', id, method: 'x' }));
    input.write(Buffer.concat([Buffer.from('Content-Length: 10000\r\n\r\n'), ...valid.map(frame)]));
    assert.deepEqual(messages, [], 'the lying header holds the frames at first');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(messages, valid);
    assert.match(errors[0] ?? '', /Content-Length 10000 was not reached in time/);
  });

  it('delivers a 20 MB message written in 64 KB chunks, whole', () => {
    const big = { jsonrpc: '2.0', id: 7, method: 'x', params: { text: 'é'.repeat(10 * 1024 * 1024) } };
    const bytes = frame(big);
    const cuts = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => i * 65_536);
    const { messages, errors } = read(bytes, cuts);
    assert.deepEqual(errors, []);
    assert.equal((messages[0] as unknown as { params: { text: string } }).params.text.length, big.params.text.length);
  });

  it('tells what it dropped', () => {
    const { errors } = read(Buffer.concat([Buffer.from('Content-Length: -5\r\n\r\n'), frame({ jsonrpc: '2.0', method: 'x' })]), []);
    assert.deepEqual(errors, ['Dropped Content-Length is not a whole number of bytes: "-5"']);
  });
});
