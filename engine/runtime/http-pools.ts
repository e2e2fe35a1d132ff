// Connections: each virtual user keeps its own keep-alive connection per origin, as a real
// user's browser would, and as k6 does. That also spares the hot path the scan a shared Pool
// makes over its clients on every request. A stop destroys them all, cutting in-flight
// requests; later stages (teardown) get fresh ones.
//
// Plain `http:` requests go through the engine's own HTTP/1.1 connection (engine/http1/), the
// cheapest path per request; TLS, HTTP/2, a request's own `tls:` settings and SSE streams go
// through undici's Client. STAMPEDE_HTTP_CLIENT=undici sends everything through undici (to
// compare the two).
//
// Before a phase's clock starts, `preconnect` opens the connections its first users will need
// (the warm start): a new Client takes an open one instead of connecting while a request waits.
import type { Socket } from 'node:net';
import { buildConnector, Client } from 'undici';
import { Http1Connection, type KeepAlive } from '../http1/connection';
import { markSharedReads, sharedReads } from '../http1/shared-reads';
import type { HttpConnection } from '../http1/types';
import { CONNECT_TIMEOUT_MS, ConnectionProfiles, profileClientOptions, type ConnectionProfile } from './connection-profile';
import { extraCa } from './extra-ca';
import type { VuState } from './vu-state';

interface WarmSocket {
  socket: Socket;
  /** Keeps an idle socket's error (a server closing it) from being unhandled. */
  onError: (err: Error) => void;
}

const alive = (socket: Socket): boolean => !socket.destroyed && socket.readyState === 'open';

/** A kept connection that can still take requests (a stop or a server's close ends one). */
const usable = (client: HttpConnection | undefined): HttpConnection | undefined => (client && !client.destroyed && !client.closed ? client : undefined);

/** As undici's Client is configured below: idle sockets kept 30 s, or what the server says less 2 s. */
const KEEP_ALIVE: KeepAlive = { idleMs: 30_000, maxIdleMs: 600_000, thresholdMs: 2_000 };

/** What a connector needs to reach `url`'s origin (an IPv6 host without its brackets). */
function connectTo(url: URL): { hostname: string; host: string; protocol: string; port: string } {
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { hostname, host: url.host, protocol: url.protocol, port: url.port || (url.protocol === 'https:' ? '443' : '80') };
}

/** Where warm sockets for the engine's own connections to `origin` wait. */
const ownWarmKey = (origin: string): string => `own ${origin}`;

/** Whether plain-http requests take the engine's own connection (the default) or undici's. */
export function ownHttp1(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.STAMPEDE_HTTP_CLIENT !== 'undici';
}

export class HttpPools {
  /** Requests' own `tls` and `http2` settings, compiled once per stage. */
  readonly profiles = new ConnectionProfiles();
  private readonly clients = new Set<HttpConnection>();
  private readonly byVu = new WeakMap<VuState, Map<string, HttpConnection>>();
  private readonly ownHttp1 = ownHttp1();
  /** Connections opened ahead of the load, by origin (`protocol//host[:port]`). */
  private readonly warm = new Map<string, WarmSocket[]>();
  private readonly plainConnector = buildConnector({ timeout: CONNECT_TIMEOUT_MS });
  /** The engine's own connections read into one shared buffer (http1/shared-reads.ts). */
  private readonly ownConnector = buildConnector({ timeout: CONNECT_TIMEOUT_MS, onread: sharedReads });
  private readonly ownHttp1Connector: buildConnector.connector = (options, callback) =>
    this.ownConnector(options, (...result) => {
      if (result[1]) markSharedReads(result[1]);
      callback(...result);
    });
  private tlsConnector: buildConnector.connector | undefined;
  /** TLS connections trust the extra CA file too; it is read on the first of them. */
  private readonly connector: buildConnector.connector = (options, callback) => {
    if (options.protocol !== 'https:') return this.plainConnector(options, callback);
    this.tlsConnector ??= buildConnector({ timeout: CONNECT_TIMEOUT_MS, ca: extraCa() });
    return this.tlsConnector(options, callback);
  };
  private readonly options: Client.Options = {
    pipelining: 1,
    keepAliveTimeout: KEEP_ALIVE.idleMs,
    keepAliveMaxTimeout: KEEP_ALIVE.maxIdleMs,
    keepAliveTimeoutThreshold: KEEP_ALIVE.thresholdMs,
    connect: (options, callback) => {
      const socket = this.takeWarm(`${options.protocol}//${options.host ?? options.hostname}`);
      // Answered on a later tick, as a real connect is: undici resumes its queue from the callback.
      if (socket) queueMicrotask(() => callback(null, socket));
      else this.connector(options, callback);
    },
  };

