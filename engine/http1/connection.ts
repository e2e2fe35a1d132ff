// The engine's own HTTP/1.1 connection for plain `http:` origins: one keep-alive socket, one
// request at a time (others wait in order, as undici's Client with pipelining 1 does), the
// response read by http-parser-js (autocannon's parser). It exists for speed: undici builds a
// Request, checks every header and runs llhttp through WebAssembly on each request; here a
// request with nothing to render is a Buffer written as it is (request-head.ts), and the cost per
// request is about what autocannon pays. It speaks undici's dispatch API, so the request step's
// handler, its timeouts, captures, expects, redirects and cookies work unchanged.
import type { Socket } from 'node:net';
import { HTTPParser, type OnHeadersCompleteParser } from 'http-parser-js';
import { aborted, closed, destroyed, otherSideClosed, parseError, responseLengthMismatch } from './errors';
import { FastLineParser } from './fast-lines';
import { requestBytes, writeHead, type RequestHead } from './request-head';
import { inSharedBuffer, readFrom } from './shared-reads';
import type { ExchangeHandler, HttpConnection, RawHeaders, RequestOptions } from './types';

// Header bytes are read as latin1 (fast-lines.ts), byte for byte; a value with bytes above ASCII
// is then read as UTF-8, which is what undici's raw Buffers give `toString()`.
const NON_ASCII = /[\x80-\xff]/;
/** undici's reading of a `keep-alive` hint (case and all). */
const KEEP_ALIVE_TIMEOUT = /timeout=(\d+)/;
/** A Content-Length llhttp accepts, trailing blanks included (http-parser-js would take `1e3`, `-1` or `abc` and lose its way). */
const CONTENT_LENGTH = /^\d+[ \t]*$/;

type Parser = InstanceType<typeof HTTPParser>;

// A socket whose response just ended is reused only after the event loop's next check phase, as
// undici does: a FIN or stray bytes the server sent after the response are read first (so a
// request is never written on a socket the server is closing), and the next requests of every
// connection are written together, once the responses that arrived together have been read —
// the target is woken once for them, not once per request (measured: a third less CPU per
// request on loopback than writing each request from inside the read).
const settling: Http1Connection[] = [];
let settleScheduled = false;

function settleLater(connection: Http1Connection): void {
  settling.push(connection);
  if (settleScheduled) return;
  settleScheduled = true;
  setImmediate(settleAll);
}

function settleAll(): void {
  settleScheduled = false;
  for (const connection of settling.splice(0)) connection.settled();
}
type HeadInfo = Parameters<OnHeadersCompleteParser>[0];

/** Header bytes (latin1) with any above ASCII read as UTF-8, as undici's Buffers `toString()`. */
const utf8 = (text: string): string => (NON_ASCII.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text);

/** Opens a socket to the connection's origin (undici's connector, or a warm socket). */
export type Connect = (callback: (err: Error | null, socket: Socket | null) => void) => void;

export interface KeepAlive {
  /** How long an idle socket is reused when the server gives no `keep-alive: timeout`. */
  idleMs: number;
  /** The most a server's hint may make it. */
  maxIdleMs: number;
  /** Taken off a server's hint, so that a request never meets a socket the server is closing. */
  thresholdMs: number;
}

interface Exchange {
  options: RequestOptions;
  handler: ExchangeHandler;
  head: RequestHead;
  /** The whole request already as bytes, head and body (a reused options object). */
  bytes: Buffer | undefined;
  finished: boolean;
  /** A 1xx response is being read: its end is not the exchange's. */
  interim: boolean;
  /** The final response's head has come: an end of the socket now ends or cuts that response. */
  answered: boolean;
  /** That response keeps the connection by its own headers (undici's `shouldKeepAlive`). */
  keepAlive: boolean;
  /** That response has a Content-Length. */
  lengthed: boolean;
  trailers: RawHeaders | undefined;
  /** The handler returned false: nothing more is handed to it until it calls `resume`. */
  paused: boolean;
  /** Body parsed while paused (the rest of the socket read that was being parsed). */
  backlog: Buffer[] | undefined;
  /** The response ended while paused: it completes on `resume`. */
  ended: boolean;
}

export class Http1Connection implements HttpConnection {
  destroyed = false;
  closed = false;
  private socket: Socket | undefined;
  private parser: Parser | undefined;
  private connecting = false;
  private readonly waiting: Exchange[] = [];
  /** The exchange whose request is on the wire. */
  private current: Exchange | undefined;
  /** The current response allows another request on this socket. */
  private reusable = true;
  /** The socket's last response just ended: it takes the next request after the check phase. */
  private settling = false;
  private idleSince = 0;
  private idleLimitMs: number;
  private readonly drained: (() => void)[] = [];

