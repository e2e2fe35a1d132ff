// The engine's own HTTP/1.1 connection for plain `http:` origins: one keep-alive socket, one
// request at a time (others wait in order, as undici's Client with pipelining 1 does), the
// response read by http-parser-js (autocannon's parser). It exists for speed: undici builds a
// Request, checks every header and runs llhttp through WebAssembly on each request; here a
// request with nothing to render is a Buffer written as it is (request-head.ts), and the cost per
// request is about what autocannon pays. It speaks undici's dispatch API, so the request step's
// handler, its timeouts, captures, expects, redirects and cookies work unchanged.
import type { Socket } from 'node:net';
import { HTTPParser, type OnHeadersCompleteParser } from 'http-parser-js';
import { aborted, closed, destroyed, otherSideClosed, parseError } from './errors';
import { requestBytes, writeHead, type RequestHead } from './request-head';
import type { ExchangeHandler, HttpConnection, RequestOptions } from './types';

// Header bytes kept as they came (latin1 is byte for byte); a value with bytes above ASCII is
// then read as UTF-8, which is what undici's raw Buffers give `toString()`.
HTTPParser.encoding = 'latin1';
const NON_ASCII = /[\x80-\xff]/;
const KEEP_ALIVE_TIMEOUT = /timeout=(\d+)/i;

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
      const exchange: Exchange = { options, handler, head, bytes, finished: false, interim: false };
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
    const parser = new HTTPParser(HTTPParser.RESPONSE);
    this.socket = socket;
    this.parser = parser;
    this.reusable = true;
    this.settling = false;
    this.idleSince = 0;
    this.idleLimitMs = this.keepAlive.idleMs;
    parser[HTTPParser.kOnHeadersComplete] = (info) => this.onHead(parser, info);
    parser[HTTPParser.kOnBody] = (chunk, start, length) => this.onBody(parser, chunk, start, length);
    parser[HTTPParser.kOnMessageComplete] = () => this.onEnd(parser);
    socket.on('data', (chunk: Buffer) => this.read(socket, parser, chunk));
    socket.on('end', () => this.ended(socket, parser));
    socket.on('error', (err) => this.lost(socket, err));
    socket.on('close', () => this.lost(socket, otherSideClosed()));
  }

  private read(socket: Socket, parser: Parser, chunk: Buffer): void {
    if (parser !== this.parser) return;
    let result: number | Error;
    try {
      result = parser.execute(chunk);
    } catch (err) {
      // Thrown by a handler: the exchange ends with it, as undici's does.
      this.lost(socket, err as Error);
      return;
    }
    if (result instanceof Error) this.lost(socket, parseError(result));
  }

  /** The server ended its side: a body read to the close is complete; anything else is cut. */
  private ended(socket: Socket, parser: Parser): void {
    if (socket !== this.socket) return;
    if (this.current) {
      try {
        const result = parser.finish();
        if (result instanceof Error) throw result;
      } catch {
        // Not at a message boundary: `lost` below fails the exchange.
      }
    }
    this.lost(socket, otherSideClosed());
  }

  /** The socket is gone (error, close, cut response): the exchange on it fails; the next opens another. */
  private lost(socket: Socket, err: Error): void {
    if (socket !== this.socket) return;
    this.drop();
    const current = this.current;
    this.current = undefined;
    if (current) this.finish(current, err);
    this.pump();
  }

  private onHead(parser: Parser, info: HeadInfo): number {
    const exchange = this.current;
    if (parser !== this.parser) return 1;
    // A response nobody asked for: the connection is out of step; read's catch drops it.
    if (!exchange) throw parseError(new Error('a response without a request'));
    if (info.statusCode < 200 && info.statusCode !== 101) {
      exchange.interim = true;
      return 0;
    }
    const headers = info.headers;
    let hint: string | undefined;
    for (let i = 1; i < headers.length; i += 2) {
      const value = headers[i];
      if (NON_ASCII.test(value)) headers[i] = Buffer.from(value, 'latin1').toString('utf8');
      const name = headers[i - 1];
      if (name.length === 10 && name.toLowerCase() === 'keep-alive') hint = value;
    }
    this.reusable = info.shouldKeepAlive && !info.upgrade && !exchange.head.closes;
    if (hint !== undefined) this.hinted(hint);
    const socket = this.socket as Socket;
    const go = exchange.handler.onHeaders?.(info.statusCode, headers, () => socket.resume(), info.statusMessage);
    if (go === false) socket.pause();
    return exchange.head.noBody ? 1 : 0;
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
    const piece = start === 0 && length === chunk.length ? chunk : chunk.subarray(start, start + length);
    if (exchange.handler.onData?.(piece) === false) this.socket?.pause();
  }

  private onEnd(parser: Parser): void {
    const exchange = this.current;
    if (parser !== this.parser || !exchange) return;
    if (exchange.interim) {
      exchange.interim = false;
      return;
    }
    this.current = undefined;
    if (this.reusable) {
      this.idleSince = performance.now();
      this.settling = true;
      settleLater(this);
    } else this.drop();
    if (!exchange.finished) {
      exchange.finished = true;
      exchange.handler.onComplete?.(null);
    }
    this.pump();
  }

  /** The check phase after the socket's last response: it may take the next request. */
  settled(): void {
    this.settling = false;
    this.pump();
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
