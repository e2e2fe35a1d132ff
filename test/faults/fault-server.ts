// A misbehaving HTTP server for fault tests: a raw `net` server on 127.0.0.1:0 that speaks just
// enough HTTP/1.1 to misbehave on purpose. The path picks the fault:
//   /ok                    200 with a small body (keep-alive)
//   /stall                 reads the request, never answers
//   /reset?every=N         destroys the socket on every Nth request (default every one)
//   /garbage?kind=hello    answers `HELLO\r\n\r\n`; kind=random: 4 KB of random bytes
//   /huge?mb=N&length=1    streams N MB of zeros (with content-length when length=1, else
//                          close-delimited), honouring back-pressure
//   /trickle?bytes=N&every=MS   headers at once, then the body one byte every MS ms
//   /sse-drop?events=N     an event stream that sends N events and then closes
// Every request line seen is recorded in `seen`; `kill()` closes the listener and destroys every
// open socket (a target dying mid-run).
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FaultServer {
  url: string;
  port: number;
  /** Request lines (`GET /path?query`) in the order they arrived. */
  seen: string[];
  /** Bytes written in bodies of /huge responses, summed. */
  hugeBytesSent: number;
  /** Closes the listener and destroys every socket. */
  kill(): Promise<void>;
}

const ZEROS = Buffer.alloc(64 * 1024);

export async function startFaultServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;
  const state: FaultServer = {
    url: '',
    port: 0,
    seen: [],
    hugeBytesSent: 0,
    kill: async () => {
      for (const timer of timers) clearInterval(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };

  const answer = (socket: Socket, line: string): 'next' | 'hold' => {
    const [, target = '/'] = line.split(' ');
    const url = new URL(target, 'http://x');
    const q = (name: string, fallback: number): number => Number(url.searchParams.get(name) ?? fallback);
    requestCount++;
    switch (url.pathname) {
      case '/stall':
        return 'hold';
      case '/reset': {
        const every = q('every', 1);
        if (requestCount % every === 0) {
          socket.resetAndDestroy();
          return 'hold';
        }
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
        return 'next';
      }
      case '/garbage':
        if (url.searchParams.get('kind') === 'random') socket.end(randomBytes(4096));
        else socket.end('HELLO\r\n\r\n');
        return 'hold';
      case '/huge': {
        const total = q('mb', 100) * 1024 * 1024;
        const withLength = url.searchParams.get('length') === '1';
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n` +
            (withLength ? `content-length: ${total}\r\n` : 'connection: close\r\n') +
            '\r\n',
        );
        let sent = 0;
        const pump = (): void => {
          while (sent < total && !socket.destroyed) {
            const chunk = total - sent >= ZEROS.length ? ZEROS : ZEROS.subarray(0, total - sent);
            sent += chunk.length;
            state.hugeBytesSent += chunk.length;
            if (!socket.write(chunk)) {
              socket.once('drain', pump);
              return;
            }
          }
          if (!withLength && !socket.destroyed) socket.end();
        };
        pump();
        return withLength ? 'next' : 'hold';
      }
      case '/trickle': {
        const bytes = q('bytes', 20);
        const every = q('every', 50);
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${bytes}\r\n\r\n`);
        let written = 0;
        const timer = setInterval(() => {
          if (socket.destroyed || written >= bytes) {
            clearInterval(timer);
            timers.delete(timer);
            return;
          }
          socket.write('x');
          written++;
        }, every);
        timers.add(timer);
        return 'next';
      }
      case '/sse-drop': {
        const events = q('events', 1);
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n');
        let body = ': hello\n\n';
        for (let i = 1; i <= events; i++) body += `id: ${i}\ndata: event ${i}\n\n`;
        // The subscriber is dropped shortly after: the stream ends before `until.events`.
        socket.write(body);
        const timer = setTimeout(() => socket.end(), 100);
        timers.add(timer);
        return 'hold';
      }
      default:
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nhello');
        return 'next';
    }
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    let holding = false;
    socket.on('data', (chunk: Buffer) => {
      if (holding) return;
      pending += chunk.toString('latin1');
      let end: number;
      // Requests without bodies only (GET): each ends at the blank line.
      while (!holding && (end = pending.indexOf('\r\n\r\n')) !== -1) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const line = head.split('\r\n')[0];
        state.seen.push(line.split(' ').slice(0, 2).join(' '));
        if (answer(socket, line) === 'hold') holding = true;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.port = port;
  state.url = `http://127.0.0.1:${port}`;
  return state;
}

/** A port on 127.0.0.1 where nothing listens (bound once, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