  constructor(
    /** `host[:port]`, the Host header. */
    private readonly host: string,
    private readonly connect: Connect,
    private readonly keepAlive: KeepAlive,
  ) {
    this.idleLimitMs = keepAlive.idleMs;
  }

  dispatch(options: RequestOptions, handler: ExchangeHandler): boolean {
    try {
      if (this.destroyed) throw destroyed();
      if (this.closed) throw closed();
      let head: RequestHead;
      let bytes: Buffer | undefined;
      if (options.reused === true) ({ head, bytes } = requestBytes(options, this.host));
      else head = writeHead(options, this.host);
      const exchange: Exchange = {
        options, handler, head, bytes, finished: false, interim: false, answered: false, keepAlive: false, lengthed: false,
        trailers: undefined, paused: false, backlog: undefined, ended: false,
      };
      this.waiting.push(exchange);
      handler.onConnect?.((err) => this.abort(exchange, err));
      this.pump();
      return true;
    } catch (err) {
      if (typeof handler.onError !== 'function') throw err;
      handler.onError(err as Error);
      return false;
    }
  }

  close(): Promise<void> {
    if (this.destroyed) return Promise.reject(destroyed());
    this.closed = true;
    return new Promise((resolve) => {
      this.drained.push(resolve);
      this.pump();
    });
  }

  destroy(): Promise<void> {
    if (!this.destroyed) {
      this.destroyed = true;
      this.drop();
      const error = destroyed();
      const current = this.current;
      this.current = undefined;
      if (current) this.finish(current, error);
      for (const exchange of this.waiting.splice(0)) this.finish(exchange, error);
      this.settleDrained();
    }
    return Promise.resolve();
  }

  /** Writes the next waiting request when the socket is free, opening one if needed. */
  private pump(): void {
    if (this.current || this.destroyed) return;
    if (this.waiting.length === 0) {
      if (this.closed) {
        // As undici's Client: closed and answered, it is destroyed (a dispatch now says so).
        this.destroyed = true;
        this.drop();
        this.settleDrained();
      }
      return;
    }
    const socket = this.socket;
    if (socket && this.settling) return;
    if (socket && this.idleSince > 0 && performance.now() - this.idleSince > this.idleLimitMs) {
      // Idle past what the server keeps: it may be closing it right now.
      this.drop();
    } else if (socket) {
      const exchange = this.waiting.shift() as Exchange;
      this.current = exchange;
      this.idleSince = 0;
      this.write(socket, exchange);
      return;
    }
    if (!this.connecting) this.open();
  }

  private write(socket: Socket, exchange: Exchange): void {
    // A reused request is kept whole, head and body: one write.
    if (exchange.bytes) {
      socket.write(exchange.bytes);
      return;
    }
    const body = exchange.options.body;
    if (body === undefined || body === null || body.length === 0) {
      socket.write(exchange.head.text, 'latin1');
      return;
    }
    // One writev for head and body.
    socket.cork();
    socket.write(exchange.head.text, 'latin1');
    if (typeof body === 'string') socket.write(body, 'utf8');
    else socket.write(body);
    socket.uncork();
  }

  private open(): void {
    this.connecting = true;
    this.connect((err, socket) => {
      this.connecting = false;
      if (this.destroyed) {
        socket?.destroy();
        return;
      }
      if (err || !socket) {
        // As undici does: a connection that cannot be made fails every request waiting for it.
        const error = err ?? new Error('connect failed');
        for (const exchange of this.waiting.splice(0)) this.finish(exchange, error);
        this.pump();
        return;
      }
      this.adopt(socket);
      this.pump();
    });
  }

  private adopt(socket: Socket): void {
    const parser = new FastLineParser();
    this.socket = socket;
    this.parser = parser;
    this.reusable = true;
    this.settling = false;
    this.idleSince = 0;
    this.idleLimitMs = this.keepAlive.idleMs;
    parser[HTTPParser.kOnHeadersComplete] = (info) => this.onHead(parser, info);
    parser[HTTPParser.kOnBody] = (chunk, start, length) => this.onBody(parser, chunk, start, length);
    parser[HTTPParser.kOnHeaders] = (trailers) => this.onTrailers(parser, trailers);
    parser[HTTPParser.kOnMessageComplete] = () => this.onEnd(parser);
    readFrom(socket, (bytes, length) => this.read(socket, parser, bytes, length));
    socket.on('end', () => this.ended(socket, parser, otherSideClosed()));
    // undici reads a reset as it reads an end: it may end a response that ends with its connection.
    socket.on('error', (err: Error & { code?: string }) => (err.code === 'ECONNRESET' ? this.ended(socket, parser, err) : this.lost(socket, err)));
    socket.on('close', () => this.lost(socket, otherSideClosed()));
  }

