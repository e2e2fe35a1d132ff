// The engine's own HTTP/1.1 connection (engine/http1/) against undici's Client, the client it
// stands in for: each case runs through both, against a raw TCP server on 127.0.0.1 that writes
// scripted bytes (so the framing is exactly the case's), with a handler that records what it is
// told. The two records must be equal, and equal to what the case expects, so that a case never
// passes by both clients being wrong. Where the two differ (ours keeps a socket after a HEAD and
// takes interim responses in its stride; undici has quirks of its own), the case says so and
// asserts each client's own outcome.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { buildConnector, Client } from 'undici';
import { Http1Connection, type KeepAlive } from '../../engine/http1/connection';
import { markSharedReads, sharedReads } from '../../engine/http1/shared-reads';
import type { ExchangeHandler, HttpConnection, RequestOptions } from '../../engine/http1/types';
import { classifyError } from '../../engine/runtime/errors';

/** As engine/runtime/http-pools.ts configures both clients. */
const KEEP_ALIVE: KeepAlive = { idleMs: 30_000, maxIdleMs: 600_000, thresholdMs: 2_000 };
const UNDICI_OPTIONS = { pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, keepAliveTimeoutThreshold: 2_000 };
/** The longest any one wait may take before the case fails. */
const WAIT_MS = 5_000;
const CASE = { timeout: 60_000 };

type Kind = 'undici' | 'ours';
const KINDS: Kind[] = ['undici', 'ours'];
// Ours reads as the pools open its sockets: into the shared read buffer (http1/shared-reads.ts).
const connector = buildConnector({ timeout: WAIT_MS, onread: sharedReads });
/** The client of the run in progress, for messages. */
let runKind: Kind | undefined;

function open(kind: Kind, port: number): HttpConnection {
  if (kind === 'undici') return new Client(`http://127.0.0.1:${port}`, UNDICI_OPTIONS) as unknown as HttpConnection;
  const host = `127.0.0.1:${port}`;
  return new Http1Connection(
    host,
    (callback) =>
      connector({ hostname: '127.0.0.1', host, protocol: 'http:', port: String(port) }, (err, socket) => {
        if (socket) markSharedReads(socket);
        callback(err, socket);
      }),
    KEEP_ALIVE,
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${runKind}: ${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(condition: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`${runKind}: ${what}: not within ${ms} ms`);
    await sleep(5);
  }
}

// ---------------------------------------------------------------------------------------------
// The server: reads requests (head, then a Content-Length body), hands each to the case's
// responder, and keeps every byte and socket it saw.

interface Received {
  /** The accepted socket (0, 1, …) that carried it. */
  socket: number;
  method: string;
  path: string;
  /** Names lower-cased, in the order sent. */
  headers: [string, string][];
  /** The request line and headers as they came, blank line included. */
  head: string;
  body: Buffer;
}

type Respond = (request: Received, socket: Socket, server: RawServer) => void | Promise<void>;

class RawServer {
  readonly sockets: Socket[] = [];
  /** Every byte each socket received. */
  readonly bytes: Buffer[] = [];
  readonly requests: Received[] = [];
  /** What happened, in order: `request N` as each arrives, and what responders note. */
  readonly log: string[] = [];
  /** Sockets closed, by either side. */
  closed = 0;
  port = 0;
  private readonly server: Server;
  private readonly gates = new Map<string, { opened: Promise<void>; open: () => void }>();

  constructor(private readonly respond: Respond) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await within(new Promise<void>((resolve) => this.server.close(() => resolve())), 'the server closes');
  }

  /** Resolves once the case calls `open(name)`: a responder waits on the client's progress. */
  gate(name: string): Promise<void> {
    return this.gateOf(name).opened;
  }

  open(name: string): void {
    this.gateOf(name).open();
  }

  private gateOf(name: string): { opened: Promise<void>; open: () => void } {
    let gate = this.gates.get(name);
    if (!gate) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate = { opened, open };
      this.gates.set(name, gate);
    }
    return gate;
  }

  private accept(socket: Socket): void {
    const index = this.sockets.push(socket) - 1;
    this.bytes[index] = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => this.closed++);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      this.bytes[index] = Buffer.concat([this.bytes[index], chunk]);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end + 4).toString('latin1');
        const [line, ...lines] = head.slice(0, -4).split('\r\n');
        const headers = lines.map((text): [string, string] => {
          const colon = text.indexOf(':');
          return [text.slice(0, colon).toLowerCase(), text.slice(colon + 1).trim()];
        });
        const length = Number(headers.find(([name]) => name === 'content-length')?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        const [method, path] = line.split(' ');
        const request: Received = { socket: index, method, path, headers, head, body: Buffer.from(pending.subarray(end + 4, end + 4 + length)) };
        pending = pending.subarray(end + 4 + length);
        this.requests.push(request);
        this.log.push(`request ${this.requests.length}`);
        void (async () => {
          try {
            await this.respond(request, socket, this);
          } catch (err) {
            this.log.push(`responder failed: ${(err as Error).message}`);
            socket.destroy();
          }
        })();
      }
    });
  }
}

