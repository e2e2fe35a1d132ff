// The request line and headers of an HTTP/1.1 request, validated as undici validates them (a
// header value with a newline is refused, never sent). A request whose options object is reused
// (a step with nothing to render) is written once and kept as a Buffer: each later send is one
// socket write of bytes already made.
import { invalidArgument, notSupported, requestLengthMismatch } from './errors';
import type { RequestOptions } from './types';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** undici's rule for header values: tab, visible ASCII and obs-text; no CR, LF or NUL. */
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** undici's rule for the request target. */
const BAD_PATH = /[^\u0021-\u00ff]/;
/** Methods whose request carries a body, so an empty one is sent as `content-length: 0` (undici's list). */
const EXPECTS_BODY = new Set(['POST', 'PUT', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);
/** Methods whose own Content-Length header undici does not hold against the body. */
const LENGTH_UNCHECKED = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT']);
const DIGITS = /^\d+$/;

export interface RequestHead {
  /** The head, ending with its blank line; bytes as latin1 (the body is written after it). */
  text: string;
  /**
   * The connection is not reused after this response: `connection: close` was asked, or a body
   * went with a method that expects none (undici does the same: a server may misread it).
   */
  closes: boolean;
  /** A HEAD request: its response has no body whatever its headers say. */
  noBody: boolean;
}

/** Requests of reused options objects (head and body as one Buffer), with the Host they were written for. */
const kept = new WeakMap<RequestOptions, { host: string; head: RequestHead; bytes: Buffer }>();

/**
 * The whole request as bytes (head, then body), made once for an options object marked
 * `reused` and sent again to the same host: each send is then one write.
 */
export function requestBytes(options: RequestOptions, host: string): { head: RequestHead; bytes: Buffer } {
  const hit = kept.get(options);
  if (hit && hit.host === host) return hit;
  const head = writeHead(options, host);
  const body = options.body;
  const bytes = body === undefined || body === null ? Buffer.from(head.text, 'latin1') : Buffer.concat([Buffer.from(head.text, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
  const entry = { host, head, bytes };
  kept.set(options, entry);
  return entry;
}

/**
 * The head of one request. `host` is the origin's `host[:port]`, sent unless the request has its
 * own Host header. Throws (undici's codes) for what undici would refuse.
 */
export function writeHead(options: RequestOptions, host: string, bodyBytes = bodyLength(options.body)): RequestHead {
  const method = options.method;
  const path = options.path;
  if (path[0] !== '/' && !path.startsWith('http://') && !path.startsWith('https://')) {
    throw invalidArgument('path must be an absolute URL or start with a slash');
  }
  if (BAD_PATH.test(path)) throw invalidArgument('invalid request path');
  if (!TOKEN.test(method)) throw invalidArgument('invalid request method');
  if (method === 'CONNECT') throw notSupported('CONNECT is not supported here');
  let ownHost: string | undefined;
  let ownLength: number | undefined;
  let asked = false;
  let lines = '';
  const headers = options.headers;
  if (headers) {
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined) continue;
      if (!TOKEN.test(name)) throw invalidArgument('invalid header key');
      const text = String(value);
      if (BAD_VALUE.test(text)) throw invalidArgument(`invalid ${name} header`);
      const lower = name.toLowerCase();
      if (lower === 'host') {
        if (ownHost !== undefined) throw invalidArgument('duplicate host header');
        ownHost = text;
        continue;
      }
      // Framing is the connection's to write, from the body it is given; a length written in the
      // step must still be a number, and (checked below) the body's.
      if (lower === 'content-length') {
        if (ownLength !== undefined) throw invalidArgument('duplicate content-length header');
        if (!DIGITS.test(text)) throw invalidArgument('invalid content-length header');
        ownLength = Number(text);
        continue;
      }
      if (lower === 'transfer-encoding' || lower === 'keep-alive' || lower === 'upgrade') throw invalidArgument(`invalid ${lower} header`);
      if (lower === 'expect') throw notSupported('expect header not supported');
      if (lower === 'connection') {
        // A list of tokens, as undici reads it (`keep-alive, close`); `close` among them is asked.
        for (const token of text.toLowerCase().split(',')) {
          const option = token.trim();
          if (!TOKEN.test(option)) throw invalidArgument('invalid connection header');
          if (option === 'close') asked = true;
        }
        continue;
      }
      lines += `${name}: ${text}\r\n`;
    }
  }
  if (ownLength !== undefined && bodyBytes > 0 && ownLength !== bodyBytes && !LENGTH_UNCHECKED.has(method)) throw requestLengthMismatch();
  const expectsBody = EXPECTS_BODY.has(method);
  let text = `${method} ${path} HTTP/1.1\r\nhost: ${ownHost ?? host}\r\nconnection: ${asked ? 'close' : 'keep-alive'}\r\n${lines}`;
  if (bodyBytes > 0 || expectsBody) text += `content-length: ${bodyBytes}\r\n`;
  return { text: `${text}\r\n`, closes: asked || (bodyBytes > 0 && !expectsBody), noBody: method === 'HEAD' };
}

export function bodyLength(body: RequestOptions['body']): number {
  if (body === undefined || body === null) return 0;
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
}
