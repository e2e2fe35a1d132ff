// The response parser's fast line reading (engine/http1/fast-lines.ts) against its own slow way:
// each response is parsed once whole (every line read in place from the buffer) and once a byte
// at a time (every line split across reads, so http-parser-js's own line code reads it); what
// the parser reports must be the same. Strings kept from one response for the next are given
// again only for the very same bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HTTPParser } from 'http-parser-js';
import { FastLineParser } from '../../engine/http1/fast-lines';

interface Parsed {
  heads: { version: string; status: number; reason: string; headers: string[]; keepAlive: boolean; upgrade: boolean }[];
  body: string;
  trailers: string[][];
  ends: number;
  error: string | undefined;
}

function parse(bytes: Buffer, pieceBytes: number, parser = new FastLineParser()): Parsed {
  const out: Parsed = { heads: [], body: '', trailers: [], ends: 0, error: undefined };
  parser[HTTPParser.kOnHeadersComplete] = (info) => {
    out.heads.push({ version: `${info.versionMajor}.${info.versionMinor}`, status: info.statusCode, reason: info.statusMessage, headers: [...info.headers], keepAlive: info.shouldKeepAlive, upgrade: info.upgrade });
    return 0;
  };
  parser[HTTPParser.kOnBody] = (chunk, start, length) => {
    out.body += chunk.toString('latin1', start, start + length);
  };
  parser[HTTPParser.kOnHeaders] = (trailers) => {
    out.trailers.push([...trailers]);
  };
  parser[HTTPParser.kOnMessageComplete] = () => {
    out.ends++;
  };
  for (let at = 0; at < bytes.length && out.error === undefined; at += pieceBytes) {
    // A piece inside a larger buffer, as a shared read buffer holds it: bytes past it are stale.
    const room = Buffer.alloc(bytes.length + 16, '\n');
    const piece = bytes.subarray(at, at + pieceBytes);
    piece.copy(room, 8);
    const result = parser.execute(room, 8, piece.length);
    if (result instanceof Error) out.error = `${result.message} ${(result as { code?: string }).code ?? ''}`;
  }
  return out;
}

const RESPONSES: [string, string][] = [
  ['nginx-like', 'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: keep-alive\r\nETag: "x-1"\r\n\r\nhello'],
  ['no reason', 'HTTP/1.1 204\r\nx-a: 1\r\n\r\n'],
  ['empty reason, long reason', 'HTTP/1.1 200 \r\ncontent-length: 0\r\n\r\nHTTP/1.0 404 Not  Found\there\r\ncontent-length: 2\r\n\r\nno'],
  ['a four-digit status as http-parser-js reads it', 'HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n'],
  ['values: blanks before, blanks after, empty, colons inside', 'HTTP/1.1 200 OK\r\nx-a:   spaced  \r\nx-b:\t\ttabbed\t\r\nx-c:\r\nx-d: a:b:c\r\ncontent-length: 0\r\n\r\n'],
  ['bytes above ASCII', 'HTTP/1.1 200 \xc3\xa9t\xc3\xa9\r\nx-name: caf\xc3\xa9 \xff\r\ncontent-length: 0\r\n\r\n'],
  ['lines ended by LF alone', 'HTTP/1.1 200 OK\nx-a: 1\ncontent-length: 2\n\nok'],
  ['folded and colon-less lines, a space before the colon', 'HTTP/1.1 200 OK\r\nx-a: 1\r\n  more\r\nnocolon\r\nx-b : 2\r\ncontent-length: 0\r\n\r\n'],
  ['a stray CR inside a value', 'HTTP/1.1 200 OK\r\nx-a: 1\r2\r\ncontent-length: 0\r\n\r\n'],
  ['chunked with trailers', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nx-t: 1 \r\nx-u: 2\r\n\r\n'],
  ['interim then final', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nx'],
  ['HTTP/1.0 keep-alive, upgrade', 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\ncontent-length: 0\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'],
  ['not a status line', 'HTTX/1.1 200 OK\r\n\r\n'],
  ['a status line with a CR inside', 'HTTP/1.1 200 O\rK\r\n\r\n'],
  ['blank lines before the status line', '\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'],
];

for (const [name, text] of RESPONSES) {
  test(`read whole and read a byte at a time, the same: ${name}`, () => {
    const bytes = Buffer.from(text, 'latin1');
    const whole = parse(bytes, bytes.length);
    const bytewise = parse(bytes, 1);
    assert.deepEqual(whole, bytewise);
    assert.ok(whole.heads.length > 0 || whole.error !== undefined, 'the case parses to something');
  });
}

test('the header values keep their trailing blanks, as undici has them', () => {
  const parsed = parse(Buffer.from(RESPONSES[4][1], 'latin1'), 1_000);
  assert.deepEqual(parsed.heads[0].headers.slice(0, 8), ['x-a', 'spaced  ', 'x-b', 'tabbed\t', 'x-c', '', 'x-d', 'a:b:c']);
});

test('strings kept from the previous response are given again only for the same bytes', () => {
  const parser = new FastLineParser();
  const first = parse(Buffer.from(RESPONSES[0][1]), 10_000, parser);
  assert.deepEqual(parse(Buffer.from(RESPONSES[0][1]), 10_000, parser), first);
  // The Date changes a second later at the same length: read anew, not the kept string.
  const changed = parse(Buffer.from(RESPONSES[0][1].replace('00:00:00', '00:00:01')), 10_000, parser);
  assert.equal(changed.heads[0].headers[3], 'Thu, 01 Jan 2026 00:00:01 GMT');
  // Fewer headers, then more again, and a new name at a known position.
  const shorter = parse(Buffer.from('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\ncontent-length: 0\r\n\r\n'), 10_000, parser);
  assert.deepEqual(shorter.heads[0].headers, ['Server', 'nginx/1.22.1', 'content-length', '0']);
  assert.deepEqual(parse(Buffer.from(RESPONSES[0][1]), 10_000, parser), first);
});