/** A 200 with a Content-Length body; `extra` are header lines, each ending with CRLF. */
const ok = (body = 'hello', extra = ''): string => `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

/** Every request gets the same bytes. */
const always = (response: string | Buffer): Respond => (request, socket) => {
  socket.write(response);
};

/** Writes one byte at a time, letting the client read between them. */
async function dribble(socket: Socket, data: string | Buffer): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let i = 0; i < bytes.length && !socket.destroyed; i++) {
    socket.write(bytes.subarray(i, i + 1));
    await tick();
  }
}

// ---------------------------------------------------------------------------------------------
// The recording handler.

interface Outcome {
  /** Every status onHeaders was called with. */
  statuses: number[];
  statusText: string | undefined;
  /** The final onHeaders' raw headers, as strings (undici's Buffers read as UTF-8). */
  headers: string[] | undefined;
  body: Buffer;
  bytes: number;
  dataCalls: number;
  /** What onComplete was given; undefined when it was not called. */
  trailers: string[] | null | undefined;
  error: (Error & { code?: string }) | undefined;
  /** onComplete and onError calls: exactly one, whatever happens. */
  ends: number;
}

interface Behaviour {
  /** Return false from onHeaders, or from the first onData: the connection pauses until `resume`. */
  pause?: 'headers' | 'data';
  /** Count the body's bytes without keeping them. */
  countOnly?: boolean;
  /** Throw from onHeaders or from the first onData. */
  throwIn?: 'headers' | 'data';
}

interface Sent {
  outcome: Outcome;
  done: Promise<Outcome>;
  /** Resolves with the first piece of body. */
  firstData: Promise<void>;
  /** The request had ended (refused) before dispatch returned. */
  endedInDispatch: boolean;
  /** The abort function onConnect was given. */
  abort(err?: Error): void;
  /** The resume function onHeaders was given. */
  resume(): void;
}

/** The requests of the run in progress: each must have ended exactly once when it is over. */
let sentInRun: Sent[] = [];

function send(conn: HttpConnection, options: RequestOptions, behaviour: Behaviour = {}): Sent {
  const outcome: Outcome = { statuses: [], statusText: undefined, headers: undefined, body: Buffer.alloc(0), bytes: 0, dataCalls: 0, trailers: undefined, error: undefined, ends: 0 };
  const chunks: Buffer[] = [];
  let settle!: (outcome: Outcome) => void;
  let dataSeen!: () => void;
  const done = new Promise<Outcome>((resolve) => {
    settle = resolve;
  });
  const firstData = new Promise<void>((resolve) => {
    dataSeen = resolve;
  });
  let abortFn: ((err?: Error) => void) | undefined;
  let resumeFn: (() => void) | undefined;
  const end = (): void => {
    outcome.ends++;
    outcome.body = Buffer.concat(chunks);
    settle(outcome);
  };
  const handler: ExchangeHandler = {
    onConnect(abort) {
      abortFn = abort;
    },
    onHeaders(status, raw, resume, text) {
      outcome.statuses.push(status);
      outcome.statusText = text;
      outcome.headers = raw.map((item) => item.toString());
      resumeFn = resume;
      if (behaviour.throwIn === 'headers') throw new Error('thrown by onHeaders');
      return behaviour.pause !== 'headers';
    },
    onData(chunk) {
      outcome.dataCalls++;
      outcome.bytes += chunk.length;
      if (!behaviour.countOnly) chunks.push(Buffer.from(chunk));
      dataSeen();
      if (behaviour.throwIn === 'data' && outcome.dataCalls === 1) throw new Error('thrown by onData');
      return !(behaviour.pause === 'data' && outcome.dataCalls === 1);
    },
    onComplete(trailers) {
      outcome.trailers = trailers === null ? null : trailers.map((item) => item.toString());
      end();
    },
    onError(err) {
      outcome.error = err;
      end();
    },
  };
  conn.dispatch(options, handler);
  const sent: Sent = {
    outcome,
    done,
    firstData,
    endedInDispatch: outcome.ends > 0,
    abort(err) {
      assert.ok(abortFn, 'onConnect gave no abort function yet');
      abortFn(err);
    },
    resume() {
      assert.ok(resumeFn, 'onHeaders gave no resume function yet');
      resumeFn();
    },
  };
  sentInRun.push(sent);
  return sent;
}

const answered = (sent: Sent, what = 'the response'): Promise<Outcome> => within(sent.done, what);

/** What two clients must agree on: everything but how the body was cut into pieces. */
function seen(outcome: Outcome): Record<string, unknown> {
  return {
    statuses: outcome.statuses,
    statusText: outcome.statusText,
    headers: outcome.headers,
    body: outcome.body.toString('latin1'),
    trailers: outcome.trailers,
    error: outcome.error ? classifyError(outcome.error).kind : undefined,
    ends: outcome.ends,
  };
}

/** A complete response, as `seen` reads it. */
function completed(headers: string[], body: string | Buffer, extra: { status?: number; statusText?: string; trailers?: string[] } = {}): Record<string, unknown> {
  return {
    statuses: [extra.status ?? 200],
    statusText: extra.statusText ?? 'OK',
    headers,
    body: typeof body === 'string' ? Buffer.from(body).toString('latin1') : body.toString('latin1'),
    trailers: extra.trailers ?? [],
    error: undefined,
    ends: 1,
  };
}

/** A failed exchange, as `seen` reads it: `kind` is classifyError's, after what had arrived. */
function failed(kind: string, before: { headers?: string[]; body?: string } = {}): Record<string, unknown> {
  return {
    statuses: before.headers ? [200] : [],
    statusText: before.headers ? 'OK' : undefined,
    headers: before.headers,
    body: before.body ?? '',
    trailers: undefined,
    error: kind,
    ends: 1,
  };
}

/**
 * Runs `script` once per client, each against its own fresh server, and returns both results.
 * Afterwards the connection is destroyed, the server stopped, and every request sent must have
 * ended exactly once.
 */
async function both<T>(
  respond: Respond,
  script: (conn: HttpConnection, server: RawServer, kind: Kind) => Promise<T>,
  kinds: Kind[] = KINDS,
): Promise<Record<Kind, T>> {
  const results: Partial<Record<Kind, T>> = {};
  for (const kind of kinds) {
    sentInRun = [];
    runKind = kind;
    const server = await new RawServer(respond).start();
    const conn = open(kind, server.port);
    try {
      results[kind] = await script(conn, server, kind);
    } finally {
      await within(conn.destroy(), `${kind}: destroy`);
      await server.stop();
    }
    await tick();
    for (const sent of sentInRun) assert.equal(sent.outcome.ends, 1, `${kind}: every request ends once (${JSON.stringify(seen(sent.outcome))})`);
  }
  return results as Record<Kind, T>;
}

/** Both clients' results are equal, and equal to `expected`. */
function agree<T>(results: Record<Kind, T>, expected: T): void {
  assert.deepEqual(results.ours, results.undici, 'ours and undici differ');
  assert.deepEqual(results.ours, expected);
}

const GET: RequestOptions = { method: 'GET', path: '/' };

/**
 * Sends requests one after another (a string is a GET of that path): what each was seen to get,
 * and the server socket each went on.
 */
async function inTurn(conn: HttpConnection, server: RawServer, requests: (string | RequestOptions)[]): Promise<{ seen: Record<string, unknown>[]; sockets: number[] }> {
  const outcomes: Record<string, unknown>[] = [];
  for (const request of requests) outcomes.push(seen(await answered(send(conn, typeof request === 'string' ? { method: 'GET', path: request } : request))));
  return { seen: outcomes, sockets: server.requests.map((r) => r.socket) };
}

// ---------------------------------------------------------------------------------------------
// 1. Body framing.

test('a Content-Length body arrives whole and the socket serves the next request', CASE, async () => {
  const results = await both(always(ok('hello', 'x-a: 1\r\n')), (conn, server) => inTurn(conn, server, ['/', '/2']));
  const expected = completed(['content-length', '5', 'x-a', '1'], 'hello');
  agree(results, { seen: [expected, expected], sockets: [0, 0] });
});

test('a chunked body with chunk extensions and trailers arrives whole, trailers given to onComplete', CASE, async () => {
  const response = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ntrailer: x-sum\r\n\r\n'
    + '5;name=value\r\nhello\r\n6;ext;q="a b"\r\n world\r\nA\r\n0123456789\r\n0\r\nx-sum: 21\r\nx-more: é\r\n\r\n';
  const plain = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
  const results = await both((request, socket) => {
    socket.write(request.path === '/plain' ? plain : response);
  }, (conn, server) => inTurn(conn, server, ['/', '/plain']));
  agree(results, {
    seen: [
      completed(['transfer-encoding', 'chunked', 'trailer', 'x-sum'], 'hello world0123456789', { trailers: ['x-sum', '21', 'x-more', 'é'] }),
      completed(['transfer-encoding', 'chunked'], 'abc'),
    ],
    sockets: [0, 0],
  });
});

test('a body delimited by the close is complete, and the next request reconnects', CASE, async () => {
  // With `connection: close`, and without any framing header at all (HTTP/1.1 reads to the close too).
  const results = await both(async (request, socket) => {
    socket.write(`HTTP/1.1 200 OK\r\n${request.path === '/bare' ? '' : 'connection: close\r\n'}\r\nabc`);
    await sleep(10);
    socket.write('def');
    socket.end();
  }, (conn, server) => inTurn(conn, server, ['/', '/bare', '/']));
  const withClose = completed(['connection', 'close'], 'abcdef');
  agree(results, { seen: [withClose, completed([], 'abcdef'), withClose], sockets: [0, 1, 2] });
});

test('204 and 304 have no body whatever they say, and the socket is reused (undici fails a 304 that has a Content-Length)', CASE, async () => {
  const results = await both((request, socket) => {
    if (request.path === '/204') socket.write('HTTP/1.1 204 No Content\r\nx-a: 1\r\n\r\n');
    else if (request.path === '/304') socket.write('HTTP/1.1 304 Not Modified\r\ncontent-length: 50\r\n\r\n');
    else socket.write(ok('after'));
  }, (conn, server) => inTurn(conn, server, ['/204', '/304', '/']));
  const noContent = completed(['x-a', '1'], '', { status: 204, statusText: 'No Content' });
  const notModified = completed(['content-length', '50'], '', { status: 304, statusText: 'Not Modified' });
  const after = completed(['content-length', '5'], 'after');
  assert.deepEqual(results.ours, { seen: [noContent, notModified, after], sockets: [0, 0, 0] });
  // A 304 may carry the Content-Length of what it stands for (RFC 9110, 8.6); undici holds the
  // body it did not read against it (a length mismatch, kind other) and drops the socket.
  assert.deepEqual(results.undici, { seen: [noContent, { ...notModified, trailers: undefined, error: 'other' }, after], sockets: [0, 0, 1] });
});

// ---------------------------------------------------------------------------------------------
// 2. Responses in pieces, and header bytes as undici reads them.

test('a response written one byte at a time reads the same, a UTF-8 header value split mid-character included', CASE, async () => {
  const value = 'café ☕ 日本 😀';
  const lengthed = `HTTP/1.1 200 OK\r\nx-name: ${value}\r\ncontent-length: 11\r\n\r\nhello world`;
  const chunked = `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-name: ${value}\r\n\r\n5;e=1\r\nhello\r\n6\r\n world\r\n0\r\nx-t: ${value}\r\n\r\n`;
  const results = await both((request, socket) => dribble(socket, request.path === '/chunked' ? chunked : lengthed), (conn, server) => inTurn(conn, server, ['/', '/chunked']));
  // undici keeps only the last piece of a reason phrase read in pieces (here none): compared apart.
  const reasons = { ours: results.ours.seen.map((outcome) => outcome.statusText), undici: results.undici.seen.map((outcome) => outcome.statusText) };
  assert.deepEqual(reasons.ours, ['OK', 'OK']);
  assert.notDeepEqual(reasons.undici, reasons.ours, 'undici now reads a reason phrase in pieces whole: compare it with the rest');
  for (const kind of KINDS) for (const outcome of results[kind].seen) outcome.statusText = 'OK';
  agree(results, {
    seen: [
      completed(['x-name', value, 'content-length', '11'], 'hello world'),
      completed(['transfer-encoding', 'chunked', 'x-name', value], 'hello world', { trailers: ['x-t', value] }),
    ],
    sockets: [0, 0],
  });
});

test('header and status bytes read as undici reads them: whitespace, empty values, repeats, bytes that are not UTF-8', CASE, async () => {
  const head = Buffer.concat([
    Buffer.from('HTTP/1.1 200 Très bien\r\nX-Mixed-Case: Keep\r\nx-trailing: v  \r\nx-leading:   w\r\nx-empty:\r\nx-blank: \t \r\n'),
    Buffer.from('x-inner: a \t b\r\nset-cookie: a=1\r\nset-cookie: b=2\r\nx-latin1: '),
    Buffer.from([0x63, 0x61, 0x66, 0xe9]), // "café" in latin1: not UTF-8
    Buffer.from('\r\ncontent-length: 2\r\n\r\nok'),
  ]);
  const noReason = Buffer.from('HTTP/1.1 201\r\ncontent-length: 0\r\n\r\n');
  const results = await both((request, socket) => {
    socket.write(request.path === '/201' ? noReason : head);
  }, (conn, server) => inTurn(conn, server, ['/', '/201']));
  agree(results, {
    seen: [
      completed([
        'X-Mixed-Case', 'Keep', 'x-trailing', 'v  ', 'x-leading', 'w', 'x-empty', '', 'x-blank', '',
        'x-inner', 'a \t b', 'set-cookie', 'a=1', 'set-cookie', 'b=2', 'x-latin1', 'caf\ufffd', 'content-length', '2',
      ], 'ok', { statusText: 'Très bien' }),
      completed(['content-length', '0'], '', { status: 201, statusText: '' }),
    ],
    sockets: [0, 0],
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Interim responses.

test('interim responses: ours hands the handler only the final response (undici also hands it a 103, and refuses an unasked 100)', CASE, async () => {
  const early = 'HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n';
  const results = await both((request, socket) => {
    if (request.path === '/continue') socket.write(`HTTP/1.1 100 Continue\r\n\r\n${ok('final')}`);
    else socket.write(`${early}${early}${ok('final')}`);
  }, (conn, server) => inTurn(conn, server, ['/', '/continue', '/']));
  const final = completed(['content-length', '5'], 'final');
  assert.deepEqual(results.ours, { seen: [final, final, final], sockets: [0, 0, 0] });
  // undici calls onHeaders for each 103 before the 200; the final response is the same. A 100
  // the request did not ask for (no `expect`) is to undici a bad response: the socket is dropped.
  const hinted = { ...final, statuses: [103, 103, 200] };
  assert.deepEqual(results.undici, { seen: [hinted, failed('connect'), hinted], sockets: [0, 0, 1] });
});

// ---------------------------------------------------------------------------------------------
// 4. HEAD.

test('HEAD: no body whatever its framing headers say; ours keeps the socket for the next request (undici closes it after a HEAD)', CASE, async () => {
  const results = await both((request, socket) => {
    if (request.method === 'HEAD') socket.write(`HTTP/1.1 200 OK\r\n${request.path === '/chunked' ? 'transfer-encoding: chunked' : 'content-length: 1234'}\r\n\r\n`);
    else socket.write(ok('after head'));
  }, async (conn, server) => ({
    ...(await inTurn(conn, server, [{ method: 'HEAD', path: '/' }, '/', { method: 'HEAD', path: '/chunked' }, '/'])),
    connection: server.requests.map((r) => r.headers.find(([name]) => name === 'connection')?.[1]),
  }));
  const get = completed(['content-length', '10'], 'after head');
  const seenByBoth = [completed(['content-length', '1234'], ''), get, completed(['transfer-encoding', 'chunked'], ''), get];
  assert.deepEqual(results.ours, { seen: seenByBoth, sockets: [0, 0, 0, 0], connection: ['keep-alive', 'keep-alive', 'keep-alive', 'keep-alive'] });
  // undici sends a HEAD with `connection: close` (against servers that answer it with a body).
  assert.deepEqual(results.undici, { seen: seenByBoth, sockets: [0, 1, 1, 2], connection: ['close', 'keep-alive', 'close', 'keep-alive'] });
});

test('HEAD answered without a length: ours keeps the socket only when the server says keep-alive (undici\'s rule, were it to keep it)', CASE, async () => {
  const results = await both((request, socket) => {
    if (request.method === 'HEAD') socket.write(`HTTP/1.1 200 OK\r\n${request.path === '/ka' ? 'connection: keep-alive\r\n' : ''}\r\n`);
    else socket.write(ok('after'));
  }, (conn, server) => inTurn(conn, server, [{ method: 'HEAD', path: '/' }, { method: 'HEAD', path: '/ka' }, '/']));
  const seenByBoth = [completed([], ''), completed(['connection', 'keep-alive'], ''), completed(['content-length', '5'], 'after')];
  assert.deepEqual(results.ours, { seen: seenByBoth, sockets: [0, 1, 1] });
  assert.deepEqual(results.undici, { seen: seenByBoth, sockets: [0, 1, 2] });
});

// ---------------------------------------------------------------------------------------------
// 5–6. Keep-alive.

test('keep-alive: five requests in turn share one socket', CASE, async () => {
  const results = await both((request, socket) => {
    socket.write(ok(request.path));
  }, async (conn, server) => {
    const bodies: string[] = [];
    for (let i = 1; i <= 5; i++) bodies.push(seen(await answered(send(conn, { method: 'GET', path: `/${i}` }))).body as string);
    return { bodies, sockets: server.sockets.length };
  });
  agree(results, { bodies: ['/1', '/2', '/3', '/4', '/5'], sockets: 1 });
});

test('keep-alive: `connection: close` in a response ends the socket; the next request opens another', CASE, async () => {
  const results = await both((request, socket) => {
    socket.write(request.path === '/close' ? ok('bye', 'connection: close\r\n') : ok('hi'));
  }, async (conn, server) => {
    const bye = seen(await answered(send(conn, { method: 'GET', path: '/close' })));
    // The client closes it (the server here does not).
    await until(() => server.closed === 1, 'the client closes the socket');
    const hi = seen(await answered(send(conn, GET)));
    return { bye, hi, sockets: server.requests.map((r) => r.socket) };
  });
  agree(results, { bye: completed(['content-length', '3', 'connection', 'close'], 'bye'), hi: completed(['content-length', '2'], 'hi'), sockets: [0, 1] });
});

/**
 * A request, then the server does something to the idle socket that makes the client drop it,
 * then another request: both are answered, the second on a new socket, with no error.
 */
async function afterIdleSocket(disturb: (socket: Socket) => void): Promise<void> {
  const results = await both(always(ok('hi')), async (conn, server) => {
    const first = seen(await answered(send(conn, GET)));
    disturb(server.sockets[0]);
    await until(() => server.closed === 1, 'the client lets the socket go');
    const second = seen(await answered(send(conn, GET)));
    return { first, second, sockets: server.requests.map((r) => r.socket) };
  });
  const hi = completed(['content-length', '2'], 'hi');
  agree(results, { first: hi, second: hi, sockets: [0, 1] });
}

test('keep-alive: a server closing an idle socket costs the next request nothing but a new socket', CASE, () => afterIdleSocket((socket) => socket.end()));

test('keep-alive: a server hint of `timeout=1` (less the 2 s threshold: nothing) means no reuse; `timeout=5` means reuse', CASE, async () => {
  const results = await both((request, socket) => {
    // undici reads the hint case-sensitively: `Timeout=1` is no hint at all.
    const hint = { '/long': 'timeout=5', '/capital': 'Timeout=1' }[request.path] ?? 'timeout=1';
    socket.write(ok('hi', `keep-alive: ${hint}\r\n`));
  }, async (conn, server) => {
    for (const path of ['/', '/', '/long', '/long', '/capital', '/capital']) await answered(send(conn, { method: 'GET', path }));
    return server.requests.map((r) => r.socket);
  });
  agree(results, [0, 1, 2, 2, 2, 2]);
});

test('keep-alive: a socket idle past the server\'s hint less the threshold is not reused', CASE, async () => {
  // timeout=3 less 2 s: 1 s. Reused at once; after 2.5 s idle, a new socket.
  const results = await both(always(ok('hi', 'keep-alive: timeout=3\r\n')), async (conn, server) => {
    await answered(send(conn, GET));
    await answered(send(conn, GET));
    await sleep(2_500);
    await answered(send(conn, GET));
    return server.requests.map((r) => r.socket);
  });
  agree(results, [0, 0, 1]);
});

// ---------------------------------------------------------------------------------------------
// 7–8. Connections that fail.

test('a server cutting the connection mid-response: the error undici gives, of the same kind', CASE, async () => {
  const head = (framing: string, close: boolean): string => `HTTP/1.1 200 OK\r\n${framing}\r\n${close ? 'connection: close\r\n' : ''}\r\n`;
  const cases: Record<string, string> = {
    '/length': `${head('content-length: 10', false)}abc`,
    '/chunked': `${head('transfer-encoding: chunked', false)}3\r\nabc\r\n`,
    '/length-close': `${head('content-length: 10', true)}abc`,
    '/chunked-close': `${head('transfer-encoding: chunked', true)}3\r\nabc\r\n`,
    '/in-head': 'HTTP/1.1 200 OK\r\ncontent-le',
  };
  const results = await both(async (request, socket, server) => {
    if (request.path === '/after') return void socket.write(ok('fine'));
    const reset = request.path.startsWith('/reset');
    socket.write(cases[request.path.replace('/reset', '')] ?? cases['/length']);
    if (reset) {
      // A reset, once the client has read what came before it.
      await server.gate(request.path);
      socket.resetAndDestroy();
    } else socket.end();
  }, async (conn, server) => {
    const out: Record<string, unknown> = {};
    for (const path of [...Object.keys(cases), '/reset/length']) {
      const sent = send(conn, { method: 'GET', path });
      if (path.startsWith('/reset')) {
        await within(sent.firstData, 'the body starts');
        server.open(path);
      }
      const outcome = await answered(sent);
      // undici's parse errors carry no code: their message says what was wrong.
      out[path] = { ...seen(outcome), detail: path === '/chunked-close' ? outcome.error?.message : outcome.error?.code };
    }
    out['/after'] = seen(await answered(send(conn, { method: 'GET', path: '/after' })));
    return out;
  });
  const headers = (framing: string, close: boolean): string[] => [...framing.split(': '), ...(close ? ['connection', 'close'] : [])];
  agree(results, {
    // A keep-alive response cut short: the socket failed.
    '/length': { ...failed('connect', { headers: headers('content-length: 10', false), body: 'abc' }), detail: 'UND_ERR_SOCKET' },
    '/chunked': { ...failed('connect', { headers: headers('transfer-encoding: chunked', false), body: 'abc' }), detail: 'UND_ERR_SOCKET' },
    // A response that ends with the connection, ended early: the response is wrong, not the socket.
    '/length-close': { ...failed('other', { headers: headers('content-length: 10', true), body: 'abc' }), detail: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' },
    '/chunked-close': {
      ...failed('other', { headers: headers('transfer-encoding: chunked', true), body: 'abc' }),
      detail: 'Response does not match the HTTP/1.1 protocol (Invalid EOF state)',
    },
    '/in-head': { ...failed('connect'), detail: 'UND_ERR_SOCKET' },
    '/reset/length': { ...failed('connect', { headers: headers('content-length: 10', false), body: 'abc' }), detail: 'ECONNRESET' },
    '/after': completed(['content-length', '4'], 'fine'),
  });
});

test('a close-delimited body ended by a reset is still complete, as undici has it', CASE, async () => {
  const results = await both(async (request, socket, server) => {
    socket.write('HTTP/1.1 200 OK\r\n\r\nabc');
    await server.gate('read');
    socket.resetAndDestroy();
  }, async (conn, server) => {
    const sent = send(conn, GET);
    await within(sent.firstData, 'the body starts');
    server.open('read');
    return seen(await answered(sent));
  });
  agree(results, completed([], 'abc'));
});

test('a refused connection fails the request: kind connect, as undici', CASE, async () => {
  const probe = await new RawServer(always('')).start();
  const port = probe.port;
  await probe.stop();
  const results: Partial<Record<Kind, unknown>> = {};
  for (const kind of KINDS) {
    sentInRun = [];
    const conn = open(kind, port);
    const first = await answered(send(conn, GET));
    const second = await answered(send(conn, GET));
    results[kind] = [first, second].map((outcome) => ({ ...seen(outcome), code: outcome.error?.code }));
    await within(conn.destroy(), 'destroy');
  }
  agree(results as Record<Kind, unknown>, [{ ...failed('connect'), code: 'ECONNREFUSED' }, { ...failed('connect'), code: 'ECONNREFUSED' }]);
});

test('a malformed response fails the request (kind other) and the next one gets a new socket', CASE, async () => {
  const bad: Record<string, string> = {
    '/letters': 'HTTP/1.1 200 OK\r\ncontent-length: abc\r\n\r\nabc',
    '/negative': 'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\nabc',
    '/two-lengths': 'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\nabcd',
    '/empty-length': 'HTTP/1.1 200 OK\r\ncontent-length: \r\n\r\n',
    '/length-and-chunked': 'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    '/not-http': 'SSH-2.0-OpenSSH\r\n\r\n',
  };
  const results = await both((request, socket) => {
    socket.write(bad[request.path] ?? ok('fine'));
  }, async (conn, server) => {
    const out: Record<string, unknown> = {};
    for (const path of Object.keys(bad)) {
      out[path] = seen(await answered(send(conn, { method: 'GET', path })));
      out[`${path} then`] = seen(await answered(send(conn, { method: 'GET', path: '/fine' })));
    }
    return { out, sockets: new Set(server.requests.map((r) => r.socket)).size };
  });
  const fine = completed(['content-length', '4'], 'fine');
  const expected: Record<string, unknown> = {};
  for (const path of Object.keys(bad)) {
    expected[path] = failed('other');
    expected[`${path} then`] = fine;
  }
  // Each bad response drops its socket; each good one after it opens the next.
  agree(results, { out: expected, sockets: Object.keys(bad).length + 1 });
});

test('a response nobody asked for, on an idle socket: dropped; the next request gets a new socket', CASE, () => afterIdleSocket((socket) => socket.write(ok('unasked'))));

// ---------------------------------------------------------------------------------------------
// 9. Requests that cannot be sent as given.

test('a request undici refuses is refused in dispatch, and not a byte of it is sent', CASE, async () => {
  const refused: [string, RequestOptions][] = [
    ['CRLF in a header value', { method: 'GET', path: '/', headers: { 'x-a': 'one\r\nx-injected: 1' } }],
    ['LF in a header value', { method: 'GET', path: '/', headers: { 'x-a': 'one\nx-injected: 1' } }],
    ['NUL in a header value', { method: 'GET', path: '/', headers: { 'x-a': 'a\u0000b' } }],
    ['a character above U+00FF in a header value', { method: 'GET', path: '/', headers: { 'x-a': '☕' } }],
    ['a space in a header name', { method: 'GET', path: '/', headers: { 'x a': '1' } }],
    ['a space in the method', { method: 'GE T', path: '/' }],
    ['an empty method', { method: '', path: '/' }],
    ['a space in the path', { method: 'GET', path: '/a b' }],
    ['CRLF in the path', { method: 'GET', path: '/a\r\nx: 1' }],
    ['a path without its slash', { method: 'GET', path: 'a' }],
    ['transfer-encoding', { method: 'POST', path: '/', headers: { 'transfer-encoding': 'chunked' }, body: 'x' }],
    ['keep-alive', { method: 'GET', path: '/', headers: { 'keep-alive': 'timeout=5' } }],
    ['upgrade', { method: 'GET', path: '/', headers: { upgrade: 'websocket' } }],
    ['expect', { method: 'POST', path: '/', headers: { expect: '100-continue' }, body: 'x' }],
    ['a connection header that is not a token list', { method: 'GET', path: '/', headers: { connection: 'close, ' } }],
    ['a content-length that is not a number', { method: 'POST', path: '/', headers: { 'content-length': '3x' }, body: 'abc' }],
    ['two host headers', { method: 'GET', path: '/', headers: { host: 'a', Host: 'b' } }],
  ];
  const results = await both(always(ok('fine')), async (conn, server) => {
    const out: Record<string, unknown> = {};
    for (const [name, options] of refused) {
      const sent = send(conn, options);
      const outcome = await answered(sent, name);
      out[name] = { endedInDispatch: sent.endedInDispatch, error: seen(outcome).error, code: outcome.error?.code };
    }
    const fine = seen(await answered(send(conn, GET)));
    const port = (text: string): string => text.replaceAll(String(server.port), 'PORT');
    return { out, fine, received: server.bytes.map((bytes) => port(bytes.toString('latin1'))), heads: server.requests.map((r) => port(r.head)) };
  });
  assert.deepEqual(results.ours, results.undici, 'ours and undici differ');
  for (const [name] of refused) {
    const { endedInDispatch, error, code } = results.ours.out[name] as { endedInDispatch: boolean; error: string; code: string };
    assert.ok(endedInDispatch, `${name}: refused in dispatch`);
    assert.equal(error, 'other', name);
    assert.match(code, /^UND_ERR_(INVALID_ARG|NOT_SUPPORTED)$/, name);
  }
  assert.deepEqual(results.ours.fine, completed(['content-length', '4'], 'fine'));
  // The one socket carried the good request and nothing else.
  assert.deepEqual(results.ours.received, results.ours.heads);
});

// ---------------------------------------------------------------------------------------------
// 10–11. What goes on the wire.

test('requests on the wire: the same bytes as undici\'s, head and body', CASE, async () => {
  const requests: [string, RequestOptions][] = [
    ['GET', { method: 'GET', path: '/a?b=1&c=%20' }],
    ['GET with headers', { method: 'GET', path: '/', headers: { 'X-Case': 'Kept', accept: 'application/json', 'x-empty': '', 'x-latin1': 'café' } }],
    ['POST without a body', { method: 'POST', path: '/' }],
    ['POST with an empty body', { method: 'POST', path: '/', body: '' }],
    ['POST with a UTF-8 string', { method: 'POST', path: '/', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'héllo ☕ 😀' }],
    ['PUT with a Buffer', { method: 'PUT', path: '/bin', body: Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a]) }],
    ['PATCH without a body', { method: 'PATCH', path: '/' }],
    ['PROPFIND without a body', { method: 'PROPFIND', path: '/' }],
    ['DELETE without a body', { method: 'DELETE', path: '/' }],
    ['OPTIONS', { method: 'OPTIONS', path: '/' }],
    ['a host header of its own', { method: 'GET', path: '/', headers: { Host: 'example.test:8080' } }],
    ['a content-length that matches', { method: 'POST', path: '/', headers: { 'content-length': '3' }, body: 'abc' }],
    ['a content-length on a GET without a body', { method: 'GET', path: '/', headers: { 'content-length': '0' } }],
    ['connection: keep-alive asked', { method: 'GET', path: '/', headers: { connection: 'keep-alive' } }],
  ];
  const results = await both(always(ok('ok')), async (conn, server) => {
    const out: Record<string, unknown> = {};
    for (const [name, options] of requests) {
      const outcome = await answered(send(conn, options), name);
      const request = server.requests[server.requests.length - 1];
      out[name] = { outcome: seen(outcome), head: request.head.replaceAll(String(server.port), 'PORT'), body: request.body.toString('latin1') };
    }
    return { out, sockets: new Set(server.requests.map((r) => r.socket)).size };
  });
  agree(results, { out: results.undici.out, sockets: 1 });
  const heads = results.ours.out as Record<string, { head: string; body: string }>;
  assert.equal(heads.GET.head, 'GET /a?b=1&c=%20 HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: keep-alive\r\n\r\n');
  assert.equal(heads['POST without a body'].head, 'POST / HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n');
  assert.equal(heads['POST with an empty body'].head, heads['POST without a body'].head);
  const utf8 = Buffer.from('héllo ☕ 😀');
  assert.match(heads['POST with a UTF-8 string'].head, new RegExp(`\r\ncontent-length: ${utf8.length}\r\n\r\n$`));
  assert.equal(heads['POST with a UTF-8 string'].body, utf8.toString('latin1'));
  assert.equal(heads['PUT with a Buffer'].body, '\x00\x01\x02\xff\r\n');
  assert.equal(heads['DELETE without a body'].head, 'DELETE / HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: keep-alive\r\n\r\n');
  assert.equal(heads['a host header of its own'].head, 'GET / HTTP/1.1\r\nhost: example.test:8080\r\nconnection: keep-alive\r\n\r\n');
  assert.match(heads['a content-length that matches'].head, /\r\ncontent-length: 3\r\n\r\n$/);
  assert.equal(heads['a content-length that matches'].head.split('content-length').length, 2, 'one content-length');
});

test('requests on the wire: `connection: close` asked closes the socket after the response; a body on a GET does too, as undici', CASE, async () => {
  const results = await both(always(ok('ok')), async (conn, server) => {
    const out: unknown[] = [];
    for (const options of [
      { method: 'GET', path: '/close', headers: { connection: 'close' } },
      { method: 'GET', path: '/tokens', headers: { Connection: 'Keep-Alive, Close' } },
      { method: 'GET', path: '/with-body', body: 'abc' },
      { method: 'DELETE', path: '/with-body', body: 'abc' },
      { method: 'GET', path: '/after' },
    ] as RequestOptions[]) {
      const outcome = await answered(send(conn, options));
      const request = server.requests[server.requests.length - 1];
      out.push({ outcome: seen(outcome), head: request.head.replaceAll(String(server.port), 'PORT'), socket: request.socket });
      if (options.path !== '/after') await until(() => server.closed === request.socket + 1, `${options.path}: the socket closes`);
    }
    return out;
  });
  const fine = completed(['content-length', '2'], 'ok');
  agree(results, [
    { outcome: fine, head: 'GET /close HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: close\r\n\r\n', socket: 0 },
    { outcome: fine, head: 'GET /tokens HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: close\r\n\r\n', socket: 1 },
    { outcome: fine, head: 'GET /with-body HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: keep-alive\r\ncontent-length: 3\r\n\r\n', socket: 2 },
    { outcome: fine, head: 'DELETE /with-body HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: keep-alive\r\ncontent-length: 3\r\n\r\n', socket: 3 },
    { outcome: fine, head: 'GET /after HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: keep-alive\r\n\r\n', socket: 4 },
  ]);
});

test('a content-length that does not match the body fails the request, as undici', CASE, async () => {
  const results = await both(always(ok('ok')), async (conn, server) => {
    const outcome = await answered(send(conn, { method: 'POST', path: '/', headers: { 'content-length': '5' }, body: 'abc' }));
    const after = seen(await answered(send(conn, GET)));
    return { mismatch: { ...seen(outcome), code: outcome.error?.code }, after, requests: server.requests.map((r) => r.path) };
  });
  agree(results, {
    mismatch: { ...failed('other'), code: 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH' },
    after: completed(['content-length', '2'], 'ok'),
    requests: ['/'],
  });
  assert.equal(results.ours.requests.length, 1);
});

test('an options object marked `reused` goes on the wire as the same bytes each time, across a reconnect too', CASE, async () => {
  const options: RequestOptions = { method: 'POST', path: '/r?x=1', headers: { 'x-a': 'é', 'content-type': 'text/plain' }, body: 'héllo', reused: true };
  const results = await both(always(ok('ok')), async (conn, server) => {
    for (let i = 0; i < 3; i++) await answered(send(conn, options));
    server.sockets[0].end();
    await until(() => server.closed === 1, 'the idle socket closes');
    await answered(send(conn, options));
    const wire = server.requests.map((r) => `${r.head}${r.body.toString('latin1')}`);
    return { same: wire.every((bytes) => bytes === wire[0]), wire: wire[0].replaceAll(String(server.port), 'PORT'), sockets: server.requests.map((r) => r.socket) };
  });
  agree(results, {
    same: true,
    wire: `POST /r?x=1 HTTP/1.1\r\nhost: 127.0.0.1:PORT\r\nconnection: keep-alive\r\nx-a: é\r\ncontent-type: text/plain\r\ncontent-length: 6\r\n\r\n${Buffer.from('héllo').toString('latin1')}`,
    sockets: [0, 0, 0, 1],
  });
});

// ---------------------------------------------------------------------------------------------
// 12–15. Order, abort, destroy, close, pause.

test('two requests dispatched at once are answered in order, one at a time', CASE, async () => {
  const results = await both(async (request, socket, server) => {
    await sleep(50);
    server.log.push(`answer ${request.path}`);
    socket.write(ok(request.path));
  }, async (conn, server) => {
    const first = send(conn, { method: 'GET', path: '/1' });
    const second = send(conn, { method: 'GET', path: '/2' });
    const outcomes = await Promise.all([answered(first), answered(second)]);
    return { bodies: outcomes.map((outcome) => seen(outcome).body), log: server.log, sockets: server.sockets.length };
  });
  agree(results, { bodies: ['/1', '/2'], log: ['request 1', 'answer /1', 'request 2', 'answer /2'], sockets: 1 });
});

test('abort from onConnect: one onError, the socket closed, the next request on a new socket; abort after the end does nothing', CASE, async () => {
  const results = await both((request, socket) => {
    if (request.path !== '/never') socket.write(ok('fine'));
  }, async (conn, server) => {
    const pending = send(conn, { method: 'GET', path: '/never' });
    await until(() => server.requests.length === 1, 'the request arrives');
    pending.abort();
    const aborted = await answered(pending);
    await until(() => server.closed === 1, 'the socket closes');
    const mine = new Error('mine');
    const second = send(conn, { method: 'GET', path: '/never' });
    await until(() => server.requests.length === 2, 'the second request arrives');
    second.abort(mine);
    const abortedWithMine = await answered(second);
    const after = send(conn, GET);
    const fine = seen(await answered(after));
    after.abort();
    await tick();
    return {
      aborted: { ...seen(aborted), code: aborted.error?.code },
      mine: abortedWithMine.error === mine,
      fine,
      afterEnds: after.outcome.ends,
      sockets: server.requests.map((r) => r.socket),
    };
  });
  agree(results, {
    aborted: { ...failed('other'), code: 'UND_ERR_ABORTED' },
    mine: true,
    fine: completed(['content-length', '4'], 'fine'),
    afterEnds: 1,
    sockets: [0, 1, 2],
  });
});

test('destroy: the request in flight and the one waiting both fail; a dispatch afterwards fails at once', CASE, async () => {
  const results = await both(() => undefined, async (conn, server) => {
    const inFlight = send(conn, { method: 'GET', path: '/1' });
    const waiting = send(conn, { method: 'GET', path: '/2' });
    await until(() => server.requests.length === 1, 'the first request arrives');
    await within(conn.destroy(), 'destroy');
    const outcomes = await Promise.all([answered(inFlight), answered(waiting)]);
    const late = send(conn, GET);
    const lateOutcome = await answered(late);
    await until(() => server.closed === 1, 'the socket closes');
    return {
      outcomes: outcomes.map((outcome) => ({ ...seen(outcome), code: outcome.error?.code })),
      late: { ...seen(lateOutcome), code: lateOutcome.error?.code, endedInDispatch: late.endedInDispatch },
      destroyed: conn.destroyed,
      requests: server.requests.length,
    };
  });
  const destroyed = { ...failed('other'), code: 'UND_ERR_DESTROYED' };
  agree(results, { outcomes: [destroyed, destroyed], late: { ...destroyed, endedInDispatch: true }, destroyed: true, requests: 1 });
});

test('close: resolves once the request in flight is answered; meanwhile and afterwards dispatch is refused, as undici', CASE, async () => {
  const results = await both(async (request, socket) => {
    await sleep(100);
    socket.write(ok('done'));
  }, async (conn, server) => {
    const order: string[] = [];
    const inFlight = send(conn, GET);
    void inFlight.done.then(() => order.push('answered'));
    await until(() => server.requests.length === 1, 'the request arrives');
    const closing = conn.close().then(() => order.push('closed'));
    const during = await answered(send(conn, GET));
    await within(closing, 'close');
    const after = await answered(send(conn, GET));
    const again = await within(conn.close().then(() => 'resolved', (err: Error & { code?: string }) => err.code), 'close again');
    await until(() => server.closed === 1, 'the socket closes');
    return {
      order,
      answer: seen(await inFlight.done),
      during: during.error?.code,
      after: after.error?.code,
      again,
      closed: conn.closed,
      destroyed: conn.destroyed,
    };
  });
  agree(results, {
    order: ['answered', 'closed'],
    answer: completed(['content-length', '4'], 'done'),
    during: 'UND_ERR_CLOSED',
    after: 'UND_ERR_DESTROYED',
    again: 'UND_ERR_DESTROYED',
    closed: true,
    destroyed: true,
  });
});

test('close with nothing in flight resolves at once', CASE, async () => {
  const results = await both(always(ok('x')), async (conn, server) => {
    await answered(send(conn, GET));
    await within(conn.close(), 'close');
    await until(() => server.closed === 1, 'the socket closes');
    return { closed: conn.closed, destroyed: conn.destroyed };
  });
  agree(results, { closed: true, destroyed: true });
});

/** Sends GET `path` pausing at `pause`, resumes after 100 ms; what the handler had meanwhile, and the outcome. */
async function pausedExchange(conn: HttpConnection, path: string, pause: 'data' | 'headers'): Promise<unknown> {
  const sent = send(conn, { method: 'GET', path }, { pause });
  await until(() => sent.outcome.statuses.length === 1 && (pause === 'headers' || sent.outcome.dataCalls > 0), 'the pause');
  await sleep(100);
  const whilePaused = { dataCalls: sent.outcome.dataCalls, ends: sent.outcome.ends };
  sent.resume();
  return { whilePaused, outcome: seen(await answered(sent)) };
}

test('onData returning false pauses the body until resume; so does onHeaders returning false', CASE, async () => {
  // The whole response in one write: the pause must hold within a read, not only between reads.
  const chunked = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n3\r\nghi\r\n0\r\n\r\n';
  const results = await both(always(chunked), async (conn) => ({
    data: await pausedExchange(conn, '/', 'data'),
    headers: await pausedExchange(conn, '/', 'headers'),
    after: seen(await answered(send(conn, GET))),
  }));
  const whole = completed(['transfer-encoding', 'chunked'], 'abcdefghi');
  agree(results, {
    data: { whilePaused: { dataCalls: 1, ends: 0 }, outcome: whole },
    headers: { whilePaused: { dataCalls: 0, ends: 0 }, outcome: whole },
    after: whole,
  });
});

test('a paused response read to the close: the end waits for the resume (ours only: undici fails an assertion of its own there)', CASE, async () => {
  // undici 7's Parser.finish asserts it is not paused, and the server's end comes during the
  // pause: the assertion is thrown from a socket event, uncaught.
  const results = await both(always(''), async (conn, server) => {
    const out: Record<string, unknown> = {};
    for (const pause of ['data', 'headers'] as const) {
      const next = server.requests.length;
      const sent = pausedExchange(conn, '/', pause);
      await until(() => server.requests.length > next, 'the request arrives');
      server.sockets[server.sockets.length - 1].end('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nabcdefghi');
      out[pause] = await sent;
    }
    return out;
  }, ['ours']);
  const closed = completed(['connection', 'close'], 'abcdefghi');
  assert.deepEqual(results.ours, {
    data: { whilePaused: { dataCalls: 1, ends: 0 }, outcome: closed },
    headers: { whilePaused: { dataCalls: 0, ends: 0 }, outcome: closed },
  });
});

test('a handler that throws: the request fails with its error, the next one gets a new socket', CASE, async () => {
  const results = await both(always(ok('hello')), async (conn, server) => {
    const inHeaders = await answered(send(conn, GET, { throwIn: 'headers' }));
    const inData = await answered(send(conn, GET, { throwIn: 'data' }));
    const fine = seen(await answered(send(conn, GET)));
    return {
      messages: [inHeaders.error?.message, inData.error?.message],
      fine,
      sockets: server.requests.map((r) => r.socket),
    };
  });
  agree(results, { messages: ['thrown by onHeaders', 'thrown by onData'], fine: completed(['content-length', '5'], 'hello'), sockets: [0, 1, 2] });
});

// ---------------------------------------------------------------------------------------------
// 16. A large body.

test('a 20 MB body in many pieces arrives whole, by Content-Length and chunked', CASE, async () => {
  const size = 20 * 1024 * 1024;
  const piece = Buffer.alloc(64 * 1024, 'x');
  const writeAll = async (socket: Socket, frame: (chunk: Buffer) => Buffer): Promise<void> => {
    for (let sent = 0; sent < size && !socket.destroyed; sent += piece.length) {
      if (!socket.write(frame(piece))) await within(new Promise((resolve) => socket.once('drain', resolve)), 'drain');
    }
  };
  const results = await both(async (request, socket) => {
    if (request.path === '/chunked') {
      socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
      await writeAll(socket, (chunk) => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      socket.write('0\r\n\r\n');
    } else {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${size}\r\n\r\n`);
      await writeAll(socket, (chunk) => chunk);
    }
  }, async (conn, server) => {
    const out: unknown[] = [];
    for (const path of ['/length', '/chunked']) {
      const outcome = await within(send(conn, { method: 'GET', path }, { countOnly: true }).done, path, 30_000);
      out.push({ bytes: outcome.bytes, error: outcome.error?.message, ends: outcome.ends });
    }
    return { out, sockets: server.requests.map((r) => r.socket) };
  });
  agree(results, { out: [{ bytes: size, error: undefined, ends: 1 }, { bytes: size, error: undefined, ends: 1 }], sockets: [0, 0] });
});