  private read(socket: Socket, parser: Parser, bytes: Buffer, length: number): void {
    if (parser !== this.parser) return;
    let result: number | Error;
    try {
      result = parser.execute(bytes, 0, length);
    } catch (err) {
      // Thrown by a handler (the exchange ends with it, as undici's does), or by onHead refusing
      // the response's framing.
      this.lost(socket, err as Error);
      return;
    }
    if (result instanceof Error) this.lost(socket, parseError(result));
  }

  /**
   * The server ended (or reset) its side. As undici: a response that does not keep the connection
   * is read to the close, so a body read to it is complete and one cut short is a wrong response
   * (kind `other`); any other exchange lost its socket (`err`, kind `connect`).
   */
  private ended(socket: Socket, parser: Parser, err: Error): void {
    if (socket !== this.socket) return;
    const exchange = this.current;
    if (exchange && exchange.answered && !exchange.keepAlive && !exchange.ended) {
      let result: Error | void = undefined;
      try {
        result = parser.finish();
      } catch {
        // Thrown by the handler's onComplete: the exchange has ended already.
      }
      if (result instanceof Error) err = exchange.lengthed ? responseLengthMismatch() : parseError(new Error('Invalid EOF state'));
    }
    this.lost(socket, err);
  }

  /** The socket is gone (error, close, cut response): the exchange on it fails; the next opens another. */
  private lost(socket: Socket, err: Error): void {
    if (socket !== this.socket) return;
    this.drop();
    const current = this.current;
    // Read whole but not handed over yet (its handler paused): it completes on resume.
    if (current?.ended) return;
    this.current = undefined;
    if (current) this.finish(current, err);
    this.pump();
  }