  /**
   * The VU's connection to `origin`, opened on first use; with a `profile` (a request's own
   * `tls` or `http2`), one made with its settings, apart from the default ones.
   */
  get(vu: VuState, origin: string, profile?: ConnectionProfile): HttpConnection {
    const mine = this.connectionsOf(vu);
    const key = profile ? `${profile.key} ${origin}` : origin;
    return usable(mine.get(key)) ?? this.keep(mine, key, this.open(origin, profile));
  }

  /** The VU's undici connection to `origin` for a stream (SSE): its headers timeout is undici's. */
  stream(vu: VuState, origin: string): Client {
    const mine = this.connectionsOf(vu);
    const key = `stream ${origin}`;
    const client = usable(mine.get(key)) ?? this.keep(mine, key, new Client(origin, this.options) as unknown as HttpConnection);
    return client as unknown as Client;
  }

  /** Keeps a new connection of the VU's under `key` (and for destroyAll/closeAll). */
  private keep(mine: Map<string, HttpConnection>, key: string, client: HttpConnection): HttpConnection {
    mine.set(key, client);
    this.clients.add(client);
    return client;
  }

  private connectionsOf(vu: VuState): Map<string, HttpConnection> {
    let mine = this.byVu.get(vu);
    if (!mine) {
      mine = new Map();
      this.byVu.set(vu, mine);
    }
    return mine;
  }

  /** Whether connections to an origin of this protocol are the engine's own (plain http, unless STAMPEDE_HTTP_CLIENT=undici). */
  private takesOwn(protocol: string): boolean {
    return this.ownHttp1 && protocol === 'http:';
  }

  private open(origin: string, profile: ConnectionProfile | undefined): HttpConnection {
    if (profile) return new Client(origin, profileClientOptions(this.options, profile)) as unknown as HttpConnection;
    const url = new URL(origin);
    if (!this.takesOwn(url.protocol)) return new Client(origin, this.options) as unknown as HttpConnection;
    const key = ownWarmKey(`${url.protocol}//${url.host}`);
    const to = connectTo(url);
    return new Http1Connection(url.host, (callback) => {
      const socket = this.takeWarm(key);
      if (socket) queueMicrotask(() => callback(null, socket));
      else this.ownHttp1Connector(to, callback);
    }, KEEP_ALIVE);
  }

  /**
   * Opens `count` connections to `origin` ahead of need. Resolves when they are open, failed,
   * or `withinMs` has passed (an unreachable target is the first requests' error to report,
   * not a reason to hold the load).
   */
  preconnect(origin: string, count: number, withinMs: number): Promise<void> {
    if (count <= 0) return Promise.resolve();
    const url = new URL(origin);
    // Sockets for the engine's own connections read differently (shared reads): kept apart.
    const own = this.takesOwn(url.protocol);
    const key = own ? ownWarmKey(`${url.protocol}//${url.host}`) : `${url.protocol}//${url.host}`;
    const connector = own ? this.ownHttp1Connector : this.connector;
    const list = this.warm.get(key) ?? [];
    this.warm.set(key, list);
    const to = connectTo(url);
    return new Promise((resolve) => {
      let pending = count;
      const timer = setTimeout(resolve, withinMs);
      const settled = (): void => {
        if (--pending > 0) return;
        clearTimeout(timer);
        resolve();
      };
      for (let i = 0; i < count; i++) {
        connector(to, (err, socket) => {
          if (!err && socket) {
            const onError = (): void => {
              socket.destroy();
            };
            socket.on('error', onError);
            list.push({ socket, onError });
          }
          settled();
        });
      }
    });
  }

  private takeWarm(key: string): Socket | undefined {
    const list = this.warm.get(key);
    while (list && list.length > 0) {
      const { socket, onError } = list.pop() as WarmSocket;
      socket.off('error', onError);
      if (alive(socket)) return socket;
      socket.destroy();
    }
    return undefined;
  }

  /** A VU left (ramp down): close its connections once their requests are done. */
  release(vu: VuState): void {
    const mine = this.byVu.get(vu);
    if (!mine) return;
    this.byVu.delete(vu);
    for (const client of mine.values()) {
      this.clients.delete(client);
      void client.close().catch(() => undefined);
    }
  }

  private dropWarm(): void {
    for (const list of this.warm.values()) for (const { socket } of list) socket.destroy();
    this.warm.clear();
  }

  /** Destroys every connection; in-flight requests fail with an abort error. */
  async destroyAll(): Promise<void> {
    this.dropWarm();
    const clients = [...this.clients];
    this.clients.clear();
    await Promise.allSettled(clients.map((client) => client.destroy()));
  }

  async closeAll(): Promise<void> {
    this.dropWarm();
    const clients = [...this.clients];
    this.clients.clear();
    await Promise.allSettled(clients.map((client) => client.close()));
  }
}