test('body pieces a handler keeps stay as they came while later reads arrive (ours reads into one shared buffer)', CASE, async () => {
  // Two servers; A sends half its body, then the rest only once B's whole response has been
  // read, so B's bytes (and A's second half) land in the buffer A's first piece was read into.
  let sendRest!: () => void;
  const rest = new Promise<void>((resolve) => (sendRest = resolve));
  const a = createServer((socket) =>
    socket.once('data', async () => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\nAAAA`);
      await rest;
      socket.write('aaaa');
    }),
  );
  const b = createServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\nBBBBBBBB')));
  const listen = (server: Server): Promise<number> =>
    new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  const [portA, portB] = await Promise.all([listen(a), listen(b)]);
  const connA = open('ours', portA);
  const connB = open('ours', portB);
  // As the engine's handler does when it must keep a body (captures): the pieces themselves.
  const keeping = (onDone: (body: string) => void): ExchangeHandler => {
    const pieces: Buffer[] = [];
    return {
      onHeaders: () => true,
      onData: (chunk) => pieces.push(chunk) > 0,
      onComplete: () => onDone(Buffer.concat(pieces).toString()),
      onError: (err) => onDone(`error: ${err.message}`),
    };
  };
  try {
    const bodyA = new Promise<string>((resolve) => connA.dispatch({ method: 'GET', path: '/a', headers: {} }, keeping(resolve)));
    const bodyB = new Promise<string>((resolve) => connB.dispatch({ method: 'GET', path: '/b', headers: {} }, keeping(resolve)));
    assert.equal(await within(bodyB, 'B answered'), 'BBBBBBBB');
    sendRest();
    assert.equal(await within(bodyA, 'A answered'), 'AAAAaaaa');
  } finally {
    await Promise.all([connA.destroy(), connB.destroy()]);
    a.close();
    b.close();
  }
});

// ---------------------------------------------------------------------------------------------
// 17. Status lines.

test('status lines: the code and reason phrase as sent (a missing or empty reason reads as empty), any code from 200 to 999 final', CASE, async () => {
  const lines: Record<string, string> = {
    '/no-reason': 'HTTP/1.1 200',
    '/empty-reason': 'HTTP/1.1 200 ',
    '/long-reason': 'HTTP/1.1 200 A long  reason, with\tspaces ',
    '/201': 'HTTP/1.1 201 Created',
    '/404': 'HTTP/1.1 404 Pas trouvé',
    '/500': 'HTTP/1.1 500 Internal Server Error',
    '/599': 'HTTP/1.1 599 Network Connect Timeout',
    '/999': 'HTTP/1.1 999 Beyond',
  };
  const results = await both((request, socket) => {
    socket.write(`${lines[request.path]}\r\ncontent-length: 2\r\n\r\nok`);
  }, (conn, server) => inTurn(conn, server, Object.keys(lines)));
  const answer = (status: number, statusText: string): Record<string, unknown> => completed(['content-length', '2'], 'ok', { status, statusText });
  // The reason phrase keeps its inner and trailing whitespace; its UTF-8 reads as UTF-8.
  agree(results, {
    seen: [
      answer(200, ''), answer(200, ''), answer(200, 'A long  reason, with\tspaces '), answer(201, 'Created'),
      answer(404, 'Pas trouvé'), answer(500, 'Internal Server Error'), answer(599, 'Network Connect Timeout'), answer(999, 'Beyond'),
    ],
    sockets: [0, 0, 0, 0, 0, 0, 0, 0],
  });
});

test('HTTP/1.0 responses: the socket is kept only when the server says keep-alive; a body without a length is read to the close; chunked is chunked', CASE, async () => {
  // Each `to close` response is written in two pieces, then the server ends the socket.
  const responses: Record<string, [string, string?]> = {
    '/length': ['HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok'],
    '/keep-alive': ['HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\ncontent-length: 2\r\n\r\nok'],
    '/in-a-list': ['HTTP/1.0 200 OK\r\nconnection: Upgrade, KEEP-ALIVE\r\ncontent-length: 2\r\n\r\nok'],
    '/to-close': ['HTTP/1.0 200 OK\r\n\r\nabc', 'def'],
    '/keep-alive-to-close': ['HTTP/1.0 200 OK\r\nconnection: keep-alive\r\n\r\nabc', 'def'],
    '/chunked': ['HTTP/1.0 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
    '/chunked-keep-alive': ['HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
    // The other versions llhttp knows read as 1.0 does.
    '/2.0': ['HTTP/2.0 200 OK\r\ncontent-length: 2\r\n\r\nok'],
    '/0.9': ['HTTP/0.9 200 OK\r\ncontent-length: 2\r\n\r\nok'],
    '/2.0-keep-alive': ['HTTP/2.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 2\r\n\r\nok'],
  };
  const results = await both(async (request, socket) => {
    const [first, rest] = responses[request.path] ?? [ok('fine')];
    socket.write(first);
    if (rest === undefined) return;
    await sleep(10);
    socket.end(rest);
  }, (conn, server) => inTurn(conn, server, [...Object.keys(responses), '/']));
  const lengthed = (extra: string[] = []): Record<string, unknown> => completed([...extra, 'content-length', '2'], 'ok');
  const chunked = (extra: string[] = []): Record<string, unknown> => completed([...extra, 'transfer-encoding', 'chunked'], 'abc');
  agree(results, {
    seen: [
      lengthed(), lengthed(['Connection', 'Keep-Alive']), lengthed(['connection', 'Upgrade, KEEP-ALIVE']),
      completed([], 'abcdef'), completed(['connection', 'keep-alive'], 'abcdef'),
      chunked(), chunked(['connection', 'keep-alive']),
      lengthed(), lengthed(), lengthed(['connection', 'keep-alive']),
      completed(['content-length', '4'], 'fine'),
    ],
    sockets: [0, 1, 1, 1, 2, 3, 4, 4, 5, 6, 6],
  });
});

test('status lines that are not HTTP/1.x fail the request (kind other), and the next one gets a new socket', CASE, async () => {
  const bad: Record<string, string> = {
    '/protocol': 'HTTX/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok',
    '/lower-case': 'http/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok',
    '/two-digits': 'HTTP/1.1 20 OK\r\ncontent-length: 2\r\n\r\nok',
    '/two-spaces': 'HTTP/1.1  200 OK\r\ncontent-length: 2\r\n\r\nok',
    '/garbage': 'hello there\r\n\r\n',
  };
  const results = await both((request, socket) => {
    socket.write(bad[request.path] ?? ok('fine'));
  }, (conn, server) => inTurn(conn, server, Object.keys(bad).flatMap((path) => [path, '/fine'])));
  const fine = completed(['content-length', '4'], 'fine');
  agree(results, {
    seen: Object.keys(bad).flatMap(() => [failed('other'), fine]),
    sockets: Object.keys(bad).flatMap((_, i) => [i, i + 1]),
  });
});

// ---------------------------------------------------------------------------------------------
// 18. Header blocks.

/** Writes `data` in pieces of `size` bytes, letting the client read between them. */
async function inPieces(socket: Socket, data: string | Buffer, size: number): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let i = 0; i < bytes.length && !socket.destroyed; i += size) {
    socket.write(bytes.subarray(i, i + size));
    await tick();
  }
}

test('header blocks: 100 headers; framing headers in any case; a 15 KB head in 1,000-byte writes; Content-Length with leading zeros; a CRLF before the status line', CASE, async () => {
  const many: string[] = [];
  for (let i = 0; i < 100; i++) many.push(`x-h${i}`, `v${i}`);
  // 15 KB: under the 16 KiB undici allows a head's names and values (ours allows more).
  const large: string[] = [];
  for (let i = 0; i < 150; i++) large.push(`x-large-${i}`, 'v'.repeat(90));
  const head = (headers: string[]): string => headers.map((item, i) => (i % 2 === 0 ? `${item}: ` : `${item}\r\n`)).join('');
  const responses: Record<string, string> = {
    '/many': `HTTP/1.1 200 OK\r\n${head(many)}content-length: 2\r\n\r\nok`,
    '/capitals': 'HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nConnection: Keep-Alive\r\n\r\nok',
    '/large': `HTTP/1.1 200 OK\r\n${head(large)}content-length: 2\r\n\r\nok`,
    '/zeros': 'HTTP/1.1 200 OK\r\ncontent-length: 0002\r\n\r\nok',
    '/all-zeros': 'HTTP/1.1 200 OK\r\ncontent-length: 000\r\n\r\n',
    '/leading-crlf': '\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok',
  };
  const results = await both(async (request, socket) => {
    if (request.path === '/large') await inPieces(socket, responses['/large'], 1_000);
    else socket.write(responses[request.path]);
  }, (conn, server) => inTurn(conn, server, Object.keys(responses)));
  const lengthed = (headers: string[]): Record<string, unknown> => completed([...headers, 'content-length', '2'], 'ok');
  agree(results, {
    seen: [
      lengthed(many),
      completed(['CONTENT-LENGTH', '2', 'Connection', 'Keep-Alive'], 'ok'),
      lengthed(large),
      completed(['content-length', '0002'], 'ok'),
      completed(['content-length', '000'], ''),
      lengthed([]),
    ],
    sockets: [0, 0, 0, 0, 0, 0],
  });
});

test('transfer-encoding: CHUNKED in capitals and a second header ending in chunked are chunked; chunked not last, or absent, reads the body to the close as it came', CASE, async () => {
  const body = '3\r\nabc\r\n0\r\n\r\n';
  const responses: Record<string, [string, boolean]> = {
    '/capitals': [`HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\n${body}`, false],
    '/two-headers': [`HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\ntransfer-encoding: chunked\r\n\r\n${body}`, false],
    '/not-last': [`HTTP/1.1 200 OK\r\ntransfer-encoding: chunked, gzip\r\n\r\n${body}`, true],
    '/gzip': ['HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\nabc', true],
  };
  const results = await both(async (request, socket) => {
    const [response, toClose] = responses[request.path] ?? [ok('fine'), false];
    socket.write(response);
    if (!toClose) return;
    await sleep(10);
    socket.end();
  }, (conn, server) => inTurn(conn, server, [...Object.keys(responses), '/']));
  agree(results, {
    seen: [
      completed(['Transfer-Encoding', 'CHUNKED'], 'abc'),
      completed(['transfer-encoding', 'gzip', 'transfer-encoding', 'chunked'], 'abc'),
      completed(['transfer-encoding', 'chunked, gzip'], body),
      completed(['transfer-encoding', 'gzip'], 'abc'),
      completed(['content-length', '4'], 'fine'),
    ],
    sockets: [0, 0, 0, 1, 2],
  });
});

// ---------------------------------------------------------------------------------------------
// 19. Chunked bodies.

test('chunked: sizes in either case of hex and with leading zeros, a thousand one-byte chunks, an extension on the last chunk, several trailers', CASE, async () => {
  const CHUNKED = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n';
  const tiny = Array.from({ length: 1_000 }, (_, i) => String.fromCharCode(97 + (i % 26)));
  const responses: Record<string, string> = {
    '/hex': `${CHUNKED}1F\r\n${'a'.repeat(31)}\r\n1f\r\n${'b'.repeat(31)}\r\naB\r\n${'c'.repeat(171)}\r\n0\r\n\r\n`,
    '/zeros': `${CHUNKED}0005\r\nhello\r\n000\r\n\r\n`,
    '/tiny': `${CHUNKED}${tiny.map((c) => `1\r\n${c}\r\n`).join('')}0\r\n\r\n`,
    '/last-extension': `${CHUNKED}3;a="x;y"\r\nabc\r\n0;name=value;flag\r\n\r\n`,
    '/trailers': `${CHUNKED}3\r\nabc\r\n0\r\nx-one: 1\r\nServer-Timing: db;dur=53\r\nx-one: again\r\nx-empty:\r\n\r\n`,
    '/empty': `${CHUNKED}0\r\n\r\n`,
  };
  const results = await both((request, socket) => {
    socket.write(responses[request.path]);
  }, (conn, server) => inTurn(conn, server, Object.keys(responses)));
  const chunked = (body: string, trailers: string[] = []): Record<string, unknown> => completed(['transfer-encoding', 'chunked'], body, { trailers });
  agree(results, {
    seen: [
      chunked(`${'a'.repeat(31)}${'b'.repeat(31)}${'c'.repeat(171)}`),
      chunked('hello'),
      chunked(tiny.join('')),
      chunked('abc'),
      chunked('abc', ['x-one', '1', 'Server-Timing', 'db;dur=53', 'x-one', 'again', 'x-empty', '']),
      chunked(''),
    ],
    sockets: [0, 0, 0, 0, 0, 0],
  });
});

test('chunked in pieces: the head in one write, then the body a byte at a time (multi-digit sizes, extensions, CRLFs and trailers split across reads)', CASE, async () => {
  // The head whole: undici keeps only the last piece of a reason phrase read in pieces.
  const body = `1F\r\n${'a'.repeat(31)}\r\n0010;ext=1\r\n${'b'.repeat(16)}\r\n0\r\nx-a: 1\r\nX-B: two\r\n\r\n`;
  const results = await both(async (request, socket) => {
    if (request.path !== '/pieces') return void socket.write(ok('fine'));
    socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
    await tick();
    await dribble(socket, body);
  }, (conn, server) => inTurn(conn, server, ['/pieces', '/']));
  agree(results, {
    seen: [
      completed(['transfer-encoding', 'chunked'], `${'a'.repeat(31)}${'b'.repeat(16)}`, { trailers: ['x-a', '1', 'X-B', 'two'] }),
      completed(['content-length', '4'], 'fine'),
    ],
    sockets: [0, 0],
  });
});

test('framing that cannot be read fails the request (kind other), after what had arrived, and the next one gets a new socket', CASE, async () => {
  const CHUNKED = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n';
  const bad: Record<string, [string, Record<string, unknown>]> = {
    '/length-list': ['HTTP/1.1 200 OK\r\ncontent-length: 2, 2\r\n\r\nok', failed('other')],
    '/length-sign': ['HTTP/1.1 200 OK\r\ncontent-length: +2\r\n\r\nok', failed('other')],
    '/cr-in-a-value': ['HTTP/1.1 200 OK\r\nx-a: a\rb\r\ncontent-length: 2\r\n\r\nok', failed('other')],
    // A chunk's data not followed by CRLF: its data went to the handler first.
    '/chunk-overrun': [`${CHUNKED}3\r\nabcX\r\n0\r\n\r\n`, failed('other', { headers: ['transfer-encoding', 'chunked'], body: 'abc' })],
    '/chunk-no-crlf': [`${CHUNKED}3\r\nabc0\r\n\r\n`, failed('other', { headers: ['transfer-encoding', 'chunked'], body: 'abc' })],
  };
  const results = await both((request, socket) => {
    socket.write(bad[request.path]?.[0] ?? ok('fine'));
  }, (conn, server) => inTurn(conn, server, Object.keys(bad).flatMap((path) => [path, '/fine'])));
  const fine = completed(['content-length', '4'], 'fine');
  agree(results, {
    seen: Object.values(bad).flatMap(([, expected]) => [expected, fine]),
    sockets: Object.keys(bad).flatMap((_, i) => [i, i + 1]),
  });
});

// ---------------------------------------------------------------------------------------------
// 20. Keep-alive, and bytes after a response.

test('keep-alive: Content-Length 0 responses keep the socket; a 200 KB body written at once arrives whole and the socket serves the next', CASE, async () => {
  const large = Buffer.alloc(200_000, 'y').toString('latin1');
  const results = await both((request, socket) => {
    socket.write(request.path === '/large' ? ok(large) : 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  }, (conn, server) => inTurn(conn, server, ['/', '/', '/large', '/']));
  const empty = completed(['content-length', '0'], '');
  agree(results, { seen: [empty, empty, completed(['content-length', '200000'], large), empty], sockets: [0, 0, 0, 0] });
});

test('connection tokens: `close` in capitals, anywhere in a list or in a second Connection header ends the socket; `keep-alive, Upgrade` on a 200 keeps it', CASE, async () => {
  const tokens: Record<string, string> = {
    '/capitals': 'Connection: CLOSE\r\n',
    '/in-a-list': 'connection: foo, close\r\n',
    '/after-keep-alive': 'connection: keep-alive, close\r\n',
    '/second-header': 'connection: keep-alive\r\nconnection: close\r\n',
    '/upgrade': 'connection: keep-alive, Upgrade\r\nupgrade: websocket\r\n',
  };
  const results = await both((request, socket) => {
    socket.write(ok('ok', tokens[request.path] ?? ''));
  }, (conn, server) => inTurn(conn, server, [...Object.keys(tokens), '/']));
  const answer = (lines = ''): Record<string, unknown> => completed(['content-length', '2', ...lines.split('\r\n').filter(Boolean).flatMap((line) => line.split(': '))], 'ok');
  agree(results, {
    seen: [...Object.values(tokens).map(answer), answer()],
    sockets: [0, 1, 2, 3, 4, 4],
  });
});

test('bytes after a response in the same write: a stray CRLF is skipped; a second response nobody asked for drops the socket, whether the next request comes after or was waiting', CASE, async () => {
  const results = await both((request, socket) => {
    if (request.path === '/crlf') socket.write(`${ok('one')}\r\n`);
    else if (request.path === '/double') socket.write(`${ok('one')}${ok('two')}`);
    else socket.write(ok('fine'));
  }, async (conn, server) => {
    // The next request dispatched once the first has completed.
    const inTurnSeen = (await inTurn(conn, server, ['/crlf', '/', '/double', '/', '/'])).seen;
    // The next request already waiting when the two responses arrive.
    const first = send(conn, { method: 'GET', path: '/double' });
    const waiting = send(conn, GET);
    const together = [seen(await answered(first)), seen(await answered(waiting))];
    return { inTurn: inTurnSeen, together, sockets: server.requests.map((r) => r.socket) };
  });
  const one = completed(['content-length', '3'], 'one');
  const fine = completed(['content-length', '4'], 'fine');
  agree(results, { inTurn: [one, fine, one, fine, fine], together: [one, fine], sockets: [0, 0, 0, 1, 1, 1, 2] });
});

test('framing headers with blanks after the value, and chunked last in a list of codings, read as llhttp reads them', CASE, async () => {
  // http-parser-js alone failed the first (its Content-Length check saw the blank) and waited
  // for a close on the other two (it takes only the exact value `chunked`).
  const responses: Record<string, string> = {
    '/length-blank': 'HTTP/1.1 200 OK\r\ncontent-length: 2 \r\n\r\nok',
    '/chunked-blank': 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked \r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    '/gzip-chunked': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n',
  };
  const results = await both((request, socket) => void socket.write(responses[request.path] ?? ok('fine')), (conn, server) => inTurn(conn, server, [...Object.keys(responses), '/']));
  agree(results, {
    seen: [
      completed(['content-length', '2 '], 'ok'),
      completed(['transfer-encoding', 'chunked '], 'abc'),
      completed(['Transfer-Encoding', 'gzip, Chunked'], 'xyz'),
      completed(['content-length', '4'], 'fine'),
    ],
    sockets: [0, 0, 0, 0],
  });
});

test('a status below 100 and a Content-Length past 2^53 fail the request at once (they used to wait for the timeout)', CASE, async () => {
  const expected = { seen: [failed('other'), completed(['content-length', '4'], 'fine')], sockets: [0, 1] };
  const huge = await both(
    (request, socket) => void socket.write(request.path === '/huge' ? 'HTTP/1.1 200 OK\r\ncontent-length: 99999999999999999999999\r\n\r\nok' : ok('fine')),
    (conn, server) => inTurn(conn, server, ['/huge', '/']),
  );
  agree(huge, expected);
  // undici hands the 99 to onHeaders before it fails the request; ours fails it first.
  const low = await both(
    (request, socket) => void socket.write(request.path === '/low' ? 'HTTP/1.1 099 Low\r\ncontent-length: 2\r\n\r\nok' : ok('fine')),
    (conn, server) => inTurn(conn, server, ['/low', '/']),
  );
  assert.deepEqual(low.ours, expected);
  assert.ok((low.undici.seen[0] as { error?: unknown }).error !== undefined, JSON.stringify(low.undici.seen[0]));
});