  private onHead(parser: Parser, info: HeadInfo): number {
    const exchange = this.current;
    if (parser !== this.parser) return 1;
    // A response nobody asked for: the connection is out of step; read's catch drops it.
    if (!exchange) throw parseError(new Error('a response without a request'));
    const status = info.statusCode;
    // As llhttp: no status below 100 (it would be taken as interim and the exchange wait for ever).
    if (status < 100) throw parseError(new Error('Invalid response status'));
    if (status < 200 && status !== 101) {
      exchange.interim = true;
      return 0;
    }
    const headers = info.headers;
    let hint: string | undefined;
    let connection: string | undefined;
    let lengthed = false;
    let encoded = false;
    for (let i = 1; i < headers.length; i += 2) {
      const value = utf8(headers[i]);
      headers[i] = value;
      const name = headers[i - 1];
      // Only framing and keep-alive headers matter here: their lengths spare most comparisons.
      if (name.length === 10) {
        const lower = name.toLowerCase();
        if (lower === 'keep-alive') hint = value;
        else if (lower === 'connection') connection = value;
      } else if (name.length === 14 && name.toLowerCase() === 'content-length') {
        // Thrown to read's catch, which fails the exchange and drops the socket, as undici does.
        if (!CONTENT_LENGTH.test(value)) throw parseError(new Error(value === '' ? 'Empty Content-Length' : 'Invalid character in Content-Length'));
        // A length no body can have (past 2^53 it is not even a number of bytes): llhttp refuses it.
        if (!Number.isSafeInteger(Number(value))) throw parseError(new Error('Content-Length overflow'));
        lengthed = true;
      } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
        encoded = true;
      }
    }
    // Two framings: which one the server meant is a guess (request smuggling's trick). llhttp
    // refuses them, even where no body follows.
    if (lengthed && encoded) throw parseError(new Error("Content-Length can't be present with Transfer-Encoding"));
    // undici keeps the socket after a HEAD answered without a length if the server says keep-alive.
    const keepAlive = info.shouldKeepAlive || (exchange.head.noBody && connection?.toLowerCase() === 'keep-alive');
    exchange.answered = true;
    exchange.keepAlive = keepAlive;
    exchange.lengthed = lengthed;
    this.reusable = keepAlive && !info.upgrade && !exchange.head.closes;
    if (hint !== undefined && keepAlive) this.hinted(hint);
    const go = exchange.handler.onHeaders?.(status, headers, () => this.resume(exchange), utf8(info.statusMessage));
    if (go === false) this.pause(exchange);
    // No body after a HEAD, a 204 or a 304, whatever their headers say (http-parser-js would wait
    // for a 304's Content-Length).
    return exchange.head.noBody || status === 204 || status === 304 ? 1 : 0;
  }

  /** `keep-alive: timeout=N`: reuse the socket for less than N seconds idle, as undici does. */
  private hinted(hint: string): void {
    const seconds = KEEP_ALIVE_TIMEOUT.exec(hint);
    if (!seconds) return;
    const limit = Math.min(Number(seconds[1]) * 1000 - this.keepAlive.thresholdMs, this.keepAlive.maxIdleMs);
    if (limit <= 0) this.reusable = false;
    else this.idleLimitMs = limit;
  }

  private onBody(parser: Parser, chunk: Buffer, start: number, length: number): void {
    const exchange = this.current;
    if (parser !== this.parser || !exchange || exchange.interim) return;
    let piece = start === 0 && length === chunk.length ? chunk : chunk.subarray(start, start + length);
    // The shared read buffer is overwritten by the next read: a handler gets bytes of its own.
    if (inSharedBuffer(piece)) piece = Buffer.from(piece);
    if (exchange.paused) (exchange.backlog ??= []).push(piece);
    else if (exchange.handler.onData?.(piece) === false) this.pause(exchange);
  }

  private onTrailers(parser: Parser, trailers: string[]): void {
    const exchange = this.current;
    if (parser !== this.parser || !exchange) return;
    for (let i = 1; i < trailers.length; i += 2) trailers[i] = utf8(trailers[i]);
    exchange.trailers = trailers;
  }

  private onEnd(parser: Parser): void {
    const exchange = this.current;
    if (parser !== this.parser || !exchange) return;
    if (exchange.interim) {
      exchange.interim = false;
      return;
    }
    if (exchange.paused) exchange.ended = true;
    else this.complete(exchange);
  }

  private complete(exchange: Exchange): void {
    this.current = undefined;
    if (this.reusable) {
      this.idleSince = performance.now();
      this.settling = true;
      settleLater(this);
    } else this.drop();
    if (!exchange.finished) {
      exchange.finished = true;
      // As undici: the trailers, or none.
      exchange.handler.onComplete?.(exchange.trailers ?? []);
    }
    this.pump();
  }

  /** The check phase after the socket's last response: it may take the next request. */
  settled(): void {
    this.settling = false;
    this.pump();
  }

  /**
   * The handler asked for a pause. The socket stops reading; what the parser still finds in the
   * read at hand is kept, so that nothing reaches the handler until it resumes (as undici's
   * paused llhttp).
   */
  private pause(exchange: Exchange): void {
    if (exchange !== this.current) return;
    exchange.paused = true;
    this.socket?.pause();
  }

  private resume(exchange: Exchange): void {
    if (!exchange.paused || exchange !== this.current) return;
    exchange.paused = false;
    const backlog = exchange.backlog;
    exchange.backlog = undefined;
    while (backlog && backlog.length > 0) {
      let go: boolean | undefined;
      try {
        go = exchange.handler.onData?.(backlog.shift() as Buffer);
      } catch (err) {
        // As when the parser hands it over: the exchange ends with what the handler threw.
        this.abort(exchange, err as Error);
        return;
      }
      // Aborted from onData.
      if (exchange !== this.current) return;
      if (go === false) {
        exchange.paused = true;
        exchange.backlog = backlog;
        return;
      }
    }
    this.socket?.resume();
    if (exchange.ended) this.complete(exchange);
  }

  private abort(exchange: Exchange, err: Error | undefined): void {
    if (exchange.finished) return;
    if (exchange === this.current) {
      this.current = undefined;
      this.drop();
      this.finish(exchange, err ?? aborted());
      this.pump();
      return;
    }
    const at = this.waiting.indexOf(exchange);
    if (at >= 0) this.waiting.splice(at, 1);
    this.finish(exchange, err ?? aborted());
  }

  private finish(exchange: Exchange, err: Error): void {
    if (exchange.finished) return;
    exchange.finished = true;
    exchange.handler.onError?.(err);
  }

  /** Forgets the socket (destroying it); events it still emits are ignored. */
  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.parser = undefined;
    this.settling = false;
    if (!socket) return;
    socket.on('error', () => undefined);
    socket.destroy();
  }

  private settleDrained(): void {
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
